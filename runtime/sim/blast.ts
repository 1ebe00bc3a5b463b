// ★ Blast radius: what one failure of one process does to the rest of the tree.
//
// Not a rule engine: the design is started on a fresh kernel (a copy; the caller's run is never touched), the node's
// process gets the exit signal, the kernel settles, and the answer is read from the trace — who exited, who came back
// with a new pid, which supervisor gave up. A second copy then repeats the failure until some supervisor gives up,
// to show how far the node is from escalating (the restart intensity).
import { fmt } from '../kernel/index';
import type { RuntimeSpec } from '../design/spec';
import { Simulation, type Escalation } from './start';
import { dict } from '../dict';

export type BlastOutcome = 'dies' | 'restarts' | 'untouched' | 'not_running';

export interface BlastResult {
  nodeId: string;
  reason: string;
  /** Per process node: dies (exits and stays down), restarts (exits and runs again with a new pid), untouched. */
  outcome: Record<string, BlastOutcome>;
  /** Supervisors that gave up because of this one failure (exceeded max_restarts in max_seconds). */
  escalations: Escalation[];
  escalates: boolean;
  rootGaveUp: boolean;
  /** Restart count against the limit, per supervisor that restarted something (last value after the failure). */
  intensity: { nodeId: string; restarts: number; max: number; periodS: number }[];
  /** The same failure repeated 1 ms apart: how many failures until a supervisor gives up, and which one. */
  repeated: { failures: number; gaveUp: string | null; rootGaveUp: boolean };
  /** The trace from the failure on, as text lines. */
  lines: string[];
}

export interface BlastOptions {
  seed?: number;
  /** Virtual time to let the tree start before the failure (default 1000 ms). */
  startMs?: number;
  /** Virtual time to let it settle after (default 10 s: long enough for shutdown timeouts). */
  settleMs?: number;
  /** Most failures tried by `repeated` (default 50). */
  maxRepeats?: number;
}

const fresh = (spec: RuntimeSpec, seed: number, startMs: number): Simulation => {
  const sim = new Simulation(spec, { seed, loads: false }).start();
  sim.kernel.advance(startMs);
  return sim;
};

/** `reason` is an exit reason atom; `kill` is the untrappable kill (reported as `:killed`). */
export function blastRadius(spec: RuntimeSpec, nodeId: string, reason = 'kill', opts: BlastOptions = {}): BlastResult {
  const seed = opts.seed ?? 1;
  const startMs = opts.startMs ?? 1000;
  const settleMs = opts.settleMs ?? 10_000;
  const sim = fresh(spec, seed, startMs);
  const ids = sim.processNodeIds();
  if (!ids.includes(nodeId)) {
    const known = sim.node(nodeId);
    if (!known || !ids.includes(known.nodeId)) throw new Error(`There is no process node "${nodeId}" in this design.`);
    nodeId = known.nodeId;
  }
  const target = sim.pidOf(nodeId);
  if (!target) throw new Error(`"${nodeId}" is not running after start, so it cannot fail.`);
  const before = new Map(ids.map((id) => [id, sim.pidOf(id)]));
  const t0 = sim.kernel.now();
  const firstEvent = sim.trace.length;
  sim.kernel.exit(target, reason);
  sim.kernel.advance(settleMs);
  const after = sim.result();
  const exited = new Set(sim.trace.slice(firstEvent).flatMap((e) => (e.type === 'exit' ? [sim.pidNode.get(e.pid)] : [])));
  const outcome = dict<BlastOutcome>();
  for (const id of ids) {
    const was = before.get(id);
    const now = sim.pidOf(id);
    if (!was) outcome[id] = 'not_running';
    else if (now === was && !exited.has(id)) outcome[id] = 'untouched';
    else outcome[id] = now ? 'restarts' : 'dies';
  }
  const intensity = new Map<string, BlastResult['intensity'][number]>();
  for (const e of sim.trace.slice(firstEvent)) {
    if (e.type === 'intensity') {
      const sup = sim.pidNode.get(e.sup) ?? String(e.sup);
      intensity.set(sup, { nodeId: sup, restarts: e.restarts, max: e.max, periodS: e.period });
    }
  }
  const escalations = after.summary.escalations.filter((e) => e.t >= t0);
  return {
    nodeId,
    reason: reason === 'kill' ? ':killed' : fmt(reason),
    outcome,
    escalations,
    escalates: escalations.length > 0,
    rootGaveUp: after.summary.rootGaveUp,
    intensity: [...intensity.values()],
    repeated: repeatUntilEscalation(spec, nodeId, reason, seed, startMs, opts.maxRepeats ?? 50),
    lines: after.lines.slice(firstEvent),
  };
}

function repeatUntilEscalation(spec: RuntimeSpec, nodeId: string, reason: string, seed: number, startMs: number, max: number): BlastResult['repeated'] {
  const sim = fresh(spec, seed, startMs);
  for (let i = 1; i <= max; i++) {
    const pid = sim.pidOf(nodeId);
    if (!pid) return { failures: i - 1, gaveUp: null, rootGaveUp: false };
    sim.kernel.exit(pid, reason);
    sim.kernel.advance(1);
    const s = sim.summary();
    if (s.escalations.length) return { failures: i, gaveUp: s.escalations[0].nodeId, rootGaveUp: s.rootGaveUp };
  }
  return { failures: max, gaveUp: null, rootGaveUp: false };
}
