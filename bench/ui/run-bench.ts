// Run-mode figures (`npx tsx bench/ui/run-bench.ts`; also run by `npm run bench:ui`), each next to a baseline measured
// in the same run. Writes bench/results/ui-run.json.
//   1. Timeline jump latency on a 1,000,000-event run: `viewAt(random index)` with periodic snapshots, against the
//      same store without snapshots (every jump replays from the start).
//   2. Frame work under a restart storm with 10,000 processes: per 16 ms frame at 10× (160 ms of virtual time with
//      chaos killing workers), the renderer-side work — append the frame's events to the trace store and update the
//      per-node status store (only changed nodes notified) — against the baseline of rebuilding a 10,000-entry nodes
//      array with the status merged in every frame (status kept inside the React Flow nodes array). The kernel's own
//      time per frame (in the worker: kernel + simulation + encoding the events) is reported next to its own baseline,
//      the same storm with chaos scanning every node for each victim (the simulation before its running-worker set).
//      React rendering is not included in any figure. `--storm` runs only the storm and writes nothing.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { design, sup, under, worker } from '../../runtime/design/build';
import { compile, type RuntimeSpec } from '../../runtime/design/spec';
import { NodeStatusStore } from '../../renderer/run/controller';
import { RunSession, runPaths } from '../../renderer/run/session';
import { Simulation } from '../../runtime/sim/start';
import { randomRun } from '../../renderer/run/synthetic';
import { TraceStore } from '../../renderer/run/trace-store';

const r2 = (x: number) => Math.round(x * 100) / 100;
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(s.length * p))];
  return { median: r2(at(0.5)), p95: r2(at(0.95)), max: r2(s[s.length - 1]), n: s.length };
};

function jumps() {
  const N = 1_000_000;
  console.log(`building a ${N.toLocaleString()}-event run…`);
  const evs = randomRun(N, 11);
  const withSnapshots = new TraceStore();
  const noSnapshots = new TraceStore({ snapshotMin: Number.POSITIVE_INFINITY });
  for (let i = 0; i < N; i += 50_000) {
    withSnapshots.append(evs.slice(i, i + 50_000));
    noSnapshots.append(evs.slice(i, i + 50_000));
  }
  let x = 12345;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const time = (s: TraceStore, k: number) => {
    const out: number[] = [];
    for (let j = 0; j < k; j++) {
      const i = Math.floor(rnd() * N);
      const t0 = performance.now();
      const v = s.viewAt(i);
      v.node('sup0/w1'); // read something from the view
      s.viewAt(N - 1 - Math.floor(rnd() * 1000)); // and jump away (no cache reuse)
      out.push(performance.now() - t0);
    }
    return out;
  };
  const ours = stats(time(withSnapshots, 200));
  const base = stats(time(noSnapshots, 20));
  console.log(`timeline jump, 1M events: snapshots p95 ${ours.p95} ms (median ${ours.median}) · baseline (replay from 0) p95 ${base.p95} ms (median ${base.median}); ${withSnapshots.snapshotCount} snapshots`);
  return { events: N, snapshots: withSnapshots.snapshotCount, jumpMs: ours, baselineReplayFromStartMs: base, note: 'each sample = two jumps (to a random instant and away)' };
}

/** The 10,000-worker spec of the storm. */
function stormSpec(P: number): RuntimeSpec {
  // compile a one-worker design, then widen it to P workers (validating 10,000 nodes is not what is measured here)
  const one = compile(design([sup('app', { maxRestarts: 1_000_000, maxSeconds: 1 }), worker('w', 'echo')], under('app', 'w')));
  const root = one.roots[0] as Extract<RuntimeSpec['roots'][number], { kind: 'supervisor' }>;
  const template = root.children[0];
  const children = Array.from({ length: P }, (_, i) => ({ ...template, nodeId: `w${i}`, id: `w${i}`, path: `app/w${i}`, registration: { kind: 'none' as const } }));
  return {
    ...one, roots: [{ ...root, children }],
    nodeIdByPath: { app: root.nodeId, ...Object.fromEntries(children.map((c) => [c.path, c.nodeId])) },
    pathByNodeId: { [root.nodeId]: 'app', ...Object.fromEntries(children.map((c) => [c.nodeId, c.path])) },
  };
}

/** Baseline for the worker's frame: the same storm with chaos picking each victim by scanning every node (what the
 *  simulation did before its running-worker set; same victims, same trace — checked against the measured run). */
