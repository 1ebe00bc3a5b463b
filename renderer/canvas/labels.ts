// Edge labels: where they go and how big they are. A label is an HTML element in React Flow's label layer
// (edges.tsx), sized by its own text (white-space: nowrap, no fixed width: its box cannot cut its text) and drawn
// above the nodes (canvas.css), so no node can hide part of it. Where it sits:
// - a start-order number (supervision edge) on the child's own edge, just above the child's arrow head
//   (`orderLabelCenter`), never on the bus the siblings share;
// - a link/monitor/calls/load label on its route, at the free point nearest the route's middle: clear of every
//   node, of every start-order number and of the labels placed before it (`placeLabel`, run by the router with
//   the node boxes it already has; routing.ts).
//
// Pure except `measureLabel`, which measures with a 2D canvas (no layout) in the page.
import type { Box, Point } from './routing';

/** Label metrics (canvas.css `.edge-label` uses the same). */
export const LABEL_FONT_PX = 10;
export const LABEL_HEIGHT = 16;
export const LABEL_PAD_X = 6;
/** Room between a start-order number and its child's top border (the arrow head is 10 px long, plus 4). */
export const ORDER_GAP = 14;
/** Room kept between a relation label and a node or another label (px). */
export const LABEL_MARGIN = 3;
/** Step between the candidate points along a route (px). */
const STEP = 4;

export interface Size { width: number; height: number }

const cache = new Map<string, number>();
let ctx: CanvasRenderingContext2D | null | undefined;

/**
 * Width and height of a label's box for `text`: the text measured in the label font plus its padding. Outside a
 * page (tests, worker) a generous per-character estimate. Only used to place labels: the drawn box sizes itself.
 */
export function measureLabel(text: string): Size {
  let w = cache.get(text);
  if (w === undefined) {
    if (ctx === undefined) {
      try {
        ctx = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
        if (ctx) ctx.font = `600 ${LABEL_FONT_PX}px ${getComputedStyle(document.body).fontFamily || 'sans-serif'}`;
      } catch {
        ctx = null;
      }
    }
    const textW = ctx ? ctx.measureText(text).width : text.length * 6.6;
    w = Math.ceil(textW + 2 * LABEL_PAD_X + 2); // + the 1 px border on each side
    cache.set(text, w);
  }
  return { width: w, height: LABEL_HEIGHT };
}

/** Centre of the start-order number of the child whose top handle is at (x, y). */
export const orderLabelCenter = (x: number, y: number): Point => ({ x, y: y - ORDER_GAP - LABEL_HEIGHT / 2 });

/** The box of a label of `size` centred on `c`. */
export const labelBox = (c: Point, size: Size): Box => ({ x: c.x - size.width / 2, y: c.y - size.height / 2, width: size.width, height: size.height });

const overlaps = (a: Box, b: Box, m: number) =>
  a.x - m < b.x + b.width && b.x < a.x + a.width + m && a.y - m < b.y + b.height && b.y < a.y + a.height + m;

/**
 * The point of the polyline `pts` where a label of `size` overlaps none of `obstacles` (by LABEL_MARGIN): the one
 * nearest the middle of the route, in STEP px steps both ways; the middle itself when no point is free.
 */
export function placeLabel(pts: readonly Point[], size: Size, obstacles: readonly Box[]): Point {
  const lens: number[] = [0];
  for (let i = 1; i < pts.length; i++) lens.push(lens[i - 1] + Math.hypot(pts[i].x - pts[i - 1].x, pts[i].y - pts[i - 1].y));
  const total = lens[lens.length - 1] ?? 0;
  const at = (l: number): Point => {
    for (let i = 1; i < pts.length; i++) {
      if (lens[i] >= l && lens[i] > lens[i - 1]) {
        const t = (l - lens[i - 1]) / (lens[i] - lens[i - 1]);
        return { x: pts[i - 1].x + (pts[i].x - pts[i - 1].x) * t, y: pts[i - 1].y + (pts[i].y - pts[i - 1].y) * t };
      }
    }
    return pts[pts.length - 1] ?? { x: 0, y: 0 };
  };
  const mid = at(total / 2);
  if (!pts.length) return mid;
  // only the obstacles near the route can matter
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const p of pts) {
    x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y); x1 = Math.max(x1, p.x); y1 = Math.max(y1, p.y);
  }
  const around: Box = { x: x0 - size.width, y: y0 - size.height, width: x1 - x0 + 2 * size.width, height: y1 - y0 + 2 * size.height };
  const near = obstacles.filter((b) => overlaps(around, b, 0));
  const free = (c: Point) => {
    const box = labelBox(c, size);
    return near.every((b) => !overlaps(box, b, LABEL_MARGIN));
  };
  for (let d = 0; d <= total / 2 + STEP; d += STEP) {
    for (const l of d === 0 ? [total / 2] : [total / 2 + d, total / 2 - d]) {
      if (l < 0 || l > total) continue;
      const c = at(l);
      if (free(c)) return c;
    }
  }
  return mid;
}
