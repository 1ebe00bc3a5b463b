// The differential fuzzer against real OTP (skipped where `elixir` or ../shared/conformance is missing):
//  - the one-VM batch runner prints byte for byte what separate `elixir otp_runner.exs` runs printed (the public
//    .expected files came from separate runs);
//  - a fixed-seed batch of 200 generated scenarios: OTP accepts every one, and the kernel prints the same log;
// Saved regressions (runtime/conformance/regressions) run in runtime/conformance/conformance.test.ts (no elixir needed).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineDiff } from './conformance';
import { elixirAvailable, fuzz, runOtp, sharedConformanceDir } from './fuzz';

const haveOtp = elixirAvailable();
const SEED = 20_260_101;
const RUNS = 200;

describe.skipIf(!haveOtp)('differential fuzzer on real OTP (needs elixir)', () => {
  it('the batch runner prints byte-identical logs to separate otp_runner runs (public scenarios)', async () => {
    const dir = join(sharedConformanceDir(), 'public');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => join(dir, f));
    const res = await runOtp(files, { parallel: 2 });
    files.forEach((f, i) => {
      const r = res[i];
      expect(r.ok && r.log, f).toBe(readFileSync(f.replace(/\.json$/, '.expected'), 'utf8'));
    });
  }, 300_000);

  it(`${RUNS} generated scenarios (seed ${SEED}): OTP accepts all and the kernel prints the same logs`, async () => {
    const r = await fuzz({ runs: RUNS, seed: SEED, parallel: 2, shrink: false });
    const detail = r.mismatches.map((m) => `seed ${m.seed}:\n${lineDiff(m.otp, m.ours)}`).join('\n\n');
    expect(r.invalid, 'scenarios OTP rejected').toEqual([]);
    expect(r.valid).toBe(RUNS);
    expect(r.mismatches.length, detail).toBe(0);
  }, 400_000);
});
