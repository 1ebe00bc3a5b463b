import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AvoidLib } from 'libavoid-js';
import {
  EdgeRouter, fitRoute, midpoint, RELATION_EDGE, roundedPath, routeCrossesBox, segmentCrossesBox,
  type Avoid, type Box, type Point, type Route, type RouteEdge,
} from './routing';
import { autoLayout, DEFAULT_SIZE } from '../editor/layout';
import { createDeriver } from './derive';
import { loadTemplates } from '../panels/templates';
import { labelBox, measureLabel, orderLabelCenter } from './labels';

const meets = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

let A: Avoid;
beforeAll(async () => {
  // Node build of libavoid-js: reads the .wasm from this path
  await AvoidLib.load(decodeURIComponent(new URL('../../node_modules/libavoid-js/dist/libavoid.wasm', import.meta.url).pathname));
  A = AvoidLib.getInstance() as unknown as Avoid; // the package types its instance loosely
});

const out = (b: Box): Point => ({ x: b.x + b.width, y: b.y + b.height / 2 });
const into = (b: Box): Point => ({ x: b.x, y: b.y + b.height / 2 });

/** Everything a route must be: from the source's right handle to the target's left handle, axis-parallel
 *  segments, through no node box (its own two included). Returns a description of the first fault. */
function fault(r: Route | undefined, e: RouteEdge, boxes: ReadonlyMap<string, Box>): string | undefined {
  if (!r || r.points.length < 2) return `${e.id}: no route`;
  const route = r.points;
  const s = boxes.get(e.source)!, t = boxes.get(e.target)!;
  if (JSON.stringify([r.from, r.to]) !== JSON.stringify([out(s), into(t)])) return `${e.id}: wrong handle centres`;
  // on the source's right side and the target's left side (spread along it when edges share a handle)
  const onSide = (p: Point, x: number, b: Box) => Math.abs(p.x - x) < 0.01 && p.y > b.y && p.y < b.y + b.height;
  if (!onSide(route[0], s.x + s.width, s)) return `${e.id}: starts at ${JSON.stringify(route[0])}, not on the source's right side`;
  if (!onSide(route[route.length - 1], t.x, t)) return `${e.id}: ends away from the target's left side`;
  for (let i = 1; i < route.length; i++) {
    const a = route[i - 1], b = route[i];
    if (Math.abs(a.x - b.x) > 0.01 && Math.abs(a.y - b.y) > 0.01) return `${e.id}: diagonal segment`;
  }
  for (const [id, box] of boxes) if (routeCrossesBox(route, box)) return `${e.id}: crosses node ${id} ${JSON.stringify(box)} along ${JSON.stringify(route)}`;
  return undefined;
}

function check(routes: Map<string, Route>, edges: RouteEdge[], boxes: ReadonlyMap<string, Box>) {
  for (const e of edges) {
    if (e.source === e.target) {
      expect(routes.has(e.id)).toBe(false);
      continue;
    }
    expect(fault(routes.get(e.id), e, boxes)).toBeUndefined();
  }
}

/** Generated layouts: nodes of different sizes in the cells of a grid, at least 36 px apart (auto-layout's gap). */
const layoutArb = fc
  .record({
    cols: fc.integer({ min: 2, max: 6 }),
    rows: fc.integer({ min: 1, max: 5 }),
    cells: fc.array(
      fc.record({ on: fc.boolean(), w: fc.integer({ min: 120, max: 240 }), h: fc.integer({ min: 50, max: 130 }), dx: fc.nat(), dy: fc.nat() }),
      { minLength: 30, maxLength: 30 },
    ),
    pairs: fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 10 }),
  })
  .map(({ cols, rows, cells, pairs }) => {
    const CW = 240 + 36, CH = 130 + 64;
    const boxes = new Map<string, Box>();
    for (let i = 0; i < cols * rows; i++) {
      const c = cells[i];
      if (!c.on && i > 1) continue;
      const x = (i % cols) * CW + (c.dx % (CW - 36 - c.w + 1));
      const y = Math.floor(i / cols) * CH + (c.dy % (CH - 64 - c.h + 1));
      boxes.set(`n${i}`, { x, y, width: c.w, height: c.h });
    }
    const ids = [...boxes.keys()];
    const edges = pairs.map(([a, b], i) => ({ id: `e${i}`, source: ids[a % ids.length], target: ids[b % ids.length] }));
    return { boxes, edges };
  });

