// `supervisor-studio compare design.suptree --scenario NAME [--json] [--all-kinds]`: the simulator's promise, checked
// on the user's own design — one scenario run on the studio's simulator and on real OTP (the design's Elixir export,
// compiled in a temp folder, `mix scenario NAME`), printed in the one event format every export shares, then the
// lines compared the way the export's own tests compare them (bridge/run.ts compareScenario).
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { BridgeError } from '../../bridge/client';
import { compareScenario, type Comparison } from '../../bridge/run';
import { flattenSpec } from '../../runtime/design/spec';
import { CliError, readSpec } from './design-file';
import type { Command } from './types';

const HELP = `usage: supervisor-studio compare <file.suptree> --scenario NAME [--json] [--all-kinds]

Runs the scenario on the studio's simulator and on real Erlang/OTP (the design's Elixir export, compiled in a temp
folder that is removed afterwards; needs elixir and mix), then prints both event logs side by side:

  =  a line both printed      <  only the simulator      >  only real OTP

Lines are compared as the export's own tests compare them: start and exit events without their time, per phase
(the scenario commands issued before them), sorted; children started at run time lose their number.
Exit code 0 when both agree, 1 when they differ (or the design cannot be compared), 2 for a bad command line.

  --scenario NAME  one of the design's scenarios
  --all-kinds      compare notes and replies too (as a multiset)
  --json           {scenario, simulator, otp, compared: {simulator, otp}, diff: [{side, line}], same}`;

/** The side-by-side text: the two printed logs, then the compared lines with their side marks. */
export function formatComparison(c: Comparison): string {
  const w = Math.max(20, ...c.simulator.map((l) => l.replace(/\t/g, '  ').length));
  const out = [`scenario: ${c.scenario}`, '', `${'simulator'.padEnd(w)} | real OTP`];
  for (let i = 0; i < Math.max(c.simulator.length, c.otp.length); i++) {
    out.push(`${(c.simulator[i] ?? '').replace(/\t/g, '  ').padEnd(w)} | ${(c.otp[i] ?? '').replace(/\t/g, '  ')}`);
  }
  out.push('', 'compared (phase, kind, path, detail):');
  for (const d of c.diff) out.push(`${d.side} ${d.line.replace(/\t/g, '  ')}`);
  const only = (s: string) => c.diff.filter((d) => d.side === s).length;
  out.push('', c.same ? `same: the simulator and real OTP agree (${c.diff.length} lines)` : `differ: ${only('<')} line(s) only in the simulator, ${only('>')} only on real OTP`);
  return out.join('\n') + '\n';
}

export const compare: Command = {
  summary: 'run a scenario on the simulator and on real OTP (the Elixir export) and show both event logs side by side',
  async run(args) {
    let values, positionals;
    try {
      ({ values, positionals } = parseArgs({
        args: [...args], allowPositionals: true, strict: true,
        options: { scenario: { type: 'string' }, json: { type: 'boolean' }, 'all-kinds': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      }));
    } catch (e) {
      process.stderr.write(`${(e as Error).message}\n\n${HELP}\n`);
      return 2;
    }
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    if (positionals.length !== 1 || !values.scenario) {
      process.stderr.write(`one design file and --scenario NAME are required\n\n${HELP}\n`);
      return 2;
    }
    try {
      const spec = readSpec(positionals[0]);
      const custom = flattenSpec(spec).filter((c) => 'custom' in c && c.custom).map((c) => c.path);
      if (custom.length) throw new CliError(`${positionals[0]}: ${custom.join(', ')} run custom behaviours, which the Elixir export only has as skeletons (and which this command would run outside the sandbox): nothing to compare`);
      if (spawnSync('mix', ['--version'], { stdio: 'ignore' }).status !== 0) throw new CliError('compare needs Elixir (elixir and mix on the PATH)');
      const c = await compareScenario(spec, values.scenario, { kinds: values['all-kinds'] ? ['start', 'exit', 'note', 'reply'] : undefined, log: values.json ? undefined : (l) => process.stderr.write(`${l}\n`) });
      process.stdout.write(values.json ? `${JSON.stringify(c, null, 2)}\n` : formatComparison(c));
      return c.same ? 0 : 1;
    } catch (e) {
      if (!(e instanceof CliError) && !(e instanceof BridgeError)) throw e;
      process.stderr.write(`supervisor-studio compare: ${e.message}\n`);
      return e instanceof CliError ? e.code : 1;
    }
  },
};
