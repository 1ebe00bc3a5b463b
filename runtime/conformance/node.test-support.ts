// Test support (Node only, never part of the runtime package): what the conformance folders' tests share — where
// ../shared/conformance is and whether real OTP can be asked, a folder's scenarios with their `.expected` logs, and
// the batch output of otp_ext.exs (`#<bytes> <ok|error> <ms> <path>\n` + that many bytes, per scenario).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runScenario } from './index';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shared = process.env.SUPERVISOR_STUDIO_SHARED ?? path.resolve(repoRoot, '../shared');

export const OTP_RUNNER = path.join(shared, 'conformance', 'otp_runner.exs');
export const OTP_EXT = path.join(repoRoot, 'runtime', 'conformance', 'extra', 'otp_ext.exs');
/** elixir on PATH and the shared runner present. */
export const haveOtp = existsSync(OTP_RUNNER) && spawnSync('elixir', ['--version'], { stdio: 'ignore' }).status === 0;

/** A folder of `NAME.json` scenarios, each next to the `NAME.expected` log real OTP printed. */
export function scenarioFolder(dir: string): { files: string[]; expectedOf: (f: string) => string; hasExpected: (f: string) => boolean } {
  const expectedPath = (f: string) => path.join(dir, f.replace(/\.json$/, '.expected'));
  return {
    files: readdirSync(dir).filter((f) => f.endsWith('.json')).sort(),
    expectedOf: (f) => readFileSync(expectedPath(f), 'utf8'),
    hasExpected: (f) => existsSync(expectedPath(f)),
  };
}

export type OtpOutcome = { ok: boolean; text: string };

/** Parse otp_ext.exs output into results keyed by the scenario file's base name. */
export function parseOtpExtBatch(buf: Buffer): Map<string, OtpOutcome> {
  const out = new Map<string, OtpOutcome>();
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

/** Run scenario files on real OTP in one VM (otp_ext.exs), keyed by base name. */
export function runOnOtp(files: readonly string[], timeout = 280_000): Map<string, OtpOutcome> {
  const r = spawnSync('elixir', [OTP_EXT, OTP_RUNNER, ...files], { maxBuffer: 64 * 1024 * 1024, timeout });
  if (r.status !== 0) throw new Error(`otp_ext.exs exited ${r.status}: ${r.stderr?.toString().slice(-500)}`);
  return parseOtpExtBatch(r.stdout);
}

/** The kernel prints each scenario's `.expected` log byte for byte (one test per scenario), and there are at least `min`. */
export function describeKernelPrintsExpected(title: string, dir: string, min: number): void {
  const { files, expectedOf, hasExpected } = scenarioFolder(dir);
  describe(title, () => {
    it('has its scenarios, each with an expected log', () => {
      expect(files.length).toBeGreaterThanOrEqual(min);
      for (const f of files) expect(hasExpected(f), f).toBe(true);
    });
    for (const f of files) it(f, () => expect(runScenario(readFileSync(path.join(dir, f), 'utf8'))).toBe(expectedOf(f)));
  });
}

/** Every file's OTP outcome is ok and prints its `.expected` log again. */
export function expectOtpPrintsExpected(res: Map<string, OtpOutcome>, files: readonly string[], expectedOf: (f: string) => string): void {
  for (const f of files) {
    const got = res.get(f);
    expect(got?.ok, `${f}: ${got?.text}`).toBe(true);
    expect(got?.text, f).toBe(expectedOf(f));
  }
}
