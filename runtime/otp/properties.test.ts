// Properties over random supervision trees and random fault sequences (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Kernel, traceLine, isPid, type Proc, type Term, type TraceEvent } from '../kernel/index';
import { GenServer, type GenServerModule } from './genserver';
import { Supervisor, supervisedPids, type ChildSpec, type Strategy, type RestartType } from './supervisor';

const Worker: GenServerModule<null, boolean> = {
  init: (trap, self) => {
    if (trap) self.trapExit(true);
    return ['ok', null];
  },
  handleCast: (req, s) => ['stop', req, s],
};
const Idle = { receive() {} };

interface Setup {
  strategy: Strategy;
  maxRestarts: number;
  maxSeconds: number;
  children: { restart: RestartType; trap: boolean }[];
  raw: number;
}
type Cmd =
  | { t: 'kill'; child: number; reason: string }
  | { t: 'crash'; child: number; reason: string }
  | { t: 'wait'; ms: number }
  | { t: 'link'; a: number; b: number }
  | { t: 'linkChild'; a: number; child: number }
  | { t: 'exitRaw'; a: number; reason: string };

const reasonArb = fc.constantFrom('boom', 'normal', 'shutdown', 'kill');
const setupArb: fc.Arbitrary<Setup> = fc.record({
  strategy: fc.constantFrom<Strategy>('one_for_one', 'one_for_all', 'rest_for_one'),
  maxRestarts: fc.integer({ min: 0, max: 4 }),
  maxSeconds: fc.integer({ min: 1, max: 5 }),
  children: fc.array(
    fc.record({ restart: fc.constantFrom<RestartType>('permanent', 'transient', 'temporary'), trap: fc.boolean() }),
    { minLength: 1, maxLength: 5 },
  ),
  raw: fc.integer({ min: 0, max: 4 }),
});
const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  fc.record({ t: fc.constant('kill' as const), child: fc.nat(9), reason: reasonArb }),
  fc.record({ t: fc.constant('crash' as const), child: fc.nat(9), reason: fc.constantFrom('boom', 'normal', 'shutdown') }),
  fc.record({ t: fc.constant('wait' as const), ms: fc.constantFrom(0, 10, 400, 1200, 2500) }),
  fc.record({ t: fc.constant('link' as const), a: fc.nat(9), b: fc.nat(9) }),
  fc.record({ t: fc.constant('linkChild' as const), a: fc.nat(9), child: fc.nat(9) }),
  fc.record({ t: fc.constant('exitRaw' as const), a: fc.nat(9), reason: reasonArb }),
);

function runningChildren(sup: Proc): Proc[] {
  if (!sup.alive) return [];
  return supervisedPids(sup);
}

/** Build the tree, apply the commands from host code, settle; return the kernel, supervisor and trace. */
function simulate(setup: Setup, cmds: Cmd[], seed: number) {
  const k = new Kernel({ seed });
  const trace: TraceEvent[] = [];
  k.subscribe((b) => trace.push(...b));
  const children: ChildSpec[] = setup.children.map((c, i) => Supervisor.worker(`c${i}`, Worker, c.trap, { restart: c.restart }));
  const sup = Supervisor.spawn(k, { strategy: setup.strategy, maxRestarts: setup.maxRestarts, maxSeconds: setup.maxSeconds, children });
  const raw: Proc[] = [];
  for (let i = 0; i < setup.raw; i++) raw.push(k.spawn(Idle, undefined, { trapExit: i % 2 === 0 }));
  k.runUntilIdle();
  const pick = <T>(xs: T[], i: number): T | undefined => (xs.length ? xs[i % xs.length] : undefined);
  for (const c of cmds) {
    const kids = runningChildren(sup);
    switch (c.t) {
      case 'kill': { const p = pick(kids, c.child); if (p) k.exit(p, c.reason); break; }
      case 'crash': { const p = pick(kids, c.child); if (p) GenServer.cast(k, p, c.reason); break; }
      case 'wait': k.advance(c.ms); break;
      case 'link': { const a = pick(raw, c.a), b = pick(raw, c.b); if (a?.alive && b?.alive) a.link(b); break; }
      case 'linkChild': { const a = pick(raw, c.a), b = pick(kids, c.child); if (a?.alive && b?.alive) a.link(b); break; }
      case 'exitRaw': { const a = pick(raw, c.a); if (a) k.exit(a, c.reason); break; }
    }
    k.runUntilIdle();
  }
  k.runUntilIdle();
  k.flushTrace();
  return { k, sup, raw, trace };
}

const prop = { numRuns: 150, seed: 20261125 };

describe('kernel + supervisor properties', () => {
  it('determinism: the same setup, seed and commands give a byte-identical trace', () => {
    fc.assert(
      fc.property(setupArb, fc.array(cmdArb, { maxLength: 25 }), fc.integer(), (setup, cmds, seed) => {
        const a = simulate(setup, cmds, seed).trace.map((e) => traceLine(e)).join('\n');
        const b = simulate(setup, cmds, seed).trace.map((e) => traceLine(e)).join('\n');
        expect(a).toBe(b);
      }),
      prop,
    );
  });

  it('after settling, no live process is linked to a dead one', () => {
    fc.assert(
      fc.property(setupArb, fc.array(cmdArb, { maxLength: 25 }), (setup, cmds) => {
        const { sup, raw } = simulate(setup, cmds, 1);
        for (const p of [sup, ...raw, ...runningChildren(sup)]) {
          if (!p.alive) continue;
          for (const l of p.linkedTo()) expect(l.alive).toBe(true);
        }
      }),
      prop,
    );
  });

  it('the supervisor child list agrees with the trace: listed children are alive, dead ones are not listed', () => {
    fc.assert(
      fc.property(setupArb, fc.array(cmdArb, { maxLength: 25 }), (setup, cmds) => {
        const { sup, trace } = simulate(setup, cmds, 1);
        const exited = new Set(trace.filter((e) => e.type === 'exit').map((e) => (e as { pid: number }).pid));
        const listed = runningChildren(sup);
        for (const p of listed) {
          expect(p.alive).toBe(true);
          expect(exited.has(p.id)).toBe(false);
        }
        // every live worker started under the supervisor (linked to it) is listed
        if (sup.alive) {
          const linked = sup.linkedTo().filter((p) => isPid(p) && p.alive);
          const host = sup.kernel.host;
          for (const p of linked) if (p !== host) expect(listed).toContain(p);
        } else {
          expect(exited.has(sup.id)).toBe(true);
        }
      }),
      prop,
    );
  });

  it('restart intensity: the supervisor never outlives a window with more than max_restarts restarts', () => {
    fc.assert(
      fc.property(setupArb, fc.array(cmdArb, { maxLength: 30 }), (setup, cmds) => {
        const { sup, trace } = simulate(setup, cmds, 1);
        const over = trace.find((e) => e.type === 'intensity' && e.sup === sup.id && e.restarts > e.max);
        if (over) {
          expect(sup.alive).toBe(false);
          expect(sup.reason as Term).toBe('shutdown');
          // nothing was restarted after the limit was hit
          expect(trace.some((e) => e.seq > over.seq && e.type === 'restart' && e.sup === sup.id)).toBe(false);
        }
        const counts = trace.filter((e) => e.type === 'intensity' && e.sup === sup.id).map((e) => (e as { restarts: number }).restarts);
        for (let i = 0; i < counts.length; i++) expect(counts[i]).toBeLessThanOrEqual(setup.maxRestarts + 1);
      }),
      prop,
    );
  });
});
