import { describe, expect, it } from 'vitest';
import { createEmptyDocument } from '../../runtime/design/document';
import { Editor } from './editor';
import { autoLayout } from './layout';

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
});
