import { describe, expect, it } from 'vitest';
import { parse } from '../../runtime/design/parse';
import { generateDesign } from '../../bench/ui/designs';
import { Editor } from '../editor/editor';
import { createDeriver } from './derive';
import { buildScene, fittedViewport, hiddenTwin, hitTest, nodesInRect, sceneImageFrame, sceneToSvg, type Palette } from './overview';

function bigDesign(n: number) {
  const r = parse(generateDesign(n));
  if (!r.ok) throw new Error('generated design does not parse');
  const ed = new Editor(r.doc);
  const d = createDeriver();
  const input = () => ({ doc: ed.doc, selection: ed.getSelection(), severities: new Map(), measured: new Map() });
  return { ed, derive: () => { const nodes = d.deriveNodes(input()); return { nodes, edges: d.deriveEdges(input(), new Set()) }; } };
}

describe('the overview of a big design', () => {
  it('finds the node under a point through its grid index, the one drawn last on top, and nothing between nodes', () => {
    const { derive } = bigDesign(1000);
    const { nodes, edges } = derive();
    const scene = buildScene(nodes, edges, new Map([['w3_4', { width: 180, height: 70 }]]));
    expect(scene.nodes).toHaveLength(1000);
    expect(scene.edges).toHaveLength(999);
    // generated grid: group g at x = (g % 20) * 2400, y = 200 + floor(g / 20) * 600; worker i at +i*230, +160
    expect(hitTest(scene, 3 * 2400 + 4 * 230 + 5, 360 + 5)?.id).toBe('w3_4');
    // its measured size (180 × 70), not the initial 200 × 110
    expect(hitTest(scene, 3 * 2400 + 4 * 230 + 190, 365)).toBeUndefined();
    expect(hitTest(scene, 3 * 2400 + 4 * 230 + 5, 360 + 80)).toBeUndefined();
    expect(hitTest(scene, 1000 + 10, 210)?.id).toBe('s0');
    expect(hitTest(scene, -50, -50)).toBeUndefined();
    // every node is found at its centre
    for (const n of scene.nodes) expect(hitTest(scene, n.x + n.w / 2, n.y + n.h / 2)?.id).toBe(n.id);
    // overlapping nodes: the later one (drawn on top) wins
    const over = buildScene([nodes[1], { ...nodes[2], id: 'dup', position: { ...nodes[1].position } }], [], new Map());
    expect(hitTest(over, nodes[1].position.x + 1, nodes[1].position.y + 1)?.id).toBe('dup');
  });

  it('box-selects the nodes a rectangle touches, partially or whole', () => {
    const { derive } = bigDesign(100);
    const { nodes, edges } = derive();
    const scene = buildScene(nodes, edges, new Map());
    // across the first two workers of group 0 (y 360), touching the second one only at its left edge
    const ids = nodesInRect(scene, { x: 10, y: 350, width: 240, height: 20 });
    expect(ids.sort()).toEqual(['w0_0', 'w0_1']);
    expect(nodesInRect(scene, { x: -500, y: -500, width: 100, height: 100 })).toEqual([]);
    expect(nodesInRect(scene, { x: -1e6, y: -1e6, width: 2e6, height: 2e6 })).toHaveLength(100);
  });

  it('leaves out the hidden descendants of a collapsed supervisor and their edges, and reflects selection and marks', () => {
    const { ed, derive } = bigDesign(100);
    ed.toggleCollapsed('s1');
    ed.select(['w0_3'], []);
    const { nodes, edges } = derive();
    const scene = buildScene(nodes, edges, new Map());
    expect(scene.byId.has('w1_0')).toBe(false);
    expect(scene.byId.get('s1')?.hiddenCount).toBe(10);
    expect(scene.edges.some((e) => e.source.id === 's1')).toBe(false);
    expect(scene.byId.get('w0_3')?.selected).toBe(true);
    expect(scene.byId.get('w0_2')?.selected).toBe(false);
  });

  it('fits a design the way fitView does, clamped to the minimum zoom', () => {
    const { ed } = bigDesign(1000);
    const vp = fittedViewport(ed.doc.nodes, 1000, 600)!;
    expect(vp.zoom).toBe(0.05); // 48,000 flow units wide: clamped
    const small = fittedViewport(ed.doc.nodes.slice(0, 12), 1000, 600)!;
    expect(small.zoom).toBeGreaterThan(0.05);
    // the bounds' centre lands in the middle of the pane
    const xs = ed.doc.nodes.slice(0, 12).map((n) => n.position.x);
    const cx = (Math.min(...xs) + Math.max(...xs) + 200) / 2;
    expect(cx * small.zoom + small.x).toBeCloseTo(500, 0);
    expect(fittedViewport([], 1000, 600)).toBeUndefined();
  });

  it('hands React Flow the same hidden node objects across an edit, except the edited one', () => {
    const { ed, derive } = bigDesign(1000);
    const before = derive().nodes.map(hiddenTwin);
    expect(before.every((n) => n.hidden)).toBe(true);
    ed.moveNodes(new Map([['w5_5', { x: 1, y: 2 }]]));
    const after = derive().nodes.map(hiddenTwin);
    const changed = after.filter((n, i) => n !== before[i]).map((n) => n.id);
    expect(changed).toEqual(['w5_5']);
    expect(after.find((n) => n.id === 'w5_5')).toMatchObject({ hidden: true, position: { x: 1, y: 2 } });
  });

  describe('as an image (export of a design the DOM does not hold)', () => {
    const kindColours = { stroke: '#123456', fill: '#abcdef' };
    const palette: Palette = {
      bg: '#fff', text: '#111', accent: '#00f', danger: '#f00', dangerFill: '#fdd', warning: '#fa0', warningFill: '#ffe', ok: '#0a0',
      kind: Object.fromEntries(['supervisor', 'dynamic_supervisor', 'task_supervisor', 'worker', 'registry', 'load_source', 'note'].map((k) => [k, kindColours])),
      edge: { supervision: '#888', link: '#0a0', monitor: '#a0a', calls: '#00a', load: '#aa0' }, run: {},
    };

    it('fits the bounds into at most max px a side and never magnifies', () => {
      const wide = sceneImageFrame({ x: -100, y: 50, x2: 47900, y2: 2450 }, 40, 4096);
      expect(wide.width).toBe(4096);
      const [tx, ty, z] = wide.transform;
      expect(z).toBeCloseTo((4096 - 80) / 48000, 6);
      expect(tx + -100 * z).toBeCloseTo(40, 6); // the left edge of the bounds lands on the padding
      expect(ty + 50 * z).toBeCloseTo(40, 6);
      expect(wide.height).toBe(Math.ceil(2400 * z + 80));
      const small = sceneImageFrame({ x: 0, y: 0, x2: 300, y2: 200 }, 40, 4096);
      expect(small).toEqual({ width: 380, height: 280, transform: [40, 40, 1] });
    });

    it('draws every shown node and edge of a 1,000-process design, names only when readable, escaped', () => {
      const { ed, derive } = bigDesign(1000);
      const sup = ed.doc.nodes.find((n) => n.id === 's0')!;
      ed.setNodeField(sup.id, 'name', 'a<b>&"c"');
      const { nodes, edges } = derive();
      const scene = buildScene(nodes, edges, new Map());
      const far = sceneImageFrame(scene.bounds!, 40, 4096);
      const svg = sceneToSvg(scene, palette, far.width, far.height, far.transform, '#fff');
      expect(svg.match(/<rect /g)).toHaveLength(1 + 2 * 1000);
      expect(svg.match(/V[-\d.]+H[-\d.]+V[-\d.]+/g)).toHaveLength(999);
      expect(svg).not.toContain('<text'); // 26 px names at this scale would be under 7 px
      // one group of 3 nodes near by: names drawn, the hostile one escaped
      const near = buildScene(nodes.filter((n) => n.id === 's0' || n.id === 'w0_0' || n.id === 'w0_1'), edges, new Map());
      const f = sceneImageFrame(near.bounds!, 40, 4096);
      const svg2 = sceneToSvg(near, palette, f.width, f.height, f.transform, '#fff');
      expect(svg2).toContain('>worker_0_0</text>');
      expect(svg2).toContain('a&#60;b&#62;&#38;&#34;c&#34;');
      expect(svg2).not.toContain('a<b>');
      expect(svg2.match(/V[-\d.]+H[-\d.]+V[-\d.]+/g)).toHaveLength(2);
    });
  });
});
