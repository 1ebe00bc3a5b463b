// The canvas as an image, the way React Flow's "download image" example does it: fit the nodes' bounds into an
// image-sized viewport and render `.react-flow__viewport` with that transform through html-to-image.
import { getNodesBounds, getViewportForBounds, type Node } from '@xyflow/react';
import { toPng, toSvg } from 'html-to-image';

export type ImageFormat = 'png' | 'svg';

const PAD = 40;
const MAX = 4096;

export async function renderCanvasImage(nodes: Node[], format: ImageFormat): Promise<string> {
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
  return format === 'png' ? toPng(el, options) : toSvg(el, options);
}
