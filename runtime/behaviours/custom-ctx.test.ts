// Custom behaviours fail and recover like Elixir code (issue 18 item 1): ctx.exit / ctx.throw / ctx.raise /
// ctx.error and ctx.try, and plain JS throws. The oracle is real OTP: conformance scenario 44 (runtime/conformance/
// extra/scenarios/44-exit-throw-raise, its .expected printed by OTP 25 / Elixir 1.14) has a GenServer per case; here
// the same cases are written as custom TypeScript behaviours, run in a design on the simulator, and each exit reason,
// reply and rescue/catch/after line must be the one OTP printed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { design, sup, under, worker } from '../design/build';
import { compile, type SpecCommand } from '../design/spec';
import { Simulation } from '../sim/start';

const expectedLog = readFileSync(
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../conformance/extra/scenarios/44-exit-throw-raise.expected'),
  'utf8',
).split('\n');

const EX = `// one failure per message, as scenario 44's "ex" behaviour
export default {
  init() { return { ok: {} }; },
  handleCall(msg, _from, state, ctx) {
    switch (msg) {
      case 'exit_db': ctx.exit('database_unreachable');
      case 'exit_tuple': ctx.exit(['shutdown', 'db_down']);
      case 'throw_result': throw ['result', 42]; // a JS throw of a non-Error is an Erlang throw
      case 'raise_runtime': ctx.raise('RuntimeError', 'boom');
      case 'raise_arg': ctx.raise('ArgumentError', 'bad input');
      case 'raise_arith': ctx.raise('ArithmeticError');
      case 'raise_key': ctx.raise('KeyError', { key: 'user', term: { $list: [] } });
      case 'raise_match': ctx.raise('MatchError', { term: ['error', 'nope'] });
      case 'raise_fclause': ctx.raise('FunctionClauseError');
      case 'err_badarith': ctx.error('badarith');
      case 'err_badmatch': ctx.error(['badmatch', 3]);
    }
    return { reply: 'ok', state };
  },
  handleInfo(msg, state, ctx) {
    if (msg === 'throw_atom') ctx.throw('oops');
    return { state };
  },
};
`;

const TR = `// scenario 44's "tr" behaviour: try / rescue / catch / after
export default {
  init() { return { ok: {} }; },
  handleCall(msg, _from, state, ctx) {
    const log = (text) => ctx.note('log', { text });
    const rescue = (e) => { ctx.note('rescue', { exception: e.exception }); return 'rescued'; };
    const caught = (kind, value) => { ctx.note('catch', { kind, value: ['v', value] }); return 'caught'; };
    const r = (reply) => ({ reply, state });
    switch (msg) {
      case 'rescue_badarith': return r(ctx.try(() => ctx.error('badarith'), { rescue, after: () => log('after') }));
      case 'rescue_badmatch': return r(ctx.try(() => ctx.error(['badmatch', 7]), { rescue }));
      case 'rescue_badkey': return r(ctx.try(() => ctx.error(['badkey', 'k']), { rescue }));
      case 'rescue_badarg': return r(ctx.try(() => ctx.error('badarg'), { rescue }));
      case 'rescue_other': return r(ctx.try(() => ctx.error(['weird', 1]), { rescue }));
      case 'rescue_raised': return r(ctx.try(() => ctx.raise('ArgumentError', 'x'), { rescue: { ArgumentError: rescue } }));
      case 'catch_throw': return r(ctx.try(() => ctx.throw(['result', 1]), { catch: caught }));
      case 'catch_exit': return r(ctx.try(() => ctx.exit('gone'), { catch: caught }));
      case 'catch_error': return r(ctx.try(() => ctx.raise('RuntimeError', 'boom'), { catch: caught }));
      case 'catch_raw_error': return r(ctx.try(() => ctx.error('badarith'), { catch: caught }));
      case 'rescue_before_catch': return r(ctx.try(() => ctx.raise('RuntimeError', 'boom'), { rescue, catch: caught }));
      case 'after_cannot_change': return r(ctx.try(() => 'from_do', { after: () => { log('after'); return 'from_after'; } }));
      case 'do_reply_lost': return r(ctx.try(() => ctx.raise('RuntimeError', 'x'), { rescue: (e) => { rescue(e); log('rescued'); return 'ok'; } }));
      case 'stop_in_rescue': return ctx.try(() => ctx.raise('RuntimeError', 'x'), { rescue: (e) => { rescue(e); return { stop: 'normal', reply: 'bye', state }; } });
      case 'throw_past_rescue': return r(ctx.try(() => ctx.throw('past'), { rescue, after: () => log('after runs') }));
    }
    return r('ok');
  },
};
`;

