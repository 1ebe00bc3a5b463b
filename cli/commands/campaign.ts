// `supervisor-studio campaign <file> --runs N --seed S [--rate KIND=R ...] [--duration MS] [--json]`:
// Monte-Carlo chaos runs, with a progress bar on a terminal.
import { DEFAULT_FAULT_MODEL, runCampaign, type FaultModel } from '../../runtime/sim/campaign';
import { CliError, designCommand, intOption, progressBar, readSpec, writeJson } from './design-file';

const HELP = `usage: supervisor-studio campaign <file.suptree> --runs N --seed S [--rate KIND=R]... [--duration MS] [--json]

Monte-Carlo chaos: N runs of the design (run i seeded from S), each killing processes at random (a Poisson process
per process, R kills per second for its node kind or behaviour id), for MS virtual ms. Reports the probability that
the root supervisor gives up, restarts per node, and the time the tree needs to be whole again after a fault.
The same file, runs, seed and rates always give the same numbers.

  --runs N          number of runs (default 100)
  --seed S          campaign seed (default 1)
  --rate KIND=R     kills per second per process for a node kind (worker, supervisor, ...) or a behaviour id;
                    repeatable (default worker=${DEFAULT_FAULT_MODEL.rates.worker})
  --duration MS     virtual length of each run (default ${DEFAULT_FAULT_MODEL.durationMs})
  --json            print the result as JSON (with every run's outcome)`;

const KINDS = new Set(['worker', 'supervisor', 'dynamic_supervisor', 'task_supervisor', 'registry']);

function model(values: Record<string, unknown>): FaultModel {
  const rates = values.rate as string[] | undefined;
  const m: FaultModel = { rates: rates ? {} : { ...DEFAULT_FAULT_MODEL.rates }, behaviourRates: {}, durationMs: intOption(values as never, 'duration', DEFAULT_FAULT_MODEL.durationMs, 1) };
  for (const r of rates ?? []) {
    const match = /^([a-z_][a-z0-9_]*)=(\d+(\.\d+)?)$/.exec(r);
    if (!match) throw new CliError(`--rate must look like worker=0.5 (got ${JSON.stringify(r)})`, 2);
    (KINDS.has(match[1]) ? m.rates : m.behaviourRates!)[match[1]] = Number(match[2]);
  }
  return m;
}

export const campaign = designCommand(
  'Monte-Carlo chaos runs: probability the root gives up, restarts, time to recover',
  HELP,
  { runs: { type: 'string' }, seed: { type: 'string' }, rate: { type: 'string', multiple: true }, duration: { type: 'string' }, json: { type: 'boolean' } },
  ({ file, values }) => {
    const spec = readSpec(file);
    const runs = intOption(values, 'runs', 100, 1);
    const seed = intOption(values, 'seed', 1);
    const bar = progressBar('campaign');
    const r = runCampaign(spec, model(values), { runs, seed, onProgress: (p) => bar.update(p.done, p.total, `root gave up ${p.rootGaveUpRuns}`) });
    bar.done();
    if (values.json) {
      writeJson(r);
      return 0;
    }
    const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
    const ms = (x: number | null) => (x === null ? '-' : `${Math.round(x * 10) / 10} ms`);
    const out = [
      `${r.runs} runs, seed ${r.seed}, ${r.model.durationMs} ms each, ${r.faults} faults injected`,
      `root gives up in ${r.rootGaveUpRuns} of ${r.runs} runs (${pct(r.rootGiveUpProbability)})`,
      `time to recover: mean ${ms(r.recovery.meanMs)}, p95 ${ms(r.recovery.p95Ms)}, max ${ms(r.recovery.maxMs)}, not recovered ${r.recovery.unrecovered}`,
      '',
      'restarts per run (mean / max):',
    ];
    for (const [id, v] of Object.entries(r.restartsPerNode)) out.push(`  ${id.padEnd(24)} ${v.mean.toFixed(2).padStart(7)} / ${v.max}`);
    process.stdout.write(`${out.join('\n')}\n`);
    return 0;
  },
  { runsCustomCode: true },
);
