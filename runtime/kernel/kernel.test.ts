import { describe, expect, it } from 'vitest';
import {
  Kernel, TIMEOUT, ANY, STACK, ErlError, Later, bin, list, fmt, runtimeError, termEq, ErlStruct, traceLine, tryCatch,
  raise, throwValue, RealClock,
  type Proc, type Term, type TraceEvent, type GeneratorBody,
} from './index';

/** Spawn a generator process, run the kernel until idle, return what it returned (or its exit reason). */
function run(k: Kernel, body: (self: Proc) => Generator<Later<any>, any, any>, opts = {}): { value: any; pid: Proc } {
  const out: { value: any; pid: Proc } = { value: undefined, pid: undefined as unknown as Proc };
  out.pid = k.spawn(function* (self) {
    out.value = yield* body(self);
  } as GeneratorBody, undefined, opts);
  k.runUntilIdle();
  return out;
}

const idleProc = { receive() {} };

describe('terms and fmt', () => {
  it('prints terms like Elixir inspect (FORMAT.md 1.1)', () => {
    expect(fmt(['ok', 1, 'Elixir.GenServer', true, null])).toBe('{:ok, 1, GenServer, true, nil}');
    expect(fmt(list([1, 'a', bin('x"y')]))).toBe('[1, :a, "x\\"y"]');
    expect(fmt([runtimeError('boom'), STACK])).toBe('{%RuntimeError{message: "boom"}, :stack}');
    expect(fmt(new Map<Term, Term>([['b', 2], ['a', 1]]))).toBe('%{a: 1, b: 2}');
    expect(fmt('EXIT')).toBe(':EXIT');
    expect(fmt('with space')).toBe(':"with space"');
    expect(fmt(list([]))).toBe('[]');
    expect(fmt(list([['m', 'f', 1, list([])]]))).toBe(':stack');
  });
  it('compares terms structurally', () => {
    expect(termEq(['a', list([1, bin('x')])], ['a', list([1, bin('x')])])).toBe(true);
    expect(termEq(['a', 1], ['a', 2])).toBe(false);
    expect(termEq(new ErlStruct('E', { m: 1 }), new ErlStruct('E', { m: 1 }))).toBe(true);
  });
});

describe('processes and exit reasons', () => {
  it('gives raise {exception, stack}, throw {{:nocatch, v}, stack}, exit r and a normal finish :normal', () => {
    const k = new Kernel();
    const reasons = run(k, function* (self) {
      const bodies: GeneratorBody[] = [
        function* (me) { yield me.sleep(1); throw new ErlError('error', runtimeError('boom')); },
        function* (me) { yield me.sleep(1); throw new ErlError('throw', 'oops'); },
        function* (me) { yield me.sleep(1); throw new ErlError('exit', ['custom', 42]); },
        function* (me) { yield me.sleep(1); },
      ];
      const refs = bodies.map((b) => self.monitor(self.spawn(b)));
      const out: string[] = [];
      for (const r of refs) {
        const m = yield self.receive(['DOWN', r, 'process', ANY, ANY]);
        out.push(fmt(m[4]));
      }
      return out;
    }).value;
    expect(reasons).toEqual(['{%RuntimeError{message: "boom"}, :stack}', '{{:nocatch, :oops}, :stack}', '{:custom, 42}', ':normal']);
  });

  it('a plain JS error thrown by a handler becomes a RuntimeError with its message', () => {
    const k = new Kernel();
    const p = k.spawn({ receive() { throw new TypeError('bad'); } });
    k.send(p, 'go');
    k.runUntilIdle();
    expect(fmt(p.reason)).toBe('{%RuntimeError{message: "bad"}, :stack}');
  });
});

