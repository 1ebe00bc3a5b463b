// The overview of a big design (docs/renderer.md, "Big designs"): below FAR_ZOOM a design of more than BIG_DESIGN
// nodes is drawn on ONE <canvas> instead of one React Flow node (a wrapper, four handles, a few elements) and one
// <svg> per edge. This file is the DOM-free part: the scene (one plain record per shown node and edge, built from
// the derived React Flow nodes/edges), a grid index for hit-testing, the box-select query, and the drawing itself.
import { getViewportForBounds, type Edge, type Viewport } from '@xyflow/react';
import type { DesignNode } from '../../runtime/design/document';
import type { FlowNode, Measured } from './derive';

/** More nodes than this and the canvas switches to the overview below FAR_ZOOM (and to the canvas minimap). */
export const BIG_DESIGN = 300;

export interface SceneNode {
  id: string;
  kind: string;
  name: string;
  x: number;
  y: number;
  w: number;
  h: number;
  selected: boolean;
  severity?: string;
  blast?: string;
  dimmed: boolean;
  hiddenCount?: number;
}

export interface SceneEdge {
  id: string;
  kind: string;
  source: SceneNode;
  target: SceneNode;
  selected: boolean;
  error: boolean;
}

export interface Scene {
  nodes: SceneNode[];
  edges: SceneEdge[];
  byId: Map<string, SceneNode>;
  /** Grid cell → indices into `nodes` of the nodes overlapping it. */
  grid: Map<string, number[]>;
  /** Bounds of every shown node (undefined for an empty scene). */
  bounds?: { x: number; y: number; x2: number; y2: number };
}

const CELL = 512;

const hiddenTwins = new WeakMap<FlowNode, FlowNode>();
/**
 * The hidden copy of a derived node that React Flow holds while the overview draws it: the same object for as long
 * as the derived node is the same object, so an edit hands React Flow new objects only for the nodes it touched.
 */
export function hiddenTwin(n: FlowNode): FlowNode {
  let t = hiddenTwins.get(n);
  if (!t) hiddenTwins.set(n, (t = { ...n, hidden: true }));
  return t;
}

/** The size a node is drawn at: the one React Flow measured, else the size it is created with (derive.ts). */
export function nodeSize(n: FlowNode, measured: Measured): { w: number; h: number } {
  const m = measured.get(n.id);
  if (m) return { w: m.width, h: m.height };
  return { w: n.width ?? n.initialWidth ?? 200, h: n.height ?? n.initialHeight ?? 110 };
}

export function buildScene(flowNodes: readonly FlowNode[], flowEdges: readonly Edge[], measured: Measured): Scene {
  const nodes: SceneNode[] = [];
  const byId = new Map<string, SceneNode>();
  const grid = new Map<string, number[]>();
  let bounds: Scene['bounds'];
  for (const f of flowNodes) {
    if (f.hidden) continue;
    const { w, h } = nodeSize(f, measured);
    const d = f.data;
    const s: SceneNode = {
      id: f.id, kind: d.node.kind, name: d.node.name || d.node.id, x: f.position.x, y: f.position.y, w, h,
      selected: !!f.selected, severity: d.severity, blast: d.blast, dimmed: !!d.dimmed, hiddenCount: d.hiddenCount,
    };
    const i = nodes.push(s) - 1;
    byId.set(s.id, s);
    for (let gx = Math.floor(s.x / CELL); gx <= Math.floor((s.x + w) / CELL); gx++) {
      for (let gy = Math.floor(s.y / CELL); gy <= Math.floor((s.y + h) / CELL); gy++) {
        const k = `${gx},${gy}`;
        const cell = grid.get(k);
        if (cell) cell.push(i);
        else grid.set(k, [i]);
      }
    }
    if (!bounds) bounds = { x: s.x, y: s.y, x2: s.x + w, y2: s.y + h };
    else {
      bounds.x = Math.min(bounds.x, s.x);
      bounds.y = Math.min(bounds.y, s.y);
      bounds.x2 = Math.max(bounds.x2, s.x + w);
      bounds.y2 = Math.max(bounds.y2, s.y + h);
    }
  }
  const edges: SceneEdge[] = [];
  for (const e of flowEdges) {
    if (e.hidden) continue;
    const source = byId.get(e.source);
    const target = byId.get(e.target);
    if (!source || !target) continue;
    const kind = (e.data as { kind?: string } | undefined)?.kind ?? 'supervision';
    edges.push({ id: e.id, kind, source, target, selected: !!e.selected, error: !!e.className?.includes('edge-error') });
  }
  return { nodes, edges, byId, grid, bounds };
}

