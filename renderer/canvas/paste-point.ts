// Where a paste lands: under the pointer when it is over the canvas, else in the middle of the visible canvas
// (never 40 px off a copied node that may be far off-screen).
let last: { x: number; y: number } | null = null;
let tracking = false;

function track(): void {
  if (tracking || typeof window === 'undefined') return;
  tracking = true;
  window.addEventListener('pointermove', (e) => { last = { x: e.clientX, y: e.clientY }; }, { passive: true, capture: true });
}
track();

/** The canvas point (flow coordinates) for a paste, or undefined when no canvas is on screen. */
export function pastePoint(toFlow: (p: { x: number; y: number }) => { x: number; y: number }): { x: number; y: number } | undefined {
  const pane = document.querySelector('.react-flow');
  if (!pane) return undefined;
  const r = pane.getBoundingClientRect();
  const inside = last && last.x >= r.left && last.x <= r.right && last.y >= r.top && last.y <= r.bottom;
  const screen = inside ? last! : { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  const p = toFlow(screen);
  return { x: Math.round(p.x), y: Math.round(p.y) };
}
