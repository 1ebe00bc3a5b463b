// The overview layer of a big design below FAR_ZOOM (docs/renderer.md, "Big designs"): the whole design on one
// <canvas> redrawn once per viewport change, while React Flow holds the nodes hidden (no node or edge elements, no
// per-node store subscribers). Interaction goes through the scene's grid index instead of the DOM:
//   - a transparent proxy node (class react-flow__node, data-id) follows the pointer over the node under it, so a
//     click selects (Shift/Ctrl/Meta toggles), a drag moves the selection, and a right click reaches handlers that
//     look for `.react-flow__node` (run mode's fault menu); the wheel and a middle-button drag over it zoom and pan;
//   - a box drag on the empty pane draws React Flow's own selection rectangle; the nodes it touches are selected
//     from the index.
// `OverviewMiniMap` replaces React Flow's minimap (one <rect> per node) for big designs: one canvas, the nodes drawn
// once per change of the design, the view rectangle per viewport change; click or drag to move the view, wheel to
// zoom.
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Panel, ViewportPortal, useReactFlow, useStoreApi, type Edge, type ReactFlowState } from '@xyflow/react';
import type { Editor } from '../editor/editor';
import { dragging } from '../editor/states/dragging';
import { idle } from '../editor/states/idle';
import { getRunController } from '../run/hooks';
import type { FlowNode, Measured } from './derive';
import { buildScene, drawScene, hitTest, nodesInRect, readPalette, type Palette, type Scene, type SceneNode } from './overview';

/** Calls `fn` (coalesced to one animation frame) whenever the viewport transform or the pane size changes. */
function useViewportFrames(active: boolean, fn: (s: ReactFlowState) => void) {
  const store = useStoreApi();
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    if (!active) return;
    let raf = 0;
    let last: unknown[] = [];
    const schedule = () => {
      if (!raf) raf = requestAnimationFrame(() => { raf = 0; ref.current(store.getState()); });
    };
    const unsub = store.subscribe((s) => {
      const now = [s.transform, s.width, s.height];
      if (now.some((v, i) => v !== last[i])) {
        last = now;
        schedule();
      }
    });
    schedule();
    return () => { unsub(); cancelAnimationFrame(raf); };
  }, [active, store]);
}

function usePalette(colorMode: string): Palette | undefined {
  const store = useStoreApi();
  const [p, setP] = useState<Palette>();
  useLayoutEffect(() => {
    const root = store.getState().domNode;
    if (root) setP(readPalette(root));
  }, [colorMode, store]);
  return p;
}

function sizeCanvas(c: HTMLCanvasElement, w: number, h: number, dpr: number) {
  const W = Math.max(1, Math.round(w * dpr));
  const H = Math.max(1, Math.round(h * dpr));
  if (c.width !== W || c.height !== H) {
    c.width = W;
    c.height = H;
  }
}

export interface OverviewProps {
  editor: Editor;
  nodes: readonly FlowNode[];
  edges: readonly Edge[];
  measured: Measured;
  colorMode: string;
}

