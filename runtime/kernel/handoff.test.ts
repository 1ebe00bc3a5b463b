// The call hand-off (Kernel.handOff) must not change anything observable: the same workload, run with the hand-off
// enabled and disabled, must give byte-identical traces (every event, seq and time), identical results seen by the
// processes, and the same final state. The workloads are generated from a seed: many generator clients calling
// servers that are busy (sleeping handlers, deferred replies, self-sends, continue/timeout actions, nested calls),
// calls that time out, servers killed or crashing mid-call and restarted by a supervisor, clients trapping exits
// and linked to servers, casts and plain messages crossing the calls.
import { describe, expect, it } from 'vitest';
import { Kernel, type Proc, type ProcessBehaviour, type TraceEvent, traceLine, Prng, type Term, fmt, isUnwind } from './index';
import { GenServer, Supervisor, type ChildSpec, type GenServerModule, type From } from '../otp/index';

interface SState {
  name: string;
  n: number;
}

const SERVER: GenServerModule<SState, string> = {
  init: (name) => ['ok', { name, n: 0 }],
  handleCall(req, from, st, self) {
    st.n++;
    const r = req as Term[];
    switch (r[0]) {
      case 'echo':
        return ['reply', r[1], st];
      case 'slow':
        return self.sleep(r[1] as number).then(() => ['reply', 'slow', st] as const);
      case 'defer':
        self.sendAfter(r[1] as number, ['do_reply', from as unknown as Term]);
        return ['noreply', st];
      case 'poke':
        self.send(from[0], 'poked');
        return ['reply', 'poke', st];
      case 'self':
        self.send(self, 'tick');
        return ['reply', 'self', st];
      case 'cont':
        return ['reply', 'cont', st, ['continue', 'go']];
      case 'timeout':
        return ['reply', 'timeout', st, 7];
      case 'stop':
        return ['stop', r[1], 'bye', st];
      case 'crash':
        throw new Error('boom');
      case 'call':
        return GenServer.call(r[1] as string, ['echo', st.n], r[2] as number).then((v) => ['reply', ['via', v], st] as const);
      case 'kill':
        self.exitSignal(from[0], r[1]);
        return ['reply', 'killed?', st];
      case 'rand':
        return ['reply', Math.floor(self.random() * 1000), st];
      case 'early':
        GenServer.reply(from, 'early');
        return ['noreply', st];
      case 'forge':
        // a message that matches the caller's wait, sent before the real reply: the caller must take this one
        self.send(from[0], [from[1], 'forged']);
        return ['reply', 'real', st];
      case 'tell': {
        // makes another process ready before the reply
        const other = self.kernel.whereis(r[1] as string);
        if (other) self.send(other, ['hello', st.n]);
        return ['reply', 'told', st];
      }
      case 'spawn':
        self.spawn(HELPER, r[1] as string);
        return ['reply', 'spawned', st];
      case 'unalias':
        // a reply for a call whose alias is gone is dropped
        (from[1] as { alias: unknown }).alias = null;
        return ['reply', 'dropped', st];
      default:
        return ['reply', ['unknown', req], st];
    }
  },
  handleCast(req, st) {
    st.n += (req as number) | 0;
    return ['noreply', st];
  },
  handleInfo(msg, st) {
    const m = msg as Term[];
    if (Array.isArray(m) && m[0] === 'do_reply') GenServer.reply(m[1] as unknown as From, 'deferred');
    return ['noreply', st];
  },
  handleContinue(_arg, st) {
    st.n += 100;
    return ['noreply', st];
  },
};

/** Spawned by a server mid-call: its init runs in a later turn and casts to a server. */
const HELPER: ProcessBehaviour<string> = {
  init(self, name) {
    GenServer.cast(self, name, 2);
  },
};

const REQS = [
  'echo', 'echo', 'echo', 'echo', 'slow', 'defer', 'poke', 'self', 'cont', 'timeout', 'stop', 'crash', 'call', 'kill',
  'rand', 'early', 'unalias', 'forge', 'tell', 'spawn',
];

