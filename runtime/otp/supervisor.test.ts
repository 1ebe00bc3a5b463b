import { describe, expect, it } from 'vitest';
import { Kernel, Op, fmt, type Proc, type Term } from '../kernel/index';
import { GenServer, type GenServerModule } from './genserver';
import { Supervisor, DynamicSupervisor, supervisedPids, type ChildSpec } from './supervisor';

const Idle: GenServerModule<number, number> = { init: (n) => ['ok', n] };

/** A child start that adopts an already running process (linking it to the supervisor, as start_link would). */
const adopt = (id: Term, pid: Proc): ChildSpec => ({
  id,
  start: () => new Op<Term>((self, k) => { self.link(pid); k(['ok', pid]); }),
});

describe('supervisor pid → child lookup (a slot on the process, a table for a process another supervisor holds)', () => {
  it('two supervisors holding the same process both restart their child when it dies', () => {
    const k = new Kernel({ seed: 7 });
    const shared = GenServer.spawn(k, Idle, 1);
    k.runUntilIdle();
    const a = Supervisor.spawn(k, { strategy: 'one_for_one', maxRestarts: 5, maxSeconds: 5, children: [adopt('x', shared), Supervisor.worker('w', Idle, 2)] });
    const b = Supervisor.spawn(k, { strategy: 'one_for_one', maxRestarts: 5, maxSeconds: 5, children: [Supervisor.worker('v', Idle, 3), adopt('y', shared)] });
    k.runUntilIdle();
    expect(supervisedPids(a)).toContain(shared);
    expect(supervisedPids(b)).toContain(shared);
    const decisions: string[] = [];
    k.subscribe((batch) => { for (const e of batch) if (e.type === 'decision') decisions.push(`${e.sup === a.id ? 'a' : 'b'} ${e.decision}`); });
    k.exit(shared, 'boom');
    k.runUntilIdle();
    k.flushTrace();
    // each supervisor found its own record of the dead process and restarted it (adopting the dead pid fails: noproc)
    expect(decisions.filter((d) => d.startsWith('a')).length).toBeGreaterThan(0);
    expect(decisions.filter((d) => d.startsWith('b')).length).toBeGreaterThan(0);
    expect(supervisedPids(a)).not.toContain(shared);
    expect(supervisedPids(b)).not.toContain(shared);
  });

  it('a dynamic supervisor terminates a child by pid, also one whose slot another supervisor holds', () => {
    const k = new Kernel({ seed: 7 });
    const shared = GenServer.spawn(k, Idle, 1);
    k.runUntilIdle();
    const a = Supervisor.spawn(k, { strategy: 'one_for_one', maxRestarts: 5, maxSeconds: 5, children: [adopt('x', shared)] });
    const d = DynamicSupervisor.spawn(k, {});
    const out: Term[] = [];
    k.spawn(function* () {
      out.push(yield DynamicSupervisor.startChild(d, adopt('y', shared)));
      const own = yield DynamicSupervisor.startChild(d, Supervisor.worker('z', Idle, 4));
      out.push(yield DynamicSupervisor.terminateChild(d, own[1]));
      out.push(yield DynamicSupervisor.terminateChild(d, own[1])); // gone: not found
      out.push(yield DynamicSupervisor.terminateChild(d, shared)); // held in d's table (a holds the slot)
      out.push(yield DynamicSupervisor.terminateChild(d, a)); // never its child
    });
    k.runUntilIdle();
    expect(out.map((t) => fmt(t))).toEqual([`{:ok, #PID<0.${shared.id}.0>}`, ':ok', '{:error, :not_found}', ':ok', '{:error, :not_found}']);
    expect(shared.alive).toBe(false);
    expect(supervisedPids(d)).toEqual([]);
  });
});
