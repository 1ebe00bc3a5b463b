// What the test panel shows for one scenario: its expectations checked against a headless run (virtual clock, from
// t = 0), as plain data that crosses postMessage. Computed in the run worker (a design's custom code is untrusted
// and runs there), by the same checker as `supervisor-studio test` (runtime/sim/expect.ts).
import type { Expectation } from '../../runtime/design/expectations';
import type { RuntimeSpec } from '../../runtime/design/spec';
import { testScenario } from '../../runtime/sim/expect';

export interface TestReport {
  scenario: string;
  seed: number;
  passed: number;
  failed: number;
  results: { text: string; pass: boolean; actual: string; expectation: Expectation }[];
  /** The run itself failed (a custom behaviour that does not compile, …): no expectation could be checked. */
  error?: string;
}

/** Check every scenario of `spec` that has expectations (or just `only`). */
export function testReports(spec: RuntimeSpec, seed: number, only?: string): TestReport[] {
  return spec.scenarios
    .filter((sc) => (only === undefined || sc.name === only) && (sc.expect?.length ?? 0) > 0)
    .map((sc) => {
      try {
        const r = testScenario(spec, sc.name, { seed, keepTrace: false });
        return {
          scenario: sc.name, seed, passed: r.passed, failed: r.failed,
          results: r.results.map(({ text, pass, actual, expectation }) => ({ text, pass, actual, expectation })),
        };
      } catch (e) {
        return { scenario: sc.name, seed, passed: 0, failed: sc.expect!.length, results: [], error: e instanceof Error ? e.message : String(e) };
      }
    });
}
