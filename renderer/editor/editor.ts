// The editor: plain TypeScript over the design document. React and React Flow only render it and report gestures.
// Every change goes through `history.edit` (immer patches → undo/redo, dirty tracking).
import type { Draft } from 'immer';
import {
  createEmptyDocument, createNode, indexDocument, nextChildOrder, uniqueName,
  type DesignDocument, type DesignEdge, type DesignNode, type EdgeKind, type NodeKind,
} from '../../runtime/design/document';
import { defaultParams, getBehaviour, DEFAULT_BEHAVIOUR } from '../../runtime/behaviours/catalog';
import { DocumentHistory, type EditOptions } from './history';
import { EMPTY_SELECTION, pruneSelection, sameSelection, selectionOf, type Selection } from './selection';
import { canConnect, type ConnectCheck } from './rules';
import { copySubtrees, parseClipboard, preparePaste, serializeClipboard } from './clipboard';
import { renameReferences } from './rename';
import type { InteractionState } from './states/types';
import { idle } from './states/idle';

export type RelationKind = 'link' | 'monitor' | 'calls';
export type Positions = ReadonlyMap<string, { x: number; y: number }>;

const BASE_NAMES: Record<NodeKind, string> = {
  supervisor: 'sup', dynamic_supervisor: 'dyn_sup', worker: 'worker', registry: 'registry',
  task_supervisor: 'task_sup', load_source: 'load', note: '',
};

/** An id generator that never repeats an id already in the document (n1, n2… / e1, e2…). */
export function idAllocator(doc: Pick<DesignDocument, 'nodes' | 'edges'>): (prefix: string) => string {
  const used = new Set([...doc.nodes.map((n) => n.id), ...doc.edges.map((e) => e.id)]);
  const counters = new Map<string, number>();
  return (prefix) => {
    let i = counters.get(prefix) ?? 1;
    while (used.has(`${prefix}${i}`)) i++;
    counters.set(prefix, i + 1);
    used.add(`${prefix}${i}`);
    return `${prefix}${i}`;
  };
}

export interface EditorSnapshot {
  doc: DesignDocument;
  selection: Selection;
  interaction: InteractionState;
  relationKind: RelationKind;
  dirty: boolean;
  canUndo: boolean;
  canRedo: boolean;
  /** Why the design cannot be changed right now (a run is using it), or null. */
  readOnly: string | null;
  /** Bumped by every load (New, Open, a template, a restore): which document this is, for whoever keeps state for it. */
  documentId: number;
}

export class Editor {
  readonly history: DocumentHistory<DesignDocument>;
  private selection: Selection = EMPTY_SELECTION;
  private interaction: InteractionState = idle();
  private relationKind: RelationKind = 'link';
  private listeners = new Set<() => void>();
  private snapshot!: EditorSnapshot;
  private readOnlyReason: string | null = null;
  private documentId = 0;
  /** Told when a change is refused because the design is read-only (the shell shows why). */
  onRefusedReadOnly: (reason: string) => void = () => {};

  constructor(doc: DesignDocument = createEmptyDocument(), clock?: () => number) {
    this.history = new DocumentHistory(doc, clock);
    this.history.subscribe(() => {
      const d = this.history.doc;
      this.selection = pruneSelection(this.selection, new Set(d.nodes.map((n) => n.id)), new Set(d.edges.map((e) => e.id)));
      this.emit();
    });
    this.refresh();
  }

  get doc(): DesignDocument {
    return this.history.doc;
  }

  getSnapshot = (): EditorSnapshot => this.snapshot;

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  // ------------------------------------------------------------------ document lifecycle

  load(doc: DesignDocument, opts: { dirty?: boolean } = {}) {
    this.selection = EMPTY_SELECTION;
    this.documentId++;
    this.history.reset(doc, opts);
  }

  /** While a run uses the design it is read-only: every change is refused (and reported) until `setReadOnly(null)`.
   *  Selection, viewport and loading another document still work. */
  setReadOnly(reason: string | null) {
    if (reason === this.readOnlyReason) return;
    this.readOnlyReason = reason;
    this.emit();
  }
  get readOnly(): string | null {
    return this.readOnlyReason;
  }
  private refused(): boolean {
    if (this.readOnlyReason === null) return false;
    this.onRefusedReadOnly(this.readOnlyReason);
    return true;
  }

