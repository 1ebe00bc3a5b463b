// The extra conformance scenarios (significant/auto_shutdown, GenServer.stop, Task, Task.Supervisor, Agent; see
// README.md here): each must print, byte for byte, the `.expected` log real OTP 25 printed through otp_ext.exs.
// Where `elixir` and ../shared/conformance exist, all of them are also re-run on OTP (one VM for the whole folder)
// and compared with the `.expected` files, so a stale expected file or a runner change cannot go unnoticed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../index';

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

describe.skipIf(!haveOtp)('extra conformance scenarios on real OTP (needs elixir and ../shared/conformance)', () => {
  it('OTP prints every .expected file again, byte for byte (one VM for all)', () => {
    const r = spawnSync('elixir', [path.join(here, 'otp_ext.exs'), runner, ...files.map((f) => path.join(dir, f))], {
      maxBuffer: 64 * 1024 * 1024,
      timeout: 240_000,
    });
    expect(r.status, r.stderr?.toString()).toBe(0);
    const res = parseBatch(r.stdout);
    for (const f of files) {
      const got = res.get(f);
      expect(got?.ok, `${f}: ${got?.text}`).toBe(true);
      expect(got?.text, f).toBe(expectedOf(f));
    }
  }, 300_000);
});