function stormWorkerScanBaseline(spec: RuntimeSpec, frames: number, expectEvents: number) {
  type Pick = (pick: (n: number) => number) => string | undefined;
  type Picks = { chaosVictimId: Pick; chaosVictimByScan: Pick };
  const proto = Simulation.prototype as unknown as Picks;
  const ours = proto.chaosVictimId;
  proto.chaosVictimId = proto.chaosVictimByScan;
  try {
    const s = new RunSession(spec, { seed: 7, traceMessages: false });
    s.drain();
    s.apply({ type: 'chaos', on: true, rate: 2000 });
    const worker: number[] = [];
    let events = 0;
    for (let f = 0; f < frames; f++) {
      const k0 = performance.now();
      s.advance(160);
      events += s.drain().length;
      worker.push(performance.now() - k0);
    }
    if (events !== expectEvents) throw new Error(`the scanning baseline made ${events} events, the measured run ${expectEvents}`);
    return stats(worker);
  } finally {
    proto.chaosVictimId = ours;
  }
}

function storm() {
  const P = 10_000;
  const spec = stormSpec(P);
  const paths = runPaths(spec);
  const s = new RunSession(spec, { seed: 7, traceMessages: false });
  const store = new TraceStore({ knownPaths: Object.keys(paths) });
  const status = new NodeStatusStore();
  store.append(s.drain());
  status.update(store.liveView, paths);
  // one subscriber per node, as the canvas has
  let notified = 0;
  for (const id of Object.values(paths)) status.subscribe(id, () => notified++);
  s.apply({ type: 'chaos', on: true, rate: 2000 });
  const ui: number[] = [], base: number[] = [], kernel: number[] = [], advanceOnly: number[] = [];
  let events = 0;
  const entries = Object.entries(paths);
  for (let f = 0; f < 60; f++) {
    const k0 = performance.now();
    s.advance(160); // 16 ms at 10×
    const k1 = performance.now();
    const batch = s.drain();
    kernel.push(performance.now() - k0);
    advanceOnly.push(k1 - k0);
    events += batch.length;
    const t0 = performance.now();
    const from = store.length;
    store.append(batch);
    const v = store.liveView;
    status.update(v, paths, store.touched(from, store.length, v)); // as the controller does each frame
    ui.push(performance.now() - t0);
    // baseline: the same statuses merged into a fresh nodes array every frame
    const b0 = performance.now();
    const nodes = entries.map(([path, id], i) => ({ id, position: { x: i, y: 0 }, data: { status: v.node(path) } }));
    base.push(performance.now() - b0 + ui[ui.length - 1]);
    if (nodes.length !== entries.length) throw new Error('baseline built the wrong number of nodes');
  }
  if (process.env.RUNBENCH_FRAMES) console.log(kernel.map((x, i) => `${r2(advanceOnly[i])}/${r2(x)}`).join(' '));
  const o = stats(ui), b = stats(base), k = stats(kernel), a = stats(advanceOnly);
  const scan = process.argv.includes('--no-baseline') ? null : stormWorkerScanBaseline(spec, 60, events);
  console.log(`restart storm, ${P} processes, ${events} events in 60 frames: per-frame UI work p95 ${o.p95} ms (median ${o.median}) · baseline (status in the nodes array) p95 ${b.p95} ms (median ${b.median}) · worker p95 ${k.p95} ms (median ${k.median}; kernel+simulation alone p95 ${a.p95} ms, the rest is encoding events); ${notified} node notifications`);
  if (scan) console.log(`  worker baseline (chaos scanning every node per kill, same trace): p95 ${scan.p95} ms (median ${scan.median})`);
  return {
    processes: P, frames: 60, events, uiFrameMs: o, baselineNodesArrayFrameMs: b, kernelFrameMs: k, advanceOnlyFrameMs: a,
    baselineScanVictimWorkerFrameMs: scan, nodeNotifications: notified,
    note: 'kernelFrameMs = the worker per frame (advance 160 ms of virtual time + encode its events); advanceOnlyFrameMs = kernel + simulation alone',
  };
}

// `--storm` runs only the storm and writes nothing (for profiling: `node --cpu-prof --import tsx bench/ui/run-bench.ts --storm`)
if (process.argv.includes('--storm')) {
  storm();
  process.exit(0);
}
// the storm first: with the 1,000,000-event stores of the jump figure still to be collected, its frames would pay
// for their garbage collection
const machine = { cpus: os.cpus().length, loadavg: os.loadavg().map(r2) };
const stormResult = storm();
const result = { date: new Date().toISOString(), machine, jump: jumps(), storm: stormResult };
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/ui-run.json', JSON.stringify(result, null, 2) + '\n');
console.log('wrote bench/results/ui-run.json');