  /** `whileReadOnly`: a change that belongs to the run itself (saving its recording into the document). */
  edit(label: string, recipe: (d: Draft<DesignDocument>) => void, opts?: EditOptions & { whileReadOnly?: boolean }) {
    if (!opts?.whileReadOnly && this.refused()) return false;
    return this.history.edit(label, recipe, opts);
  }

  /** Applies a pure document → document function (quick fixes) as one undo step. */
  replaceWith(label: string, fn: (doc: DesignDocument) => DesignDocument) {
    if (this.refused()) return false;
    const next = fn(this.doc);
    if (next === this.doc) return false;
    return this.history.edit(label, () => next as Draft<DesignDocument>);
  }

  undo() {
    if (this.refused()) return false;
    return this.history.undo();
  }
  redo() {
    if (this.refused()) return false;
    return this.history.redo();
  }

  // ------------------------------------------------------------------ selection and interaction

  getSelection() {
    return this.selection;
  }

  select(nodes: Iterable<string> = [], edges: Iterable<string> = []) {
    const next = selectionOf(nodes, edges);
    if (sameSelection(next, this.selection)) return;
    this.selection = next;
    this.emit();
  }

  selectAll() {
    this.select(this.doc.nodes.map((n) => n.id), this.doc.edges.map((e) => e.id));
  }

  getInteraction() {
    return this.interaction;
  }

  transition(next: InteractionState) {
    this.interaction.exit?.(this);
    this.interaction = next;
    next.enter?.(this);
    this.emit();
  }

  /** Updates the refusal shown while connecting (no history, no document change). */
  setConnectRefusal(reason: string | undefined) {
    const s = this.interaction;
    if (s.name !== 'connecting' || (s as { refusal?: string }).refusal === reason) return;
    this.interaction = { ...s, refusal: reason } as InteractionState;
    this.emit();
  }

  getRelationKind() {
    return this.relationKind;
  }

  setRelationKind(k: RelationKind) {
    this.relationKind = k;
    this.emit();
  }

  // ------------------------------------------------------------------ edits

  addNode(kind: NodeKind, position: { x: number; y: number }, opts: { behaviour?: string } = {}): string {
    const id = idAllocator(this.doc)('n');
    let node: DesignNode;
    if (kind === 'worker') {
      const behaviour = opts.behaviour ?? DEFAULT_BEHAVIOUR;
      const info = getBehaviour(behaviour);
      node = createNode('worker', {
        id, behaviour, name: uniqueName(this.doc, info ? behaviour.replace(/[^a-z0-9_]/gi, '_').toLowerCase() : 'worker'),
        params: info ? defaultParams(info.fields) : {}, position,
      });
    } else if (kind === 'note') {
      node = createNode('note', { id, name: '', text: 'Note', position });
    } else {
      node = createNode(kind, { id, name: uniqueName(this.doc, BASE_NAMES[kind]), position });
    }
    this.edit(`Add ${kind.replace('_', ' ')}`, (d) => {
      d.nodes.push(node as Draft<DesignNode>);
    });
    this.select([id]);
    return id;
  }

  checkConnection(source: string, target: string, kind: EdgeKind | 'load'): ConnectCheck {
    return canConnect(this.doc, source, target, kind);
  }

  /** Adds an edge (or sets a load source's target). Refused connections change nothing and return the reason. */
  connect(source: string, target: string, kind: EdgeKind | 'load'): ConnectCheck & { id?: string } {
    const check = this.checkConnection(source, target, kind);
    if (!check.ok) return check;
    if (kind === 'load') {
      this.edit('Aim load source', (d) => {
        const n = d.nodes.find((x) => x.id === source);
        if (n?.kind === 'load_source') n.target = target;
      });
      return { ok: true };
    }
    const id = idAllocator(this.doc)('e');
    const edge = (kind === 'supervision'
      ? { kind, id, source, target, order: nextChildOrder(this.doc, source) }
      : { kind, id, source, target }) as DesignEdge;
    this.edit(`Add ${kind} edge`, (d) => {
      d.edges.push(edge as Draft<DesignEdge>);
    });
    return { ok: true, id };
  }

