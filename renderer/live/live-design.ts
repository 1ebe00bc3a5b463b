// The live tree drawn on the design canvas: bridge/import.ts turns a live tree into a design document (the same one
// "Import as design" opens), and this module keeps which canvas node stands for which live process. A process is
// known by its path (`app/child_id/…`, bridge/protocol.ts pidsByPath): child ids survive restarts, pids do not.
import type { DesignDocument } from '../../runtime/design/document';
import { parse } from '../../runtime/design/parse';
import { importedRoots, liveTreeToDesign } from '../../bridge/import';
import type { LiveProcess, LiveTree } from '../../bridge/protocol';

export interface LiveDesign {
  doc: DesignDocument;
  /** canvas node id → process key (`procKey(node, path)`), and back. */
  pathByNodeId: Map<string, string>;
  nodeIdByPath: Map<string, string>;
  /** Changes only when processes appear or disappear (not when a pid or a mailbox changes). */
  structure: string;
}

const childKey = (c: LiveProcess) => (c.id && c.id !== 'undefined' ? c.id : c.pid);
/** The children import.ts draws (a Registry's partitions and a Task.Supervisor's tasks are not drawn). */
const drawnChildren = (p: LiveProcess) => (p.kind === 'registry' || p.kind === 'task_supervisor' ? [] : p.children.filter((c) => c.pid || c.kind === 'worker'));
const rootPath = (tree: LiveTree, i: number) => tree.apps[i].app ?? tree.apps[i].root.registeredName ?? `root${i}`;

/** A process's key across a cluster: its node and its path there. */
export const procKey = (node: string, path: string) => `${node} ${path}`;

/** Every process of the tree by its path (the same paths as the bridge's events). */
export function processesByPath(tree: LiveTree): Map<string, LiveProcess> {
  const out = new Map<string, LiveProcess>();
  const walk = (p: LiveProcess, path: string) => {
    out.set(path, p);
    p.children.forEach((c) => walk(c, `${path}/${childKey(c)}`));
  };
  tree.apps.forEach((a, i) => walk(a.root, rootPath(tree, i)));
  return out;
}

/**
 * The design for the trees of one node or of several (a cluster: their non-system applications side by side, in node
 * order) and its canvas node ↔ process key map (`procKey(node, path)`). Throws what import.ts throws.
 */
export function liveDesign(trees: LiveTree | readonly LiveTree[]): LiveDesign {
  const list = Array.isArray(trees) ? trees as readonly LiveTree[] : [trees as LiveTree];
  const roots = list.map((t) => new Set(importedRoots(t)));
  const merged: LiveTree = { node: list.map((t) => t.node).join(', '), apps: list.flatMap((t, k) => t.apps.filter((a) => roots[k].has(a))) };
  const parsed = parse(liveTreeToDesign(merged, { title: `Live: ${merged.node}` }));
  if (!parsed.ok) throw new Error(`the live tree of ${merged.node} does not make a design: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  const doc = parsed.doc;
  // import.ts lists the processes parents first, in the order it walks them: the same walk gives their keys
  const keys: string[] = [];
  list.forEach((tree, k) => {
    const walk = (p: LiveProcess, path: string) => {
      keys.push(procKey(tree.node, path));
      drawnChildren(p).forEach((c) => walk(c, `${path}/${childKey(c)}`));
    };
    tree.apps.forEach((a, i) => { if (roots[k].has(a)) walk(a.root, rootPath(tree, i)); });
  });
  const processes = doc.nodes.filter((n) => n.kind !== 'note');
  if (processes.length !== keys.length) throw new Error(`the live tree has ${keys.length} processes but its design ${processes.length}`);
  const pathByNodeId = new Map<string, string>(), nodeIdByPath = new Map<string, string>();
  processes.forEach((n, i) => { pathByNodeId.set(n.id, keys[i]); nodeIdByPath.set(keys[i], n.id); });
  const structure = `${doc.nodes.map((n) => n.id).join(',')}|${doc.edges.map((e) => e.id).join(',')}`;
  return { doc, pathByNodeId, nodeIdByPath, structure };
}

/** The node and path of a process key. */
export function splitKey(key: string): { node: string; path: string } {
  const i = key.indexOf(' ');
  return { node: key.slice(0, i), path: key.slice(i + 1) };
}
