// The run-command catalog: every command is defined once (runtime/sim/commands.ts) and every consumer derives from it.
// SAMPLES is keyed by command type, so a new catalog entry does not compile until it has a sample here; each sample is
// then checked through every consumer — the document schema, validation, the simulator (with an effect you can see),
// the live session's event line, recordings, the fault menu, the TypeScript export and the Elixir export.
import { describe, expect, it } from 'vitest';
import { calls, design, monitor, sup, under, worker } from '../design/build';
import { parse, serialize } from '../design/parse';
import { compile, type RuntimeSpec } from '../design/spec';
import { validate } from '../design/validate';
import { exportElixir } from '../codegen/elixir';
import { exportTypeScript } from '../codegen/typescript';
import {
  COMMANDS, COMMAND_TYPES, Chaos, commandFields, describeCommand, elixirKey, faultMenu, menuCommand, menuEntries,
  type Command, type CommandType,
} from './commands';
import { CommandSchema, parseCommand } from './command-schema';
import { makeRecording, parseSuRun, replay, toDocumentRecording } from './recording';
import { Simulation, type RunResult } from './start';
import { Prng } from '../kernel/index';

const doc = () => design([
  sup('app', { maxRestarts: 100 }), worker('c', 'counter'), worker('e', 'echo'), worker('x', 'crasher', { params: { mode: 'exit', reason: 'asked', crashAfterMs: 0 } }),
  worker('wa', 'watcher'), sup('pw'), worker('p1', 'pool_worker'), worker('pool', 'pool_manager', { params: { size: 1 } }),
  worker('cl', 'client', { params: { target: 'pool', address: 'name' } }),
  { kind: 'load_source', id: 'load', name: 'load', target: 'c', rate: 20, mode: 'call', message: 'increment' },
], [...under('app', 'c', 'e', 'x', 'wa', 'pw', 'pool', 'cl'), ...under('pw', 'p1'), monitor('wa', 'e'), calls('pool', 'pw')], {
  scenarios: [{ name: 'twice', commands: [{ type: 'kill', at: 0, target: 'e' }, { type: 'kill', at: 100, target: 'e' }] }],
});
const spec = (): RuntimeSpec => compile(doc());

/** One command of every type (targets as a document names them), and what it must do in a run of `spec()`. */
const SAMPLES: { [T in CommandType]: { cmd: Extract<Command, { type: T }>; check(r: RunResult): void; around?: Command[] } } = {
  kill: { cmd: { type: 'kill', at: 100, target: 'e' }, check: (r) => expect(exits(r, 'app/e')).toEqual([':killed']) },
  exit: { cmd: { type: 'exit', at: 100, target: 'e', reason: ['shutdown', 'maintenance'] }, check: (r) => expect(exits(r, 'app/e')).toEqual(['{:shutdown, :maintenance}']) },
  raise: { cmd: { type: 'raise', at: 100, target: 'e', message: 'kaput' }, check: (r) => expect(exits(r, 'app/e')).toEqual(['{%RuntimeError{message: "kaput"}, :stack}']) },
  throw: { cmd: { type: 'throw', at: 100, target: 'e', value: ['oops', 1] }, check: (r) => expect(exits(r, 'app/e')).toEqual(['{{:nocatch, {:oops, 1}}, :stack}']) },
  hang: {
    cmd: { type: 'hang', at: 100, target: 'c' },
    // a call after the hang is never answered: the caller times out (and c, still alive, never exits)
    check: (r) => {
      expect(callAt(r, 200)).toMatchObject({ ok: false, result: ':timeout' });
      expect(exits(r, 'app/c')).toEqual([]);
    },
  },
  slow: {
    cmd: { type: 'slow', at: 100, target: 'c', ms: 300 },
    check: (r) => {
      const c = callAt(r, 200);
      expect(c).toMatchObject({ ok: true });
      expect(c.doneAt - c.at).toBeGreaterThanOrEqual(300);
    },
  },
  send: { cmd: { type: 'send', at: 100, target: 'x', message: 'crash' }, check: (r) => expect(exits(r, 'app/x')).toEqual([':asked']) },
  cast: { cmd: { type: 'cast', at: 100, target: 'c', message: 'increment' }, check: (r) => expect(callAt(r, 200).result).toBe('1') },
  call: { cmd: { type: 'call', at: 100, target: 'c', message: 'increment', timeoutMs: 1000 }, check: (r) => expect(callAt(r, 100).result).toBe('1') },
  demonitor: {
    // the watcher answers true and drops its monitor: killing e then brings it no DOWN (it did before: see `without`)
    cmd: { type: 'demonitor', at: 100, target: 'wa', of: 'e' },
    around: [{ type: 'kill', at: 150, target: 'e' }, { type: 'call', at: 300, target: 'wa', message: 'downs', timeoutMs: 500 }],
    check: (r) => {
      expect(callAt(r, 100).result).toBe('true');
      expect(callAt(r, 300).result).toBe('[]');
      expect(r.summary.notes.filter((n) => n.event === 'demonitor')).toHaveLength(1);
    },
  },
  checkin: {
    // cl checks p1 out (and stays alive holding it); the checkin gives it back: the pool's status says 0 out
    cmd: { type: 'checkin', at: 100, target: 'pool', worker: 'p1' },
    around: [{ type: 'call', at: 50, target: 'cl', message: 'checkout', timeoutMs: 500 }, { type: 'call', at: 150, target: 'pool', message: 'status', timeoutMs: 500 }],
    check: (r) => expect(callAt(r, 150).result).toBe('%{checked_out: 0, in_flight: 0, size: 1, waiting: 0}'),
  },
  load: {
    cmd: { type: 'load', at: 100, source: 'load', on: true, rate: 10 },
    check: (r) => expect(r.summary.counters.load.sent).toBe(10), // 10/s from 100 ms to 1000 ms (+ the first at once)
  },
  chaos: {
    cmd: { type: 'chaos', at: 100, on: true, rate: 20 },
    check: (r) => expect(r.summary.notes.filter((n) => n.event === 'chaos_kill').length).toBeGreaterThan(5),
  },
  scenario: { cmd: { type: 'scenario', at: 100, name: 'twice' }, check: (r) => expect(r.summary.nodes.e.exits.map((x) => x.t)).toEqual([100, 200]) },
};