describe('tryCatch', () => {
  it('catches the listed kinds, runs after, and lets the others (and a self-kill) through', () => {
    const log: string[] = [];
    expect(tryCatch(() => throwValue('v'), { throw: (v) => `caught ${String(v)}` }, () => log.push('after'))).toBe('caught v');
    expect(() => tryCatch(() => raise('boom'), { exit: () => 'no' }, () => log.push('after2'))).toThrow(ErlError);
    expect(log).toEqual(['after', 'after2']);
    const k = new Kernel();
    const p = k.spawn({
      receive(self: Proc) {
        tryCatch(() => self.exitSignal(self, 'kill'), { error: () => log.push('swallowed'), exit: () => log.push('swallowed') });
        log.push('continued');
      },
    });
    k.send(p, 'go');
    k.runUntilIdle();
    expect(p.reason).toBe('killed');
    expect(log).toEqual(['after', 'after2']);
  });
});

describe('links and exit signals', () => {
  it('propagates abnormal exits, converts them to EXIT messages when trapping, and ignores :normal', () => {
    const k = new Kernel();
    const a = k.spawn(idleProc), b = k.spawn(idleProc);
    const c = k.spawn(idleProc, undefined, { trapExit: true });
    k.runUntilIdle();
    k.host.link(a); // host links are harmless: the host traps
    a.link(b);
    b.link(c);
    k.exit(b, 'boom');
    expect([a.alive, b.alive, c.alive]).toEqual([false, false, true]);
    expect(a.reason).toBe('boom');
    expect(c.messages().map((m) => fmt(m))).toEqual([`{:EXIT, #PID<0.${b.id}.0>, :boom}`]);
    const d = k.spawn(idleProc), e = k.spawn(idleProc);
    k.runUntilIdle();
    d.link(e);
    k.die(e, 'normal');
    expect(d.alive).toBe(true);
  });

  it('exit(self, :normal) kills a non-trapping process and the rest of its handler does not run', () => {
    const k = new Kernel();
    const ran: string[] = [];
    const p = k.spawn({ receive(self: Proc) { self.exitSignal(self, 'normal'); ran.push('after'); } });
    k.send(p, 'go');
    k.runUntilIdle();
    expect(p.alive).toBe(false);
    expect(p.reason).toBe('normal');
    expect(ran).toEqual([]);
  });

  it('Process.exit(pid, :normal) from another process is ignored; a trapping target gets a message', () => {
    const k = new Kernel();
    const p = k.spawn(idleProc), t = k.spawn(idleProc, undefined, { trapExit: true });
    k.runUntilIdle();
    k.exit(p, 'normal');
    k.exit(t, 'normal');
    expect(p.alive && t.alive).toBe(true);
    expect(t.queueLength).toBe(1);
  });

  it(':kill is untrappable and seen as :killed; an own exit reason :kill spreads a trappable :kill', () => {
    const k = new Kernel();
    const t = k.spawn(idleProc, undefined, { trapExit: true });
    const w = k.spawn(idleProc, undefined, { trapExit: true });
    k.runUntilIdle();
    w.link(t);
    k.exit(t, 'kill');
    expect(t.reason).toBe('killed');
    expect(fmt(w.messages()[0])).toContain(':killed');
    const b = k.spawn({ receive(self: Proc) { self.exit('kill'); } });
    const seen: Term[] = [];
    const c = k.spawn(idleProc), d = k.spawn({ receive(_s: Proc, m: Term) { seen.push(m); } }, undefined, { trapExit: true });
    k.runUntilIdle();
    c.link(b);
    d.link(c);
    k.send(b, 'die');
    k.runUntilIdle();
    expect(c.reason).toBe('kill');
    expect(seen).toEqual([['EXIT', c, 'kill']]);
  });

  it('keeps links in creation order through unlinks at the head, middle and tail, relinks and deaths at the other end', () => {
    const k = new Kernel();
    const hub = k.spawn(idleProc, undefined, { trapExit: true });
    const ps = Array.from({ length: 6 }, () => k.spawn(idleProc, undefined, { trapExit: true }));
    const q = Array.from({ length: 4 }, () => k.spawn(idleProc, undefined, { trapExit: true }));
    k.runUntilIdle();
    for (const p of ps) hub.link(p);
    for (const x of q) ps[4].link(x); // ps[4] has 5 links: finding the hub link walks both lists in step
    const events: TraceEvent[] = [];
    k.subscribe((b) => events.push(...b));
    expect(hub.linkedTo()).toEqual(ps);
    expect(ps[4].link(hub)).toBe(true); // already linked, from either end: no second link
    hub.link(ps[4]);
    hub.unlink(ps[0]); // head
    ps[3].unlink(hub); // middle, from the other end
    hub.unlink(ps[5]); // tail
    hub.unlink(q[0]); // not linked: nothing happens
    expect(hub.linkedTo()).toEqual([ps[1], ps[2], ps[4]]);
    expect(ps[3].linkedTo()).toEqual([]);
    expect(ps[4].linkedTo()).toEqual([hub, ...q]);
    hub.link(ps[0]); // a relink goes to the end, as in a Set
    k.exit(ps[2], 'kill'); // dies: leaves the hub's list from the middle
    expect(hub.linkedTo()).toEqual([ps[1], ps[4], ps[0]]);
    k.exit(hub, 'kill');
    k.flushTrace();
    // the hub's exit signals go out in its link order; every link is gone at both ends
    expect(events.filter((e) => e.type === 'link' || e.type === 'unlink').map((e) => traceLine(e).split(' ').slice(2).join(' '))).toEqual([
      `unlink a=${hub.id} b=${ps[0].id}`, `unlink a=${ps[3].id} b=${hub.id}`, `unlink a=${hub.id} b=${ps[5].id}`, `link a=${hub.id} b=${ps[0].id}`,
    ]);
    const signals = events.filter((e) => e.type === 'signal' && (e as { from?: number }).from === hub.id);
    expect(signals.map((e) => (e as { to?: number }).to)).toEqual([ps[1].id, ps[4].id, ps[0].id]);
    expect([ps[1], ps[4], ps[0]].map((p) => p.linkedTo().includes(hub))).toEqual([false, false, false]);
    expect(ps[4].linkedTo()).toEqual(q);
    expect(ps[2].linkedTo()).toEqual([]);
    expect(fmt(ps[0].messages().at(-1))).toBe(`{:EXIT, #PID<0.${hub.id}.0>, :killed}`);
  });

  it('linking a dead process: noproc error, or an EXIT :noproc message when trapping', () => {
    const k = new Kernel();
    const dead = k.spawn(idleProc);
    k.runUntilIdle();
    k.exit(dead, 'kill');
    const res = run(k, function* (self) {
      let err: unknown;
      try { self.link(dead); } catch (e) { err = e; }
      self.trapExit(true);
      const ok = self.link(dead);
      const m = yield self.receive(['EXIT', dead, ANY], 0);
      return [err, ok, m];
    }).value;
    expect(res[0]).toBeInstanceOf(ErlError);
    expect((res[0] as ErlError).value).toBe('noproc');
    expect(res[1]).toBe(true);
    expect(res[2][2]).toBe('noproc');
  });
});

