import { describe, expect, it } from 'vitest';
import { createEmptyDocument } from '../../runtime/design/document';
import { parse } from '../../runtime/design/parse';
import { generateDesign } from '../../bench/ui/designs';
import { Editor } from '../editor/editor';
import { createDeriver, worstSeverities } from './derive';

describe('deriving the React Flow view', () => {
  it('keeps untouched nodes and edges identical across an edit, so React re-renders only what changed', () => {
    const ed = new Editor(createEmptyDocument());
    const sup = ed.addNode('supervisor', { x: 0, y: 0 });
    const ws = [0, 1, 2].map((i) => ed.addNode('worker', { x: i * 220, y: 150 }));
    for (const w of ws) ed.connect(sup, w, 'supervision');
    ed.select();
    const d = createDeriver();
    const input = () => ({ doc: ed.doc, selection: ed.getSelection(), severities: new Map(), measured: new Map() });
    const n1 = d.deriveNodes(input());
    const e1 = d.deriveEdges(input(), new Set());
    ed.setNodeField(ws[1], 'restart', 'temporary');
    const n2 = d.deriveNodes(input());
    const e2 = d.deriveEdges(input(), new Set());
    expect(n2[0]).toBe(n1[0]);
    expect(n2[1]).toBe(n1[1]);
    expect(n2[2]).not.toBe(n1[2]);
    expect(n2[3]).toBe(n1[3]);
    expect(e2).toEqual(e1);
    e2.forEach((e, i) => expect(e).toBe(e1[i]));
  });

  it('shows child position, hides a collapsed subtree and marks diagnostics', () => {
    const ed = new Editor(createEmptyDocument());
    const sup = ed.addNode('supervisor', { x: 0, y: 0 });
    const a = ed.addNode('worker', { x: 0, y: 150 });
    const b = ed.addNode('worker', { x: 220, y: 150 });
    ed.connect(sup, a, 'supervision');
    ed.connect(sup, b, 'supervision');
    ed.toggleCollapsed(sup);
    const d = createDeriver();
    const sev = worstSeverities([{ severity: 'warning', nodeIds: [a], edgeIds: [] }, { severity: 'error', nodeIds: [a], edgeIds: [] }]);
    const nodes = d.deriveNodes({ doc: ed.doc, selection: ed.getSelection(), severities: sev, measured: new Map() });
    const byId = new Map(nodes.map((n) => [n.id, n]));
    expect(byId.get(b)!.data).toMatchObject({ childIndex: 2, siblingCount: 2 });
    expect(byId.get(a)!.hidden).toBe(true);
    expect(byId.get(a)!.data.severity).toBe('error');
    expect(byId.get(sup)!.data.hiddenCount).toBe(2);
    const edges = d.deriveEdges({ doc: ed.doc, selection: ed.getSelection(), severities: sev, measured: new Map() }, new Set([a, b]));
    expect(edges.every((e) => e.hidden)).toBe(true);
    expect(edges.map((e) => e.label)).toEqual(['1', '2']);
  });

  it('in a 1,000-process design an edit, a move and a selection rebuild only the nodes and edges they touch', () => {
    const parsed = parse(generateDesign(1000));
    if (!parsed.ok) throw new Error('generated design does not parse');
    const ed = new Editor(parsed.doc);
    const d = createDeriver();
    const input = () => ({ doc: ed.doc, selection: ed.getSelection(), severities: new Map(), measured: new Map() });
    let nodes = d.deriveNodes(input());
    let edges = d.deriveEdges(input(), new Set());
    expect(nodes).toHaveLength(1000);
    expect(edges).toHaveLength(999);
    const step = (touched: string[], act: () => void) => {
      act();
      const n2 = d.deriveNodes(input());
      const e2 = d.deriveEdges(input(), new Set());
      const changedNodes = n2.filter((n, i) => n !== nodes[i]).map((n) => n.id);
      const changedEdges = e2.filter((e, i) => e !== edges[i]).map((e) => e.id);
      nodes = n2;
      edges = e2;
      return { changedNodes, changedEdges, touched };
    };
    let r = step(['w3_4'], () => ed.setNodeField('w3_4', 'restart', 'temporary'));
    expect(r.changedNodes).toEqual(r.touched);
    expect(r.changedEdges).toEqual([]);
    r = step(['s7', 'w7_1'], () => ed.moveNodes(new Map([['w7_1', { x: 5, y: 5 }], ['s7', { x: 9, y: 9 }]])));
    expect(r.changedNodes).toEqual(r.touched);
    // the edge objects themselves do not hold positions
    expect(r.changedEdges).toEqual([]);
    r = step(['w9_9'], () => ed.select(['w9_9']));
    expect(r.changedNodes).toEqual(r.touched);
  });

  it('a new measured size alone keeps the node object (React Flow keeps its measurement); a rebuilt node carries the latest size', () => {
    const ed = new Editor(createEmptyDocument());
    const a = ed.addNode('worker', { x: 0, y: 0 });
    const b = ed.addNode('worker', { x: 300, y: 0 });
    ed.select();
    const d = createDeriver();
    const measured = new Map<string, { width: number; height: number }>();
    const input = () => ({ doc: ed.doc, selection: ed.getSelection(), severities: new Map(), measured });
    const n1 = d.deriveNodes(input());
    expect(n1[0].measured).toBeUndefined();
    measured.set(a, { width: 200, height: 80 });
    measured.set(b, { width: 200, height: 64 });
    const n2 = d.deriveNodes(input());
    expect(n2[0]).toBe(n1[0]);
    expect(n2[1]).toBe(n1[1]);
    ed.setNodeField(a, 'name', 'renamed');
    const n3 = d.deriveNodes(input());
    expect(n3[0]).not.toBe(n1[0]);
    expect(n3[0].measured).toEqual({ width: 200, height: 80 });
    expect(n3[1]).toBe(n1[1]);
  });
});
