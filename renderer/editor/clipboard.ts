// Copy and paste of subtrees as JSON (the system clipboard carries it, so it also works between windows).
// Copy takes the selected nodes plus all their supervision descendants, and every edge between copied nodes.
// Paste gives every node a fresh id and a unique name, and offsets positions.
import {
  FORMAT, indexDocument, uniqueName, type DesignDocument, type DesignEdge, type DesignNode,
} from '../../runtime/design/document';
import { NodeSchema, EdgeSchema } from '../../runtime/design/document';
import { z } from 'zod';

export const CLIPBOARD_FORMAT = `${FORMAT}/clipboard`;

export interface ClipboardPayload {
  format: typeof CLIPBOARD_FORMAT;
  nodes: DesignNode[];
  edges: DesignEdge[];
}

const PayloadSchema = z.object({ format: z.literal(CLIPBOARD_FORMAT), nodes: z.array(NodeSchema), edges: z.array(EdgeSchema) });

/** The selected nodes and their whole subtrees. */
export function subtreeIds(doc: DesignDocument, roots: Iterable<string>): Set<string> {
  const ix = indexDocument(doc);
  const out = new Set<string>();
  const stack = [...roots];
  while (stack.length) {
    const id = stack.pop()!;
    if (out.has(id) || !ix.node.has(id)) continue;
    out.add(id);
    for (const e of ix.childEdges.get(id) ?? []) stack.push(e.target);
  }
  return out;
}

export function copySubtrees(doc: DesignDocument, roots: Iterable<string>): ClipboardPayload {
  const ids = subtreeIds(doc, roots);
  return {
    format: CLIPBOARD_FORMAT,
    nodes: doc.nodes.filter((n) => ids.has(n.id)),
    edges: doc.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
  };
}

export const serializeClipboard = (p: ClipboardPayload) => JSON.stringify(p);

/** Reads clipboard text; null when it is not ours (so pasting arbitrary text does nothing and loses nothing). */
export function parseClipboard(text: string): ClipboardPayload | null {
  try {
    const r = PayloadSchema.safeParse(JSON.parse(text));
    return r.success ? (r.data as ClipboardPayload) : null;
  } catch {
    return null;
  }
}

/**
 * Nodes and edges to add for a paste: fresh ids (`newId` is called once per item), unique names, positions shifted
 * by `offset`. Returns the new ids of the pasted nodes too, to select them.
 */
export function preparePaste(
  doc: Pick<DesignDocument, 'nodes' | 'edges'>,
  p: ClipboardPayload,
  newId: (prefix: string) => string,
  offset: { x: number; y: number },
): { nodes: DesignNode[]; edges: DesignEdge[] } {
  const idMap = new Map<string, string>();
  const taken = { nodes: [...doc.nodes] as DesignNode[] };
  const nodes: DesignNode[] = p.nodes.map((n) => {
    const id = newId('n');
    idMap.set(n.id, id);
    const name = n.kind === 'note' ? n.name : uniqueName(taken, n.name);
    const copy = { ...structuredClone(n), id, name, position: { x: n.position.x + offset.x, y: n.position.y + offset.y } } as DesignNode;
    taken.nodes.push(copy);
    return copy;
  });
  const edges = p.edges
    .filter((e) => idMap.has(e.source) && idMap.has(e.target))
    .map((e) => ({ ...structuredClone(e), id: newId('e'), source: idMap.get(e.source)!, target: idMap.get(e.target)! }) as DesignEdge);
  // process references in pasted nodes follow the copy (a load source aimed at a pasted worker)
  for (const n of nodes) if (n.kind === 'load_source' && n.target && idMap.has(n.target)) n.target = idMap.get(n.target);
  return { nodes, edges };
}