describe('monitors', () => {
  it('delivers DOWN per monitor, :noproc for a dead target, and demonitor flush removes a queued DOWN', () => {
    const k = new Kernel();
    const w = k.spawn(idleProc);
    k.runUntilIdle();
    const { value } = run(k, function* (self) {
      yield self.sleep(0);
      const r1 = self.monitor(w), r2 = self.monitor(w);
      self.exitSignal(w, 'boom');
      const r3 = self.monitor(w);
      const downs = self.messages().map((m) => [(m as Term[])[1] === r1, (m as Term[])[1] === r2, (m as Term[])[4]]);
      self.demonitor(r3, true);
      return [downs, self.queueLength];
    });
    expect(value[0]).toEqual([[true, false, 'boom'], [false, true, 'boom'], [false, false, 'noproc']]);
    expect(value[1]).toBe(2);
  });

  it('keeps monitors in creation order through demonitors in any position, the watcher dying, and self-monitors', () => {
    const k = new Kernel();
    const t = k.spawn(idleProc), u = k.spawn(idleProc);
    // w1 never takes a message (its selective receive matches nothing), so its DOWNs stay readable
    const hold: GeneratorBody = function* (self) {
      yield self.receive(() => false);
    };
    const w1 = k.spawn(hold), w2 = k.spawn(idleProc);
    k.runUntilIdle();
    const a = w1.monitor(t), b = w1.monitor(u), c = w1.monitor(t), d = w2.monitor(t), e = w1.monitor(t);
    expect(w1.monitoring()).toEqual([t, u, t, t]);
    expect(w2.monitoring()).toEqual([t]);
    // demonitor the first, a middle and the last of t's watchers; a second demonitor of the same ref is a no-op
    w1.demonitor(a);
    w1.demonitor(e);
    w1.demonitor(e);
    expect(w1.monitoring()).toEqual([u, t]);
    expect([...(w1.monitors?.keys() ?? [])]).toEqual([b, c]);
    // a ref that is not w2's own monitor is not demonitored by w2
    w2.demonitor(c);
    expect(w1.monitoring()).toEqual([u, t]);
    // the watcher w2 dies: its monitor leaves t's list, so t's death sends one DOWN, to w1, for c
    k.exit(w2, 'kill');
    k.exit(t, 'boom');
    k.runUntilIdle();
    expect(w1.messages().map((m) => [(m as Term[])[0], (m as Term[])[1] === c, (m as Term[])[4]])).toEqual([['DOWN', true, 'boom']]);
    expect(w1.monitoring()).toEqual([u]);
    expect(d).not.toBe(c);
    // monitoring oneself: the list holds the ref on both sides; demonitor clears both
    const { value } = run(k, function* (self) {
      const r = self.monitor(self);
      const before = self.monitoring().length;
      yield self.sleep(0);
      self.demonitor(r);
      return [before, self.monitoring().length, self.monitors];
    });
    expect(value).toEqual([1, 0, null]);
    // u's death still reaches w1 after all that list surgery
    k.exit(u, 'bye');
    expect(w1.messages().map((m) => (m as Term[])[4])).toEqual(['boom', 'bye']);
    expect(w1.monitoring()).toEqual([]);
  });
});

