// Edge routing at scale (docs/renderer.md, "Edges"): the libavoid router of renderer/canvas/routing.ts on the
// 1,000-process design of bench/ui (ten workers per supervisor, a grid), first with 20 links between neighbouring
// siblings (local edges), then with 20 calls between workers of distant groups added (long routes across the
// design). Times are medians of `RUNS` runs. The baseline, measured in the same runs, is the same router holding
// every node as an obstacle (`region` Infinity) instead of only the nodes near an edge.
//   npx tsx bench/routing.ts [processes]
import { AvoidLib } from 'libavoid-js';
import { fileURLToPath } from 'node:url';
import { EdgeRouter, type Avoid, type Box, type RouteEdge } from '../renderer/canvas/routing';
import { generateDesign } from './ui/designs';

const processes = Number(process.argv[2] ?? 1000);
const RUNS = 5;
await AvoidLib.load(fileURLToPath(new URL('../node_modules/libavoid-js/dist/libavoid.wasm', import.meta.url)));
const A = AvoidLib.getInstance() as unknown as Avoid;

const doc = JSON.parse(generateDesign(processes)) as { nodes: { id: string; kind: string; position: { x: number; y: number } }[]; edges: { id: string; kind: 'supervision'; source: string; target: string; order: number }[] };
const boxes = new Map<string, Box>(doc.nodes.map((n) => [n.id, { ...n.position, width: 200, height: 110 }]));
const workers = doc.nodes.filter((n) => n.kind === 'worker').map((n) => n.id);
const links: RouteEdge[] = [];
const calls: RouteEdge[] = [];
for (let i = 0; i < 20; i++) {
  const g = (i * 7) % Math.floor(workers.length / 10);
  links.push({ id: `link${i}`, source: `w${g}_${i % 9}`, target: `w${g}_${(i % 9) + 1}` });
  calls.push({ id: `calls${i}`, source: workers[(i * 131) % workers.length], target: workers[(i * 577 + 50) % workers.length] });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (f: () => unknown) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};
const moved = (id: string, dx: number) => new Map([...boxes].map(([k, b]) => [k, k === id ? { ...b, x: b.x + dx } : b]));

const r: Record<string, number[]> = {};
const add = (k: string, v: number) => (r[k] ??= []).push(v);
for (let run = 0; run < RUNS; run++) {
  for (const [name, edges] of [['links', links], ['links+calls', [...links, ...calls]]] as const) {
    const ends = new Set(edges.flatMap((e) => [e.source, e.target]));
    const endNode = edges[edges.length - 1].source;
    const other = workers.find((w) => !ends.has(w))!;
    for (const [kind, region] of [['near', undefined], ['all', Infinity]] as const) {
      const router = new EdgeRouter(A, region);
      add(`${name}|first|${kind}`, time(() => router.update(boxes, edges)));
      add(`${name}|obstacles|${kind}`, router.obstacles);
      add(`${name}|unchanged|${kind}`, time(() => router.update(boxes, edges)));
      add(`${name}|move an end|${kind}`, time(() => router.update(moved(endNode, 60), edges)));
      add(`${name}|move another node|${kind}`, time(() => router.update(moved(other, 60), edges)));
    }
  }
  // what the canvas does on the main thread before it asks the worker (routing-client.ts run): one key string
  add('main-thread key', time(() => {
    const ids: string[] = [];
    const coords: number[] = [];
    for (const [id, x] of boxes) {
      ids.push(id);
      coords.push(x.x, x.y, x.width, x.height);
    }
    return `${ids.join('\n')}|${coords.join(',')}|${links.map((e) => `${e.id}\n${e.source}\n${e.target}`).join('\n')}`.length;
  }));
}
console.log(`${processes} processes, ${RUNS} runs (median); load ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log('edges        step                near nodes   every node   ratio');
for (const k of Object.keys(r)) {
  if (!k.endsWith('|near')) continue;
  const [name, step] = k.split('|');
  const near = median(r[k]), all = median(r[`${name}|${step}|all`]);
  const unit = step === 'obstacles' ? '' : ' ms';
  console.log(`${name.padEnd(12)} ${step.padEnd(18)} ${(near.toFixed(step === 'obstacles' ? 0 : 1) + unit).padStart(11)} ${(all.toFixed(step === 'obstacles' ? 0 : 1) + unit).padStart(12)}   ${(near / all).toFixed(2)}`);
}
console.log(`main-thread key ${median(r['main-thread key']).toFixed(1)} ms`);
