// Routes links, monitors, calls and load edges around nodes with libavoid (Adaptagrams, C++ compiled to WASM by
// libavoid-js): orthogonal routes through a visibility graph of the node boxes, kept apart where they run side by
// side (nudging), recomputed from scratch for each layout (the same layout always gets the same routes). Supervision edges are not routed (they keep React Flow's
// smooth step from parent to child).
//
// Pure: no DOM. The browser runs it in routing.worker.ts (the page's CSP forbids compiling WebAssembly on the main
// thread; the worker may, and routing stays off the main thread); tests run it under Node.
//
// An edge leaves its source on the middle of the right side and enters its target on the middle of the left side,
// where the node's rel-out / rel-in handles are (nodes.tsx).
import { labelBox, placeLabel, type Size } from './labels';

export interface Box { x: number; y: number; width: number; height: number }
/** An edge to route; `label`: the size of its label, placed on the route clear of the nodes (labels.ts). */
export interface RouteEdge { id: string; source: string; target: string; label?: Size }
export interface Point { x: number; y: number }

/** React Flow edge type of every routed edge (edges.tsx draws it, derive.ts gives it). */
export const RELATION_EDGE = 'relation';

/** Room kept between a route and any node it passes (px). Auto-layout gaps (36 / 64 px) leave a lane between. */
export const CLEARANCE = 12;
/** Distance between parallel route segments that would otherwise lie on each other (px). */
export const LANE_GAP = 8;

// The parts of libavoid-js's API used here, typed (the package types its instance as a loose index signature).
export interface Avoid {
  OrthogonalRouting: number;
  ConnDirLeft: number;
  ConnDirRight: number;
  shapeBufferDistance: number;
  idealNudgingDistance: number;
  segmentPenalty: number;
  nudgeOrthogonalSegmentsConnectedToShapes: number;
  nudgeSharedPathsWithCommonEndPoint: number;
  Router: new (flags: number) => any;
  Point: new (x: number, y: number) => any;
  Rectangle: new (topLeft: any, bottomRight: any) => any;
  ShapeRef: new (router: any, poly: any) => any;
  ShapeConnectionPin: new (shape: any, classId: number, x: number, y: number, proportional: boolean, inside: number, dirs: number) => any;
  ConnEnd: new (shape: any, classId: number) => any;
  ConnRef: new (router: any, src: any, dst: any) => any;
  destroy(obj: any): void;
}

const PIN_OUT = 1;
const PIN_IN = 2;

const sameBox = (a: Box, b: Box) => a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;

/**
 * One router per canvas. `update` takes every node box and every edge to route, applies only what changed since the
 * last call (libavoid re-routes only the connectors a change touches) and returns the routes of all edges whose
 * ends are known boxes (an edge with an unknown or identical end is left out: the canvas draws it unrouted).
 */
export class EdgeRouter {
  private router: any;
  private readonly shapes = new Map<string, { box: Box; ref: any }>();
  private readonly conns = new Map<string, { source: string; target: string; ref: any }>();

  /**
   * `region`: how far around an edge's ends nodes are obstacles (Infinity: every node; the bench's baseline).
   * `incremental`: keep one libavoid router across updates (only what changed is re-routed). Off by default:
   * libavoid's incremental results depend on earlier changes (a property test found two parallel routes nudged in
   * the other order after a few moves), so a node moved away and back (a drag, then undo) could come back with a
   * different picture. The canvas routes each layout from scratch: the same boxes and edges give the same routes.
   */
  constructor(private readonly A: Avoid, private readonly region = REGION, private readonly incremental = false) {
    this.router = this.newRouter();
  }

  private newRouter() {
    const { A } = this;
    const r = new A.Router(A.OrthogonalRouting);
    r.setRoutingParameter(A.shapeBufferDistance, CLEARANCE);
    r.setRoutingParameter(A.idealNudgingDistance, LANE_GAP);
    r.setRoutingParameter(A.segmentPenalty, 50); // a bend costs as much as 50 px of length: few bends
    r.setRoutingOption(A.nudgeOrthogonalSegmentsConnectedToShapes, true);
    r.setRoutingOption(A.nudgeSharedPathsWithCommonEndPoint, true);
    return r;
  }