describe('receive, timers and time', () => {
  it('selective receive keeps other messages in order; a timeout yields TIMEOUT', () => {
    const k = new Kernel();
    const { value } = run(k, function* (self) {
      self.send(self, 'a');
      self.send(self, ['b', 1]);
      self.send(self, 'c');
      const b = yield self.receive(['b', ANY]);
      const none = yield self.receive('zzz', 50);
      const t = k.now();
      return [b, none === TIMEOUT, t, self.messages()];
    });
    expect(value).toEqual([['b', 1], true, 50, ['a', 'c']]);
  });

  it('sendAfter delivers at the virtual time; cancelTimer stops it', () => {
    const k = new Kernel();
    const { value } = run(k, function* (self) {
      self.sendAfter(100, 'late');
      const t2 = self.sendAfter(50, 'cancelled');
      expect(self.cancelTimer(t2)).toBe(true);
      const m = yield self.receive();
      return [m, k.now()];
    });
    expect(value).toEqual(['late', 100]);
  });

  it('advance(ms) runs exactly what is due in the window', () => {
    const k = new Kernel();
    const got: Term[] = [];
    const p = k.spawn({ receive(_s: Proc, m: Term) { got.push(m); } });
    k.sendAfter(p, 10, 'ten');
    k.sendAfter(p, 30, 'thirty');
    k.advance(20);
    expect(got).toEqual(['ten']);
    expect(k.now()).toBe(20);
    k.advance(20);
    expect(got).toEqual(['ten', 'thirty']);
  });

  it('a sleeping process is busy: messages wait until it wakes', () => {
    const k = new Kernel();
    const log: string[] = [];
    const p = k.spawn({
      receive(self: Proc, m: Term) {
        log.push(`${k.now()} ${String(m)}`);
        if (m === 'slow') return self.sleep(100);
      },
    });
    k.send(p, 'slow');
    k.send(p, 'next');
    k.runUntilIdle();
    expect(log).toEqual(['0 slow', '100 next']);
  });
});