/**
 * The viewport that fits `nodes` (at the size they are created with) into a pane of width × height — what fitView
 * gives once React Flow holds them. Setting it before a big design is first rendered means the design is first
 * drawn fitted, as the overview, instead of mounting every node at the old zoom (React Flow renders a node it has
 * not measured yet even when it is off screen).
 */
export function fittedViewport(nodes: readonly DesignNode[], width: number, height: number, minZoom = 0.05, maxZoom = 1.2, padding = 0.2): Viewport | undefined {
  if (!nodes.length || !width || !height) return undefined;
  let x = Infinity;
  let y = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const n of nodes) {
    const w = n.kind === 'note' ? 240 : 200;
    const h = n.kind === 'note' ? 60 : 110;
    x = Math.min(x, n.position.x);
    y = Math.min(y, n.position.y);
    x2 = Math.max(x2, n.position.x + w);
    y2 = Math.max(y2, n.position.y + h);
  }
  return getViewportForBounds({ x, y, width: x2 - x, height: y2 - y }, width, height, minZoom, maxZoom, padding);
}

/** The topmost node under a point in flow coordinates (the one drawn last), or undefined. */
export function hitTest(scene: Scene, x: number, y: number): SceneNode | undefined {
  const cell = scene.grid.get(`${Math.floor(x / CELL)},${Math.floor(y / CELL)}`);
  if (!cell) return undefined;
  for (let k = cell.length - 1; k >= 0; k--) {
    const n = scene.nodes[cell[k]];
    if (x >= n.x && x <= n.x + n.w && y >= n.y && y <= n.y + n.h) return n;
  }
  return undefined;
}

/** Ids of the nodes a selection box touches (partial overlap, as the canvas's SelectionMode.Partial). */
export function nodesInRect(scene: Scene, r: { x: number; y: number; width: number; height: number }): string[] {
  const out: string[] = [];
  const x2 = r.x + r.width;
  const y2 = r.y + r.height;
  for (const n of scene.nodes) {
    if (n.x <= x2 && n.x + n.w >= r.x && n.y <= y2 && n.y + n.h >= r.y) out.push(n.id);
  }
  return out;
}

// ---- drawing ----------------------------------------------------------------------------------------------------------

export interface Palette {
  bg: string;
  text: string;
  accent: string;
  danger: string;
  dangerFill: string;
  warning: string;
  warningFill: string;
  ok: string;
  kind: Record<string, { stroke: string; fill: string }>;
  edge: Record<string, string>;
  /** Run status colours (run mode), as the node badge's dot. */
  run: Record<string, string>;
}

export const KINDS = ['supervisor', 'dynamic_supervisor', 'task_supervisor', 'worker', 'registry', 'load_source', 'note'] as const;

/** Resolves the theme's CSS variables (and colour mixes) to plain colours, through a probe element under `root`. */
export function readPalette(root: HTMLElement): Palette {
  const probe = document.createElement('span');
  probe.style.display = 'none';
  root.appendChild(probe);
  const c = (css: string) => {
    probe.style.color = '';
    probe.style.color = css;
    return getComputedStyle(probe).color;
  };
  const kind: Palette['kind'] = {};
  for (const k of KINDS) {
    kind[k] = { stroke: c(`var(--kind-${k})`), fill: c(`color-mix(in srgb, var(--kind-${k}) 14%, var(--bg-elev))`) };
  }
  const p: Palette = {
    bg: c('var(--bg-elev)'), text: c('var(--text)'), accent: c('var(--accent)'), danger: c('var(--danger)'),
    dangerFill: c('color-mix(in srgb, var(--danger) 22%, var(--bg-elev))'), warning: c('var(--warning)'),
    warningFill: c('color-mix(in srgb, var(--warning) 18%, var(--bg-elev))'), ok: c('var(--ok)'), kind,
    edge: {
      supervision: c('var(--edge-supervision)'), link: c('var(--edge-link)'), monitor: c('var(--edge-monitor)'),
      calls: c('var(--edge-calls)'), load: c('var(--kind-load_source)'),
    },
    run: {
      running: c('var(--run-running)'), restarting: c('var(--run-restarting)'), dead: c('var(--run-dead)'),
      terminated: c('var(--run-terminated)'), not_started: c('var(--run-not-started)'),
    },
  };
  probe.remove();
  return p;
}