export const OverviewLayer = memo(function OverviewLayer({ editor, nodes, edges, measured, colorMode }: OverviewProps) {
  const store = useStoreApi();
  const canvas = useRef<HTMLCanvasElement>(null);
  const palette = usePalette(colorMode);
  const scene = useMemo(() => buildScene(nodes, edges, measured), [nodes, edges, measured]);
  const [hover, setHover] = useState<SceneNode>();
  const hoverRef = useRef<string | undefined>(undefined);
  hoverRef.current = hover?.id;
  const sceneRef = useRef<Scene>(scene);
  sceneRef.current = scene;

  const draw = (s: ReactFlowState) => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx || !palette || !s.width || !s.height) return;
    const dpr = window.devicePixelRatio || 1;
    sizeCanvas(c, s.width, s.height, dpr);
    const status = getRunController().status;
    const n = drawScene(ctx, sceneRef.current, palette, s.transform, s.width, s.height, dpr, hoverRef.current, (id) => status.get(id)?.status);
    c.dataset.overviewDrawn = String(n);
  };
  const drawRef = useRef(draw);
  drawRef.current = draw;
  useViewportFrames(!!palette, draw);
  // a new scene (an edit, a selection, a blast answer) or hover: redraw once
  useEffect(() => {
    const raf = requestAnimationFrame(() => draw(store.getState()));
    return () => cancelAnimationFrame(raf);
  });

  // run mode: a status change redraws (once per animation frame)
  useEffect(() => {
    let raf = 0;
    const off = getRunController().status.subscribeAll(() => {
      if (!raf) raf = requestAnimationFrame(() => { raf = 0; drawRef.current(store.getState()); });
    });
    return () => { off(); cancelAnimationFrame(raf); };
  }, [store]);

  // hover: which node is under the pointer (not while a button is held: a pan or a box is in progress)
  useEffect(() => {
    const root = store.getState().domNode;
    if (!root) return;
    const onMove = (e: PointerEvent) => {
      if (e.buttons !== 0) return;
      const { transform: [tx, ty, z], domNode } = store.getState();
      const r = domNode!.getBoundingClientRect();
      const hit = hitTest(sceneRef.current, (e.clientX - r.left - tx) / z, (e.clientY - r.top - ty) / z);
      if (hit?.id !== hoverRef.current) setHover(hit);
    };
    const onLeave = () => setHover(undefined);
    root.addEventListener('pointermove', onMove);
    root.addEventListener('pointerleave', onLeave);
    return () => { root.removeEventListener('pointermove', onMove); root.removeEventListener('pointerleave', onLeave); };
  }, [store]);
  // the hovered node may have moved or gone with an edit
  const shownHover = hover && scene.byId.get(hover.id);

  // box select: React Flow draws the rectangle (it finds no nodes, they are hidden); the index picks them
  useEffect(() => {
    let raf = 0;
    let pending: ReactFlowState['userSelectionRect'] = null;
    let base: string[] = [];
    let prevActive = false;
    const apply = () => {
      raf = 0;
      if (!pending) return;
      const { transform: [tx, ty, z] } = store.getState();
      const r = { x: (pending.x - tx) / z, y: (pending.y - ty) / z, width: pending.width / z, height: pending.height / z };
      const ids = nodesInRect(sceneRef.current, r);
      editor.select(base.length ? [...new Set([...base, ...ids])] : ids, []);
    };
    return store.subscribe((s) => {
      if (s.userSelectionActive && s.userSelectionRect && s.userSelectionRect !== pending) {
        if (!prevActive) base = s.multiSelectionActive ? [...editor.getSelection().nodes] : [];
        prevActive = true;
        pending = s.userSelectionRect;
        if (!raf) raf = requestAnimationFrame(apply);
      } else if (!s.userSelectionActive && prevActive) {
        prevActive = false;
        cancelAnimationFrame(raf);
        apply();
        pending = null;
      }
    });
  }, [store, editor]);

  // click / drag on the proxy
  const onPointerDown = (e: React.PointerEvent) => {
    if (e.button !== 0 || !shownHover) return;
    e.stopPropagation();
    const id = shownHover.id;
    const sel = editor.getSelection();
    if (e.shiftKey || e.ctrlKey || e.metaKey) {
      const next = new Set(sel.nodes);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      editor.select(next, sel.edges);
      return;
    }
    if (!sel.nodes.has(id)) editor.select([id], []);
    const ids = sel.nodes.has(id) ? [...sel.nodes] : [id];
    const start = new Map(ids.map((i) => [i, editor.doc.nodes.find((n) => n.id === i)?.position]).filter((x): x is [string, { x: number; y: number }] => !!x[1]));
    const x0 = e.clientX;
    const y0 = e.clientY;
    let moving = false;
    // one document edit per animation frame, however many pointer moves arrive in it
    let pending: Map<string, { x: number; y: number }> | undefined;
    let raf = 0;
    const flush = () => {
      raf = 0;
      if (pending) editor.moveNodes(pending);
      pending = undefined;
    };
    const move = (ev: PointerEvent) => {
      const z = store.getState().transform[2];
      const dx = (ev.clientX - x0) / z;
      const dy = (ev.clientY - y0) / z;
      if (!moving) {
        if (Math.hypot(ev.clientX - x0, ev.clientY - y0) < 3) return;
        moving = true;
        editor.transition(dragging([...start.keys()]));
      }
      pending = new Map();
      for (const [i, p] of start) pending.set(i, { x: p.x + dx, y: p.y + dy });
      if (!raf) raf = requestAnimationFrame(flush);
    };
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      cancelAnimationFrame(raf);
      flush();
      if (moving) editor.transition(idle());
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };

  return (
    <>
      <canvas ref={canvas} className="overview-canvas" data-testid="overview-canvas" aria-hidden="true" />
      {shownHover && (
        <ViewportPortal>
          <div
            className="react-flow__node overview-proxy"
            data-id={shownHover.id}
            data-testid="overview-proxy"
            aria-label={`${shownHover.kind.replace('_', ' ')} ${shownHover.name}`}
            style={{ transform: `translate(${shownHover.x}px, ${shownHover.y}px)`, width: shownHover.w, height: shownHover.h }}
            onPointerDown={onPointerDown}
            ref={keepRightButton}
          />
        </ViewportPortal>
      )}
    </>
  );
});

/**
 * A right-button press on the proxy must not start React Flow's right-drag pan: the pan marks the pane as dragging,
 * which takes pointer events away from nodes (canvas.css), and the context menu would then open on the pane instead
 * of the node. d3-zoom listens for mousedown on an ancestor, so this native listener on the proxy comes first.
 * (A middle-button drag still pans.)
 */