  /**
   * Puts `child` under `parent` (or makes it top-level with null), as the last child; one undo step. The keyboard's
   * way to draw a supervision edge (the inspector's "Supervised by"). Refused with a reason like a drawn edge.
   */
  setParent(child: string, parent: string | null): ConnectCheck {
    const without = { ...this.doc, edges: this.doc.edges.filter((e) => !(e.kind === 'supervision' && e.target === child)) };
    if (parent !== null) {
      const check = canConnect(without, parent, child, 'supervision');
      if (!check.ok) return check;
    }
    const current = this.doc.edges.find((e) => e.kind === 'supervision' && e.target === child)?.source ?? null;
    if (current === parent) return { ok: true };
    const id = idAllocator(this.doc)('e');
    const order = parent === null ? 0 : nextChildOrder(without, parent);
    this.edit(parent === null ? 'Remove from supervisor' : 'Set supervisor', (d) => {
      d.edges = d.edges.filter((e) => !(e.kind === 'supervision' && e.target === child));
      if (parent !== null) d.edges.push({ kind: 'supervision', id, source: parent, target: child, order } as Draft<DesignEdge>);
      const before = current === null ? [] : d.edges.filter((e): e is Draft<Extract<DesignEdge, { kind: 'supervision' }>> => e.kind === 'supervision' && e.source === current);
      before.sort((a, b) => a.order - b.order).forEach((e, i) => { if (e.order !== i) e.order = i; }); // close the gap it left
    });
    return { ok: true };
  }

  /** Moves `child` to `position` (0-based) among its siblings' start order; one undo step. */
  setStartPosition(child: string, position: number): boolean {
    const parent = this.doc.edges.find((e) => e.kind === 'supervision' && e.target === child)?.source;
    if (parent === undefined) return false;
    return this.edit('Change start order', (d) => {
      const sibs = (d.edges.filter((e) => e.kind === 'supervision' && e.source === parent) as Draft<Extract<DesignEdge, { kind: 'supervision' }>>[])
        .sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
      const from = sibs.findIndex((e) => e.target === child);
      const [moved] = sibs.splice(from, 1);
      sibs.splice(Math.max(0, Math.min(sibs.length, Math.round(position))), 0, moved);
      sibs.forEach((e, i) => { if (e.order !== i) e.order = i; });
    });
  }