describe('scheduler', () => {
  it('is fair: a process handles at most `reductions` messages before others run', () => {
    const k = new Kernel({ reductions: 5 });
    const order: string[] = [];
    const mk = (name: string) => k.spawn({ receive() { order.push(name); } });
    const a = mk('a'), b = mk('b');
    k.runUntilIdle(); // init takes a reduction too
    for (let i = 0; i < 10; i++) k.send(a, i);
    for (let i = 0; i < 10; i++) k.send(b, i);
    k.runUntilIdle();
    expect(order.join('')).toBe('aaaaabbbbbaaaaabbbbb');
  });

  it('a handler that keeps messaging itself cannot starve another process', () => {
    const k = new Kernel({ reductions: 10 });
    let other = 0, flood = 0;
    const f = k.spawn({ receive(self: Proc) { if (++flood < 1000) self.send(self, 'again'); } });
    const o = k.spawn({ receive() { other++; } });
    k.send(f, 'go');
    k.send(o, 'hi');
    k.runReady(3);
    expect(other).toBe(1);
    expect(flood).toBeLessThan(1000);
  });
});

describe('trace', () => {
  it('is silent without subscribers and batches typed, sequenced events with timestamps', () => {
    const k = new Kernel();
    const events: TraceEvent[] = [];
    k.spawn(idleProc);
    k.runUntilIdle();
    const off = k.subscribe((b) => events.push(...b));
    const a = k.spawn(idleProc), b = k.spawn(idleProc);
    k.runUntilIdle();
    a.link(b);
    k.advance(5);
    k.exit(a, 'boom');
    k.flushTrace();
    off();
    expect(events.map((e) => e.type)).toEqual(['spawn', 'spawn', 'link', 'signal', 'exit', 'signal', 'exit']);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(events[3].t).toBe(5);
    expect(traceLine(events[4])).toMatch(/^5 5 exit pid=\d+ reason=:boom$/);
  });
});

describe('effects and randomness', () => {
  it('simulated effects are reproducible from the seed', () => {
    const outcome = (seed: number) => {
      const k = new Kernel({ seed });
      return run(k, function* (self) {
        const out: string[] = [];
        for (let i = 0; i < 5; i++) {
          self.effect(['req', i], null, { latency: [10, 200], failureRate: 0.4, value: 'ok' });
        }
        for (let i = 0; i < 5; i++) {
          const m = yield self.receive();
          out.push(`${k.now()}:${fmt(m)}`);
        }
        return out.join(' ');
      }).value;
    };
    expect(outcome(7)).toBe(outcome(7));
    expect(outcome(7)).not.toBe(outcome(8));
  });
});

/** Wait (real time) until `cond` holds, polling; gives up after 5 s (the machine may be heavily loaded). */
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
}

