// `supervisor-studio run <file> [--scenario NAME] [--seed N] [--until MS] [--trace] [--json]`: run a design on the
// kernel under the virtual clock and print a summary (or the trace).
import { Simulation, type RunResult } from '../../runtime/sim/start';
import { CliError, designCommand, intOption, readSpec, writeJson } from './design-file';

const HELP = `usage: supervisor-studio run <file.suptree> [--scenario NAME] [--seed N] [--until MS] [--trace] [--json]

Starts the design on the kernel (virtual clock, seeded) and runs one of its scenarios — the first one when
--scenario is not given; without scenarios it just starts the tree. Prints a summary: per process its starts,
restarts, exits and final status, the supervisors that gave up, the scenario's calls and their answers, counters.

  --scenario NAME  the scenario to run (see the design's scenarios)
  --seed N         PRNG seed (default 1): the same seed gives the same run, byte for byte
  --until MS       run length in virtual ms (default: the scenario's untilMs, else its last command + 2000)
  --trace          print the trace, one event per line, instead of the summary
  --json           print {scenario, seed, summary, trace} as JSON`;

function printSummary(name: string | null, seed: number, r: RunResult): void {
  const s = r.summary;
  const out: string[] = [`${name ? `scenario "${name}"` : 'start only'}, seed ${seed}, ran ${s.endMs} ms, ${r.trace.length} trace events`, ''];
  const width = Math.max(...Object.values(s.nodes).map((n) => n.path.length), 4);
  out.push(`${'node'.padEnd(width)}  status         starts  restarts  exits`);
  for (const n of Object.values(s.nodes)) {
    out.push(`${n.path.padEnd(width)}  ${n.status.padEnd(13)}  ${String(n.starts).padStart(6)}  ${String(n.restarts).padStart(8)}  ${n.exits.map((e) => `${e.reason} @${e.t}`).join(', ')}`);
  }
  out.push('', s.escalations.length ? 'supervisors that gave up:' : 'no supervisor gave up');
  for (const e of s.escalations) out.push(`  ${e.nodeId} @${e.t} (last failure: ${e.child} ${e.reason})`);
  if (s.rootGaveUp) out.push('  → the root gave up: the whole tree is down');
  if (s.calls.length) out.push('', 'calls:');
  for (const c of s.calls) out.push(`  @${c.at} ${c.target} ${c.message} → ${c.ok ? '' : 'exit '}${c.result} (@${c.doneAt})`);
  for (const c of s.unanswered) out.push(`  @${c.at} ${c.target} ${c.message} → no answer before the end`);
  const counters = Object.entries(s.counters).filter(([, c]) => Object.keys(c).length);
  if (counters.length) out.push('', 'counters:');
  for (const [id, c] of counters) out.push(`  ${id}: ${Object.entries(c).map(([k, v]) => `${k}=${v}`).join(' ')}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

export const run = designCommand(
  'run a design scenario on the kernel and print a summary or the trace',
  HELP,
  { scenario: { type: 'string' }, seed: { type: 'string' }, until: { type: 'string' }, trace: { type: 'boolean' }, json: { type: 'boolean' } },
  ({ file, values }) => {
    const spec = readSpec(file);
    const seed = intOption(values, 'seed', 1);
    const until = values.until === undefined ? undefined : intOption(values, 'until', 0);
    const wanted = values.scenario as string | undefined;
    const scenario = wanted === undefined ? spec.scenarios[0] : spec.scenarios.find((s) => s.name === wanted);
    if (wanted !== undefined && !scenario) {
      throw new CliError(`${file} has no scenario "${wanted}". Its scenarios: ${spec.scenarios.map((s) => `"${s.name}"`).join(', ') || 'none'}.`);
    }
    const sim = new Simulation(spec, { seed });
    const result = scenario ? sim.run(scenario.commands, until ?? scenario.untilMs) : sim.run([], until ?? 1000);
    if (values.json) writeJson({ scenario: scenario?.name ?? null, seed, summary: { ...result.summary, calls: result.summary.calls.map(({ value: _v, ...c }) => c) }, trace: result.lines });
    else if (values.trace) process.stdout.write(`${result.lines.join('\n')}\n`);
    else printSummary(scenario?.name ?? null, seed, result);
    return 0;
  },
  { runsCustomCode: true },
);
