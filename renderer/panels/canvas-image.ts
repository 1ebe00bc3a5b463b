// The canvas as an image. PNG the way React Flow's "download image" example does it: fit the nodes' bounds into an
// image-sized viewport and render `.react-flow__viewport` with that transform through html-to-image. SVG as real
// vector shapes and text (vector-svg.ts), so it renders outside a browser too.
// A big design does not have every shown node in the DOM (the overview layer draws it on one <canvas> when zoomed
// out; zoomed in, React Flow mounts only the nodes on screen): then the whole design is drawn from the canvas's
// scene, in the overview's form — drawScene onto a <canvas> for PNG, sceneToSvg for SVG.
import { getNodesBounds, getViewportForBounds, type Node } from '@xyflow/react';
import { toPng } from 'html-to-image';
import { canvasToVectorSvg } from './vector-svg';
import { currentScene, drawScene, readPalette, sceneImageFrame, sceneToSvg, type Scene } from '../canvas/overview';

export type ImageFormat = 'png' | 'svg';

const PAD = 40;
const MAX = 4096;

/** Draws the shown nodes (a collapsed supervisor's hidden descendants are left out, as on screen). */
export async function renderCanvasImage(all: Node[], format: ImageFormat): Promise<string> {
  const el = document.querySelector<HTMLElement>('.react-flow__viewport');
  if (!el) throw new Error('The canvas is not on screen: open the design view to export an image.');
  const scene = currentScene();
  const nodes = all.filter((n) => !n.hidden);
  const mounted = el.querySelectorAll('.react-flow__node').length;
  if (scene && scene.nodes.length > 0 && mounted < scene.nodes.length) return renderScene(scene, format, el);
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
  if (format === 'svg') return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(canvasToVectorSvg(el, options.backgroundColor, PAD, MAX))}`;
  const restore = inlineSvgTextFill(el);
  try {
    return await toPng(el, options);
  } finally {
    restore();
  }
}

function renderScene(scene: Scene, format: ImageFormat, el: HTMLElement): string {
  const pane = el.closest<HTMLElement>('.react-flow') ?? document.body;
  const palette = readPalette(pane);
  const bg = getComputedStyle(pane).backgroundColor;
  const background = bg && bg !== 'rgba(0, 0, 0, 0)' ? bg : '#ffffff';
  const { width, height, transform } = sceneImageFrame(scene.bounds!, PAD, MAX);
  if (format === 'svg') return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(sceneToSvg(scene, palette, width, height, transform, background))}`;
  const c = document.createElement('canvas');
  c.width = width;
  c.height = height;
  const ctx = c.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw the image (no 2D canvas).');
  drawScene(ctx, scene, palette, transform, width, height, 1);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.globalCompositeOperation = 'destination-over';
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, width, height);
  return c.toDataURL('image/png');
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
