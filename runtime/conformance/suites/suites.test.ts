// OTP's supervisor_SUITE / gen_server_SUITE and Elixir's Supervisor, DynamicSupervisor, Task.Supervisor, Registry
// and Agent tests, translated into conformance scenarios (README.md here). Each scenario must print, byte for byte,
// the `.expected` log real OTP 25 / Elixir 1.14 printed; cases.ts lists every case of those suites with its status,
// and docs/kernel.md's table must give the same counts. Where `elixir` exists, a sample is re-run on OTP (one VM).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../index';
import { SUITES, type Suite } from './cases';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const dir = path.join(here, 'scenarios');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const shared = process.env.SUPERVISOR_STUDIO_SHARED ?? path.resolve(repoRoot, '../shared');
const runner = path.join(shared, 'conformance', 'otp_runner.exs');
const haveOtp = existsSync(runner) && spawnSync('elixir', ['--version'], { stdio: 'ignore' }).status === 0;
const expectedOf = (f: string): string => readFileSync(path.join(dir, f.replace(/\.json$/, '.expected')), 'utf8');

describe('OTP / Elixir test-suite scenarios on the kernel (expected logs from real OTP 25)', () => {
  it('has its scenarios, each with an expected log', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
    for (const f of files) expect(existsSync(path.join(dir, f.replace(/\.json$/, '.expected'))), f).toBe(true);
  });
  for (const f of files) {
    it(f, () => {
      expect(runScenario(readFileSync(path.join(dir, f), 'utf8'))).toBe(expectedOf(f));
    });
  }
});

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

/** Parse otp_ext.exs batch output: `#<bytes> <ok|error> <ms> <path>\n` + that many bytes, per scenario. */
function parseBatch(buf: Buffer): Map<string, { ok: boolean; text: string }> {
  const out = new Map<string, { ok: boolean; text: string }>();
  let i = 0;
  while (i < buf.length) {
    const nl = buf.indexOf(10, i);
    const m = nl < 0 ? null : /^#(\d+) (ok|error) (\d+) (.*)$/.exec(buf.subarray(i, nl).toString('utf8'));
    if (!m) throw new Error(`otp_ext: unexpected output at byte ${i}: ${buf.subarray(i, i + 80).toString('utf8')}`);
    out.set(path.basename(m[4]), { ok: m[2] === 'ok', text: buf.subarray(nl + 1, nl + 1 + Number(m[1])).toString('utf8') });
    i = nl + 1 + Number(m[1]);
  }
  return out;
}

describe.skipIf(!haveOtp)('a sample of the suite scenarios on real OTP (needs elixir and ../shared/conformance)', () => {
  // every third scenario, in one VM: OTP still prints each .expected file (a stale one fails here)
  const sample = files.filter((_, i) => i % 3 === 0);
  it(`OTP prints the .expected log of ${sample.length} scenarios again`, () => {
    const r = spawnSync('elixir', [path.join(here, '..', 'extra', 'otp_ext.exs'), runner, ...sample.map((f) => path.join(dir, f))], {
      maxBuffer: 64 * 1024 * 1024,
      timeout: 280_000,
    });
    if (r.status !== 0) throw new Error(`otp_ext.exs exited ${r.status}: ${r.stderr?.toString().slice(-500)}`);
    const res = parseBatch(r.stdout);
    for (const f of sample) {
      const got = res.get(f);
      expect(got?.ok, `${f}: ${got?.text}`).toBe(true);
      expect(got?.text, f).toBe(expectedOf(f));
    }
  }, 300_000);
});
