// The design-level differential test against real OTP, inside `npm test`: a fixed-seed batch of generated designs
// runs on the simulator and, exported to Elixir, on Erlang/OTP (no cached expectations); every projection must be
// identical. Also: the saved regressions' .expected files are what OTP prints for them today. Skipped, with the
// reason, where elixir is not installed (.ci/run installs it). See docs/fuzz-designs.md.
import { describe, expect, it } from 'vitest';
import { simulatorProjection } from '../../runtime/conformance/designs/project';
import { elixirInstalled, fuzzDesigns, loadDesignRegressions, projectionDiff, runDesignsOnOtp } from './fuzz-designs';

const SEED = 20_261_205;
const RUNS = 100;

describe.skipIf(!elixirInstalled())('fuzz:designs against real OTP (elixir installed)', () => {
  it(`${RUNS} generated designs (seed ${SEED}): the simulator and the Elixir export on OTP agree on every one`, async () => {
    const r = await fuzzDesigns({ runs: RUNS, seed: SEED, parallel: 2, shrink: false });
    const report = r.divergences.map((d) => `seed ${d.seed}${d.flaky ? ' (OTP unstable)' : ''}:\n${projectionDiff(d.otp, d.sim)}`).join('\n\n');
    expect(r.skipped, 'designs the generator could not settle').toEqual([]);
    expect(r.otpErrors, 'designs OTP could not run').toEqual([]);
    expect(report, 'divergences (OTP -, simulator +)').toBe('');
    expect(r.compared).toBe(RUNS);
    // a transient is a first OTP run the machine's load disturbed (re-runs matched); many would mean the timing
    // margins are too thin
    expect(r.transient.length, `transient seeds ${r.transient.join(', ')}`).toBeLessThanOrEqual(RUNS / 10);
  }, 600_000);

  it('the saved regressions: OTP prints their .expected today', async () => {
    const regs = loadDesignRegressions();
    expect(regs.length).toBeGreaterThan(0);
    const otp = await runDesignsOnOtp(regs.map((x) => x.design), { parallel: 1 });
    regs.forEach((reg, i) => {
      const o = otp[i];
      expect(o.ok ? o.lines : o.error, reg.name).toEqual(reg.expected);
      expect(simulatorProjection(reg.design), reg.name).toEqual(reg.expected);
    });
  }, 300_000);
});