describe('edge routing (libavoid)', () => {
  it('routes around a node standing between the ends, and again after that node moves', () => {
    const r = new EdgeRouter(A);
    const boxes = new Map<string, Box>([
      ['a', { x: 0, y: 0, width: 200, height: 100 }],
      ['b', { x: 600, y: 0, width: 200, height: 100 }],
      ['wall', { x: 300, y: -100, width: 200, height: 300 }],
    ]);
    const edges = [{ id: 'ab', source: 'a', target: 'b' }];
    const straight = [out(boxes.get('a')!), into(boxes.get('b')!)];
    expect(routeCrossesBox(straight, boxes.get('wall')!)).toBe(true); // the straight line would cross it
    const first = r.update(boxes, edges);
    check(first, edges, boxes);
    expect(first.get('ab')!.points.length).toBeGreaterThan(2); // it bends around the wall
    boxes.set('wall', { x: 300, y: 400, width: 200, height: 300 }); // out of the way
    const second = r.update(boxes, edges);
    check(second, edges, boxes);
    expect(second.get('ab')!.points).toEqual(straight);
    boxes.set('wall', { x: 300, y: -150, width: 200, height: 500 }); // back, taller
    check(r.update(boxes, edges), edges, boxes);
  });

  it('never crosses a node box, on generated layouts and after moves, deletions and new edges', () => {
    fc.assert(
      fc.property(layoutArb, layoutArb, ({ boxes, edges }, later) => {
        const r = new EdgeRouter(A);
        check(r.update(boxes, edges), edges, boxes);
        // the same router, reused for another layout (moves, removed and added nodes and edges)
        check(r.update(later.boxes, later.edges), later.edges, later.boxes);
      }),
      { numRuns: 60 },
    );
  });

  it('gives the same routes for the same layout whatever came before (a move, then undo, draws the old picture)', () => {
    fc.assert(
      fc.property(layoutArb, layoutArb, ({ boxes, edges }, later) => {
        const r = new EdgeRouter(A);
        const first = r.update(boxes, edges);
        r.update(later.boxes, later.edges);
        r.update(new Map([...boxes].map(([id, b]) => [id, { ...b, x: b.x + 37 }])), edges);
        expect(r.update(boxes, edges)).toEqual(first);
        expect(new EdgeRouter(A).update(boxes, edges)).toEqual(first);
      }),
      { numRuns: 150 },
    );
  });

  it('holds only the nodes near an edge as obstacles, and still avoids a far node a long detour runs into', () => {
    const boxes = new Map<string, Box>([
      ['a', { x: 0, y: 0, width: 200, height: 100 }],
      ['b', { x: 2000, y: 0, width: 200, height: 100 }],
      // a wall across the way, taller than the region around the ends: the route goes round its top or bottom
      ['wall', { x: 900, y: -1500, width: 200, height: 3100 }],
      // two far nodes, each just past an end of the wall (too close to it to pass between them)
      ['capTop', { x: 800, y: -1560, width: 400, height: 50 }],
      ['capBottom', { x: 800, y: 1610, width: 400, height: 50 }],
    ]);
    for (let i = 0; i < 50; i++) boxes.set(`far${i}`, { x: 5000 + (i % 10) * 300, y: 3000 + Math.floor(i / 10) * 200, width: 200, height: 100 });
    const edges = [{ id: 'ab', source: 'a', target: 'b' }];
    const r = new EdgeRouter(A);
    const routes = r.update(boxes, edges);
    check(routes, edges, boxes);
    expect(r.obstacles).toBeLessThan(10); // none of the 50 far nodes
    expect(r.rounds).toBeGreaterThan(1); // the first route crossed a cap
    // the caps were not near the ends: only the check of the detour brought them in
    const pts = routes.get('ab')!.points;
    expect(Math.min(...pts.map((p) => p.y)) < -1560 || Math.max(...pts.map((p) => p.y)) > 1660).toBe(true);
  });

  it('keeps routes that do not share an end off each other (no piled-up segments)', () => {
    // five parallel pairs whose straight routes would all run through one gap between two tall walls
    const boxes = new Map<string, Box>([
      ['wallTop', { x: 300, y: -400, width: 100, height: 420 }],
      ['wallBottom', { x: 300, y: 120, width: 100, height: 420 }],
    ]);
    const edges: RouteEdge[] = [];
    for (let i = 0; i < 5; i++) {
      boxes.set(`s${i}`, { x: 0, y: i * 120 - 200, width: 150, height: 60 });
      boxes.set(`t${i}`, { x: 600, y: 200 - i * 120, width: 150, height: 60 });
      edges.push({ id: `e${i}`, source: `s${i}`, target: `t${i}` });
    }
    const routes = r0().update(boxes, edges);
    check(routes, edges, boxes);
    // inside the gap every route is horizontal at its own height, at least LANE_GAP apart... or it went around
    const ys = edges.flatMap((e) => {
      const pts = routes.get(e.id)!.points;
      return pts.flatMap((p, i) => (i > 0 && p.y === pts[i - 1].y && Math.min(p.x, pts[i - 1].x) <= 300 && Math.max(p.x, pts[i - 1].x) >= 400 && p.y > 20 && p.y < 120 ? [p.y] : []));
    });
    expect(ys.length).toBeGreaterThan(1);
    expect(new Set(ys).size).toBe(ys.length);
  });

  it('routes the relations of every template after auto-layout without crossing a node', async () => {
    const { templates } = loadTemplates();
    expect(templates.length).toBeGreaterThan(10);
    for (const t of templates) {
      const pos = await autoLayout(t.doc);
      const boxes = new Map<string, Box>();
      for (const n of t.doc.nodes) {
        const p = pos.get(n.id) ?? n.position;
        boxes.set(n.id, { x: p.x, y: p.y, ...DEFAULT_SIZE });
      }
      const edges = t.doc.edges.filter((e) => e.kind !== 'supervision').map((e) => ({
        id: e.id, source: e.source, target: e.target, label: measureLabel(e.kind === 'calls' ? e.label || 'calls' : e.kind === 'link' ? 'link' : 'monitors'),
      }));
      // the start-order numbers above each child
      const reserved = t.doc.edges.filter((e) => e.kind === 'supervision').map((e, i) => {
        const b = boxes.get(e.target)!;
        return labelBox(orderLabelCenter(b.x + b.width / 2, b.y), measureLabel(String(i + 1)));
      });
      const routes = new EdgeRouter(A).update(boxes, edges, reserved);
      check(routes, edges, boxes);
      // every label on its route, clear of every node, every start-order number and every other label
      const placed: Box[] = [];
      for (const e of edges) {
        const r = routes.get(e.id)!;
        expect(r.label, `${t.doc.title}: ${e.id} has a label point`).toBeDefined();
        const box = labelBox(r.label!, e.label);
        const onRoute = r.points.some((p, i) => i > 0 && Math.abs((r.label!.x - p.x) * (r.label!.y - r.points[i - 1].y) - (r.label!.y - p.y) * (r.label!.x - r.points[i - 1].x)) < 1e-6 &&
          Math.min(p.x, r.points[i - 1].x) - 1e-6 <= r.label!.x && r.label!.x <= Math.max(p.x, r.points[i - 1].x) + 1e-6 &&
          Math.min(p.y, r.points[i - 1].y) - 1e-6 <= r.label!.y && r.label!.y <= Math.max(p.y, r.points[i - 1].y) + 1e-6);
        expect(onRoute, `${t.doc.title}: ${e.id}'s label lies on its route`).toBe(true);
        for (const [id, b] of boxes) expect(meets(box, b), `${t.doc.title}: ${e.id}'s label over node ${id}`).toBe(false);
        for (const b of [...reserved, ...placed]) expect(meets(box, b), `${t.doc.title}: ${e.id}'s label over another label`).toBe(false);
        placed.push(box);
      }
    }
  });
});

