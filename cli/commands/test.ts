// `supervisor-studio test <file|folder> [--scenario NAME] [--seed N] [--verbose] [--json]`: run every scenario that
// has expectations (`expect` on a scenario) and report each expectation as passed or failed.
import { testScenario, type ScenarioTestResult } from '../../runtime/sim/expect';
import { CliError, designCommand, designInput, intOption, readSpec, writeJson } from './design-file';

const HELP = `usage: supervisor-studio test <file.suptree | folder> [--scenario NAME] [--seed N] [--verbose] [--json]

Runs each scenario that carries expectations (its "expect" list) on the kernel (virtual clock, seeded) and checks
them: a call's answer, an exit reason, a process's status or restart count at a time, a supervisor giving up, a
counter, an event a process reported. Prints one line per expectation (✓ passed, ✗ failed with what the run
showed) and a closing line "N passed, N failed". Exit 0 when all pass, 1 when one fails or a design cannot be
run, 2 for a bad command line. Given a folder, tests every .suptree file in it (not in subfolders), in name order.

  --scenario NAME  only this scenario (in each file)
  --seed N         PRNG seed (default 1): the same seed gives the same run
  --verbose        also say what the run showed for passing expectations
  --json           print {files: [{file, error?, scenarios: [{scenario, seed, passed, failed, results}]}], passed, failed}`;

interface FileReport {
  file: string;
  error?: string;
  scenarios: ScenarioTestResult[];
}


export const test = designCommand(
  "check the expectations of a design's scenarios (a file or every design in a folder)",
  HELP,
  { scenario: { type: 'string' }, seed: { type: 'string' }, verbose: { type: 'boolean' }, json: { type: 'boolean' } },
  ({ file: target, values }) => {
    const seed = intOption(values, 'seed', 1);
    const only = values.scenario as string | undefined;
    const reports: FileReport[] = [];
    for (const file of designInput.list(target)) {
      try {
        const spec = readSpec(file);
        const scenarios = spec.scenarios.filter((s) => (only === undefined || s.name === only) && s.expect?.length);
        reports.push({ file, scenarios: scenarios.map((s) => testScenario(spec, s.name, { seed, keepTrace: false })) });
      } catch (e) {
        if (!(e instanceof CliError) && !(e instanceof Error)) throw e;
        reports.push({ file, error: e.message, scenarios: [] });
      }
    }
    const passed = reports.reduce((n, r) => n + r.scenarios.reduce((m, s) => m + s.passed, 0), 0);
    const failed = reports.reduce((n, r) => n + r.scenarios.reduce((m, s) => m + s.failed, 0), 0);
    const broken = reports.filter((r) => r.error !== undefined).length;
    const tested = reports.reduce((n, r) => n + r.scenarios.length, 0);
    if (only !== undefined && tested === 0 && broken === 0) throw new CliError(`No scenario "${only}" with expectations in ${target}.`);
    if (values.json) {
      writeJson({
        files: reports.map((r) => ({
          file: r.file, ...(r.error !== undefined && { error: r.error }),
          scenarios: r.scenarios.map((s) => ({ scenario: s.scenario, seed: s.seed, passed: s.passed, failed: s.failed, results: s.results.map(({ text, pass, actual, expectation }) => ({ text, pass, actual, expectation })) })),
        })),
        passed, failed,
      });
    } else {
      const out: string[] = [];
      for (const r of reports) {
        out.push(r.file);
        if (r.error !== undefined) out.push(`  ✗ cannot be tested: ${r.error.replace(/\n/g, '\n    ')}`);
        else if (r.scenarios.length === 0) out.push('  (no scenario with expectations)');
        for (const s of r.scenarios) {
          out.push(`  scenario "${s.scenario}"`);
          for (const x of s.results) {
            out.push(`    ${x.pass ? '✓' : '✗'} ${x.text}${!x.pass || values.verbose ? `\n        ${x.pass ? 'saw' : 'got'}: ${x.actual}` : ''}`);
          }
        }
      }
      out.push('', `${passed} passed, ${failed} failed${broken ? ` (${broken} design${broken === 1 ? '' : 's'} could not be tested)` : ''}`);
      process.stdout.write(`${out.join('\n')}\n`);
    }
    return failed > 0 || broken > 0 ? 1 : 0;
  },
  { runsCustomCode: true },
);