  private rect(b: Box) {
    const { A } = this;
    const tl = new A.Point(b.x, b.y);
    const br = new A.Point(b.x + b.width, b.y + b.height);
    const rect = new A.Rectangle(tl, br);
    A.destroy(tl);
    A.destroy(br);
    return rect;
  }

  private end(shape: unknown, pin: number) {
    return new this.A.ConnEnd(shape, pin);
  }

  /**
   * `reserved`: boxes that labels keep clear of besides the nodes (the start-order numbers). Labels are placed in
   * edge-id order, each clear of those placed before it.
   */
  update(boxes: ReadonlyMap<string, Box>, edges: readonly RouteEdge[], reserved: readonly Box[] = []): Map<string, Route> {
    if (!this.incremental && (this.shapes.size || this.conns.size)) {
      // a fresh router (the old one frees its shapes, pins and connectors with it)
      this.A.destroy(this.router);
      this.shapes.clear();
      this.conns.clear();
      this.router = this.newRouter();
    }
    const wanted = new Map<string, RouteEdge>();
    for (const e of edges) if (e.source !== e.target && boxes.has(e.source) && boxes.has(e.target)) wanted.set(e.id, e);
    // Only the nodes near an edge are obstacles: those meeting the box around its two ends grown by REGION. The
    // router's cost grows with its obstacles (1,000 nodes: ~0.3–0.6 s to add, ~0.1 s per later move, on this
    // machine, even with no edge at all), and most nodes of a big design are nowhere near a link or call. A route
    // that leaves that region (a long detour) is checked against every node; the nodes it would cross, and those
    // around its path, are added and the edges routed again, until none is crossed (at most 6 rounds).
    const included = new Set<string>();
    const regions = [...wanted.values()].map((e) => grow(union(boxes.get(e.source)!, boxes.get(e.target)!), this.region));
    for (const e of wanted.values()) included.add(e.source).add(e.target);
    for (const [id, b] of boxes) if (this.region === Infinity || regions.some((r) => overlaps(r, b))) included.add(id);
    let out = this.route(boxes, included, wanted);
    this.rounds = 1;
    for (let round = 0; round < 6; round++) {
      let more = false;
      for (const r of out.values()) {
        const around = grow(bounds(r.points), this.region);
        let hit = false;
        for (const [id, b] of boxes) if (!included.has(id) && overlaps(around, b) && routeCrossesBox(r.points, b)) hit = true;
        if (!hit) continue;
        for (const [id, b] of boxes) if (!included.has(id) && overlaps(around, b)) included.add(id);
        more = true;
      }
      if (!more) break;
      out = this.route(boxes, included, wanted);
      this.rounds++;
    }
    const taken: Box[] = [...boxes.values(), ...reserved];
    for (const id of [...wanted.keys()].sort()) {
      const size = wanted.get(id)!.label, r = out.get(id);
      if (!size || !r) continue;
      r.label = placeLabel(r.points, size, taken);
      taken.push(labelBox(r.label, size));
    }
    return out;
  }