const EDGE_DASH: Record<string, number[]> = { link: [7, 4], monitor: [2, 4], load: [5, 5] };

/**
 * Draws the scene for the viewport transform [tx, ty, zoom] on a canvas of `width` × `height` CSS pixels. Only
 * what intersects the view is drawn. Returns how many nodes were drawn.
 */
export function drawScene(
  ctx: CanvasRenderingContext2D, scene: Scene, p: Palette, [tx, ty, z]: readonly [number, number, number],
  width: number, height: number, dpr: number, hoverId?: string, runStatus?: (id: string) => string | undefined,
): number {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, width * dpr, height * dpr);
  ctx.setTransform(dpr * z, 0, 0, dpr * z, dpr * tx, dpr * ty);
  const vx = -tx / z;
  const vy = -ty / z;
  const vx2 = vx + width / z;
  const vy2 = vy + height / z;
  const px = 1 / z; // one screen pixel in flow units
  const inView = (x: number, y: number, x2: number, y2: number) => x <= vx2 && x2 >= vx && y <= vy2 && y2 >= vy;

  // edges: one path per style (supervision as React Flow's step: down, across, down; the others as a curve from
  // the right side of the source to the left side of the target)
  const groups = new Map<string, SceneEdge[]>();
  for (const e of scene.edges) {
    const s = e.source;
    const t = e.target;
    if (!inView(Math.min(s.x, t.x), Math.min(s.y, t.y), Math.max(s.x + s.w, t.x + t.w), Math.max(s.y + s.h, t.y + t.h))) continue;
    const key = `${e.kind}|${e.selected ? 1 : 0}|${e.error ? 1 : 0}`;
    const g = groups.get(key);
    if (g) g.push(e);
    else groups.set(key, [e]);
  }
  for (const [key, list] of groups) {
    const [kind, sel, err] = key.split('|');
    ctx.beginPath();
    for (const e of list) {
      const s = e.source;
      const t = e.target;
      if (kind === 'supervision') {
        const sx = s.x + s.w / 2;
        const sy = s.y + s.h;
        const ex = t.x + t.w / 2;
        const ey = t.y;
        const my = (sy + ey) / 2;
        ctx.moveTo(sx, sy);
        ctx.lineTo(sx, my);
        ctx.lineTo(ex, my);
        ctx.lineTo(ex, ey);
      } else {
        const sx = s.x + s.w;
        const sy = s.y + s.h / 2;
        const ex = t.x;
        const ey = t.y + t.h / 2;
        const dx = Math.max(40, Math.abs(ex - sx) / 2);
        ctx.moveTo(sx, sy);
        ctx.bezierCurveTo(sx + dx, sy, ex - dx, ey, ex, ey);
      }
    }
    ctx.strokeStyle = err === '1' ? p.danger : sel === '1' ? p.accent : p.edge[kind] ?? p.edge.supervision;
    ctx.lineWidth = Math.max(kind === 'supervision' ? 1.6 : 2, px) * (sel === '1' ? 2 : 1);
    ctx.setLineDash((EDGE_DASH[kind] ?? []).map((d) => Math.max(d, d * px * 0.5)));
    ctx.stroke();
  }
  ctx.setLineDash([]);

  // nodes: a box in the kind's colour (the far-away form), severity / blast / selection as fill and border
  let drawn = 0;
  const showText = z * 26 >= 7;
  if (showText) {
    ctx.font = '700 26px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
  }
  for (const n of scene.nodes) {
    if (!inView(n.x, n.y, n.x + n.w, n.y + n.h)) continue;
    drawn++;
    const k = p.kind[n.kind] ?? p.kind.worker;
    let fill = k.fill;
    let stroke = k.stroke;
    let lw = Math.max(1, px);
    let dash: number[] | undefined;
    let alpha = n.dimmed ? 0.35 : 1;
    if (n.severity === 'error') {
      fill = p.dangerFill;
      stroke = p.danger;
      lw = Math.max(3, 2 * px);
    } else if (n.severity === 'warning') {
      stroke = p.warning;
      lw = Math.max(3, 2 * px);
    }
    // selection, then the blast outcome over it (the failing node itself is selected), as canvas.css orders them
    if (n.selected) {
      stroke = p.accent;
      lw = Math.max(4, 3 * px);
    }
    if (n.blast === 'crashes' || n.blast === 'dies') {
      fill = p.dangerFill;
      stroke = p.danger;
      lw = Math.max(4, 2.5 * px);
      if (n.blast === 'dies') dash = [12, 8].map((d) => Math.max(d, d * px * 0.4));
    } else if (n.blast === 'restarts') {
      fill = p.warningFill;
      stroke = p.warning;
      lw = Math.max(4, 2.5 * px);
    } else if (n.blast === 'untouched') {
      alpha *= 0.55;
    }
    ctx.globalAlpha = alpha;
    ctx.fillStyle = fill;
    ctx.fillRect(n.x, n.y, n.w, n.h);
    ctx.strokeStyle = stroke;
    ctx.lineWidth = lw;
    if (dash) ctx.setLineDash(dash);
    ctx.strokeRect(n.x + lw / 2, n.y + lw / 2, n.w - lw, n.h - lw);
    if (dash) ctx.setLineDash([]);
    // the kind's stripe on the left, as on the full node
    ctx.fillStyle = k.stroke;
    ctx.fillRect(n.x, n.y, Math.max(4, 2 * px), n.h);
    if (showText) {
      ctx.fillStyle = p.text;
      const count = n.hiddenCount !== undefined ? `+${n.hiddenCount}` : '';
      ctx.fillText(n.name, n.x + 16, n.y + n.h / 2, n.w - 28 - (count ? 56 : 0));
      if (count) {
        ctx.fillStyle = k.stroke;
        ctx.fillText(count, n.x + n.w - 64, n.y + n.h / 2, 52);
      }
    }
    // run mode: the status dot in the top right corner, a dead or restarting process outlined (as run.css does)
    const st = runStatus?.(n.id);
    if (st) {
      const col = p.run[st] ?? p.run.not_started;
      const r = Math.max(9, 3 * px);
      ctx.fillStyle = col;
      ctx.beginPath();
      ctx.arc(n.x + n.w - 6 - r, n.y + 6 + r, r, 0, 2 * Math.PI);
      ctx.fill();
      if (st === 'dead' || st === 'restarting') {
        ctx.strokeStyle = col;
        ctx.lineWidth = Math.max(3, 2 * px);
        if (st === 'restarting') ctx.setLineDash([10, 6].map((d) => Math.max(d, d * px * 0.4)));
        ctx.strokeRect(n.x - 3 * px, n.y - 3 * px, n.w + 6 * px, n.h + 6 * px);
        ctx.setLineDash([]);
      }
    }
    if (n.id === hoverId) {
      ctx.strokeStyle = p.accent;
      ctx.lineWidth = Math.max(2, 1.5 * px);
      ctx.strokeRect(n.x - 2 * px, n.y - 2 * px, n.w + 4 * px, n.h + 4 * px);
    }
  }
  ctx.globalAlpha = 1;
  return drawn;
}