/** Run one generated workload; returns the trace lines, what the clients saw, and a final-state summary. */
function runWorkload(seed: number, handOff: boolean, traced: boolean): { trace: string[]; seen: string[]; final: string; hands: number; taken: number } {
  const k = new Kernel({ clock: 'virtual', seed, traceMessages: true, handOff, reductions: 1 + (seed % 7 === 0 ? 2 : 100) });
  const trace: string[] = [];
  if (traced) k.subscribe((batch: readonly TraceEvent[]) => { for (const e of batch) trace.push(traceLine(e)); });
  const g = new Prng(seed * 7919 + 1);
  const nServers = 2 + g.int(0, 4);
  const names: string[] = [];
  const children: ChildSpec[] = [];
  for (let i = 0; i < nServers; i++) {
    const name = `s${i}`;
    names.push(name);
    children.push({ id: name, start: () => GenServer.startLink(SERVER, name, { name }) });
  }
  const sup = Supervisor.spawn(k, { strategy: g.next() < 0.5 ? 'one_for_one' : 'one_for_all', maxRestarts: 1000, maxSeconds: 1, children });
  const seen: string[] = [];
  const nClients = 2 + g.int(0, 8);
  const clients: Proc[] = [];
  for (let c = 0; c < nClients; c++) {
    const steps = 20 + g.int(0, 60);
    const trap = g.next() < 0.3;
    const plan: { op: string; server: string; req: Term; timeout: number | 'infinity' }[] = [];
    for (let s = 0; s < steps; s++) {
      const server = names[g.int(0, names.length - 1)];
      const op = g.next() < 0.85 ? 'call' : g.next() < 0.5 ? 'cast' : g.next() < 0.5 ? 'sleep' : 'drain';
      const kind = REQS[g.int(0, REQS.length - 1)];
      const req: Term =
        kind === 'slow' ? ['slow', g.int(0, 20)]
        : kind === 'defer' ? ['defer', g.int(0, 20)]
        : kind === 'stop' ? ['stop', g.next() < 0.5 ? 'normal' : 'boom']
        : kind === 'call' ? ['call', names[g.int(0, names.length - 1)], g.int(1, 30)]
        : kind === 'kill' ? ['kill', g.next() < 0.5 ? 'kill' : 'shutdown']
        : kind === 'tell' || kind === 'spawn' ? [kind, names[g.int(0, names.length - 1)]]
        : [kind, s];
      const tr = g.next();
      plan.push({ op, server, req, timeout: tr < 0.7 ? 5000 : tr < 0.85 ? g.int(0, 15) : 'infinity' });
    }
    clients.push(k.spawn(function* (self: Proc) {
      if (trap) {
        self.trapExit(true);
        const p = k.whereis(plan[0].server);
        if (p) self.link(p);
      }
      for (const [i, s] of plan.entries()) {
        try {
          if (s.op === 'call') {
            const v = yield GenServer.call(s.server, s.req, s.timeout);
            seen.push(`${c}.${i} t=${k.now()} ok ${fmt(v)}`);
          } else if (s.op === 'cast') {
            GenServer.cast(self, s.server, 1);
          } else if (s.op === 'sleep') {
            yield self.sleep(i % 5);
          } else {
            const m = yield self.receive(undefined, 0);
            seen.push(`${c}.${i} t=${k.now()} got ${typeof m === 'symbol' ? 'timeout' : fmt(m as Term)} q=${self.queueLength}`);
          }
        } catch (e) {
          if (isUnwind(e)) throw e;
          seen.push(`${c}.${i} t=${k.now()} exit ${String((e as { reason?: unknown }).reason !== undefined ? fmt((e as { reason: Term }).reason) : e)}`);
        }
      }
      seen.push(`${c} done t=${k.now()} q=${self.queueLength}`);
    }, undefined, { label: `c${c}` }));
  }
  // a killer: kills servers (and sometimes a client) at random times while calls are in flight
  const kills = g.int(0, 4);
  const killPlan: { at: number; who: number; reason: Term }[] = [];
  for (let i = 0; i < kills; i++) killPlan.push({ at: g.int(0, 40), who: g.int(0, nServers + nClients - 1), reason: g.next() < 0.5 ? 'kill' : 'boom' });
  k.spawn(function* (self: Proc) {
    for (const kp of killPlan) {
      yield self.sleep(kp.at);
      const target = kp.who < nServers ? k.whereis(names[kp.who]) : clients[kp.who - nServers];
      if (target && target.alive) self.exitSignal(target, kp.reason);
    }
  });
  k.runUntilIdle({ maxTime: 10_000 });
  const final = [
    `t=${k.now()} procs=${k.processCount} sup=${sup.alive}`,
    ...clients.map((p) => `${p.id} ${p.alive} ${p.alive ? '' : fmt(p.reason)} q=${p.queueLength} mon=${p.monitoring().length}`),
    ...names.map((n) => {
      const p = k.whereis(n);
      return p ? `${n} ${p.id} n=${(p.state as { st: SState }).st.n} q=${p.queueLength} ${p.messages().map((m) => fmt(m)).join(',')}` : `${n} -`;
    }),
  ].join('\n');
  return { trace, seen, final, hands: k.handOffCount, taken: k.handOffTaken };
}