const exits = (r: RunResult, path: string) => Object.values(r.summary.nodes).find((n) => n.path === path)!.exits.map((e) => e.reason);
const callAt = (r: RunResult, at: number) => r.summary.calls.find((c) => c.at === at)!;
const PROBE: Command = { type: 'call', at: 200, target: 'app/c', message: 'get', timeoutMs: 500 };

describe('the run-command catalog', () => {
  it('has a sample for every command, and only those', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...COMMAND_TYPES].sort());
    expect(COMMAND_TYPES).toEqual(expect.arrayContaining(['kill', 'exit', 'raise', 'throw', 'hang', 'slow', 'send', 'cast', 'call', 'load', 'chaos', 'scenario']));
  });

  for (const type of COMMAND_TYPES) {
    describe(type, () => {
      const { cmd, check } = SAMPLES[type];

      it('is a document command: parses, validates against the design, survives save and open', () => {
        const d = doc();
        d.scenarios.push({ name: 'sample', description: '', commands: [cmd] } as never);
        const r = parse(serialize(d));
        if (!r.ok) throw new Error(JSON.stringify(r.errors));
        expect(r.doc.scenarios[1].commands[0]).toEqual(cmd);
        expect(validate(r.doc).filter((x) => x.code === 'bad-scenario')).toEqual([]);
        // and a broken one is reported, not run
        expect(CommandSchema.safeParse({ ...cmd, at: 'soon' }).success).toBe(false);
      });

      it('applies to a simulation with the effect it promises', () => {
        const s = spec();
        const around = SAMPLES[type].around ?? [];
        const steps = compile({ ...doc(), scenarios: [...doc().scenarios, { name: 'sample', description: '', commands: [...around, cmd].sort((x, y) => x.at - y.at) }] } as never).scenarios[1].commands;
        const probe = type === 'call' || around.length ? [] : [PROBE];
        const r = new Simulation(s, { seed: 3 }).run([...steps, ...probe], 1000);
        check(r);
        if (!around.length) return;
        // without the command, the run shows something else (the check can fail)
        const without = compile({ ...doc(), scenarios: [...doc().scenarios, { name: 'sample', description: '', commands: around }] } as never).scenarios[1].commands;
        expect(() => check(new Simulation(s, { seed: 3 }).run(without, 1000))).toThrow();
      });

      it('has an event-log line and replays from a recording (the document\'s and a .suprun)', () => {
        expect(describeCommand(cmd)).toMatch(new RegExp(`^${type === 'slow' ? 'slow' : ''}`));
        expect(describeCommand(cmd).length).toBeGreaterThan(4);
        const s = spec();
        const steps = compile({ ...doc(), scenarios: [...doc().scenarios, { name: 'sample', description: '', commands: [cmd] }] } as never).scenarios[1].commands;
        // a live run: time runs to the command, the command is applied (after all that was due), time runs on
        const sim = new Simulation(s, { seed: 9 }).start();
        sim.kernel.advance(steps[0].at);
        sim.command(steps[0]);
        sim.kernel.advance(1500 - steps[0].at);
        const live = sim.result();
        const file = parseSuRun(JSON.parse(JSON.stringify({ format: 'suprun', version: 2, name: 'r', seed: 9, clock: 'virtual', durationMs: 1500, commands: steps })));
        expect(replay(s, toDocumentRecording(file)).lines).toEqual(live.lines);
        expect(replay(s, makeRecording('r', 9, steps, 1500)).lines).toEqual(live.lines);
      });

      it('is in both exports, with every field', () => {
        const d = doc();
        d.scenarios.push({ name: 'sample', description: '', commands: [cmd] } as never);
        const s = compile(d);
        const ts = exportTypeScript(s).files['src/scenarios.ts'];
        expect(ts).toContain(`type: "${type}"`);
        const ex = exportElixir(s).files;
        const scenarios = Object.entries(ex).find(([f]) => f.endsWith('/scenarios.ex'))![1];
        const runner = Object.entries(ex).find(([f]) => f.endsWith('/runner.ex'))![1];
        expect(scenarios).toContain(`type: :${type}`);
        for (const f of Object.keys(commandFields(type))) if ((cmd as Record<string, unknown>)[f] !== undefined) expect(scenarios).toContain(`${elixirKey(f)}: `);
        expect(runner).toContain(`defp command(%{type: :${type}`);
      });
    });
  }

  it('the fault menu comes from the catalog: unique keys, asked fields exist, commands parse', () => {
    const entries = menuEntries();
    const keys = entries.map((e) => e.entry.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const { type, entry } of entries) {
      for (const f of entry.ask ?? []) expect(commandFields(type)).toHaveProperty(f);
      // an asked field without a default (the process a checkin or demonitor names) is answered
      const answers = Object.fromEntries((entry.ask ?? []).filter((f) => commandFields(type)[f].default === undefined).map((f) => [f, 'app/e']));
      const c = parseCommand({ ...menuCommand(type, 'app/w', entry, answers), at: 0 });
      expect(c.type).toBe(type);
    }
    expect(faultMenu('worker').map((m) => m.entry.key)).toEqual(expect.arrayContaining(['kill', 'exit', 'raise', 'throw', 'hang', 'slow', 'send', 'cast', 'call']));
    expect(faultMenu('supervisor').map((m) => m.entry.key)).not.toContain('hang');
    // a behaviour's own requests only on its nodes: demonitor on a watcher, checkin on a pool manager
    expect(faultMenu('worker').map((m) => m.entry.key)).not.toContain('demonitor');
    expect(faultMenu('worker', 'watcher').map((m) => m.entry.key)).toContain('demonitor');
    expect(faultMenu('worker', 'watcher').map((m) => m.entry.key)).not.toContain('checkin');
    const checkin = faultMenu('worker', 'pool_manager').find((m) => m.entry.key === 'checkin')!;
    expect(menuCommand('checkin', 'app/pool', checkin.entry, { worker: 'p1' })).toEqual({ type: 'checkin', target: 'app/pool', worker: 'p1' });
    expect(menuCommand('exit', 'app/w', faultMenu('worker').find((m) => m.entry.key === 'exit-shutdown-tuple')!.entry)).toEqual({ type: 'exit', target: 'app/w', reason: ['shutdown', 'maintenance'] });
  });

  it('every entry has help, a menu list and an Elixir clause; applying an unknown type is impossible to write', () => {
    for (const t of COMMAND_TYPES) {
      expect(COMMANDS[t].help.length, t).toBeGreaterThan(10);
      expect(COMMANDS[t].elixir, t).toContain(`type: :${t}`);
    }
  });

  it('a command on a process that is not running says so and does nothing', () => {
    const sim = new Simulation(spec(), { seed: 1 }).start();
    expect(sim.command({ type: 'kill', at: 0, target: 'app/nope' })).toBe('app/nope is not running: nothing done');
    expect(sim.command({ type: 'load', at: 0, source: 'ghost', on: true })).toMatch(/no load source ghost/);
    expect(sim.command({ type: 'checkin', at: 0, target: 'app/pool', worker: 'app/nope' })).toBe('app/nope is not running: nothing checked in');
  });

  it('chaos draws come from its own stream of the run seed (what the Elixir runner computes too)', () => {
    const a = new Chaos(42).prng;
    const b = new Prng((42 ^ 0x43484153) >>> 0);
    for (let i = 0; i < 5; i++) expect(a.next()).toBe(b.next());
    expect(Chaos.delay(0.5, 2)).toBe(347);
    expect(Chaos.delay(0, 1000)).toBe(1);
  });
});