  deleteSelection(): boolean {
    const { nodes, edges } = this.selection;
    if (nodes.size === 0 && edges.size === 0) return false;
    const loadEdges = [...edges].filter((e) => e.startsWith('load:')).map((e) => e.slice(5));
    return this.edit(nodes.size ? 'Delete' : 'Delete edge', (d) => {
      d.nodes = d.nodes.filter((n) => !nodes.has(n.id));
      d.edges = d.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target));
      for (const n of d.nodes) {
        if (n.kind === 'load_source' && n.target && (nodes.has(n.target) || loadEdges.includes(n.id))) n.target = undefined;
      }
    });
  }

  setNodeField(id: string, key: string, value: unknown, opts: EditOptions = {}) {
    return this.edit(key === 'name' ? 'Rename' : `Set ${key}`, (d) => {
      const n = d.nodes.find((x) => x.id === id) as Record<string, unknown> | undefined;
      if (!n) return;
      // a rename carries every parameter and scenario step that named the process along (one undo step)
      if (key === 'name' && typeof n.name === 'string' && typeof value === 'string') renameReferences(d, id, n.name, value);
      if (value === undefined) delete n[key];
      else n[key] = value;
    }, opts);
  }

  setParam(id: string, key: string, value: unknown, opts: EditOptions = {}) {
    return this.edit(`Set ${key}`, (d) => {
      const n = d.nodes.find((x) => x.id === id);
      if (n?.kind !== 'worker') return;
      if (value === undefined) delete n.params[key];
      else n.params[key] = value;
    }, opts);
  }

  /** Changes a worker's behaviour; parameters of the new behaviour start from its defaults, shared ones are kept. */
  setBehaviour(id: string, behaviour: string) {
    const info = getBehaviour(behaviour) ?? this.doc.customBehaviours.find((b) => b.id === behaviour);
    return this.edit('Change behaviour', (d) => {
      const n = d.nodes.find((x) => x.id === id);
      if (n?.kind !== 'worker') return;
      const defaults = info ? defaultParams(info.fields) : {};
      const keep = Object.fromEntries(Object.entries(n.params).filter(([k]) => k in defaults));
      n.behaviour = behaviour;
      n.params = { ...defaults, ...keep };
    });
  }

  /**
   * Position changes from a drag; squashed into one step per gesture by `merge`. While the dragging state is on, the
   * whole gesture is one step however long it pauses (the state seals the step when the drag ends); other moves
   * (keyboard) squash only within history's time window.
   */
  moveNodes(positions: Positions, merge: string | undefined = 'drag', label = 'Move') {
    return this.edit(label, (d) => {
      for (const n of d.nodes) {
        const p = positions.get(n.id);
        if (p && (n.position.x !== p.x || n.position.y !== p.y)) n.position = { x: p.x, y: p.y };
      }
    }, { merge, untilSealed: merge !== undefined && this.getInteraction().name === 'dragging' });
  }

  /** Positions from auto-layout: one undo step of its own. */
  setPositions(positions: Positions, label = 'Auto-layout') {
    this.history.seal();
    return this.moveNodes(positions, undefined, label);
  }

  /** After a drag, children of a supervisor are ordered left to right as drawn. */
  reorderSiblingsByPosition(moved: readonly string[], merge: string) {
    const ix = indexDocument(this.doc);
    const parents = new Set(moved.map((id) => ix.parentEdges.get(id)?.[0]?.source).filter((p): p is string => !!p));
    if (parents.size === 0) return;
    this.edit('Reorder children', (d) => {
      for (const p of parents) {
        const edges = d.edges.filter((e) => e.kind === 'supervision' && e.source === p) as Extract<DesignEdge, { kind: 'supervision' }>[];
        const x = (id: string) => d.nodes.find((n) => n.id === id)?.position.x ?? 0;
        const sorted = [...edges].sort((a, b) => x(a.target) - x(b.target) || a.order - b.order);
        sorted.forEach((e, i) => {
          if (e.order !== i) e.order = i;
        });
      }
    }, { merge, untilSealed: true }); // called as a drag ends, before the step is sealed: part of the drag's step
  }

  toggleCollapsed(id: string) {
    const n = this.doc.nodes.find((x) => x.id === id);
    if (!n) return false;
    return this.setNodeField(id, 'collapsed', n.collapsed ? undefined : true);
  }

  // ------------------------------------------------------------------ clipboard

  copySelection(): string | null {
    const roots = [...this.selection.nodes];
    if (roots.length === 0) return null;
    return serializeClipboard(copySubtrees(this.doc, roots));
  }

  /**
   * Pastes clipboard text; returns false when the text is not a Supervisor Studio clipboard. With `at` (a canvas
   * point, e.g. under the pointer) the pasted group's top-left corner lands there; otherwise it is shifted by 40 px.
   */
  paste(text: string, at?: { x: number; y: number }): boolean {
    const payload = parseClipboard(text);
    if (!payload || payload.nodes.length === 0) return false;
    const offset = at
      ? { x: at.x - Math.min(...payload.nodes.map((n) => n.position.x)), y: at.y - Math.min(...payload.nodes.map((n) => n.position.y)) }
      : { x: 40, y: 40 };
    const { nodes, edges } = preparePaste(this.doc, payload, idAllocator(this.doc), offset);
    // pasted subtree roots under a supervisor that was not copied are appended as top-level trees
    this.edit('Paste', (d) => {
      d.nodes.push(...(nodes as Draft<DesignNode>[]));
      d.edges.push(...(edges as Draft<DesignEdge>[]));
    });
    this.select(nodes.map((n) => n.id));
    return true;
  }

  duplicateSelection(): boolean {
    const text = this.copySelection();
    return text ? this.paste(text) : false;
  }

  // ------------------------------------------------------------------ internals

  private refresh() {
    this.snapshot = {
      doc: this.history.doc,
      selection: this.selection,
      interaction: this.interaction,
      relationKind: this.relationKind,
      dirty: this.history.dirty,
      canUndo: this.history.canUndo,
      canRedo: this.history.canRedo,
      readOnly: this.readOnlyReason,
      documentId: this.documentId,
    };
  }

  private emit() {
    this.refresh();
    for (const l of this.listeners) l();
  }
}
