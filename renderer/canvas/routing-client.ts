// Routes of the relation edges (links, monitors, calls, load) as view state: computed by routing.worker.ts from the
// node boxes React Flow knows (measured sizes, else the node's initial size), never saved in the document.
//
// When: the first relation edge that mounts starts routing for its canvas (one router per React Flow store). It
// watches the store and the editor and routes 40 ms after things settle, when a node box or a relation edge
// changed: on open (once the nodes are measured), after auto-layout, paste, undo, and when a drag ends. Never while
// a node is being dragged (the edge is drawn unrouted until the drag ends) and never for pan or zoom (the boxes are
// the same; the comparison is skipped for a store change that only moved the viewport). The latest request wins:
// while the worker is busy only the newest request waits, and replies to overtaken requests are dropped. Between a
// layout change and its routes no route is handed out (an old route may cross a node that moved or grew since).
import { useCallback, useSyncExternalStore } from 'react';
import { useStoreApi, type Edge, type ReactFlowState } from '@xyflow/react';
import type { Editor } from '../editor/editor';
import { DEFAULT_SIZE } from '../editor/layout';
import { labelBox, measureLabel, orderLabelCenter } from './labels';
import { RELATION_EDGE, type Route, type RouteEdge } from './routing';

const labelText = (e: Edge) => (typeof e.label === 'string' || typeof e.label === 'number' ? String(e.label) : '');

export interface RoutingRequest { seq: number; ids: string[]; coords: number[]; edges: RouteEdge[]; reserved: number[] }
type RoutingReply = { seq: number; routes: [string, Route][] } | { seq: number; error: string };

const SETTLE_MS = 40;

type Store = ReturnType<typeof useStoreApi>;

const sameRoute = (a: Route | undefined, b: Route) =>
  !!a && a.points.length === b.points.length && a.points.every((p, i) => p.x === b.points[i].x && p.y === b.points[i].y) &&
  a.from.x === b.from.x && a.from.y === b.from.y && a.to.x === b.to.x && a.to.y === b.to.y &&
  a.label?.x === b.label?.x && a.label?.y === b.label?.y;

class Routing {
  private routes = new Map<string, Route>();
  private readonly listeners = new Map<string, Set<() => void>>();
  private users = 0;
  private stop: (() => void) | undefined;
  private disposeTimer: ReturnType<typeof setTimeout> | undefined;
  private worker: Worker | undefined;
  private failed = false;
  private seq = 0;
  private busy = false;
  private waiting: RoutingRequest | undefined;
  private lastKey = '';
  /** The routes are for an earlier layout (a node box or relation edge changed since; the new routes are pending). */
  private stale = false;

  constructor(private readonly store: Store, private readonly editor: Editor) {}

  // a route computed for an earlier layout is not handed out: it may cross a node that moved or was resized since
  // (its ends may still lie within fitRoute's tolerance), so the edge is drawn unrouted until the new routes arrive
  get = (id: string) => (this.stale ? undefined : this.routes.get(id));

  subscribe(id: string, fn: () => void): () => void {
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(fn);
    if (this.users++ === 0) this.start();
    return () => {
      set.delete(fn);
      if (!set.size) this.listeners.delete(id);
      if (--this.users === 0) {
        // every routed edge left the view (or the canvas unmounted): stop after a while, unless one comes back
        this.disposeTimer = setTimeout(() => this.dispose(), 10_000);
      }
    };
  }

