// The canvas as a real vector SVG: rectangles, paths and <text> read from what the page shows, with every colour,
// font and stroke resolved, so the file renders the same in a browser, Inkscape, rsvg and ImageMagick (no
// <foreignObject>, no CSS, no HTML). React Flow's edges are SVG already (their paths are in canvas coordinates);
// nodes and HTML edge labels are HTML, drawn here box by box: backgrounds and borders as rects, each text line as a
// <text> at the place the browser laid it out, icons as nested <svg>.
const SKIP = new Set(['react-flow__handle', 'react-flow__edge-interaction', 'react-flow__resize-control']);
const KEEP_ATTRS = new Set([
  'd', 'points', 'x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'rx', 'ry', 'width', 'height', 'transform',
  'viewBox', 'dx', 'dy', 'text-anchor', 'marker-end', 'marker-start', 'markerWidth', 'markerHeight', 'markerUnits',
  'orient', 'refX', 'refY', 'stroke-linecap', 'stroke-linejoin', 'preserveAspectRatio',
]);
const SVG_STYLE = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'opacity', 'font-size', 'font-weight', 'font-family'] as const;

const n2 = (v: number) => (Math.round(v * 100) / 100).toString();
const xml = (s: string) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
const transparent = (c: string) => !c || c === 'transparent' || /^rgba\(.*,\s*0\)$/.test(c);

interface Frame {
  /** Client (screen) point → canvas coordinates. */
  x(cx: number): number;
  y(cy: number): number;
  zoom: number;
}

function frameOf(viewport: HTMLElement): Frame {
  const m = new DOMMatrixReadOnly(getComputedStyle(viewport).transform === 'none' ? undefined : getComputedStyle(viewport).transform);
  const parent = (viewport.parentElement ?? viewport).getBoundingClientRect();
  const zoom = m.a || 1;
  return { zoom, x: (cx) => (cx - parent.left - m.e) / zoom, y: (cy) => (cy - parent.top - m.f) / zoom };
}

function visible(el: Element): boolean {
  const cs = getComputedStyle(el);
  return cs.display !== 'none' && cs.visibility !== 'hidden' && Number(cs.opacity) > 0;
}

// ------------------------------------------------------------------------------------------------ SVG subtrees

