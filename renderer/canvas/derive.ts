// Document → React Flow nodes and edges. A controlled view: React Flow never owns state. Results are cached per id
// and reused while their inputs are the same objects, so an edit re-renders only the nodes it touched (immer keeps
// untouched document nodes identical).
import type { Edge, Node } from '@xyflow/react';
import { MarkerType } from '@xyflow/react';
import {
  indexDocument, isSupervisorLike, type DesignDocument, type DesignEdge, type DesignNode,
} from '../../runtime/design/document';
import type { Selection } from '../editor/selection';
import { RELATION_EDGE } from './routing';

export type Severity = 'error' | 'warning' | 'info';

export interface NodeData extends Record<string, unknown> {
  node: DesignNode;
  /** 1-based position among its siblings, and how many siblings there are (supervised nodes only). */
  childIndex?: number;
  siblingCount?: number;
  severity?: Severity;
  /** For a collapsed supervisor: how many descendants are hidden. */
  hiddenCount?: number;
  dimmed?: boolean;
  /** Blast-radius preview: what one failure does to this node (`crashes` for the failing node itself). */
  blast?: string;
}

export type FlowNode = Node<NodeData, DesignNode['kind']>;
export type Measured = ReadonlyMap<string, { width: number; height: number }>;

interface NodeInputs {
  node: DesignNode;
  selected: boolean;
  childIndex?: number;
  siblingCount?: number;
  severity?: Severity;
  hidden: boolean;
  hiddenCount?: number;
  measured?: { width: number; height: number };
  dimmed: boolean;
  blast?: string;
}

const sameInputs = (a: NodeInputs, b: NodeInputs) =>
  a.node === b.node && a.selected === b.selected && a.childIndex === b.childIndex && a.siblingCount === b.siblingCount &&
  a.severity === b.severity && a.hidden === b.hidden && a.hiddenCount === b.hiddenCount &&
  a.dimmed === b.dimmed && a.blast === b.blast;
// `measured` is left out on purpose: a new size alone never rebuilds a node (React Flow keeps the size it measured
// while the node object stays the same); a node rebuilt for another reason takes its latest size along.

const SEV_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export interface DeriveInput {
  doc: DesignDocument;
  selection: Selection;
  /** Worst diagnostic per node/edge id. */
  severities: ReadonlyMap<string, Severity>;
  measured: Measured;
  /** When set, nodes not in it are dimmed (search). */
  highlight?: ReadonlySet<string>;
  /** Blast-radius outcome per node id. */
  blast?: ReadonlyMap<string, string>;
}

export function worstSeverities(diags: readonly { severity: Severity; nodeIds: string[]; edgeIds: string[] }[]): Map<string, Severity> {
  const m = new Map<string, Severity>();
  for (const d of diags) {
    for (const id of [...d.nodeIds, ...d.edgeIds]) {
      const cur = m.get(id);
      if (!cur || SEV_RANK[d.severity] < SEV_RANK[cur]) m.set(id, d.severity);
    }
  }
  return m;
}

const EDGE_STYLE: Record<string, { stroke: string; dash?: string; width: number }> = {
  supervision: { stroke: 'var(--edge-supervision)', width: 1.6 },
  link: { stroke: 'var(--edge-link)', dash: '7 4', width: 2 },
  monitor: { stroke: 'var(--edge-monitor)', dash: '2 4', width: 2 },
  calls: { stroke: 'var(--edge-calls)', width: 1.4 },
  load: { stroke: 'var(--kind-load_source)', dash: '5 5', width: 1.6 },
};

