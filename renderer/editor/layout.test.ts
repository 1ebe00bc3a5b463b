import { describe, expect, it } from 'vitest';
import { createEmptyDocument } from '../../runtime/design/document';
import { Editor } from './editor';
import { autoLayout, DEFAULT_SIZE, LAYERED_MAX_NODES, NODE_GAP, RELATION_GAP } from './layout';
import { loadTemplates } from '../panels/templates';

describe('auto-layout', () => {
  it('lays a tree top-down with siblings left to right in child order', async () => {
    const ed = new Editor(createEmptyDocument());
    const root = ed.addNode('supervisor', { x: 0, y: 0 });
    const kids = [0, 1, 2].map(() => ed.addNode('worker', { x: 0, y: 0 }));
    // connect in reverse so child order (c2, c1, c0) differs from document order
    for (const k of [...kids].reverse()) ed.connect(root, k, 'supervision');
    const sub = ed.addNode('supervisor', { x: 0, y: 0 });
    ed.connect(kids[0], sub, 'supervision'); // refused: a worker cannot supervise
    ed.connect(root, sub, 'supervision');
    const leaf = ed.addNode('worker', { x: 0, y: 0 });
    ed.connect(sub, leaf, 'supervision');
    const pos = await autoLayout(ed.doc);
    const y = (id: string) => pos.get(id)!.y;
    const x = (id: string) => pos.get(id)!.x;
    expect(y(root)).toBeLessThan(y(kids[0]));
    expect(y(sub)).toBe(y(kids[0]));
    expect(y(leaf)).toBeGreaterThan(y(sub));
    expect(x(kids[2])).toBeLessThan(x(kids[1]));
    expect(x(kids[1])).toBeLessThan(x(kids[0]));
    expect(x(kids[0])).toBeLessThan(x(sub));
    ed.setPositions(pos);
    expect(ed.doc.nodes.find((n) => n.id === leaf)!.position).toEqual(pos.get(leaf));
    ed.undo();
    expect(ed.doc.nodes.find((n) => n.id === leaf)!.position).toEqual({ x: 0, y: 0 });
  });

  /** A supervisor with `n` workers (in that start order); returns their ids. */
  function tree(ed: Editor, n: number) {
    const root = ed.addNode('supervisor', { x: 0, y: 0 });
    const kids = Array.from({ length: n }, () => ed.addNode('worker', { x: 0, y: 0 }));
    for (const k of kids) expect(ed.connect(root, k, 'supervision').ok).toBe(true);
    return { root, kids };
  }
  const leftToRight = (pos: Map<string, { x: number; y: number }>, ids: string[]) => [...ids].sort((a, b) => pos.get(a)!.x - pos.get(b)!.x);

  it('links and monitors never reorder siblings or move them off their row', async () => {
    const ed = new Editor(createEmptyDocument());
    const { root, kids } = tree(ed, 4);
    // links that would rather have k0 next to k3 and k1 next to k2's other side
    expect(ed.connect(kids[0]!, kids[3]!, 'link').ok).toBe(true);
    expect(ed.connect(kids[3]!, kids[1]!, 'monitor').ok).toBe(true);
    expect(ed.connect(kids[2]!, kids[0]!, 'calls').ok).toBe(true);
    const pos = await autoLayout(ed.doc);
    expect(leftToRight(pos, kids)).toEqual(kids);
    expect(new Set(kids.map((k) => pos.get(k)!.y)).size).toBe(1);
    expect(pos.get(root)!.y).toBeLessThan(pos.get(kids[0]!)!.y);
    // the parent is centred over its children, not over the first one (bk.fixedAlignment BALANCED)
    const mid = (id: string) => pos.get(id)!.x + 100;
    expect(mid(root)).toBeGreaterThan(mid(kids[0]!));
    expect(mid(root)).toBeLessThan(mid(kids[3]!));
  });

  it('top-level trees joined by a link sit next to each other; unjoined ones keep document order', async () => {
    const ed = new Editor(createEmptyDocument());
    const a = tree(ed, 1);
    const b = tree(ed, 1);
    const c = tree(ed, 1);
    const loose = ed.addNode('worker', { x: 0, y: 0 });
    // ELK keeps the model order of components and packs them in rows: compare reading order (row, then x)
    const reading = (pos: Map<string, { x: number; y: number }>, ids: string[]) =>
      [...ids].sort((p, q) => pos.get(p)!.y - pos.get(q)!.y || pos.get(p)!.x - pos.get(q)!.x);
    const roots = [a.root, b.root, c.root, loose];
    expect(reading(await autoLayout(ed.doc), roots)).toEqual([a.root, b.root, c.root, loose]);
    expect(ed.connect(a.kids[0]!, c.kids[0]!, 'link').ok).toBe(true); // a's worker linked to c's
    expect(ed.connect(loose, a.root, 'monitor').ok).toBe(true);
    expect(reading(await autoLayout(ed.doc), roots)).toEqual([a.root, c.root, loose, b.root]);
  });

  it('a node with a link, monitor or call gets room for the edge and its label', async () => {
    const ed = new Editor(createEmptyDocument());
    const { kids } = tree(ed, 3);
    const gap = (pos: Map<string, { x: number; y: number }>, l: string, r: string) => pos.get(r)!.x - (pos.get(l)!.x + 200);
    const plain = await autoLayout(ed.doc);
    expect(gap(plain, kids[0]!, kids[1]!)).toBe(NODE_GAP);
    ed.connect(kids[0]!, kids[1]!, 'link');
    const linked = await autoLayout(ed.doc);
    expect(gap(linked, kids[0]!, kids[1]!)).toBe(RELATION_GAP);
  });

  it('is deterministic: the same positions every time and whatever the order of the edges array', async () => {
    const r = loadTemplates().templates.find((t) => t.file === 'drill-3-links.suptree')!;
    const first = await autoLayout(r.doc);
    const again = await autoLayout(r.doc);
    const shuffled = await autoLayout({ ...r.doc, edges: [...r.doc.edges].reverse() });
    expect([...again]).toEqual([...first]);
    expect([...shuffled].sort()).toEqual([...first].sort());
    // one row per tree level: the nine children of links_sup share a row, in start order
    const sup = r.doc.edges.filter((e) => e.kind === 'supervision').sort((p, q) => (p as { order: number }).order - (q as { order: number }).order);
    const kids = sup.map((e) => e.target);
    expect(new Set(kids.map((k) => first.get(k)!.y)).size).toBe(1);
    expect(leftToRight(first, kids)).toEqual(kids);
  });

  describe(`a design of more than ${LAYERED_MAX_NODES} nodes (mrtree)`, () => {
    /** A root with `groups` supervisors of `each` workers, connected in reverse so start order ≠ document order. */
    function big(groups: number, each: number) {
      const ed = new Editor(createEmptyDocument());
      const root = ed.addNode('supervisor', { x: 0, y: 0 });
      const sups = Array.from({ length: groups }, () => ed.addNode('supervisor', { x: 0, y: 0 }));
      for (const s of [...sups].reverse()) expect(ed.connect(root, s, 'supervision').ok).toBe(true);
      const kids = sups.map((s) => {
        const ks = Array.from({ length: each }, () => ed.addNode('worker', { x: 0, y: 0 }));
        for (const k of [...ks].reverse()) expect(ed.connect(s, k, 'supervision').ok).toBe(true);
        return ks;
      });
      const loose = ed.addNode('worker', { x: 0, y: 0 });
      return { ed, root, sups, kids, loose };
    }

    it('keeps start order, one row per level, centred parents and no overlaps', async () => {
      const { ed, root, sups, kids, loose } = big(30, 10); // 332 nodes
      expect(ed.doc.nodes.length).toBeGreaterThan(LAYERED_MAX_NODES);
      const pos = await autoLayout(ed.doc);
      expect(pos.size).toBe(ed.doc.nodes.length);
      const p = (id: string) => pos.get(id)!;
      // rows: root, supervisors, workers; a loose node is a top-level piece, on the root's row
      expect(new Set(sups.map((s) => p(s).y)).size).toBe(1);
      expect(new Set(kids.flat().map((k) => p(k).y)).size).toBe(1);
      expect(p(sups[0]).y - p(root).y).toBe(DEFAULT_SIZE.height + 64);
      expect(p(kids[0][0]).y).toBeGreaterThan(p(sups[0]).y);
      expect(p(loose).y).toBe(p(root).y);
      // start order (connected in reverse): the last-created is leftmost, at every level
      for (let i = 1; i < sups.length; i++) expect(p(sups[i]).x).toBeLessThan(p(sups[i - 1]).x);
      for (const ks of kids) for (let i = 1; i < ks.length; i++) expect(p(ks[i]).x).toBeLessThan(p(ks[i - 1]).x);
      // a parent sits over the middle of its children
      const mid = (ids: string[]) => (Math.min(...ids.map((k) => p(k).x)) + Math.max(...ids.map((k) => p(k).x))) / 2;
      for (const [i, s] of sups.entries()) expect(Math.abs(p(s).x - mid(kids[i]))).toBeLessThan(DEFAULT_SIZE.width);
      // nodes on a row never overlap and keep at least the sibling gap
      const row = kids.flat().map((k) => p(k).x).sort((a, b) => a - b);
      for (let i = 1; i < row.length; i++) expect(row[i] - row[i - 1]).toBeGreaterThanOrEqual(DEFAULT_SIZE.width + NODE_GAP);
    });

    it('survives a supervision cycle and lays out every node', async () => {
      const { ed } = big(20, 10);
      // x and y supervise each other (the validator reports it; layout must still finish and place both)
      const [x, y, z] = [ed.addNode('supervisor', { x: 0, y: 0 }), ed.addNode('supervisor', { x: 0, y: 0 }), ed.addNode('worker', { x: 0, y: 0 })];
      const doc = {
        ...ed.doc,
        edges: [
          ...ed.doc.edges,
          { kind: 'supervision' as const, id: 'xy', source: x, target: y, order: 0 },
          { kind: 'supervision' as const, id: 'yx', source: y, target: x, order: 0 },
          { kind: 'supervision' as const, id: 'yz', source: y, target: z, order: 1 },
        ],
      };
      const pos = await autoLayout(doc);
      expect(pos.size).toBe(doc.nodes.length);
      for (const v of pos.values()) expect(Number.isFinite(v.x) && Number.isFinite(v.y)).toBe(true);
      expect(pos.get(y)!.y).toBeGreaterThan(pos.get(x)!.y);
      expect(pos.get(z)!.y).toBeGreaterThan(pos.get(y)!.y);
    });
  });
});