const r0 = () => new EdgeRouter(A);

describe('which edges are routed', () => {
  it('gives links, monitors, calls and load edges the routed type with their side handles and labels; supervision keeps its own', () => {
    const t = loadTemplates().templates.find((x) => x.doc.title.startsWith('Capstone'))!;
    const doc = t.doc;
    const edges = createDeriver().deriveEdges({ doc, selection: { nodes: new Set(), edges: new Set() }, severities: new Map(), measured: new Map() }, new Set());
    const kinds = new Map(edges.map((e) => [e.id, (e.data as { kind: string }).kind]));
    expect(new Set(kinds.values())).toEqual(new Set(['supervision', 'calls', 'load']));
    for (const e of edges) {
      if (kinds.get(e.id) === 'supervision') {
        expect(e.type).toBe('supervision');
        continue;
      }
      expect(e.type).toBe(RELATION_EDGE);
      expect([e.sourceHandle, e.targetHandle]).toEqual(['rel-out', 'rel-in']);
      if (kinds.get(e.id) === 'calls') expect(e.label).toBe('calls');
    }
  });
});

describe('route geometry', () => {
  it('tells a segment through a box from one along or beside it', () => {
    const box = { x: 0, y: 0, width: 100, height: 50 };
    expect(segmentCrossesBox({ x: -10, y: 25 }, { x: 110, y: 25 }, box)).toBe(true);
    expect(segmentCrossesBox({ x: 50, y: -10 }, { x: 50, y: 10 }, box)).toBe(true);
    expect(segmentCrossesBox({ x: -10, y: 0 }, { x: 110, y: 0 }, box)).toBe(false); // along the border
    expect(segmentCrossesBox({ x: 100, y: 25 }, { x: 200, y: 25 }, box)).toBe(false); // leaves from the border
    expect(segmentCrossesBox({ x: -10, y: 60 }, { x: 110, y: 60 }, box)).toBe(false);
    fc.assert(fc.property(fc.integer({ min: -50, max: 150 }), fc.integer({ min: -50, max: 100 }), (x, y) => {
      const inside = x > 0 && x < 100 && y > 0 && y < 50;
      // a short segment around (x, y) crosses the box when that point is well inside
      if (x > 1 && x < 99 && y > 1 && y < 49) expect(segmentCrossesBox({ x: x - 0.5, y }, { x: x + 0.5, y }, box)).toBe(true);
      if (!inside) expect(segmentCrossesBox({ x, y }, { x, y: y === 25 ? 26 : y }, box)).toBe(false);
    }));
  });

  it('fits a route to the drawn handles, or gives it up when it is stale', () => {
    // computed for handles at (200,50) and (400,300); the first end was spread 4 px up along its side
    const route = { points: [{ x: 200, y: 46 }, { x: 250, y: 46 }, { x: 250, y: 300 }, { x: 400, y: 300 }], from: { x: 200, y: 50 }, to: { x: 400, y: 300 } };
    const fitted = fitRoute(route, { x: 204, y: 51 }, { x: 396, y: 300 })!;
    expect(fitted[0]).toEqual({ x: 204, y: 47 }); // moved with its handle, still 4 px up
    expect(fitted[1]).toEqual({ x: 250, y: 47 }); // the first segment stays horizontal
    expect(fitted[2]).toEqual({ x: 250, y: 300 });
    expect(fitted[3]).toEqual({ x: 396, y: 300 });
    expect(fitRoute(route, { x: 200, y: 80 }, { x: 400, y: 300 })).toBeUndefined(); // source moved: stale
    expect(fitRoute(route, { x: 200, y: 50 }, { x: 330, y: 300 })).toBeUndefined(); // target moved: stale
  });

  it('draws rounded corners and finds the halfway point', () => {
    const pts = [{ x: 0, y: 0 }, { x: 100, y: 0 }, { x: 100, y: 100 }];
    expect(roundedPath(pts, 8)).toBe('M0,0 L92,0 Q100,0 100,8 L100,100');
    expect(midpoint(pts)).toEqual({ x: 100, y: 0 });
    expect(midpoint([{ x: 0, y: 0 }, { x: 0, y: 40 }])).toEqual({ x: 0, y: 20 });
  });
});