// --- the design as an image when the DOM does not hold every node (a big design: overview or off-screen nodes) ---

let sceneSource: (() => Scene) | undefined;
/** The canvas registers how to build the scene of what it shows now; returns the unregister function. */
export function provideScene(source: () => Scene): () => void {
  sceneSource = source;
  return () => {
    if (sceneSource === source) sceneSource = undefined;
  };
}
/** The scene of the canvas on screen (every shown node, mounted or not), if a canvas is mounted. */
export function currentScene(): Scene | undefined {
  return sceneSource?.();
}

/** Fits a scene's bounds into an image of at most `max` px a side (never magnified): size and transform. */
export function sceneImageFrame(b: NonNullable<Scene['bounds']>, pad: number, max: number) {
  const bw = b.x2 - b.x;
  const bh = b.y2 - b.y;
  const z = Math.min(1, (max - 2 * pad) / Math.max(1, bw), (max - 2 * pad) / Math.max(1, bh));
  return {
    width: Math.ceil(bw * z + 2 * pad),
    height: Math.ceil(bh * z + 2 * pad),
    transform: [pad - b.x * z, pad - b.y * z, z] as const,
  };
}

const xml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
const n2 = (v: number) => Math.round(v * 100) / 100;

/**
 * The scene as a standalone SVG document, drawn as drawScene draws it (edges by style, then the nodes' boxes, kind
 * stripes and names when readable at the image's scale). Names are escaped; long names are cut with an ellipsis.
 */