describe('real clock', () => {
  it('runs real effects and delivers their results as messages', async () => {
    const k = new Kernel({ clock: 'real' });
    k.start();
    const got: Term[] = [];
    k.spawn(function* (self) {
      self.effect('fetch', () => new Promise((r) => setTimeout(() => r(bin('body')), 10)));
      self.effect('broken', () => Promise.reject(new Error('down')));
      got.push(yield self.receive(['fetch', ANY, ANY], 1000));
      got.push(yield self.receive(['broken', ANY, ANY], 1000));
    });
    await until(() => got.length === 2);
    k.stop();
    expect(got.map((m) => fmt(m))).toEqual(['{:fetch, :ok, "body"}', '{:broken, :error, {%RuntimeError{message: "down"}, :stack}}']);
  });

  it('refuses the virtual-only operations with a clear error', () => {
    const k = new Kernel({ clock: 'real' });
    expect(() => k.advance(10)).toThrow(/virtual clock/);
    expect(() => new Kernel().start()).toThrow(/real clock/);
  });

  it('wakes for what host code does between pumps: a signal, a message, a spawn, a timer (listeners hear of it at once)', () => {
    // a host whose timers run only when the test says: every callback the kernel asks for is a pump
    const due: (() => void)[] = [];
    let ms = 0;
    const host = { setTimeout: (fn: () => void) => due.push(fn), clearTimeout: () => undefined, now: () => ms };
    const k = new Kernel({ clock: new RealClock(host) });
    const seen: string[] = [];
    k.subscribe((batch) => seen.push(...batch.filter((e) => e.type === 'exit' || e.type === 'spawn').map((e) => `${e.type} ${e.pid}`)));
    const got: Term[] = [];
    const lonely = k.spawn(function* (self) {
      yield self.receive(ANY); // nothing links to it or monitors it
    });
    const listener = k.spawn({ receive(_s: Proc, m: Term) { got.push(m); } });
    k.start();
    // the callbacks due now, a few rounds (a pump waiting for a timer asks again: it is not due until `ms` says so)
    const pump = () => {
      for (let i = 0; i < 8 && due.length > 0; i++) due.shift()!();
    };
    pump(); // idle now: no pump is due
    expect(due).toEqual([]);
    seen.length = 0;
    // host code kills a process nothing links to: only the trace hears of it, and it must not wait for the next pump
    k.exit(lonely, 'kill');
    expect(due.length).toBeGreaterThan(0);
    pump();
    expect(seen).toEqual([`exit ${lonely.id}`]);
    k.send(listener, 'hello');
    pump();
    expect(got).toEqual(['hello']);
    const late = k.spawn(function* () {});
    pump();
    expect(seen).toEqual([`exit ${lonely.id}`, `spawn ${late.id}`, `exit ${late.id}`]);
    ms = 5;
    k.sendAfter(listener, 0, 'later');
    pump();
    expect(got).toEqual(['hello', 'later']);
    k.stop();
  });

  it('fires due timers one at a time in real time, each followed by what it made ready (as on the virtual clock)', () => {
    const due: (() => void)[] = [];
    let ms = 0;
    const host = { setTimeout: (fn: () => void) => due.push(fn), clearTimeout: () => undefined, now: () => ms };
    const pump = () => {
      for (let i = 0; i < 8 && due.length > 0; i++) due.shift()!();
    };
    const order: string[] = [];
    const k = new Kernel({ clock: new RealClock(host) });
    const p = k.spawn({ receive(_s: Proc, m: Term) { order.push(`handled ${String(m)}`); } });
    k.start();
    pump();
    k.callAfter(10, () => { order.push('first'); k.send(p, 'one'); });
    k.callAfter(10, () => { order.push('second'); k.send(p, 'two'); });
    ms = 50; // the pump comes late: both timers are due
    pump();
    expect(order).toEqual(['first', 'handled one', 'second', 'handled two']);
    k.stop();
  });

  it("simulates effects on the real clock when asked (effects: 'simulated'): the seeded draw, the latency in real time", () => {
    const due: (() => void)[] = [];
    let ms = 0;
    const host = { setTimeout: (fn: () => void) => due.push(fn), clearTimeout: () => undefined, now: () => ms };
    const got: Term[] = [];
    const k = new Kernel({ clock: new RealClock(host), effects: 'simulated' });
    expect(new Kernel({ clock: 'real' }).realEffects).toBe(true);
    expect(k.realEffects).toBe(false);
    k.spawn(function* (self) {
      self.effect('fetch', () => {
        throw new Error('a simulated effect must not run its real function');
      }, { latency: [30, 30], failureRate: 0, value: 200 });
      got.push(yield self.receive(['fetch', ANY, ANY]));
    });
    k.start();
    // the callbacks due now, a few rounds (a pump waiting for a timer asks again: it is not due until `ms` says so)
    const pump = () => {
      for (let i = 0; i < 8 && due.length > 0; i++) due.shift()!();
    };
    pump();
    expect(got).toEqual([]); // 30 ms of real time have not passed
    ms = 30;
    pump();
    expect(got.map((m) => fmt(m))).toEqual(['{:fetch, :ok, 200}']);
    k.stop();
  });

  it('runs timers in real time without blocking the host event loop', async () => {
    const k = new Kernel({ clock: 'real' });
    k.start();
    const got: Term[] = [];
    const p = k.spawn({ receive(_s: Proc, m: Term) { got.push(m); } });
    k.sendAfter(p, 20, 'tick');
    let hostTurns = 0;
    const spin = setInterval(() => hostTurns++, 1);
    await until(() => got.length > 0);
    await new Promise((r) => setTimeout(r, 20));
    clearInterval(spin);
    k.stop();
    expect(got).toEqual(['tick']);
    expect(hostTurns).toBeGreaterThan(3);
  });
});
