import { describe, expect, it } from 'vitest';
import { createEmptyDocument } from '../../runtime/design/document';
import { Editor } from './editor';
import { autoLayout, NODE_GAP, RELATION_GAP } from './layout';
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
});
