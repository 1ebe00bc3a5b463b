// ★ Campaigns: Monte-Carlo chaos over a fault model. Each run starts the design on a fresh kernel, kills processes at
// random times (a Poisson process per node, with a rate per node kind or behaviour), and records whether the root gave
// up, how often each node restarted, and how long the tree took to be whole again after each fault.
// Run i uses a seed derived from the campaign seed, so a campaign is reproducible from (spec, model, runs, seed).
import { Prng } from '../kernel/index';
import type { RuntimeSpec } from '../design/spec';
import { Simulation } from './start';
import { dict } from '../dict';

export interface FaultModel {
  /** Kills per second per process, by node kind (`worker`, `supervisor`, `dynamic_supervisor`, `registry`, ...). */
  rates: Partial<Record<string, number>>;
  /** Overrides for workers of a behaviour id. */
  behaviourRates?: Partial<Record<string, number>>;
  /** Length of each run in virtual ms. */
  durationMs: number;
  /** The exit reason of an injected fault (default `kill`). */
  reason?: string;
  /** A fault not repaired within this time counts as unrecovered (default 5000 ms). */
  recoveryLimitMs?: number;
}

export const DEFAULT_FAULT_MODEL: FaultModel = { rates: { worker: 0.1 }, durationMs: 10_000 };

export interface RunOutcome {
  run: number;
  seed: number;
  faults: number;
  rootGaveUp: boolean;
  restarts: Record<string, number>;
  /** Recovery time per fault (ms); null = not whole again within the limit. */
  recoveries: (number | null)[];
}

export interface CampaignResult {
  runs: number;
  seed: number;
  model: FaultModel;
  /** Share of runs in which a root supervisor gave up. */
  rootGiveUpProbability: number;
  rootGaveUpRuns: number;
  faults: number;
  /** Mean and most restarts per run, per node. */
  restartsPerNode: Record<string, { mean: number; max: number }>;
  recovery: { meanMs: number | null; p95Ms: number | null; maxMs: number | null; unrecovered: number };
  outcomes: RunOutcome[];
}

export interface CampaignProgress {
  done: number;
  total: number;
  rootGaveUpRuns: number;
}

/** The seed of run `i` (a mix of the campaign seed and i, so runs differ but are reproducible). */
export function runSeed(seed: number, i: number): number {
  let h = (seed ^ 0x9e3779b9) + Math.imul(i + 1, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

export function runCampaign(
  spec: RuntimeSpec,
  model: FaultModel = DEFAULT_FAULT_MODEL,
  opts: { runs: number; seed: number; onProgress?: (p: CampaignProgress) => void },
): CampaignResult {
  const outcomes: RunOutcome[] = [];
  let gaveUp = 0;
  for (let i = 0; i < opts.runs; i++) {
    const o = oneRun(spec, model, i, runSeed(opts.seed, i));
    outcomes.push(o);
    if (o.rootGaveUp) gaveUp++;
    opts.onProgress?.({ done: i + 1, total: opts.runs, rootGaveUpRuns: gaveUp });
  }
  return summarise(spec, model, opts.seed, outcomes);
}

function oneRun(spec: RuntimeSpec, model: FaultModel, run: number, seed: number): RunOutcome {
  const sim = new Simulation(spec, { seed, keepTrace: false });
  sim.start();
  const k = sim.kernel;
  k.advance(0);
  const faults = new Prng(seed ^ 0x5bd1e995);
  const reason = model.reason ?? 'kill';
  const limit = model.recoveryLimitMs ?? 5000;
  const ids = sim.processNodeIds();
  // the nodes that must run for the tree to be whole: running at start and not temporary
  const temporary = new Set(flatten(spec).filter((c) => c.restart === 'temporary').map((c) => c.nodeId));
  const expected = ids.filter((id) => sim.pidOf(id) && !temporary.has(id));
  const whole = () => expected.every((id) => sim.isReady(id));
  const recoveries: (number | null)[] = [];
  let count = 0;
  for (const id of ids) {
    const info = sim.node(id)!;
    const rate = (info.behaviour !== undefined ? model.behaviourRates?.[info.behaviour] : undefined) ?? model.rates[info.kind] ?? 0;
    if (rate <= 0) continue;
    for (let t = -Math.log(1 - faults.next()) / rate * 1000; t < model.durationMs; t += -Math.log(1 - faults.next()) / rate * 1000) {
      const at = Math.round(t);
      k.callAfter(Math.max(0, at - k.now()), () => {
        const pid = sim.pidOf(id);
        if (!pid) return;
        count++;
        k.exit(pid, reason);
        const slot = recoveries.push(null) - 1;
        const check = () => {
          if (whole()) recoveries[slot] = k.now() - at;
          else if (k.now() - at < limit) k.callAfter(1, check);
        };
        k.callAfter(0, check);
      });
    }
  }
  k.advance(model.durationMs + limit);
  const s = sim.summary();
  const restarts = dict<number>();
  for (const id of ids) restarts[id] = s.nodes[id].restarts;
  return { run, seed, faults: count, rootGaveUp: s.rootGaveUp, restarts, recoveries };
}

function flatten(spec: RuntimeSpec) {
  const out: { nodeId: string; restart: string }[] = [];
  const walk = (c: RuntimeSpec['roots'][number]) => {
    out.push(c);
    if ('children' in c) c.children.forEach(walk);
  };
  spec.roots.forEach(walk);
  return out;
}

function summarise(spec: RuntimeSpec, model: FaultModel, seed: number, outcomes: RunOutcome[]): CampaignResult {
  const n = outcomes.length;
  const restartsPerNode: CampaignResult['restartsPerNode'] = dict();
  for (const c of flatten(spec)) {
    const values = outcomes.map((o) => o.restarts[c.nodeId] ?? 0);
    restartsPerNode[c.nodeId] = { mean: n ? values.reduce((a, b) => a + b, 0) / n : 0, max: n ? Math.max(...values) : 0 };
  }
  const times = outcomes.flatMap((o) => o.recoveries).filter((t): t is number => t !== null).sort((a, b) => a - b);
  const unrecovered = outcomes.reduce((a, o) => a + o.recoveries.filter((t) => t === null).length, 0);
  const gaveUp = outcomes.filter((o) => o.rootGaveUp).length;
  return {
    runs: n,
    seed,
    model,
    rootGiveUpProbability: n ? gaveUp / n : 0,
    rootGaveUpRuns: gaveUp,
    faults: outcomes.reduce((a, o) => a + o.faults, 0),
    restartsPerNode,
    recovery: {
      meanMs: times.length ? times.reduce((a, b) => a + b, 0) / times.length : null,
      p95Ms: times.length ? times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)] : null,
      maxMs: times.length ? times[times.length - 1] : null,
      unrecovered,
    },
    outcomes,
  };
}
