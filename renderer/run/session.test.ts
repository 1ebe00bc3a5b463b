import { describe, expect, it } from 'vitest';
import { calls, design, dynSup, sup, under, worker } from '../../runtime/design/build';
import { compile } from '../../runtime/design/spec';
import { eventLine } from './events';
import { Kernel, GenServer, type GenServerModule, type Proc } from '../../runtime/index';
import { RunSession, type SuRun } from './session';
import { TraceStore } from './trace-store';

const poolSpec = (maxRestarts = 3) => compile(design([
  sup('app', { maxRestarts, maxSeconds: 5 }), worker('w1', 'echo'), worker('w2', 'echo'), worker('w3', 'counter'),
  { kind: 'load_source', id: 'load', name: 'load', target: 'w1', rate: 50, mode: 'call', message: 'ping' },
], under('app', 'w1', 'w2', 'w3')));

function storeFor(s: RunSession): TraceStore {
  const spec = s.spec;
  const store = new TraceStore({ knownPaths: Object.keys(spec.nodeIdByPath) });
  store.append(s.drain());
  return store;
}

describe('run session', () => {
  it('starts the spec and binds every design process', () => {
    const s = new RunSession(poolSpec(), { seed: 1 });
    const v = storeFor(s).liveView;
    for (const p of ['app', 'app/w1', 'app/w2', 'app/w3']) expect(v.node(p), p).toMatchObject({ status: 'running', generation: 1 });
    expect(v.node('app').children).toBe(3);
  });

  it('a killed worker restarts with a new pid while its siblings keep theirs', () => {
    const s = new RunSession(poolSpec(), { seed: 1 });
    const store = storeFor(s);
    const before = store.liveView;
    const [w1, w2] = [before.node('app/w1').pid, before.node('app/w2').pid];
    s.apply({ type: 'kill', target: 'app/w1' });
    s.advance(10);
    store.append(s.drain());
    const after = store.liveView;
    expect(after.node('app/w1')).toMatchObject({ status: 'running', generation: 2, restarts: 1, lastReason: ':killed' });
    expect(after.node('app/w1').pid).not.toBe(w1);
    expect(after.node('app/w2').pid).toBe(w2);
    expect(store.markers().map((m) => m.kind)).toEqual(['crash', 'restart']);
    expect(store.query({ types: new Set(['command']) }).map((i) => store.get(i))).toMatchObject([{ text: 'kill app/w1' }]);
  });

  it('kills faster than the intensity allows make the supervisor give up (escalation)', () => {
    const s = new RunSession(poolSpec(2), { seed: 1 });
    const store = storeFor(s);
    for (let i = 0; i < 4; i++) {
      s.apply({ type: 'kill', target: 'app/w2' });
      s.advance(5);
    }
    store.append(s.drain());
    expect(store.markers().some((m) => m.kind === 'escalation')).toBe(true);
    const v = store.liveView;
    expect(v.node('app').status).not.toBe('running');
    expect(v.node('app/w1').status).not.toBe('running');
    const esc = store.nextMarker(-1, 1, 'escalation');
    expect(store.viewAt(esc).node('app').intensity).toEqual({ restarts: 3, max: 2 });
  });

  it('fault commands: exit with a term, raise, throw, hang, slow, call with a reply', () => {
    const s = new RunSession(poolSpec(100), { seed: 1 });
    const store = storeFor(s);
    s.apply({ type: 'exit', target: 'app/w1', reason: ['shutdown', 'maintenance'] });
    s.advance(1);
    s.apply({ type: 'raise', target: 'app/w2', message: 'boom' });
    s.advance(1);
    s.apply({ type: 'throw', target: 'app/w3', value: 'oops' });
    s.advance(1);
    store.append(s.drain());
    const exits = store.query({ types: new Set(['exit']) }).map((i) => store.get(i)).map((e) => (e.type === 'exit' ? e.reason : ''));
    expect(exits).toEqual(['{:shutdown, :maintenance}', '{%RuntimeError{message: "boom"}, :stack}', '{{:nocatch, :oops}, :stack}']);

    s.apply({ type: 'call', target: 'app/w3', message: 'get', timeoutMs: 100 });
    s.advance(50);
    s.apply({ type: 'hang', target: 'app/w3' });
    s.apply({ type: 'send', target: 'app/w3', message: 'increment' });
    s.apply({ type: 'send', target: 'app/w3', message: 'increment' });
    s.advance(50);
    store.append(s.drain());
    expect(store.liveView.node('app/w3').mailbox).toBe(2);
    expect(s.inspect('app/w3')?.mailbox).toEqual([':increment', ':increment']);
    const replies = store.query({ types: new Set(['command']), text: 'reply' }).map((i) => store.get(i));
    expect(replies).toMatchObject([{ text: 'reply app/w3 :get → 0' }]);

    s.apply({ type: 'slow', target: 'app/w2', ms: 300 });
    s.apply({ type: 'call', target: 'app/w2', message: 'hi', timeoutMs: 100 });
    s.advance(500);
    store.append(s.drain());
    expect(store.query({ types: new Set(['command']), text: 'reply app/w2' }).map((i) => store.get(i))).toMatchObject([
      { text: expect.stringMatching(/^reply app\/w2 :hi → exit \{:timeout, \{GenServer, :call, \[#PID<app\/w2\.\d+>, :hi, 100\]\}\}$/) },
    ]);
  });

  it('hang inside a call: the call is never answered, the caller gets OTP\'s timeout exit, the process stays hung', () => {
    const spec = compile(design([sup('app', { maxRestarts: 10 }), worker('slow', 'echo', { params: { replyDelayMs: 200 } })], under('app', 'slow')));
    const s = new RunSession(spec, { seed: 1 });
    const store = storeFor(s);
    const pid = store.liveView.node('app/slow').pid;
    s.apply({ type: 'call', target: 'app/slow', message: 'hi', timeoutMs: 1000 });
    s.advance(50); // the echo took the call and sleeps 200 ms inside handle_call
    s.apply({ type: 'hang', target: 'app/slow' });
    s.advance(2000); // past the sleep (it must not wake up and reply) and past the caller's timeout
    s.apply({ type: 'call', target: 'app/slow', message: 'again', timeoutMs: 300 });
    s.advance(1000);
    store.append(s.drain());
    const replies = store.query({ types: new Set(['command']), text: 'reply' }).map((i) => store.get(i));
    expect(replies.map((e) => [e.t, e.type === 'command' ? e.text : ''])).toEqual([
      [1000, `reply app/slow :hi → exit {:timeout, {GenServer, :call, [#PID<app/slow.${pid}>, :hi, 1000]}}`],
      [2350, `reply app/slow :again → exit {:timeout, {GenServer, :call, [#PID<app/slow.${pid}>, :again, 300]}}`],
    ]);
    // still the same, live, hung process: the second call waits in its mailbox; it never restarted
    expect(store.liveView.node('app/slow')).toMatchObject({ status: 'running', pid, restarts: 0 });
    expect(s.inspect('app/slow')).toMatchObject({ alive: true, mailbox: [expect.stringContaining(':again')] });
    // a kill still reaches it, and its supervisor restarts it
    s.apply({ type: 'kill', target: 'app/slow' });
    s.advance(10);
    store.append(s.drain());
    expect(store.liveView.node('app/slow')).toMatchObject({ status: 'running', restarts: 1 });
  });

  it('mailbox: the trace-derived count matches the kernel\'s queue (sends and DOWNs); the inspector has the exact length', () => {
    const spec = compile(design(
      [sup('app', { maxRestarts: 10 }), worker('t', 'echo'), worker('w', 'watcher', { params: { target: 't' } }), worker('c', 'counter')],
      under('app', 't', 'w', 'c'),
    ));
    const s = new RunSession(spec, { seed: 1 });
    const store = storeFor(s);
    s.advance(10);
    s.apply({ type: 'hang', target: 'app/w' });
    s.apply({ type: 'send', target: 'app/w', message: 'hello' });
    s.apply({ type: 'kill', target: 'app/t' }); // the watcher's monitor delivers a DOWN (no send event in the trace)
    s.advance(10);
    store.append(s.drain());
    const real = s.inspect('app/w')!;
    expect(real.mailboxLength).toBe(2);
    expect(real.mailbox).toEqual([':hello', expect.stringMatching(/^\{:DOWN, /)]);
    expect(store.liveView.node('app/w').mailbox).toBe(real.mailboxLength);
    // 60 queued messages: the inspector lists 50 but counts 60
    s.apply({ type: 'hang', target: 'app/c' });
    for (let i = 0; i < 60; i++) s.apply({ type: 'send', target: 'app/c', message: ['m', i] });
    store.append(s.drain());
    expect(s.inspect('app/c')).toMatchObject({ mailboxLength: 60, mailbox: expect.any(Array) });
    expect(s.inspect('app/c')!.mailbox).toHaveLength(50);
    expect(store.liveView.node('app/c').mailbox).toBe(60);
  });

  it('mailbox: casts, call replies and timer messages are sends in the trace, so a hung process\'s count stays exact', () => {
    const spec = compile(design([
      sup('app', { maxRestarts: 10 }), worker('c', 'counter'), worker('e', 'echo'),
      { kind: 'load_source', id: 'load', name: 'load', target: 'c', rate: 100, mode: 'cast', message: 'increment' },
    ], under('app', 'c', 'e')));
    const s = new RunSession(spec, { seed: 3 });
    const store = storeFor(s);
    s.advance(20);
    s.apply({ type: 'hang', target: 'app/c' });
    s.apply({ type: 'load', on: true });
    s.apply({ type: 'call', target: 'app/e', message: 'ping', timeoutMs: 100 }); // its reply is a send too
    s.advance(200); // the load source keeps casting to the hung counter
    store.append(s.drain());
    const real = s.inspect('app/c')!;
    expect(real.mailboxLength).toBeGreaterThan(10);
    expect(store.liveView.node('app/c').mailbox).toBe(real.mailboxLength);
    for (const path of ['app', 'app/e']) expect(store.liveView.node(path).mailbox, path).toBe(s.inspect(path)!.mailboxLength);
    const sends = store.query({ types: new Set(['send']) }).map((i) => store.get(i));
    expect(sends.some((e) => e.type === 'send' && /\$gen_cast/.test(e.msg))).toBe(true);
  });

  it('adaptive pool: a killed pool takes its workers with it; the restarted pool starts afresh (no orphans)', () => {
    // the bonus-adaptive-pool template's tree
    const s = new RunSession(compile(design(
      [sup('adaptive_app', { strategy: 'rest_for_one', maxRestarts: 3 }), dynSup('adaptive_workers', { maxRestarts: 10 }),
        worker('adaptive', 'adaptive_pool', { params: { minSize: 1, maxSize: 5, scaleUpAt: 2, scaleDownAfterMs: 500 } })],
      [...under('adaptive_app', 'adaptive_workers', 'adaptive'), calls('adaptive', 'adaptive_workers')],
    )), { seed: 1 });
    const store = storeFor(s);
    s.advance(10);
    store.append(s.drain());
    expect(store.liveView.node('adaptive_app/adaptive_workers').children).toBe(1);
    for (let i = 0; i < 3; i++) {
      s.apply({ type: 'kill', target: 'adaptive_app/adaptive' });
      s.advance(10);
    }
    store.append(s.drain());
    const v = store.liveView;
    expect(v.node('adaptive_app/adaptive')).toMatchObject({ status: 'running', restarts: 3 });
    expect(v.node('adaptive_app/adaptive_workers').children).toBe(1);
    expect(v.node('adaptive_app/adaptive_workers').restarts).toBe(0);
  });

  it('a supervisor\'s children as a group: running / restarting, restarts per child, a child targeted by #pid', () => {
    // a dynamic supervisor filled with 20 temporary children by an adaptive pool, and a design supervisor with 14 workers
    const ws = Array.from({ length: 14 }, (_, i) => `w${i}`);
    const spec = compile(design(
      [sup('app', { maxRestarts: 100 }), dynSup('dyn', { maxRestarts: 100 }), worker('pool', 'adaptive_pool', { params: { minSize: 20, maxSize: 20 } }),
        sup('many', { maxRestarts: 100 }), ...ws.map((w) => worker(w, 'echo'))],
      [...under('app', 'dyn', 'pool', 'many'), ...under('many', ...ws), calls('pool', 'dyn')],
    ));
    const s = new RunSession(spec, { seed: 3 });
    const store = storeFor(s);
    s.advance(10);
    store.append(s.drain());
    const dyn = store.liveView.node('app/dyn').pid!;
    let kids = store.liveView.childrenOf(dyn);
    expect(kids).toHaveLength(20);
    expect(kids.every((k) => k.state === 'running' && k.path === null && k.restarts === 0)).toBe(true);
    // kill one dynamic child by pid: it is listed dead for a moment, then dropped (temporary: nobody restarts it)
    s.apply({ type: 'kill', target: `#${kids[3].pid}` });
    s.advance(1);
    store.append(s.drain());
    kids = store.liveView.childrenOf(dyn);
    expect(kids.find((k) => k.pid === kids[3].pid)).toMatchObject({ state: 'dead', reason: ':killed' });
    s.advance(3000);
    store.append(s.drain());
    expect(store.liveView.childrenOf(dyn).filter((k) => k.state !== 'running')).toEqual([]);

    // the design supervisor: a killed worker is replaced by its restart, which carries the restart count
    const many = store.liveView.node('app/many').pid!;
    expect(store.liveView.childrenOf(many).map((k) => k.path)).toEqual(ws.map((w) => `app/many/${w}`));
    s.apply({ type: 'kill', target: 'app/many/w5' });
    s.advance(5);
    s.apply({ type: 'kill', target: 'app/many/w5' });
    s.advance(5);
    store.append(s.drain());
    const after = store.liveView.childrenOf(many);
    expect(after).toHaveLength(14);
    expect(after.find((k) => k.path === 'app/many/w5')).toMatchObject({ state: 'running', restarts: 2 });
    expect(after.filter((k) => k.restarts > 0)).toHaveLength(1);
    // at the instant just after the first kill, w5 is restarting
    const killed = store.query({ types: new Set(['exit']) }).find((i) => { const e = store.get(i); return e.type === 'exit' && store.liveView.proc(e.pid)?.path === 'app/many/w5'; })!;
    expect(store.viewAt(killed + 1).childrenOf(many).find((k) => k.path === 'app/many/w5')).toMatchObject({ state: 'restarting', restarts: 0 });
  });

  it('hang while waiting for the reply to its own call: the reply stays queued, its call timeout never wakes it', () => {
    const k = new Kernel({ clock: 'virtual', seed: 1 });
    const slow: GenServerModule<number, number> = {
      init: () => ['ok', 0],
      handleCall: (req, _from, n, self) => self.sleep(500).then(() => ['reply', req, n] as const),
    };
    const b = GenServer.spawn(k, slow, undefined);
    let got: unknown = 'nothing';
    const a = k.spawn({
      init(self: Proc) {
        return GenServer.call(b, 'hi', 5000).then((v) => { got = v; }).then(() => self.kernel.die(self, 'normal')); // (a call exit would crash it: a.alive below)
      },
    });
    k.advance(100); // a waits inside its call, b sleeps inside handle_call
    k.hang(a);
    k.advance(10_000); // past b's reply (500) and past a's call timeout (5000)
    expect(got).toBe('nothing');
    expect(a.alive).toBe(true);
    expect(a.messages()).toHaveLength(1); // b's reply, never taken
    k.exit(a, 'kill');
    k.runUntilIdle();
    expect(a.alive).toBe(false);
  });

  it('says so when the target is not running, and refuses an unknown scenario', () => {
    const s = new RunSession(poolSpec(), { seed: 1 });
    s.apply({ type: 'kill', target: 'app/nope' });
    const store = storeFor(s);
    expect(store.query({ types: new Set(['command']) }).map((i) => store.get(i))).toMatchObject([{ text: 'kill app/nope' }, { text: 'app/nope is not running: nothing done' }]);
    expect(() => s.apply({ type: 'scenario', name: 'missing' })).toThrow('There is no scenario "missing"');
  });

  it('step: one scheduler turn, or up to the next timer; with nothing pending, time stays', () => {
    const s = new RunSession(poolSpec(), { seed: 1 });
    const t0 = s.now;
    expect(s.step()).toBe(0); // everything started and idle: no timer pending
    expect(s.now).toBe(t0);
    s.apply({ type: 'slow', target: 'app/w1', ms: 300 });
    s.apply({ type: 'send', target: 'app/w1', message: 'hi' });
    expect(s.step()).toBeGreaterThan(0); // w1 takes the message and starts sleeping
    let n = 0;
    while (s.now < 300 && n++ < 20) s.step();
    expect(s.now).toBeGreaterThanOrEqual(300); // the next timer was 300 ms away
    expect(s.now).toBeLessThan(600);
  });

  it('inspects a live process: state, links, trap_exit', () => {
    const s = new RunSession(poolSpec(), { seed: 1 });
    const app = s.inspect('app')!;
    expect(app.trapExit).toBe(true);
    expect(app.links).toHaveLength(4); // its three children and the host (its parent, like an application master)
    expect(s.inspect('app/w3')!.state).toMatch(/0/);
    expect(s.inspect('app/w3')!.state).not.toContain('#Term');
    expect(s.inspect('nope')).toBeUndefined();
    // a supervisor shows its flags and which_children, not the kernel's internals (byKey, first, prev/next)
    expect(app.state).toMatch(/^%\{strategy: :\w+, intensity: \d+, period: \d+/);
    expect(app.state).toContain('count_children: %{specs: 3, active: 3');
    expect(app.state.split('\n').filter((l) => l.startsWith('  {'))).toHaveLength(3);
    for (const internal of ['byKey', 'first', 'prev', 'next']) expect(app.state).not.toContain(internal);
  });
});

describe('recordings', () => {
  /** A live run chunked like the UI does it: uneven frames, single steps and commands in between. */
  function liveRun(seed: number) {
    const s = new RunSession(poolSpec(1000), { seed, keepLines: true });
    const frames = [16, 3, 40, 0, 7, 100];
    let f = 0;
    const play = (ms: number) => { for (let done = 0; done < ms; f++) { const dt = Math.min(frames[f % frames.length], ms - done); s.advance(dt); done += dt; } };
    s.apply({ type: 'load', on: true });
    play(300);
    for (let i = 0; i < 5; i++) s.step();
    s.apply({ type: 'kill', target: 'app/w1' });
    play(250);
    s.apply({ type: 'chaos', on: true, rate: 20 });
    play(400);
    s.apply({ type: 'hang', target: 'app/w2' });
    s.apply({ type: 'exit', target: 'app/w3', reason: ['shutdown', 'x'] });
    play(333);
    return s;
  }

  it('replaying a recording gives the byte-identical kernel trace (through JSON, as a .suprun file)', () => {
    const live = liveRun(42);
    const rec = live.recording('r1');
    const file = JSON.parse(JSON.stringify(rec)) as SuRun;
    const again = RunSession.replay(file.spec!, file, { keepLines: true });
    expect(live.kernelLines.length).toBeGreaterThan(300);
    expect(again.kernelLines.join('\n')).toBe(live.kernelLines.join('\n'));
    // the run events (with binds, notes and commands) too
    const a = new TraceStore(), b = new TraceStore();
    a.append(live.drain());
    b.append(again.drain());
    expect([...b.events()].filter((e) => e.type !== 'bind').map(eventLine)).toEqual([...a.events()].filter((e) => e.type !== 'bind').map(eventLine));
  });

  it('another seed gives another trace; a real-clock recording is refused', () => {
    const a = liveRun(42), b = liveRun(43);
    expect(b.kernelLines.join('\n')).not.toBe(a.kernelLines.join('\n'));
    const rec = a.recording('r');
    expect(() => RunSession.replay(rec.spec!, { ...rec, clock: 'real' })).toThrow('real-time clock');
  });
});