export function sceneToSvg(scene: Scene, p: Palette, width: number, height: number, [tx, ty, z]: readonly [number, number, number], background: string): string {
  const px = 1 / z;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="${xml(background)}"/>`,
    `<g transform="translate(${n2(tx)} ${n2(ty)}) scale(${z})">`,
  ];
  const groups = new Map<string, string[]>();
  for (const e of scene.edges) {
    const s = e.source;
    const t = e.target;
    let d: string;
    if (e.kind === 'supervision') {
      const sx = s.x + s.w / 2, sy = s.y + s.h, ex = t.x + t.w / 2, ey = t.y, my = (sy + ey) / 2;
      d = `M${n2(sx)} ${n2(sy)}V${n2(my)}H${n2(ex)}V${n2(ey)}`;
    } else {
      const sx = s.x + s.w, sy = s.y + s.h / 2, ex = t.x, ey = t.y + t.h / 2;
      const dx = Math.max(40, Math.abs(ex - sx) / 2);
      d = `M${n2(sx)} ${n2(sy)}C${n2(sx + dx)} ${n2(sy)} ${n2(ex - dx)} ${n2(ey)} ${n2(ex)} ${n2(ey)}`;
    }
    const key = `${e.kind}|${e.selected ? 1 : 0}|${e.error ? 1 : 0}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(d);
  }
  for (const [key, ds] of groups) {
    const [kind, sel, err] = key.split('|');
    const stroke = err === '1' ? p.danger : sel === '1' ? p.accent : p.edge[kind] ?? p.edge.supervision;
    const lw = Math.max(kind === 'supervision' ? 1.6 : 2, px) * (sel === '1' ? 2 : 1);
    const dash = EDGE_DASH[kind] ? ` stroke-dasharray="${EDGE_DASH[kind].map((v) => n2(Math.max(v, v * px * 0.5))).join(' ')}"` : '';
    out.push(`<path fill="none" stroke="${stroke}" stroke-width="${n2(lw)}"${dash} d="${ds.join('')}"/>`);
  }
  const showText = z * 26 >= 7;
  for (const n of scene.nodes) {
    const k = p.kind[n.kind] ?? p.kind.worker;
    let fill = k.fill;
    let stroke = k.stroke;
    let lw = Math.max(1, px);
    let opacity = n.dimmed ? 0.35 : 1;
    if (n.severity === 'error') { fill = p.dangerFill; stroke = p.danger; lw = Math.max(3, 2 * px); }
    else if (n.severity === 'warning') { stroke = p.warning; lw = Math.max(3, 2 * px); }
    if (n.selected) { stroke = p.accent; lw = Math.max(4, 3 * px); }
    if (n.blast === 'crashes' || n.blast === 'dies' || n.blast === 'restarts') {
      fill = n.blast === 'restarts' ? p.warningFill : p.dangerFill;
      stroke = n.blast === 'restarts' ? p.warning : p.danger;
      lw = Math.max(4, 2.5 * px);
    } else if (n.blast === 'untouched') opacity *= 0.55;
    const g = opacity < 1 ? ` opacity="${n2(opacity)}"` : '';
    out.push(`<g${g}><rect x="${n2(n.x + lw / 2)}" y="${n2(n.y + lw / 2)}" width="${n2(n.w - lw)}" height="${n2(n.h - lw)}" fill="${fill}" stroke="${stroke}" stroke-width="${n2(lw)}"/>`);
    out.push(`<rect x="${n2(n.x)}" y="${n2(n.y)}" width="${n2(Math.max(4, 2 * px))}" height="${n2(n.h)}" fill="${k.stroke}"/>`);
    if (showText) {
      const count = n.hiddenCount !== undefined ? `+${n.hiddenCount}` : '';
      const room = Math.max(1, Math.floor((n.w - 28 - (count ? 56 : 0)) / 15));
      const name = n.name.length > room ? `${n.name.slice(0, Math.max(1, room - 1))}…` : n.name;
      out.push(`<text x="${n2(n.x + 16)}" y="${n2(n.y + n.h / 2)}" dy="0.35em" font-family="system-ui, sans-serif" font-size="26" font-weight="700" fill="${p.text}">${xml(name)}</text>`);
      if (count) out.push(`<text x="${n2(n.x + n.w - 64)}" y="${n2(n.y + n.h / 2)}" dy="0.35em" font-family="system-ui, sans-serif" font-size="26" font-weight="700" fill="${k.stroke}">${count}</text>`);
    }
    out.push('</g>');
  }
  out.push('</g></svg>');
  return out.join('\n');
}
