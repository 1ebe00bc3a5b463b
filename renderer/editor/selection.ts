// The selection: node ids and edge ids. Immutable snapshots so React can compare by identity.

export interface Selection {
  readonly nodes: ReadonlySet<string>;
  readonly edges: ReadonlySet<string>;
}

export const EMPTY_SELECTION: Selection = { nodes: new Set(), edges: new Set() };

export const selectionOf = (nodes: Iterable<string> = [], edges: Iterable<string> = []): Selection => ({
  nodes: new Set(nodes),
  edges: new Set(edges),
});

export const isEmpty = (s: Selection) => s.nodes.size === 0 && s.edges.size === 0;

export function sameSelection(a: Selection, b: Selection): boolean {
  if (a.nodes.size !== b.nodes.size || a.edges.size !== b.edges.size) return false;
  for (const n of a.nodes) if (!b.nodes.has(n)) return false;
  for (const e of a.edges) if (!b.edges.has(e)) return false;
  return true;
}

/** Drops ids that no longer exist in the document (after undo, delete, open). */
export function pruneSelection(s: Selection, nodeIds: ReadonlySet<string>, edgeIds: ReadonlySet<string>): Selection {
  const nodes = [...s.nodes].filter((id) => nodeIds.has(id));
  const edges = [...s.edges].filter((id) => edgeIds.has(id));
  return nodes.length === s.nodes.size && edges.length === s.edges.size ? s : selectionOf(nodes, edges);
}
