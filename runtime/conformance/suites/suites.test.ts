// OTP's supervisor_SUITE / gen_server_SUITE and Elixir's Supervisor, DynamicSupervisor, Task.Supervisor, Registry
// and Agent tests, translated into conformance scenarios (README.md here). Each scenario must print, byte for byte,
// the `.expected` log real OTP 25 / Elixir 1.14 printed; cases.ts lists every case of those suites with its status,
// and docs/kernel.md's table must give the same counts. Where `elixir` exists, a sample is re-run on OTP (one VM).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeKernelPrintsExpected, expectOtpPrintsExpected, haveOtp, runOnOtp, scenarioFolder } from '../node.test-support';
import { SUITES, type Suite } from './cases';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const dir = path.join(here, 'scenarios');
const { files, expectedOf } = scenarioFolder(dir);

describeKernelPrintsExpected('OTP / Elixir test-suite scenarios on the kernel (expected logs from real OTP 25)', dir, 40);

/** Per suite: cases, translated (a scenario), out of scope, not translated yet. */
export function counts(s: Suite): { cases: number; translated: number; out: number; todo: number } {
  const st = Object.values(s.cases);
  return {
    cases: st.length,
    translated: st.filter((c) => 'scenarios' in c).length,
    out: st.filter((c) => 'out' in c).length,
    todo: st.filter((c) => 'todo' in c).length,
  };
}

describe('the case list (cases.ts)', () => {
  it('points only at scenarios that exist, and every scenario translates some case', () => {
    const used = new Set<string>();
    for (const s of SUITES)
      for (const [name, c] of Object.entries(s.cases)) {
        if (!('scenarios' in c)) continue;
        expect(c.scenarios.length, `${s.id} ${name}`).toBeGreaterThan(0);
        for (const f of c.scenarios) {
          expect(existsSync(path.join(dir, `${f}.json`)), `${s.id} ${name} -> ${f}`).toBe(true);
          used.add(`${f}.json`);
        }
      }
    expect(files.filter((f) => !used.has(f))).toEqual([]);
  });

  it('gives every out-of-scope case a reason', () => {
    for (const s of SUITES) for (const [name, c] of Object.entries(s.cases)) if ('out' in c) expect(c.out.length, `${s.id} ${name}`).toBeGreaterThan(10);
  });

  it('docs/kernel.md shows the same counts', () => {
    const doc = readFileSync(path.join(repoRoot, 'docs', 'kernel.md'), 'utf8');
    for (const s of SUITES) {
      const c = counts(s);
      const row = `| ${s.id} | ${c.cases} | ${c.translated} | ${c.translated} | ${c.out} | ${c.todo} |`;
      expect(doc, `docs/kernel.md lacks the row ${row}`).toContain(row);
    }
  });
});

describe.skipIf(!haveOtp)('a sample of the suite scenarios on real OTP (needs elixir and ../shared/conformance)', () => {
  // every third scenario, in one VM: OTP still prints each .expected file (a stale one fails here)
  const sample = files.filter((_, i) => i % 3 === 0);
  it(`OTP prints the .expected log of ${sample.length} scenarios again`, () => {
    expectOtpPrintsExpected(runOnOtp(sample.map((f) => path.join(dir, f))), sample, expectedOf);
  }, 300_000);
});
