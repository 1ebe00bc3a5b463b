// Fit-to-view leaves room for every overlay on the canvas (issue 16): the minimap, the zoom controls, the floating
// "Side handles draw" bar and the run banners. Each overlay reserves the canvas edge it is attached to — for a corner
// overlay, whichever side costs the smaller share of the canvas.
import type { FitViewOptions } from '@xyflow/react';

type Padding = NonNullable<FitViewOptions['padding']>;

const OVERLAYS = '.react-flow__minimap, .react-flow__controls, .canvas-hud, .run-banner';
const NEAR = 40; // px: an overlay this close to an edge is attached to it
const GAP = 12; // px between the fitted design and an overlay

export interface Rect { left: number; top: number; right: number; bottom: number; width: number; height: number }
type Side = 'top' | 'right' | 'bottom' | 'left';

/** The padding (px per side) that keeps a fitted design clear of `overlays` inside `pane`; `min` is the share of each
 *  dimension kept free in any case. Pure, for tests. */
export function paddingFor(pane: Rect, overlays: readonly Rect[], min = 0.08): Record<Side, number> {
  const pad: Record<Side, number> = {
    top: pane.height * min, bottom: pane.height * min, left: pane.width * min, right: pane.width * min,
  };
  for (const r of overlays) {
    if (r.width <= 0 || r.height <= 0) continue;
    if (r.right <= pane.left || r.left >= pane.right || r.bottom <= pane.top || r.top >= pane.bottom) continue;
    const options: { side: Side; reserve: number; share: number }[] = [];
    const add = (side: Side, gap: number, reserve: number, dim: number) => {
      if (gap <= NEAR) options.push({ side, reserve: reserve + GAP, share: (reserve + GAP) / dim });
    };
    add('top', r.top - pane.top, r.bottom - pane.top, pane.height);
    add('bottom', pane.bottom - r.bottom, pane.bottom - r.top, pane.height);
    add('left', r.left - pane.left, r.right - pane.left, pane.width);
    add('right', pane.right - r.right, pane.right - r.left, pane.width);
    const best = options.sort((a, b) => a.share - b.share)[0];
    if (best) pad[best.side] = Math.max(pad[best.side], best.reserve);
  }
  return pad;
}

/** The fit padding for the canvas as it is on screen now; `fallback` when there is no canvas. */
export function overlayPadding(fallback: number): Padding {
  const flow = document.querySelector('.react-flow');
  if (!flow) return fallback;
  const pane = flow.getBoundingClientRect();
  const overlays = [...document.querySelectorAll(OVERLAYS)].map((el) => el.getBoundingClientRect());
  const p = paddingFor(pane, overlays, fallback / 2);
  return { top: `${Math.round(p.top)}px`, right: `${Math.round(p.right)}px`, bottom: `${Math.round(p.bottom)}px`, left: `${Math.round(p.left)}px` };
}