  /** Brings the router's shapes (the `included` boxes) and connectors up to date, and reads every route. */
  private route(boxes: ReadonlyMap<string, Box>, included: ReadonlySet<string>, wanted: ReadonlyMap<string, RouteEdge>) {
    const { A, router } = this;
    // connectors first: a shape cannot be deleted while a connector is attached to one of its pins
    for (const [id, c] of this.conns) {
      const w = wanted.get(id);
      if (!w || w.source !== c.source || w.target !== c.target) {
        router.deleteConnector(c.ref);
        this.conns.delete(id);
      }
    }
    for (const [id, s] of this.shapes) {
      if (included.has(id)) continue;
      router.deleteShape(s.ref);
      this.shapes.delete(id);
    }
    for (const id of included) {
      const box = boxes.get(id)!;
      const s = this.shapes.get(id);
      if (s && sameBox(s.box, box)) continue;
      const rect = this.rect(box);
      if (s) {
        router.moveShape(s.ref, rect);
        s.box = { ...box };
      } else {
        const ref = new A.ShapeRef(router, rect);
        // pins are owned by their shape (freed with it)
        // not exclusive: every edge out of (or into) a node shares the one handle
        new A.ShapeConnectionPin(ref, PIN_OUT, 1, 0.5, true, 0, A.ConnDirRight).setExclusive(false);
        new A.ShapeConnectionPin(ref, PIN_IN, 0, 0.5, true, 0, A.ConnDirLeft).setExclusive(false);
        this.shapes.set(id, { box: { ...box }, ref });
      }
      A.destroy(rect);
    }
    for (const [id, e] of wanted) {
      if (this.conns.has(id)) continue;
      const src = this.end(this.shapes.get(e.source)!.ref, PIN_OUT);
      const dst = this.end(this.shapes.get(e.target)!.ref, PIN_IN);
      this.conns.set(id, { source: e.source, target: e.target, ref: new A.ConnRef(router, src, dst) });
      A.destroy(src);
      A.destroy(dst);
    }
    router.processTransaction();
    const out = new Map<string, Route>();
    for (const [id, c] of this.conns) {
      const s = this.shapes.get(c.source)!.box, t = this.shapes.get(c.target)!.box;
      const line = c.ref.displayRoute();
      const pts: Point[] = [];
      for (let i = 0; i < line.size(); i++) {
        const p = line.get_ps(i);
        pts.push({ x: p.x, y: p.y });
      }
      out.set(id, { points: pts, from: { x: s.x + s.width, y: s.y + s.height / 2 }, to: { x: t.x, y: t.y + t.height / 2 } });
    }
    return out;
  }

  /** How many times the last `update` routed (1, plus one per round that added nodes a route crossed). */
  rounds = 0;

  /** How many nodes the router holds as obstacles now (for tests). */
  get obstacles() {
    return this.shapes.size;
  }
}

/** How far around an edge's two ends nodes count as obstacles (px): room for a detour around a row of nodes. */
export const REGION = 240;

const union = (a: Box, b: Box): Box => {
  const x = Math.min(a.x, b.x), y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
};
const grow = (b: Box, m: number): Box => ({ x: b.x - m, y: b.y - m, width: b.width + 2 * m, height: b.height + 2 * m });
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
function bounds(pts: readonly Point[]): Box {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const p of pts) {
    x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y); x1 = Math.max(x1, p.x); y1 = Math.max(y1, p.y);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

// ---------------------------------------------------------------------------------------------- geometry helpers

/** Whether the segment a–b passes through the inside of `box` (touching its border does not count). */
export function segmentCrossesBox(a: Point, b: Point, box: Box, eps = 0.5): boolean {
  const x0 = box.x + eps, x1 = box.x + box.width - eps, y0 = box.y + eps, y1 = box.y + box.height - eps;
  if (x0 >= x1 || y0 >= y1) return false;
  // Liang–Barsky clipping of the segment against the shrunk box
  let t0 = 0, t1 = 1;
  const dx = b.x - a.x, dy = b.y - a.y;
  const clip = (p: number, q: number) => {
    if (p === 0) return q > 0; // parallel: inside the slab or not
    const r = q / p;
    if (p < 0) {
      if (r > t1) return false;
      if (r > t0) t0 = r;
    } else {
      if (r < t0) return false;
      if (r < t1) t1 = r;
    }
    return true;
  };
  return clip(-dx, a.x - x0) && clip(dx, x1 - a.x) && clip(-dy, a.y - y0) && clip(dy, y1 - a.y) && t0 < t1;
}

