// The canvas as an image, the way React Flow's "download image" example does it: fit the nodes' bounds into an
// image-sized viewport and render `.react-flow__viewport` with that transform through html-to-image.
import { getNodesBounds, getViewportForBounds, type Node } from '@xyflow/react';
import { toPng, toSvg } from 'html-to-image';

export type ImageFormat = 'png' | 'svg';

const PAD = 40;
const MAX = 4096;

/** Draws the shown nodes (a collapsed supervisor's hidden descendants are left out, as on screen). */
export async function renderCanvasImage(all: Node[], format: ImageFormat): Promise<string> {
  const nodes = all.filter((n) => !n.hidden);
  const el = document.querySelector<HTMLElement>('.react-flow__viewport');
  if (!el) throw new Error('The canvas is not on screen: open the design view to export an image.');
  if (nodes.length === 0) throw new Error('The canvas is empty: there is nothing to draw.');
  const b = getNodesBounds(nodes);
  const width = Math.min(MAX, Math.ceil(b.width + 2 * PAD));
  const height = Math.min(MAX, Math.ceil(b.height + 2 * PAD));
  const vp = getViewportForBounds(b, width, height, 0.1, 1, `${PAD}px`);
  const pane = el.closest('.react-flow');
  const backgroundColor = pane ? getComputedStyle(pane).backgroundColor : undefined;
  const options = {
    width,
    height,
    backgroundColor: backgroundColor && backgroundColor !== 'rgba(0, 0, 0, 0)' ? backgroundColor : '#ffffff',
    skipFonts: true,
    style: { width: `${width}px`, height: `${height}px`, transform: `translate(${vp.x}px, ${vp.y}px) scale(${vp.zoom})` },
  };
  const restore = inlineSvgTextFill(el);
  try {
    return await (format === 'png' ? toPng(el, options) : toSvg(el, options));
  } finally {
    restore();
  }
}

/**
 * html-to-image copies every HTML element's computed style but clones an <svg> as it is, so SVG text painted by a
 * stylesheet (React Flow's edge labels: `.react-flow__edge-text { fill: … }`) comes out black — unreadable on the
 * dark theme. Their computed fill is set inline for the rendering and taken away afterwards.
 */
function inlineSvgTextFill(root: HTMLElement): () => void {
  const set: SVGElement[] = [];
  for (const el of root.querySelectorAll<SVGElement>('svg text')) {
    if (el.style.fill) continue;
    el.style.fill = getComputedStyle(el).fill;
    set.push(el);
  }
  return () => set.forEach((el) => el.style.removeProperty('fill'));
}
