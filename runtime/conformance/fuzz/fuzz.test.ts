// The generator and the shrinker on their own (no OTP needed): determinism, validity on the kernel, feature
// coverage, and shrinking against a synthetic failure predicate. The differential run against real OTP is in
// cli/commands/fuzz.test.ts.
import { describe, expect, it } from 'vitest';
import { parseScenario, runScenario } from '../index';
import { generateScenario } from './generate';
import type { Scenario, Step } from './scenario';
import { candidates, shrink } from './shrink';

const SEEDS = Array.from({ length: 300 }, (_, i) => 10_000 + i);

function allSteps(steps: Step[]): Step[] {
  return steps.flatMap((s) => (s.op === 'sorted' ? [s, ...allSteps(s.steps as Step[])] : [s]));
}

describe('scenario generator', () => {
  it('is a function of the seed', () => {
    expect(JSON.stringify(generateScenario(42))).toBe(JSON.stringify(generateScenario(42)));
    expect(JSON.stringify(generateScenario(42))).not.toBe(JSON.stringify(generateScenario(43)));
  });

  it('produces scenarios the interpreter accepts and runs to the end', () => {
    for (const seed of SEEDS) {
      const s = generateScenario(seed);
      expect(() => parseScenario(s), `seed ${seed}`).not.toThrow();
      const log = runScenario(s);
      expect(log.endsWith('\n'), `seed ${seed}`).toBe(true);
    }
  });

  it('covers the features the brief lists', () => {
    const text = SEEDS.map((s) => JSON.stringify(generateScenario(s))).join('\n');
    const steps = SEEDS.flatMap((s) => allSteps(generateScenario(s).steps));
    const ops = new Set(steps.map((s) => s.op));
    for (const op of ['spawn', 'link', 'unlink', 'monitor', 'demonitor', 'exit', 'send', 'cast', 'call', 'settle', 'sorted',
      'start_supervisor', 'start_dynamic_supervisor', 'which_children', 'count_children', 'terminate_child',
      'restart_child', 'delete_child', 'start_child', 'check_alive', 'start_registry', 'lookup']) {
      expect(ops.has(op), op).toBe(true);
    }
    for (const needle of ['"one_for_one"', '"one_for_all"', '"rest_for_one"', '"temporary"', '"transient"', '"brutal_kill"',
      '"infinity"', '"type":"supervisor"', '"trap_exit":true', '"raise"', '"throw"', '"exit_signal"', '["shutdown","bye"]',
      '"reason":"kill"', '"reason":"normal"', '"kind":"process"', '"kind":"gen_server"', '"init_by_start"', '"ignore":true',
      '"error":"nope"', '"max_children"', '"ms":2200', '"via":["reg",', '"hitter"']) {
      expect(text.includes(needle), needle).toBe(true);
    }
  });
});

describe('shrinker', () => {
  const isKillOfP1 = (s: Scenario): boolean => allSteps(s.steps).some((st) => st.op === 'exit' && st.to === 'p1' && st.reason === 'kill');
  const failing = async (batch: Scenario[]) => batch.map(isKillOfP1);

  it('only proposes smaller scenarios, each a one-edit change', () => {
    const s = generateScenario(7);
    const size = JSON.stringify(s).length;
    for (const c of candidates(s)) expect(JSON.stringify(c).length).toBeLessThan(size);
  });

  it('reduces a failing scenario to the steps the failure needs', async () => {
    const seed = SEEDS.find((x) => isKillOfP1(generateScenario(x)))!;
    const original = generateScenario(seed);
    const { scenario } = await shrink(original, failing, { maxBatches: 400 });
    expect(isKillOfP1(scenario)).toBe(true);
    const top = scenario.steps;
    // what remains: the sorted block with the kill (and its settle)
    expect(top).toHaveLength(1);
    expect(top[0].op).toBe('sorted');
    expect((top[0].steps as Step[]).map((x) => x.op)).toEqual(['exit', 'settle']);
    expect(Object.keys(scenario.behaviours)).toEqual([]);
  });

  it('returns the input when nothing smaller fails', async () => {
    const s = generateScenario(3);
    const { scenario, steps } = await shrink(s, async (b) => b.map(() => false));
    expect(steps).toBe(0);
    expect(scenario).toBe(s);
  });
});
