// The extra conformance scenarios (significant/auto_shutdown, GenServer.stop, Task, Task.Supervisor, Agent; see
// README.md here): each must print, byte for byte, the `.expected` log real OTP 25 printed through otp_ext.exs.
// Where `elixir` and ../shared/conformance exist, all of them are also re-run on OTP (one VM for the whole folder)
// and compared with the `.expected` files, so a stale expected file or a runner change cannot go unnoticed; the same
// single `elixir` run also takes 40 generated significant/auto_shutdown scenarios (gen.ts, fixed seeds), whose
// OTP logs the kernel must print too.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scenarioText } from '../fuzz/scenario';
import { runScenario } from '../index';
import { generateSignificantScenario } from './gen';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const dir = path.join(here, 'scenarios');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const shared = process.env.SUPERVISOR_STUDIO_SHARED ?? path.resolve(repoRoot, '../shared');
const runner = path.join(shared, 'conformance', 'otp_runner.exs');
const haveOtp = existsSync(runner) && spawnSync('elixir', ['--version'], { stdio: 'ignore' }).status === 0;

const expectedOf = (f: string): string => readFileSync(path.join(dir, f.replace(/\.json$/, '.expected')), 'utf8');

describe('extra conformance scenarios on the kernel (expected logs from real OTP 25)', () => {
  it('has its scenarios, each with an expected log', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
    for (const f of files) expect(existsSync(path.join(dir, f.replace(/\.json$/, '.expected'))), f).toBe(true);
  });
  for (const f of files) {
    it(f, () => {
      expect(runScenario(readFileSync(path.join(dir, f), 'utf8'))).toBe(expectedOf(f));
    });
  }
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

const SEED = 7_000;
const GENERATED = 40;

describe('generated significant/auto_shutdown scenarios (gen.ts)', () => {
  it('are a function of the seed, and the kernel runs each to the end', () => {
    expect(scenarioText(generateSignificantScenario(5))).toBe(scenarioText(generateSignificantScenario(5)));
    expect(scenarioText(generateSignificantScenario(5))).not.toBe(scenarioText(generateSignificantScenario(6)));
    for (let i = 0; i < GENERATED; i++) expect(runScenario(generateSignificantScenario(SEED + i)).endsWith('\n')).toBe(true);
  });
});

describe.skipIf(!haveOtp)('extra conformance scenarios on real OTP (needs elixir and ../shared/conformance)', () => {
  // one elixir run for the fixed scenarios and the generated ones
  let batch: { fixed: Map<string, { ok: boolean; text: string }>; generated: Array<{ ok: boolean; text: string } | undefined> } | null = null;
  const runBatch = (): NonNullable<typeof batch> => {
    if (batch) return batch;
    const tmp = mkdtempSync(path.join(tmpdir(), 'conf-extra-'));
    try {
      const gen = Array.from({ length: GENERATED }, (_, i) => {
        const f = path.join(tmp, `gen-${SEED + i}.json`);
        writeFileSync(f, scenarioText(generateSignificantScenario(SEED + i)));
        return f;
      });
      const r = spawnSync('elixir', [path.join(here, 'otp_ext.exs'), runner, ...files.map((f) => path.join(dir, f)), ...gen], {
        maxBuffer: 64 * 1024 * 1024,
        timeout: 280_000,
      });
      if (r.status !== 0) throw new Error(`otp_ext.exs exited ${r.status}: ${r.stderr?.toString().slice(-500)}`);
      const res = parseBatch(r.stdout);
      batch = { fixed: res, generated: gen.map((f) => res.get(path.basename(f))) };
      return batch;
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  };

  it('OTP prints every .expected file again, byte for byte (one VM for all)', () => {
    const res = runBatch().fixed;
    for (const f of files) {
      const got = res.get(f);
      expect(got?.ok, `${f}: ${got?.text}`).toBe(true);
      expect(got?.text, f).toBe(expectedOf(f));
    }
  }, 300_000);

  it(`${GENERATED} generated scenarios (seeds ${SEED}...): OTP runs all, the kernel prints the same logs`, () => {
    const res = runBatch().generated;
    res.forEach((got, i) => {
      const seed = SEED + i;
      expect(got?.ok, `seed ${seed}: ${got?.text}`).toBe(true);
      expect(runScenario(generateSignificantScenario(seed)), `seed ${seed}`).toBe(got!.text);
    });
  }, 300_000);
});