/** Whether a polyline passes through the inside of `box`. */
export const routeCrossesBox = (pts: readonly Point[], box: Box) =>
  pts.some((p, i) => i > 0 && segmentCrossesBox(pts[i - 1], p, box));

/**
 * A route as computed: its points, and the handle centres it was computed for (the middle of the source's right
 * side and of the target's left side). Its ends may lie a few px off those centres: edges sharing a handle are
 * spread apart along the node's side.
 */
export interface Route { points: Point[]; from: Point; to: Point; label?: Point }

/**
 * The route moved onto the handle positions React Flow draws the edge between (`from`, `to`), or undefined when a
 * handle is further than `tolerance` from where it was when the route was computed (a stale route while a node is
 * dragged or before the router answered: the canvas then draws the edge unrouted). Each end moves by its handle's
 * offset, and its neighbouring point with it along the shared axis, so the end segments stay horizontal/vertical.
 */
export function fitRoute(route: Route, from: Point, to: Point, tolerance = 6): Point[] | undefined {
  const pts = route.points;
  if (pts.length < 2) return undefined;
  const d0 = { x: from.x - route.from.x, y: from.y - route.from.y };
  const d1 = { x: to.x - route.to.x, y: to.y - route.to.y };
  if (Math.abs(d0.x) > tolerance || Math.abs(d0.y) > tolerance || Math.abs(d1.x) > tolerance || Math.abs(d1.y) > tolerance) return undefined;
  const out = pts.map((p) => ({ x: p.x, y: p.y }));
  const move = (i: number, j: number, d: Point) => {
    const old = pts[i];
    if (out.length > 2) {
      if (pts[j].y === old.y) out[j].y += d.y;
      else if (pts[j].x === old.x) out[j].x += d.x;
    }
    out[i] = { x: old.x + d.x, y: old.y + d.y };
  };
  move(0, 1, d0);
  move(out.length - 1, out.length - 2, d1);
  return out;
}

/** SVG path through the points with rounded corners (radius at most `r`, and at most half of either segment). */
export function roundedPath(pts: readonly Point[], r = 8): string {
  if (!pts.length) return '';
  let d = `M${pts[0].x},${pts[0].y}`;
  for (let i = 1; i < pts.length - 1; i++) {
    const p = pts[i - 1], c = pts[i], n = pts[i + 1];
    const l1 = Math.hypot(c.x - p.x, c.y - p.y), l2 = Math.hypot(n.x - c.x, n.y - c.y);
    const k = Math.min(r, l1 / 2, l2 / 2);
    if (k < 0.5) {
      d += ` L${c.x},${c.y}`;
      continue;
    }
    const ax = c.x + ((p.x - c.x) / l1) * k, ay = c.y + ((p.y - c.y) / l1) * k;
    const bx = c.x + ((n.x - c.x) / l2) * k, by = c.y + ((n.y - c.y) / l2) * k;
    d += ` L${ax},${ay} Q${c.x},${c.y} ${bx},${by}`;
  }
  const z = pts[pts.length - 1];
  if (pts.length > 1) d += ` L${z.x},${z.y}`;
  return d;
}

/** The point halfway along the polyline (where the edge's label goes). */
export function midpoint(pts: readonly Point[]): Point {
  let total = 0;
  for (let i = 1; i < pts.length; i++) total += Math.hypot(pts[i].x - pts[i - 1].x, pts[i].y - pts[i - 1].y);
  let left = total / 2;
  for (let i = 1; i < pts.length; i++) {
    const l = Math.hypot(pts[i].x - pts[i - 1].x, pts[i].y - pts[i - 1].y);
    if (l >= left && l > 0) {
      const t = left / l;
      return { x: pts[i - 1].x + (pts[i].x - pts[i - 1].x) * t, y: pts[i - 1].y + (pts[i].y - pts[i - 1].y) * t };
    }
    left -= l;
  }
  return pts[0] ?? { x: 0, y: 0 };
}
