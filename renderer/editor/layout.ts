// Auto-layout with elkjs: a top-down layered tree over the supervision edges, siblings kept in child (start) order.
//
// Links, monitors and calls are not layering edges: given to ELK Layered they put their target one layer below
// their source (measured: with INTERACTIVE layering and pseudo positions, the five linked sibling pairs of
// drill-3-links ended on three different rows), which breaks "one row per tree level". What they do decide:
// - the order of the top-level pieces (trees and loose nodes), which supervision leaves free: pieces joined by a
//   link, monitor or call are placed next to each other (ELK keeps that order: considerModelOrder.components);
// - the room between neighbours: a node with a link, monitor or call gets a wider gap to its neighbours
//   (`elk.spacing.individual`), so the edge and its label ("link", "monitors", "calls") sit between two linked
//   siblings instead of being squeezed under them.
// Sibling order itself never changes for a link: it is the start order, and it decides restart behaviour.
// The layout places nodes only: the canvas then routes links, monitors and calls around them (canvas/routing.ts).
// Deterministic: the same document gives the same positions, whatever the order of its edges array (the node
// array's order is the order of the top-level pieces, as before).
import type { ElkNode } from 'elkjs/lib/elk-api';
import { compareChildEdges, type DesignDocument, type SupervisionEdge } from '../../runtime/design/document';

export type Size = { width: number; height: number };
export const DEFAULT_SIZE: Size = { width: 200, height: 96 };

/** Gap between siblings (px), and between a node with a link/monitor/call and its neighbours. */
export const NODE_GAP = 36;
export const RELATION_GAP = 96;

/**
 * Above this many nodes auto-layout uses ELK's `mrtree` instead of `layered`. Layered with model order enforced grows
 * far faster than the design (measured in Node, bench/ui's generated designs: 0.6 s at 100 processes, 2.9 s at 300,
 * 177 s at 1,000), and it runs on the calling thread; mrtree lays out 1,000 processes in about 1 s. mrtree keeps the
 * children in the order given (the start order) and centres parents; rows are then spaced as layered spaces them.
 */
export const LAYERED_MAX_NODES = 150;
const BETWEEN_ROWS = 64;

/** What runs ELK: by default ELK on the calling thread (Node, tests); the app sets one running in a Web Worker. */
export interface LayoutEngine {
  layout(graph: ElkNode): Promise<ElkNode>;
}
let engine: LayoutEngine | undefined;
/** Sets where auto-layout runs (renderer/src/layout-engine.ts hands it ELK in a Web Worker). */
export function setLayoutEngine(e: LayoutEngine | undefined): void {
  engine = e;
}
async function elk(): Promise<LayoutEngine> {
  if (!engine) {
    const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
    engine = new ELK();
  }
  return engine;
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export async function autoLayout(
  doc: Pick<DesignDocument, 'nodes' | 'edges'>,
  sizeOf: (id: string) => Size | undefined = () => undefined,
  onlyIds?: ReadonlySet<string>,
): Promise<Map<string, { x: number; y: number }>> {
  const nodes = doc.nodes.filter((n) => n.kind !== 'note' && (!onlyIds || onlyIds.has(n.id)));
  const ids = new Set(nodes.map((n) => n.id));
  const inside = (e: { source: string; target: string }) => ids.has(e.source) && ids.has(e.target) && e.source !== e.target;
  const sup = doc.edges
    .filter((e): e is SupervisionEdge => e.kind === 'supervision' && inside(e))
    .sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : compareChildEdges(a, b)));
  const relations = doc.edges.filter((e) => e.kind !== 'supervision' && inside(e)).sort(byId);

  // the supervision forest: one parent per node (the first edge in child order wins; the validator reports others)
  const kids = new Map<string, string[]>();
  const parent = new Map<string, string>();
  for (const e of sup) {
    if (parent.has(e.target)) continue;
    parent.set(e.target, e.source);
    kids.set(e.source, [...(kids.get(e.source) ?? []), e.target]);
  }
  const pieceOf = new Map<string, string>();
  const pieces: { root: string; members: string[] }[] = [];
  // the edges the depth-first walk below took: a forest even when the supervision edges have a cycle
  const treeParent = new Map<string, string>();
  const addPiece = (root: string) => {
    const members: string[] = [];
    const visit = (id: string, from?: string) => {
      if (pieceOf.has(id)) return;
      pieceOf.set(id, root);
      if (from !== undefined) treeParent.set(id, from);
      members.push(id);
      for (const k of kids.get(id) ?? []) visit(k, id);
    };
    visit(root);
    if (members.length) pieces.push({ root, members });
  };
  for (const n of nodes) if (!parent.has(n.id)) addPiece(n.id);
  for (const n of nodes) addPiece(n.id); // supervision cycles: whatever is left, each from its first node

  // order the pieces: document order, except that a piece joined to the ones already placed by a link, monitor
  // or call comes right after them (a breadth-first walk over the relation graph between pieces)
  const joined = new Map<string, Set<string>>();
  for (const e of relations) {
    const a = pieceOf.get(e.source)!;
    const b = pieceOf.get(e.target)!;
    if (a === b) continue;
    joined.set(a, (joined.get(a) ?? new Set()).add(b));
    joined.set(b, (joined.get(b) ?? new Set()).add(a));
  }
  const rank = new Map(pieces.map((p, i) => [p.root, i]));
  const placed: string[] = [];
  const done = new Set<string>();
  for (const p of pieces) {
    if (done.has(p.root)) continue;
    const queue = [p.root];
    done.add(p.root);
    while (queue.length) {
      const r = queue.shift()!;
      placed.push(r);
      const next = [...(joined.get(r) ?? [])].filter((x) => !done.has(x)).sort((x, y) => rank.get(x)! - rank.get(y)!);
      for (const x of next) {
        done.add(x);
        queue.push(x);
      }
    }
  }
  const members = new Map(pieces.map((p) => [p.root, p.members]));
  // model order = piece order, then depth-first in child order inside each piece
  const ordered = placed.flatMap((r) => members.get(r)!);
  const related = new Set(relations.flatMap((e) => [e.source, e.target]));

  if (ordered.length > LAYERED_MAX_NODES) return treeLayout(ordered, placed, treeParent, sizeOf);

  const graph = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.layered.considerModelOrder.components': 'MODEL_ORDER',
      'elk.layered.crossingMinimization.forceNodeModelOrder': 'true',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.nodePlacement.bk.fixedAlignment': 'BALANCED', // a parent centred over its children
      'elk.spacing.nodeNode': String(NODE_GAP),
      'elk.layered.spacing.nodeNodeBetweenLayers': '64',
      'elk.spacing.componentComponent': '80',
      'elk.edgeRouting': 'ORTHOGONAL',
    },
    children: ordered.map((id) => ({
      id,
      ...(sizeOf(id) ?? DEFAULT_SIZE),
      ...(related.has(id) ? { layoutOptions: { 'elk.spacing.individual': `elk.spacing.nodeNode:${RELATION_GAP}` } } : {}),
    })),
    edges: sup.filter((e) => parent.get(e.target) === e.source).map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
  const out = await (await elk()).layout(graph);
  const positions = new Map<string, { x: number; y: number }>();
  for (const c of out.children ?? []) positions.set(c.id, { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) });
  return positions;
}

