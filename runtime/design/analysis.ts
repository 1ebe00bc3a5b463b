// Shared facts about a document, computed once and used by validate, lint and compile: the tree index, which nodes
// can ever run, start order, and the behaviour (catalog or custom) of each worker.
import { produce, type Draft } from 'immer';
import { getBehaviour, type BehaviourInfo } from '../behaviours/catalog';
import {
  indexDocument, isProcessNode, isSupervisorLike,
  type DesignDocument, type DesignNode, type DocumentIndex, type ProcessNode, type WorkerNode,
} from './document';

export type Severity = 'error' | 'warning' | 'info';

export interface QuickFix {
  title: string;
  /** Pure: returns a new document, the input is not changed. */
  apply(doc: DesignDocument): DesignDocument;
}

export interface Diagnostic {
  severity: Severity;
  /** Stable machine-readable code, e.g. `supervision-cycle`, `lint/reversed-dependency` (see docs/format.md). */
  code: string;
  /** One or two sentences a learner understands: what is wrong, why it matters, what to do. */
  message: string;
  nodeIds: string[];
  edgeIds: string[];
  quickFix?: QuickFix;
}

export interface ResolvedBehaviour extends BehaviourInfo {
  custom: boolean;
}

export interface Analysis {
  doc: DesignDocument;
  ix: DocumentIndex;
  /** Process nodes that start when the design runs: roots, and children reached from them through supervisors. */
  runnable: ReadonlySet<string>;
  /** Position of each runnable node in the global start order (roots in document order, depth-first). */
  startIndex: ReadonlyMap<string, number>;
  /** The catalog behaviour of a worker, else the document's custom behaviour with that id. */
  behaviourOf(w: WorkerNode): ResolvedBehaviour | undefined;
}

/** How a node is named in a message: its name in quotes, or its kind and id when it has no name. */
export const label = (n: DesignNode) => (n.name ? `"${n.name}"` : `the ${n.kind.replace('_', ' ')} ${n.id}`);

export const parentEdge = (a: Analysis, id: string) => a.ix.parentEdges.get(id)?.[0];
export const parentNode = (a: Analysis, id: string) => {
  const e = parentEdge(a, id);
  return e && a.ix.node.get(e.source);
};
export const childNodes = (a: Analysis, id: string): DesignNode[] =>
  (a.ix.childEdges.get(id) ?? []).map((e) => a.ix.node.get(e.target)).filter((n): n is DesignNode => n !== undefined);

/** A custom behaviour's facts are read from its source: `terminate(` means it has terminate logic, and so on. */
function customBehaviour(doc: DesignDocument, id: string): ResolvedBehaviour | undefined {
  const c = doc.customBehaviours.find((b) => b.id === id);
  if (!c) return undefined;
  return {
    id: c.id, title: c.title || c.id, description: c.description, fields: c.fields, custom: true,
    hasTerminate: /\bterminate\s*[(:=]/.test(c.source),
    trapsExits: /trap_?exit/i.test(c.source),
    circuitBreaker: false, usesRegistryName: false,
    handlesDown: /DOWN/.test(c.source),
  };
}

export function analyse(doc: DesignDocument): Analysis {
  const ix = indexDocument(doc);
  const runnable = new Set<string>();
  const startIndex = new Map<string, number>();
  const roots = doc.nodes.filter((n) => isProcessNode(n) && !ix.parentEdges.get(n.id)?.length);
  // Iterative depth-first walk in start order; `runnable` doubles as the visited set, so cycles end it.
  const stack: DesignNode[] = [...roots].reverse();
  while (stack.length) {
    const n = stack.pop()!;
    if (runnable.has(n.id) || !isProcessNode(n)) continue;
    runnable.add(n.id);
    startIndex.set(n.id, startIndex.size);
    if (!isSupervisorLike(n)) continue;
    const kids = (ix.childEdges.get(n.id) ?? []).map((e) => ix.node.get(e.target));
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i];
      // a node with two parents starts under the first only (the second edge is an error)
      if (k && ix.parentEdges.get(k.id)?.[0].source === n.id) stack.push(k);
    }
  }
  const cache = new Map<string, ResolvedBehaviour | undefined>();
  const behaviourOf = (w: WorkerNode) => {
    if (!cache.has(w.behaviour)) {
      const builtin = getBehaviour(w.behaviour);
      cache.set(w.behaviour, builtin ? { ...builtin, custom: false } : customBehaviour(doc, w.behaviour));
    }
    return cache.get(w.behaviour);
  };
  return { doc, ix, runnable, startIndex, behaviourOf };
}

/** Finds the process a `process` parameter refers to: by node id first, then by name. */
export function findProcess(a: Analysis, ref: unknown): ProcessNode | undefined {
  if (typeof ref !== 'string') return undefined;
  const byId = a.ix.node.get(ref);
  if (byId && isProcessNode(byId)) return byId;
  return a.doc.nodes.find((n): n is ProcessNode => isProcessNode(n) && n.name === ref);
}

// ---------------------------------------------------------------------------------------------------------------
// Small pure edits used by quick fixes (the canvas may reuse them).

export const editDocument = (doc: DesignDocument, recipe: (d: Draft<DesignDocument>) => void): DesignDocument => produce(doc, recipe);

export function updateNode(doc: DesignDocument, id: string, recipe: (n: Draft<DesignNode>) => void): DesignDocument {
  return editDocument(doc, (d) => {
    const n = d.nodes.find((x) => x.id === id);
    if (n) recipe(n);
  });
}

export function removeEdges(doc: DesignDocument, ids: readonly string[]): DesignDocument {
  const drop = new Set(ids);
  return editDocument(doc, (d) => {
    d.edges = d.edges.filter((e) => !drop.has(e.id));
  });
}

/** Moves `childId` right before `beforeId` among the children of `parentId` and renumbers orders 0..n-1. */
export function moveChildBefore(doc: DesignDocument, parentId: string, childId: string, beforeId: string): DesignDocument {
  const ix = indexDocument(doc);
  const ids = (ix.childEdges.get(parentId) ?? []).map((e) => e.target).filter((t) => t !== childId);
  const at = ids.indexOf(beforeId);
  if (at < 0) return doc;
  ids.splice(at, 0, childId);
  const rank = new Map(ids.map((t, i) => [t, i]));
  return editDocument(doc, (d) => {
    for (const e of d.edges) if (e.kind === 'supervision' && e.source === parentId && rank.has(e.target)) e.order = rank.get(e.target)!;
  });
}
