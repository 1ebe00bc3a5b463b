// Auto-layout with elkjs: a top-down layered tree over the supervision edges, siblings kept in child order.
// Links, monitors and calls do not pull on the layout (they are drawn across it).
import ELK from 'elkjs/lib/elk.bundled.js';
import { compareChildEdges, type DesignDocument, type SupervisionEdge } from '../../runtime/design/document';

export type Size = { width: number; height: number };
export const DEFAULT_SIZE: Size = { width: 200, height: 96 };

const elk = new ELK();

export async function autoLayout(
  doc: Pick<DesignDocument, 'nodes' | 'edges'>,
  sizeOf: (id: string) => Size | undefined = () => undefined,
  onlyIds?: ReadonlySet<string>,
): Promise<Map<string, { x: number; y: number }>> {
  const nodes = doc.nodes.filter((n) => n.kind !== 'note' && (!onlyIds || onlyIds.has(n.id)));
  const ids = new Set(nodes.map((n) => n.id));
  const sup = doc.edges
    .filter((e): e is SupervisionEdge => e.kind === 'supervision' && ids.has(e.source) && ids.has(e.target))
    .sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : compareChildEdges(a, b)));
  // model order = document order for roots, then child order: give ELK nodes in a depth-first order
  const kids = new Map<string, string[]>();
  const hasParent = new Set<string>();
  for (const e of sup) {
    if (hasParent.has(e.target)) continue;
    hasParent.add(e.target);
    kids.set(e.source, [...(kids.get(e.source) ?? []), e.target]);
  }
  const ordered: string[] = [];
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    ordered.push(id);
    for (const k of kids.get(id) ?? []) visit(k);
  };
  for (const n of nodes) if (!hasParent.has(n.id)) visit(n.id);
  for (const n of nodes) visit(n.id); // cycles: whatever is left

  const graph = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.layered.crossingMinimization.forceNodeModelOrder': 'true',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.spacing.nodeNode': '36',
      'elk.layered.spacing.nodeNodeBetweenLayers': '64',
      'elk.spacing.componentComponent': '80',
      'elk.edgeRouting': 'ORTHOGONAL',
    },
    children: ordered.map((id) => ({ id, ...(sizeOf(id) ?? DEFAULT_SIZE) })),
    edges: sup.filter((e) => kids.get(e.source)?.includes(e.target)).map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
  const out = await elk.layout(graph);
  const positions = new Map<string, { x: number; y: number }>();
  for (const c of out.children ?? []) positions.set(c.id, { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) });
  return positions;
}