describe('call hand-off', () => {
  const seeds = Array.from({ length: 40 }, (_, i) => 1 + i * 37);
  it('gives byte-identical traces, results and final state with and without it (40 generated workloads)', () => {
    let hands = 0;
    let taken = 0;
    let events = 0;
    for (const seed of seeds) {
      const on = runWorkload(seed, true, true);
      const off = runWorkload(seed, false, true);
      expect(off.hands).toBe(0);
      hands += on.hands;
      taken += on.taken;
      events += on.trace.length;
      expect(on.trace.length, `seed ${seed}`).toBe(off.trace.length);
      for (let i = 0; i < on.trace.length; i++) if (on.trace[i] !== off.trace[i]) expect(`${seed}: ${on.trace[i]}`).toBe(`${seed}: ${off.trace[i]}`);
      expect(on.seen).toEqual(off.seen);
      expect(on.final).toBe(off.final);
    }
    // the comparison is not vacuous: calls were handed off, and the workloads did real work
    console.log(`hand-off test: ${hands} calls handed off, ${taken} replies taken directly, ${events} trace events`);
    expect(hands).toBeGreaterThan(500);
    expect(taken).toBeGreaterThan(100);
    expect(hands - taken).toBeGreaterThan(100); // the other outcome (reply delivered, or none yet) is exercised too
    expect(events).toBeGreaterThan(20_000);
  });

  it('gives the same results and final state with nobody listening to the trace', () => {
    let hands = 0;
    for (const seed of seeds.slice(0, 20)) {
      const on = runWorkload(seed, true, false);
      const off = runWorkload(seed, false, false);
      const traced = runWorkload(seed, true, true);
      expect(on.seen).toEqual(off.seen);
      expect(on.final).toBe(off.final);
      expect(on.seen).toEqual(traced.seen);
      expect(on.final).toBe(traced.final);
      hands += on.hands;
    }
    expect(hands).toBeGreaterThan(200);
  });

  it('a plain call loop is handed off, and the reply needs no message', () => {
    const k = new Kernel({ clock: 'virtual' });
    const echo = GenServer.spawn(k, SERVER, 'e');
    let got = 0;
    k.spawn(function* () {
      for (let i = 0; i < 100; i++) if ((yield GenServer.call(echo, ['echo', i])) === i) got++;
    });
    k.runUntilIdle();
    expect(got).toBe(100);
    // the first call starts from the generator's init (not a turn step's tail): 99 hand-offs, all taken directly
    expect(k.handOffCount).toBe(99);
    expect(k.handOffTaken).toBe(99);
  });
});