function keepRightButton(el: HTMLDivElement | null) {
  el?.addEventListener('mousedown', (e) => { if (e.button === 2) e.stopPropagation(); });
}

const MINI_W = 200;
const MINI_H = 150;

/** The minimap of a big design: one canvas instead of one element per node. */
export const OverviewMiniMap = memo(function OverviewMiniMap({ nodes, measured, colorMode }: { nodes: readonly FlowNode[]; measured: Measured; colorMode: string }) {
  const store = useStoreApi();
  const flow = useReactFlow();
  const canvas = useRef<HTMLCanvasElement>(null);
  const palette = usePalette(colorMode);
  const scene = useMemo(() => buildScene(nodes, [], measured), [nodes, measured]);
  // the nodes, drawn once per scene into an offscreen layer; the frame copies it and adds the view rectangle
  const layer = useMemo(() => {
    const b = scene.bounds;
    if (!b || !palette) return undefined;
    const pad = 0.05 * Math.max(b.x2 - b.x, b.y2 - b.y);
    const bx = b.x - pad;
    const by = b.y - pad;
    const scale = Math.min(MINI_W / (b.x2 - b.x + 2 * pad), MINI_H / (b.y2 - b.y + 2 * pad));
    const ox = (MINI_W - (b.x2 - b.x + 2 * pad) * scale) / 2;
    const oy = (MINI_H - (b.y2 - b.y + 2 * pad) * scale) / 2;
    const dpr = window.devicePixelRatio || 1;
    const off = document.createElement('canvas');
    sizeCanvas(off, MINI_W, MINI_H, dpr);
    const ctx = off.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    for (const n of scene.nodes) {
      ctx.fillStyle = n.selected ? palette.accent : n.severity === 'error' ? palette.danger : (palette.kind[n.kind] ?? palette.kind.worker).stroke;
      ctx.fillRect(ox + (n.x - bx) * scale, oy + (n.y - by) * scale, Math.max(1, n.w * scale), Math.max(1, n.h * scale));
    }
    return { off, bx, by, scale, ox, oy, dpr };
  }, [scene, palette]);
  const layerRef = useRef(layer);
  layerRef.current = layer;

  const draw = (s: ReactFlowState) => {
    const c = canvas.current;
    const l = layerRef.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    sizeCanvas(c, MINI_W, MINI_H, dpr);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, c.width, c.height);
    if (!l) return;
    ctx.drawImage(l.off, 0, 0);
    ctx.setTransform(l.dpr, 0, 0, l.dpr, 0, 0);
    const [tx, ty, z] = s.transform;
    const x = l.ox + (-tx / z - l.bx) * l.scale;
    const y = l.oy + (-ty / z - l.by) * l.scale;
    const w = (s.width / z) * l.scale;
    const h = (s.height / z) * l.scale;
    // the rest of the map dimmed, the view left clear (as React Flow's mask)
    ctx.fillStyle = 'rgba(128, 128, 128, 0.25)';
    ctx.beginPath();
    ctx.rect(0, 0, MINI_W, MINI_H);
    ctx.rect(x, y, w, h);
    ctx.fill('evenodd');
    ctx.strokeStyle = palette?.accent ?? '#888';
    ctx.lineWidth = 1;
    ctx.strokeRect(x, y, w, h);
  };
  useViewportFrames(true, draw);
  useEffect(() => {
    const raf = requestAnimationFrame(() => draw(store.getState()));
    return () => cancelAnimationFrame(raf);
  });

  /** Centres the view on the minimap point under the pointer. */
  const centreAt = (e: { clientX: number; clientY: number }) => {
    const l = layerRef.current;
    const c = canvas.current;
    if (!l || !c) return;
    const r = c.getBoundingClientRect();
    const fx = l.bx + (e.clientX - r.left - l.ox) / l.scale;
    const fy = l.by + (e.clientY - r.top - l.oy) / l.scale;
    const { transform: [, , z], width, height } = store.getState();
    void flow.setViewport({ x: width / 2 - fx * z, y: height / 2 - fy * z, zoom: z });
  };
  const onPointerDown = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    centreAt(e);
  };
  const onPointerMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (e.buttons & 1) centreAt(e);
  };
  const onWheel = (e: React.WheelEvent) => {
    const { transform: [, , z] } = store.getState();
    void flow.zoomTo(z * Math.pow(2, -e.deltaY / 500));
  };

  return (
    <Panel position="bottom-right" className="react-flow__minimap overview-minimap" aria-label="Minimap">
      <canvas ref={canvas} style={{ width: MINI_W, height: MINI_H, display: 'block' }} data-testid="overview-minimap"
        onPointerDown={onPointerDown} onPointerMove={onPointerMove} onWheel={onWheel} />
    </Panel>
  );
});