/** An SVG element with its computed presentation written as attributes (no classes, no CSS variables). */
function serializeSvgElement(el: Element, ids: Map<string, string>, out: string[]): void {
  if ([...el.classList].some((c) => SKIP.has(c)) || !visible(el)) return;
  const tag = el.tagName.toLowerCase();
  if (tag === 'title' || tag === 'desc') return;
  const attrs: string[] = [];
  for (const a of el.attributes) {
    if (!KEEP_ATTRS.has(a.name)) continue;
    let v = a.value;
    if (a.name.startsWith('marker-')) {
      const id = /^url\((['"]?)#(.*)\1\)$/.exec(v.trim())?.[2];
      const mapped = id !== undefined ? ids.get(id) : undefined;
      if (!mapped) continue;
      v = `url(#${mapped})`;
    }
    // SVG 2's auto-start-reverse is unknown to rsvg and ImageMagick; for the marker-end React Flow draws, auto is the same
    if (a.name === 'orient' && v === 'auto-start-reverse') v = 'auto';
    attrs.push(`${a.name}="${xml(v)}"`);
  }
  if (tag === 'marker') attrs.push(`id="${ids.get(el.id) ?? ''}"`);
  const cs = getComputedStyle(el);
  const isText = tag === 'text' || tag === 'tspan';
  for (const p of SVG_STYLE) {
    const v = cs.getPropertyValue(p);
    if (!v || v === 'normal' || (p === 'stroke-dasharray' && v === 'none') || (p.endsWith('opacity') && v === '1')) continue;
    if (p.startsWith('font-') && !isText) continue;
    attrs.push(`${p}="${xml(v)}"`);
  }
  const children: string[] = [];
  if (isText) {
    children.push(xml(el.textContent ?? ''));
  } else {
    for (const c of el.children) serializeSvgElement(c, ids, children);
  }
  out.push(`<${tag} ${attrs.join(' ')}>${children.join('')}</${tag}>`);
}

// ------------------------------------------------------------------------------------------------ HTML subtrees

function boxOf(el: Element, f: Frame) {
  const r = el.getBoundingClientRect();
  return { x: f.x(r.left), y: f.y(r.top), w: r.width / f.zoom, h: r.height / f.zoom };
}

/** Text of one text node, line by line as laid out, clipped to `clip` (an ancestor with overflow hidden). */
function textLines(node: Text, f: Frame, clip: { left: number; right: number } | null, ellipsis: boolean) {
  const text = node.data;
  const range = document.createRange();
  const lines: { x: number; y: number; h: number; text: string }[] = [];
  let clipped = false;
  for (let i = 0; i < text.length; i++) {
    range.setStart(node, i);
    range.setEnd(node, i + 1);
    const r = range.getClientRects()[0];
    if (!r || r.width === 0) continue;
    if (clip && (r.right > clip.right + 0.5 || r.left < clip.left - 0.5)) {
      clipped = true;
      continue;
    }
    const last = lines[lines.length - 1];
    const y = f.y(r.top);
    if (last && Math.abs(last.y - y) < 1) last.text += text[i];
    else lines.push({ x: f.x(r.left), y, h: r.height / f.zoom, text: text[i] });
  }
  range.detach();
  if (clipped && ellipsis && lines.length) {
    const last = lines[lines.length - 1];
    last.text = `${last.text.trimEnd().slice(0, -1)}…`;
  }
  return lines.filter((l) => l.text.trim() !== '');
}

function serializeHtml(el: Element, f: Frame, ids: Map<string, string>, out: string[], clip: { left: number; right: number } | null): void {
  if ([...el.classList].some((c) => SKIP.has(c)) || !visible(el)) return;
  if (el instanceof SVGSVGElement) {
    const b = boxOf(el, f);
    const inner: string[] = [];
    for (const c of el.children) serializeSvgElement(c, ids, inner);
    // a transformed group, not a nested <svg x y viewBox>: ImageMagick's renderer places nested viewports at 0,0
    const vb = (el.getAttribute('viewBox') ?? `0 0 ${b.w} ${b.h}`).split(/[\s,]+/).map(Number);
    const sx = vb[2] ? b.w / vb[2] : 1, sy = vb[3] ? b.h / vb[3] : 1;
    const color = getComputedStyle(el).color;
    out.push(`<g transform="translate(${n2(b.x - vb[0] * sx)} ${n2(b.y - vb[1] * sy)}) scale(${n2(sx)} ${n2(sy)})" color="${color}">${inner.join('')}</g>`);
    return;
  }
  const cs = getComputedStyle(el);
  const b = boxOf(el, f);
  const rx = Math.min(parseFloat(cs.borderTopLeftRadius) || 0, b.w / 2, b.h / 2);
  const opacity = Number(cs.opacity) < 1 ? ` opacity="${cs.opacity}"` : '';
  if (!transparent(cs.backgroundColor) && b.w > 0 && b.h > 0) {
    out.push(`<rect x="${n2(b.x)}" y="${n2(b.y)}" width="${n2(b.w)}" height="${n2(b.h)}"${rx ? ` rx="${n2(rx)}"` : ''} fill="${cs.backgroundColor}"${opacity}/>`);
  }
  const sides = (['Top', 'Right', 'Bottom', 'Left'] as const).map((s) => ({
    w: cs.getPropertyValue(`border-${s.toLowerCase()}-style`) === 'none' ? 0 : parseFloat(cs.getPropertyValue(`border-${s.toLowerCase()}-width`)) || 0,
    c: cs.getPropertyValue(`border-${s.toLowerCase()}-color`),
  }));
  const uniform = sides.every((s) => s.w === sides[0].w && s.c === sides[0].c);
  if (uniform && sides[0].w > 0 && !transparent(sides[0].c)) {
    const w = sides[0].w;
    out.push(`<rect x="${n2(b.x + w / 2)}" y="${n2(b.y + w / 2)}" width="${n2(b.w - w)}" height="${n2(b.h - w)}"${rx ? ` rx="${n2(Math.max(0, rx - w / 2))}"` : ''} fill="none" stroke="${sides[0].c}" stroke-width="${n2(w)}"${opacity}/>`);
  } else if (!uniform) {
    const [t, r, bo, l] = sides;
    const bars: [number, number, number, number, string][] = [
      [b.x, b.y, b.w, t.w, t.c], [b.x + b.w - r.w, b.y, r.w, b.h, r.c], [b.x, b.y + b.h - bo.w, b.w, bo.w, bo.c], [b.x, b.y, l.w, b.h, l.c],
    ];
    for (const [x, y, w, h, c] of bars) if (w > 0 && h > 0 && !transparent(c)) out.push(`<rect x="${n2(x)}" y="${n2(y)}" width="${n2(w)}" height="${n2(h)}" fill="${c}"${opacity}/>`);
  }
  const ownClip = cs.overflowX !== 'visible' ? { left: el.getBoundingClientRect().left, right: el.getBoundingClientRect().right } : clip;
  for (const c of el.childNodes) {
    if (c.nodeType === Node.TEXT_NODE) {
      const fontSize = parseFloat(cs.fontSize) || 12;
      for (const line of textLines(c as Text, f, ownClip, cs.textOverflow === 'ellipsis')) {
        // baseline: the glyph box's top plus the ascent (about 80% of the content box for the UI fonts)
        out.push(`<text x="${n2(line.x)}" y="${n2(line.y + line.h * 0.8)}" font-family="${xml(cs.fontFamily)}" font-size="${n2(fontSize)}" font-weight="${cs.fontWeight}"${cs.fontStyle === 'italic' ? ' font-style="italic"' : ''} fill="${cs.color}"${opacity} xml:space="preserve">${xml(line.text)}</text>`);
      }
    } else if (c instanceof Element) {
      serializeHtml(c, f, ids, out, ownClip);
    }
  }
}

// ------------------------------------------------------------------------------------------------ the whole canvas

/**
 * The design as shown (every node mounted in `viewport`, the `.react-flow__viewport` element), as standalone SVG
 * text fitted to the nodes with `pad` around them, at most `max` px on its longer side.
 */
export function canvasToVectorSvg(viewport: HTMLElement, background: string, pad = 40, max = 4096): string {
  const f = frameOf(viewport);
  const nodes = [...viewport.querySelectorAll<HTMLElement>('.react-flow__node')].filter(visible);
  if (nodes.length === 0) throw new Error('The canvas is empty: there is nothing to draw.');
  const boxes = nodes.map((n) => boxOf(n, f));
  const minX = Math.min(...boxes.map((b) => b.x)) - pad;
  const minY = Math.min(...boxes.map((b) => b.y)) - pad;
  const w = Math.max(...boxes.map((b) => b.x + b.w)) + pad - minX;
  const h = Math.max(...boxes.map((b) => b.y + b.h)) + pad - minY;
  const scale = Math.min(1, max / Math.max(w, h));

  const ids = new Map<string, string>();
  const markers = [...viewport.querySelectorAll('.react-flow__edges marker')];
  markers.forEach((m, i) => ids.set(m.id, `m${i}`));
  const defs: string[] = [];
  for (const m of markers) serializeSvgElement(m, ids, defs);

  const edges: string[] = [];
  for (const svg of viewport.querySelectorAll('.react-flow__edges > svg:not(.react-flow__marker)')) {
    for (const c of svg.children) serializeSvgElement(c, ids, edges);
  }
  const body: string[] = [];
  for (const n of nodes) serializeHtml(n, f, ids, body, null);
  const labels: string[] = [];
  for (const l of viewport.querySelectorAll('.react-flow__edgelabel-renderer > *')) serializeHtml(l, f, ids, labels, null);

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(w * scale)}" height="${Math.ceil(h * scale)}" viewBox="${n2(minX)} ${n2(minY)} ${n2(w)} ${n2(h)}">`,
    defs.length ? `<defs>${defs.join('')}</defs>` : '',
    `<rect x="${n2(minX)}" y="${n2(minY)}" width="${n2(w)}" height="${n2(h)}" fill="${xml(background)}"/>`,
    `<g id="edges">${edges.join('')}</g>`,
    `<g id="nodes">${body.join('')}</g>`,
    labels.length ? `<g id="labels">${labels.join('')}</g>` : '',
    '</svg>',
  ].join('\n');
}
