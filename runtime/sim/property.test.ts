// Properties of simulated runs over random fault sequences (fast-check): determinism, and that the summary agrees
// with the trace for every node (each start ends in an exit unless the process still runs).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calls, design, dynSup, link, sup, under, worker } from '../design/build';
import { compile, type SpecCommand } from '../design/spec';
import { Simulation } from './start';

const spec = compile(design(
  [
    sup('root', { strategy: 'rest_for_one', maxRestarts: 4 }), sup('inner', { strategy: 'one_for_all', maxRestarts: 2 }),
    worker('a', 'crasher'), worker('b', 'flaky', { params: { crashProbability: 0.3 } }), dynSup('dyn', { maxRestarts: 5 }),
    worker('d1', 'counter'), worker('t', 'trapper'), worker('c', 'counter', { restart: 'transient' }),
  ],
  [...under('root', 'inner', 'dyn', 't', 'c'), ...under('inner', 'a', 'b'), ...under('dyn', 'd1'), link('t', 'a'), calls('c', 'b')],
));
const paths = Object.values(spec.pathByNodeId);

const command = fc.oneof(
  fc.record({ at: fc.integer({ min: 0, max: 3000 }), type: fc.constant('kill' as const), target: fc.constantFrom(...paths) }),
  fc.record({ at: fc.integer({ min: 0, max: 3000 }), type: fc.constant('exit' as const), target: fc.constantFrom(...paths), reason: fc.constantFrom('boom', 'normal', 'shutdown') }),
  fc.record({ at: fc.integer({ min: 0, max: 3000 }), type: fc.constant('send' as const), target: fc.constantFrom(...paths), message: fc.constantFrom('crash', 'ping') }),
) as fc.Arbitrary<SpecCommand>;

describe('simulated runs (properties)', () => {
  it('same seed and commands → the same trace; the summary agrees with the trace', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 12 }), fc.integer({ min: 1, max: 1e6 }), (cmds, seed) => {
        const a = new Simulation(spec, { seed }).run(cmds, 4000);
        const b = new Simulation(spec, { seed }).run(cmds, 4000);
        expect(b.lines).toEqual(a.lines);
        for (const n of Object.values(a.summary.nodes)) {
          expect(n.exits.length, n.path).toBe(n.starts - (n.status === 'running' ? 1 : 0));
          expect(n.restarts).toBe(Math.max(0, n.starts - 1));
        }
        // nothing runs under a supervisor that is down
        const byPath = new Map(Object.values(a.summary.nodes).map((n) => [n.path, n]));
        for (const n of byPath.values()) {
          const parent = byPath.get(n.path.slice(0, n.path.lastIndexOf('/')));
          if (parent && n.status === 'running') expect(parent.status, `${n.path} runs under a stopped ${parent.path}`).toBe('running');
        }
      }),
      { numRuns: 40 },
    );
  });
});