const EX_CASES = ['exit_db', 'exit_tuple', 'throw_result', 'throw_atom', 'raise_runtime', 'raise_arg', 'raise_arith', 'raise_key', 'raise_match', 'raise_fclause', 'err_badarith', 'err_badmatch'];
const TR_CASES = ['rescue_badarith', 'rescue_badmatch', 'rescue_badkey', 'rescue_badarg', 'rescue_other', 'rescue_raised', 'catch_throw', 'catch_exit', 'catch_error', 'catch_raw_error', 'rescue_before_catch', 'after_cannot_change', 'do_reply_lost', 'stop_in_rescue'];

function runCases() {
  const exNodes = EX_CASES.map((_, i) => worker(`c${i + 1}`, 'ex', { restart: 'temporary' }));
  const doc = design(
    [sup('app', { maxRestarts: 100 }), ...exNodes, worker('t', 'tr', { restart: 'temporary' }), worker('t2', 'tr', { restart: 'temporary' })],
    under('app', ...exNodes.map((n) => (n as { id: string }).id), 't', 't2'),
    {
      customBehaviours: [
        { id: 'ex', title: 'ex', description: '', source: EX, fields: [] },
        { id: 'tr', title: 'tr', description: '', source: TR, fields: [] },
      ],
    },
  );
  const commands: SpecCommand[] = [];
  EX_CASES.forEach((msg, i) =>
    commands.push(
      msg === 'throw_atom'
        ? { at: 100 * (i + 1), type: 'send', target: `app/c${i + 1}`, message: msg }
        : { at: 100 * (i + 1), type: 'call', target: `app/c${i + 1}`, message: msg, timeoutMs: 5000 },
    ),
  );
  TR_CASES.forEach((msg, i) => commands.push({ at: 2000 + 100 * i, type: 'call', target: 'app/t', message: msg, timeoutMs: 5000 }));
  commands.push({ at: 4000, type: 'call', target: 'app/t2', message: 'throw_past_rescue', timeoutMs: 5000 });
  return new Simulation(compile(doc), { seed: 1 }).run(commands, 5000).summary;
}

/** `{REASON, {GenServer, :call, [...]}}` → REASON */
const callReason = (whole: string): string => /^\{(.*), \{GenServer, :call, \[.*\]\}\}$/.exec(whole)?.[1] ?? whole;

