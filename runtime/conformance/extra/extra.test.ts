// The extra conformance scenarios (significant/auto_shutdown, GenServer.stop, Task, Task.Supervisor, Agent; see
// README.md here): each must print, byte for byte, the `.expected` log real OTP 25 printed through otp_ext.exs.
// Where `elixir` and ../shared/conformance exist, all of them are also re-run on OTP (one VM for the whole folder)
// and compared with the `.expected` files, so a stale expected file or a runner change cannot go unnoticed; the same
// single `elixir` run also takes 40 generated significant/auto_shutdown scenarios (gen.ts, fixed seeds), whose
// OTP logs the kernel must print too.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scenarioText } from '../fuzz/scenario';
import { runScenario } from '../index';
import { describeKernelPrintsExpected, expectOtpPrintsExpected, haveOtp, runOnOtp, scenarioFolder, type OtpOutcome } from '../node.test-support';
import { generateSignificantScenario } from './gen';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.join(here, 'scenarios');
const { files, expectedOf } = scenarioFolder(dir);

describeKernelPrintsExpected('extra conformance scenarios on the kernel (expected logs from real OTP 25)', dir, 15);

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
  let batch: { fixed: Map<string, OtpOutcome>; generated: Array<OtpOutcome | undefined> } | null = null;
  const runBatch = (): NonNullable<typeof batch> => {
    if (batch) return batch;
    const tmp = mkdtempSync(path.join(tmpdir(), 'conf-extra-'));
    try {
      const gen = Array.from({ length: GENERATED }, (_, i) => {
        const f = path.join(tmp, `gen-${SEED + i}.json`);
        writeFileSync(f, scenarioText(generateSignificantScenario(SEED + i)));
        return f;
      });
      const res = runOnOtp([...files.map((f) => path.join(dir, f)), ...gen]);
      batch = { fixed: res, generated: gen.map((f) => res.get(path.basename(f))) };
      return batch;
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  };

  it('OTP prints every .expected file again, byte for byte (one VM for all)', () => {
    expectOtpPrintsExpected(runBatch().fixed, files, expectedOf);
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