/** Creates a deriver with its own cache (one per canvas). */
export function createDeriver() {
  let nodeCache = new Map<string, { inputs: NodeInputs; out: FlowNode }>();
  let edgeCache = new Map<string, { key: unknown[]; out: Edge }>();

  function deriveNodes({ doc, selection, severities, measured, highlight, blast }: DeriveInput): FlowNode[] {
    const ix = indexDocument(doc);
    // hidden: every descendant of a collapsed supervisor
    const hidden = new Set<string>();
    const hiddenCount = new Map<string, number>();
    for (const n of doc.nodes) {
      if (!n.collapsed || !isSupervisorLike(n)) continue;
      const stack = (ix.childEdges.get(n.id) ?? []).map((e) => e.target);
      let count = 0;
      const seen = new Set<string>();
      while (stack.length) {
        const id = stack.pop()!;
        if (seen.has(id) || id === n.id) continue;
        seen.add(id);
        hidden.add(id);
        count++;
        for (const e of ix.childEdges.get(id) ?? []) stack.push(e.target);
      }
      hiddenCount.set(n.id, count);
    }
    const next = new Map<string, { inputs: NodeInputs; out: FlowNode }>();
    const out: FlowNode[] = [];
    for (const node of doc.nodes) {
      if (next.has(node.id)) continue; // duplicate ids: validation reports them; render the first
      const parentEdge = ix.parentEdges.get(node.id)?.[0];
      const siblings = parentEdge ? ix.childEdges.get(parentEdge.source) ?? [] : undefined;
      const inputs: NodeInputs = {
        node,
        selected: selection.nodes.has(node.id),
        childIndex: siblings ? siblings.indexOf(parentEdge!) + 1 : undefined,
        siblingCount: siblings?.length,
        severity: severities.get(node.id),
        hidden: hidden.has(node.id),
        hiddenCount: node.collapsed ? hiddenCount.get(node.id) : undefined,
        measured: measured.get(node.id),
        dimmed: !!highlight && !highlight.has(node.id),
        blast: blast?.get(node.id),
      };
      const prev = nodeCache.get(node.id);
      const flowNode = prev && sameInputs(prev.inputs, inputs) ? prev.out : toFlowNode(inputs);
      next.set(node.id, { inputs, out: flowNode });
      out.push(flowNode);
    }
    nodeCache = next;
    return out;
  }

  function deriveEdges({ doc, selection, severities }: DeriveInput, hiddenNodes: ReadonlySet<string>): Edge[] {
    const ix = indexDocument(doc);
    const next = new Map<string, { key: unknown[]; out: Edge }>();
    const out: Edge[] = [];
    const push = (id: string, key: unknown[], make: () => Edge) => {
      const prev = edgeCache.get(id);
      const e = prev && prev.key.length === key.length && prev.key.every((k, i) => k === key[i]) ? prev.out : make();
      next.set(id, { key, out: e });
      out.push(e);
    };
    for (const e of doc.edges) {
      if (!ix.node.has(e.source) || !ix.node.has(e.target) || next.has(e.id)) continue;
      const hidden = hiddenNodes.has(e.source) || hiddenNodes.has(e.target);
      const siblings = e.kind === 'supervision' ? ix.childEdges.get(e.source) ?? [] : [];
      const index = e.kind === 'supervision' ? siblings.indexOf(e) + 1 : 0;
      const sel = selection.edges.has(e.id);
      const sev = severities.get(e.id);
      push(e.id, [e, sel, sev, hidden, index], () => toFlowEdge(e, sel, sev, hidden, index));
    }
    for (const n of doc.nodes) {
      if (n.kind !== 'load_source' || !n.target || !ix.node.has(n.target)) continue;
      const id = `load:${n.id}`;
      const sel = selection.edges.has(id);
      push(id, [n.id, n.target, sel], () => styled({ id, type: RELATION_EDGE, source: n.id, target: n.target!, sourceHandle: 'rel-out', targetHandle: 'rel-in', selected: sel, animated: true, data: { kind: 'load' } }, 'load'));
    }
    edgeCache = next;
    return out;
  }

  return { deriveNodes, deriveEdges };
}

function toFlowNode(i: NodeInputs): FlowNode {
  return {
    id: i.node.id,
    type: i.node.kind,
    position: i.node.position,
    selected: i.selected,
    hidden: i.hidden,
    ...(i.measured ? { measured: i.measured } : {}),
    // a size before (or without) a rebuild that carries `measured`: the minimap draws nodes from the user's node
    // objects, and would otherwise leave out every node whose measured size never rebuilt it
    initialWidth: i.node.kind === 'note' ? 240 : 200,
    initialHeight: i.node.kind === 'note' ? 60 : 110,
    data: {
      node: i.node, childIndex: i.childIndex, siblingCount: i.siblingCount, severity: i.severity,
      hiddenCount: i.hiddenCount, dimmed: i.dimmed, blast: i.blast,
    },
    ariaLabel: `${i.node.kind.replace('_', ' ')} ${i.node.name || i.node.id}`,
  };
}

function styled(e: Edge, kind: keyof typeof EDGE_STYLE, severity?: Severity): Edge {
  const s = EDGE_STYLE[kind];
  const stroke = severity === 'error' ? 'var(--danger)' : s.stroke;
  return {
    ...e,
    className: `edge-${kind}${severity ? ` edge-${severity}` : ''}`,
    style: { stroke, strokeWidth: s.width, ...(s.dash ? { strokeDasharray: s.dash } : {}) },
    ...(kind === 'link' ? {} : { markerEnd: { type: MarkerType.ArrowClosed, color: stroke, width: 16, height: 16 } }),
  };
}

function toFlowEdge(e: DesignEdge, selected: boolean, severity: Severity | undefined, hidden: boolean, index: number): Edge {
  const base: Edge = {
    id: e.id, source: e.source, target: e.target, selected, hidden, data: { kind: e.kind },
    ariaLabel: `${e.kind} edge from ${e.source} to ${e.target}`,
  };
  // links, monitors and calls are routed around the nodes (edges.tsx, routing-client.ts)
  switch (e.kind) {
    case 'supervision':
      return styled({
        // drawn by edges.tsx (smooth step, the number on the child's own edge)
        ...base, type: 'supervision', sourceHandle: 'children', targetHandle: 'parent', label: String(index),
      }, 'supervision', severity);
    case 'link':
      return styled({ ...base, type: RELATION_EDGE, sourceHandle: 'rel-out', targetHandle: 'rel-in', label: 'link' }, 'link', severity);
    case 'monitor':
      return styled({ ...base, type: RELATION_EDGE, sourceHandle: 'rel-out', targetHandle: 'rel-in', label: 'monitors' }, 'monitor', severity);
    case 'calls':
      return styled({ ...base, type: RELATION_EDGE, sourceHandle: 'rel-out', targetHandle: 'rel-in', label: e.label || 'calls' }, 'calls', severity);
  }
}