  private start() {
    clearTimeout(this.disposeTimer);
    if (this.stop) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(() => this.run(), SETTLE_MS);
    };
    const offStore = this.store.subscribe((s: ReactFlowState, prev: ReactFlowState) => {
      // a pan or zoom frame changes only the transform: nothing to route
      if (s.nodes !== prev.nodes || s.edges !== prev.edges || s.transform === prev.transform) schedule();
    });
    const offEditor = this.editor.subscribe(schedule); // a drag's end is an editor transition
    schedule();
    this.stop = () => {
      clearTimeout(timer);
      offStore();
      offEditor();
    };
  }

  private dispose() {
    if (this.users) return;
    this.stop?.();
    this.stop = undefined;
    this.worker?.terminate();
    this.worker = undefined;
    this.busy = false;
    this.waiting = undefined;
    this.lastKey = '';
  }

  private run() {
    if (this.failed || this.editor.getInteraction().name === 'dragging') return;
    const s = this.store.getState();
    const edges: RouteEdge[] = [];
    for (const e of s.edges as Edge[]) {
      if (e.type !== RELATION_EDGE || e.hidden) continue;
      const text = labelText(e);
      edges.push({ id: e.id, source: e.source, target: e.target, ...(text ? { label: measureLabel(text) } : {}) });
    }
    const ids: string[] = [];
    const coords: number[] = [];
    // the start-order numbers, which the relation labels keep clear of (edges.tsx draws them there)
    const reserved: number[] = [];
    if (edges.length) {
      for (const e of s.edges as Edge[]) {
        const text = labelText(e);
        if (e.type !== 'supervision' || e.hidden || !text) continue;
        const inner = s.nodeLookup.get(e.target);
        if (!inner) continue;
        const p = inner.internals.positionAbsolute;
        const w = inner.measured.width ?? inner.initialWidth ?? DEFAULT_SIZE.width;
        const b = labelBox(orderLabelCenter(p.x + w / 2, p.y), measureLabel(text));
        reserved.push(b.x, b.y, b.width, b.height);
      }
      for (const n of s.nodes) {
        if (n.hidden) continue;
        const inner = s.nodeLookup.get(n.id);
        if (!inner) continue;
        const p = inner.internals.positionAbsolute;
        ids.push(n.id);
        coords.push(p.x, p.y, inner.measured.width ?? n.initialWidth ?? DEFAULT_SIZE.width, inner.measured.height ?? n.initialHeight ?? DEFAULT_SIZE.height);
      }
    }
    const key = `${ids.join('\n')}|${coords.join(',')}|${reserved.join(',')}|${edges.map((e) => `${e.id}\n${e.source}\n${e.target}\n${e.label?.width ?? 0}`).join('\n')}`;
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.markStale();
    if (!edges.length) {
      this.apply([]);
      return;
    }
    this.waiting = { seq: ++this.seq, ids, coords, edges, reserved };
    if (!this.busy) this.pump();
  }

  private pump() {
    const req = this.waiting;
    if (!req) return;
    this.waiting = undefined;
    if (!this.worker) {
      try {
        this.worker = new Worker(new URL('./routing.worker.ts', import.meta.url), { type: 'module', name: 'routing' });
      } catch (err) {
        this.fail(err);
        return;
      }
      this.worker.onmessage = ({ data }: MessageEvent<RoutingReply>) => {
        this.busy = false;
        if ('error' in data) this.fail(data.error);
        else if (data.seq === this.seq) this.apply(data.routes);
        this.pump();
      };
      this.worker.onerror = (e) => this.fail(e.message);
    }
    this.busy = true;
    this.worker.postMessage(req);
  }

  /** The layout changed: every edge that has a route is drawn unrouted until the routes for this layout arrive. */
  private markStale() {
    if (this.stale || !this.routes.size) return;
    this.stale = true;
    for (const id of this.routes.keys()) for (const fn of this.listeners.get(id) ?? []) fn();
  }

  /** Routing is unavailable (the worker or WebAssembly failed): every edge stays drawn unrouted. */
  private fail(err: unknown) {
    if (this.failed) return;
    this.failed = true;
    console.warn('Edge routing is off:', err);
    this.worker?.terminate();
    this.worker = undefined;
    this.apply([]);
  }

  private apply(list: [string, Route][]) {
    const prev = this.routes;
    const next = new Map<string, Route>();
    const changed: string[] = [];
    for (const [id, r] of list) {
      const old = prev.get(id);
      if (old && sameRoute(old, r)) next.set(id, old);
      else {
        next.set(id, r);
        changed.push(id);
      }
    }
    for (const id of prev.keys()) if (!next.has(id)) changed.push(id);
    this.routes = next;
    if (this.stale) {
      // every edge drew unrouted while the routes were stale: all of them are drawn again, changed or not
      this.stale = false;
      changed.splice(0, changed.length, ...new Set([...changed, ...next.keys(), ...prev.keys()]));
    }
    for (const id of changed) for (const fn of this.listeners.get(id) ?? []) fn();
  }
}

const perStore = new WeakMap<Store, Routing>();

/** The current route of edge `id`, or undefined while there is none (the edge is then drawn unrouted). */
export function useRoute(id: string, editor: Editor): Route | undefined {
  const store = useStoreApi();
  let routing = perStore.get(store);
  if (!routing) perStore.set(store, (routing = new Routing(store, editor)));
  const r = routing;
  const subscribe = useCallback((fn: () => void) => r.subscribe(id, fn), [r, id]);
  return useSyncExternalStore(subscribe, () => r.get(id));
}