/**
 * The big-design layout: ELK mrtree over the supervision forest (the depth-first tree edges, so a supervision cycle
 * cannot reach ELK), all top-level pieces under one invisible root in piece order so ELK cannot reorder them, then
 * one row per tree level, each row as tall as its tallest node plus the gap layered leaves between layers.
 */
async function treeLayout(
  ordered: readonly string[],
  placed: readonly string[],
  treeParent: ReadonlyMap<string, string>,
  sizeOf: (id: string) => Size | undefined,
): Promise<Map<string, { x: number; y: number }>> {
  const ROOT = '\u0000root';
  const size = (id: string) => sizeOf(id) ?? DEFAULT_SIZE;
  const graph = {
    id: 'graph',
    layoutOptions: {
      'elk.algorithm': 'mrtree',
      'elk.direction': 'DOWN',
      'elk.mrtree.weighting': 'MODEL_ORDER',
      'elk.spacing.nodeNode': String(NODE_GAP),
    },
    children: [{ id: ROOT, width: 1, height: 1 }, ...ordered.map((id) => ({ id, ...size(id) }))],
    edges: [
      ...placed.map((r, i) => ({ id: `\u0000r${i}`, sources: [ROOT], targets: [r] })),
      ...ordered.filter((id) => treeParent.has(id)).map((id, i) => ({ id: `\u0000t${i}`, sources: [treeParent.get(id)!], targets: [id] })),
    ],
  };
  const out = await (await elk()).layout(graph);
  const depth = new Map<string, number>();
  const depthOf = (id: string): number => {
    let d = depth.get(id);
    if (d === undefined) {
      const p = treeParent.get(id);
      d = p === undefined ? 0 : depthOf(p) + 1;
      depth.set(id, d);
    }
    return d;
  };
  // rows: each level starts below the tallest node of the level above
  const rowHeight: number[] = [];
  for (const id of ordered) {
    const d = depthOf(id);
    rowHeight[d] = Math.max(rowHeight[d] ?? 0, size(id).height);
  }
  const rowY: number[] = [];
  let y = 0;
  for (let d = 0; d < rowHeight.length; d++) {
    rowY[d] = y;
    y += (rowHeight[d] ?? 0) + BETWEEN_ROWS;
  }
  const positions = new Map<string, { x: number; y: number }>();
  let minX = Infinity;
  for (const c of out.children ?? []) if (c.id !== ROOT) minX = Math.min(minX, c.x ?? 0);
  for (const c of out.children ?? []) {
    if (c.id === ROOT) continue;
    positions.set(c.id, { x: Math.round((c.x ?? 0) - minX), y: rowY[depthOf(c.id)]! });
  }
  return positions;
}