describe('custom behaviours exit, throw and raise as OTP does (scenario 44, expected log from OTP 25)', () => {
  const s = runCases();

  it('every failing callback ends its process with the reason OTP printed for it', () => {
    EX_CASES.forEach((msg, i) => {
      const label = `c${i + 1}`;
      const down = expectedLog.find((l) => l.startsWith(`driver DOWN `) && l.split(' ')[3] === label);
      expect(down, label).toBeDefined();
      const otpReason = down!.split(' ').slice(4).join(' ');
      expect(s.nodes[label].exits.map((e) => e.reason), `${label} (${msg})`).toEqual([otpReason]);
    });
  });

  it('a failed call exits the caller with what OTP printed', () => {
    for (const c of s.calls.filter((x) => x.target.startsWith('app/c'))) {
      const label = c.target.slice(4);
      const line = expectedLog.find((l) => l.startsWith(`driver call ${label} `))!;
      const otp = line.split(' -> exit ')[1];
      expect(c.ok, label).toBe(false);
      expect(c.result, label).toBe(callReason(otp));
    }
  });

  it('ctx.try: rescue, catch and after print and reply what Elixir did, in the same order', () => {
    // rebuild the lines of t and t2 the OTP log has, from the run's notes and call results
    const lines: string[] = [];
    const notesAt = (t: number) => s.notes.filter((n) => n.t === t && (n.nodeId === 't' || n.nodeId === 't2'));
    for (const c of s.calls.filter((x) => x.target === 'app/t' || x.target === 'app/t2')) {
      const who = c.target.slice(4);
      for (const n of notesAt(c.at)) {
        if (n.event === 'log') lines.push(`${who} log ${n.data.text}`);
        if (n.event === 'rescue') lines.push(`${who} rescue ${n.data.exception}`);
        if (n.event === 'catch') lines.push(`${who} catch ${n.data.kind} ${String(n.data.value).replace(/^\{:v, (.*)\}$/, '$1')}`);
      }
      lines.push(`driver call ${who} ${c.message} -> ${c.ok ? `reply ${c.result}` : `exit ${c.exit?.replace(/#PID<[^>]*>/, who)}`}`);
    }
    const otp = expectedLog.filter((l) => /^(t2? (rescue|catch|log) |driver call t2? )/.test(l));
    expect(lines).toEqual(otp);
    expect(s.nodes.t.exits.map((e) => e.reason)).toEqual([':normal']); // stop_in_rescue
    expect(s.nodes.t2.exits.map((e) => e.reason)).toEqual(['{:bad_return_value, :past}']);
  });
});

describe('custom behaviour failures the scenario does not cover', () => {
  const run = (source: string, commands: SpecCommand[]) => {
    const doc = design([sup('app', { maxRestarts: 100 }), worker('w', 'w', { restart: 'temporary' })], under('app', 'w'), {
      customBehaviours: [{ id: 'w', title: 'w', description: '', source, fields: [] }],
    });
    return new Simulation(compile(doc), { seed: 1 }).run(commands, 1000).summary;
  };
  const call = (message: string): SpecCommand => ({ at: 100, type: 'call', target: 'app/w', message, timeoutMs: 5000 });

  it('a JS Error stays a RuntimeError that names the handler and the line', () => {
    const s = run('export default {\n  handleCall(msg, _f, state) {\n    throw new Error("kaput");\n  },\n};', [call('x')]);
    expect(s.nodes.w.exits[0].reason).toBe('{%RuntimeError{message: "custom behaviour \\"w\\", handleCall (line 3): kaput"}, :stack}');
  });

  it('ctx.self.exit(reason) exits with exactly that reason (as ctx.exit)', () => {
    const s = run('export default { handleCall(msg, _f, state, ctx) { ctx.self.exit("database_unreachable"); } };', [call('x')]);
    expect(s.nodes.w.exits[0].reason).toBe(':database_unreachable');
  });

  it('a throw out of init is its return: a result object starts the server, anything else is a bad return', () => {
    const ok = run('export default { init(_p, ctx) { ctx.throw({ ok: 7 }); }, handleCall(m, _f, state) { return { reply: state, state }; } };', [call('get')]);
    expect(ok.calls[0].result).toBe('7');
    const bad = run('export default { init(_p, ctx) { ctx.throw(["nope", 1]); } };', []);
    expect(bad.nodes.w.exits[0].reason).toBe('{:bad_return_value, {:nope, 1}}');
  });

  it('a throw in terminate does not change the exit reason; ctx.exit there does', () => {
    const thrown = run('export default { handleCall(m, _f, state) { return { stop: "normal", reply: "ok", state }; }, terminate(_r, _s, ctx) { ctx.throw("ignored"); } };', [call('x')]);
    expect(thrown.nodes.w.exits[0].reason).toBe(':normal');
    const exited = run('export default { handleCall(m, _f, state) { return { stop: "normal", reply: "ok", state }; }, terminate(_r, _s, ctx) { ctx.exit("from_terminate"); } };', [call('x')]);
    expect(exited.nodes.w.exits[0].reason).toBe(':from_terminate');
  });

  it('ctx.raise refuses a message for a struct without one and an unknown field, with a clear error', () => {
    const s1 = run('export default { handleCall(m, _f, state, ctx) { ctx.raise("MatchError", "boom"); } };', [call('x')]);
    expect(s1.nodes.w.exits[0].reason).toMatch(/MatchError has no message; give its fields/);
    const s2 = run('export default { handleCall(m, _f, state, ctx) { ctx.raise("KeyError", { nope: 1 }); } };', [call('x')]);
    expect(s2.nodes.w.exits[0].reason).toMatch(/KeyError has no field \\"nope\\"/);
  });

  it('ctx.try cannot catch the loop guard, and a kind without a handler goes on', () => {
    const guard = run('export default { handleCall(m, _f, state, ctx) { return { reply: ctx.try(() => { while (true) {} }, { rescue: () => "x", catch: () => "y" }), state }; } };', [call('x')]);
    expect(guard.nodes.w.exits[0].reason).toMatch(/a loop ran too long/);
    const onward = run('export default { handleCall(m, _f, state, ctx) { return { reply: ctx.try(() => ctx.exit("gone"), { catch: { throw: () => "t" } }), state }; } };', [call('x')]);
    expect(onward.nodes.w.exits[0].reason).toBe(':gone');
  });
});
