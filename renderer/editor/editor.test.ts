import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import exercise1Text from '../../templates/exercise-1-todo-system.suptree?raw';
import { createEmptyDocument, type DesignDocument } from '../../runtime/design/document';
import { parse } from '../../runtime/design/parse';
import { compile } from '../../runtime/design/spec';
import { Editor } from './editor';
import { dragging } from './states/dragging';
import { idle } from './states/idle';

function tree() {
  const ed = new Editor(createEmptyDocument('t'));
  const sup = ed.addNode('supervisor', { x: 0, y: 0 });
  const w1 = ed.addNode('worker', { x: -100, y: 150 });
  const w2 = ed.addNode('worker', { x: 0, y: 150 });
  const w3 = ed.addNode('worker', { x: 100, y: 150 });
  for (const w of [w1, w2, w3]) expect(ed.connect(sup, w, 'supervision').ok).toBe(true);
  return { ed, sup, w1, w2, w3 };
}

const order = (doc: DesignDocument, sup: string) =>
  doc.edges.filter((e) => e.kind === 'supervision' && e.source === sup)
    .sort((a, b) => (a as { order: number }).order - (b as { order: number }).order).map((e) => e.target);

describe('editor', () => {
  it('adds nodes with unique names and behaviour defaults, and connects them in order', () => {
    const { ed, sup, w1, w2, w3 } = tree();
    expect(ed.doc.nodes.map((n) => n.name)).toEqual(['sup', 'echo', 'echo_2', 'echo_3']);
    expect(order(ed.doc, sup)).toEqual([w1, w2, w3]);
    expect(ed.getSelection().nodes).toEqual(new Set([w3]));
  });

  it('refuses invalid connections with a reason and changes nothing', () => {
    const { ed, sup, w1, w2 } = tree();
    const before = ed.doc;
    expect(ed.connect(w1, w2, 'supervision')).toEqual({ ok: false, reason: 'A worker cannot supervise: only supervisors have children.' });
    const sup2 = ed.addNode('supervisor', { x: 300, y: 0 });
    const after = ed.doc;
    expect(ed.connect(sup2, w1, 'supervision')).toMatchObject({ ok: false, reason: expect.stringContaining('only one supervisor') });
    expect(ed.connect(w1, sup, 'supervision').ok).toBe(false);
    expect(ed.connect(sup2, sup, 'supervision').ok).toBe(true);
    expect(ed.connect(w1, sup2, 'supervision')).toMatchObject({ ok: false });
    // cycle: sup supervises… sup2 supervises sup; sup cannot supervise sup2
    expect(ed.connect(sup, sup2, 'supervision')).toMatchObject({ ok: false, reason: expect.stringContaining('cycle') });
    expect(before).not.toBe(after);
    expect(ed.connect(w1, w2, 'link').ok).toBe(true);
    expect(ed.connect(w2, w1, 'link')).toMatchObject({ ok: false, reason: expect.stringContaining('already') });
  });

  it('a drag is one undo step and re-orders siblings by position when it ends', () => {
    const { ed, sup, w1, w2, w3 } = tree();
    const steps = [150, 100, 50, 10].map((dx) => new Map([[w1, { x: 100 + dx, y: 150 }]]));
    ed.transition(dragging([w1]));
    for (const p of steps) ed.moveNodes(p);
    ed.transition(idle());
    expect(order(ed.doc, sup)).toEqual([w2, w3, w1]);
    ed.undo();
    expect(ed.doc.nodes.find((n) => n.id === w1)!.position).toEqual({ x: -100, y: 150 });
    expect(order(ed.doc, sup)).toEqual([w1, w2, w3]);
  });

  it('a drag that pauses longer than the merge window is still one undo step; moves outside a drag are not merged across a pause', () => {
    let now = 0;
    const ed = new Editor(createEmptyDocument('t'), () => now);
    const sup = ed.addNode('supervisor', { x: 0, y: 0 });
    const [w1, w2] = [ed.addNode('worker', { x: -100, y: 150 }), ed.addNode('worker', { x: 100, y: 150 })];
    for (const w of [w1, w2]) expect(ed.connect(sup, w, 'supervision').ok).toBe(true);
    const pos = (id: string) => ed.doc.nodes.find((n) => n.id === id)!.position;
    ed.transition(dragging([w1]));
    ed.moveNodes(new Map([[w1, { x: -50, y: 150 }]]));
    now += 5000; // the hand (or a loaded machine) stops for 5 s mid-drag
    ed.moveNodes(new Map([[w1, { x: 200, y: 150 }]]));
    now += 5000;
    ed.transition(idle()); // the drag ends 5 s later: re-ordering is part of the same step
    expect(order(ed.doc, sup)).toEqual([w2, w1]);
    ed.undo();
    expect(pos(w1)).toEqual({ x: -100, y: 150 });
    expect(order(ed.doc, sup)).toEqual([w1, w2]);
    // without a drag (e.g. moves from the keyboard), a 5 s pause starts a new step
    ed.moveNodes(new Map([[w2, { x: 110, y: 150 }]]));
    now += 5000;
    ed.moveNodes(new Map([[w2, { x: 120, y: 150 }]]));
    ed.undo();
    expect(pos(w2)).toEqual({ x: 110, y: 150 });
  });

  it('deletes nodes with their edges, and undo brings all back', () => {
    const { ed, sup, w2 } = tree();
    const before = ed.doc;
    ed.select([w2]);
    ed.deleteSelection();
    expect(ed.doc.nodes.map((n) => n.id)).not.toContain(w2);
    expect(ed.doc.edges.some((e) => e.target === w2)).toBe(false);
    expect(order(ed.doc, sup)).toHaveLength(2);
    ed.undo();
    expect(ed.doc).toEqual(before);
  });

  it('copy/paste of a subtree gives fresh ids, unique names and internal edges', () => {
    const { ed, sup } = tree();
    ed.select([sup]);
    const text = ed.copySelection()!;
    expect(JSON.parse(text).nodes).toHaveLength(4);
    expect(ed.paste(text)).toBe(true);
    expect(ed.doc.nodes).toHaveLength(8);
    const names = ed.doc.nodes.map((n) => n.name);
    expect(new Set(names).size).toBe(8);
    const pasted = [...ed.getSelection().nodes];
    expect(pasted).toHaveLength(4);
    const newSup = ed.doc.nodes.find((n) => pasted.includes(n.id) && n.kind === 'supervisor')!;
    expect(order(ed.doc, newSup.id)).toHaveLength(3);
    expect(ed.paste('not ours')).toBe(false);
    expect(ed.paste('{"format":"supervisor-studio/clipboard","nodes":[{"kind":"bogus"}],"edges":[]}')).toBe(false);
  });

  it('setNodeField with a merge key makes a typing burst one step', () => {
    const { ed, sup } = tree();
    for (const v of ['r', 'ro', 'roo', 'root']) ed.setNodeField(sup, 'name', v, { merge: `field:${sup}:name` });
    ed.history.seal();
    expect(ed.doc.nodes[0].name).toBe('root');
    ed.undo();
    expect(ed.doc.nodes[0].name).toBe('sup');
  });

  it('changing behaviour resets params to the new defaults', () => {
    const { ed, w1 } = tree();
    ed.setParam(w1, 'custom', 5);
    ed.setBehaviour(w1, 'echo');
    const w = ed.doc.nodes.find((n) => n.id === w1)!;
    expect(w.kind === 'worker' && 'custom' in w.params).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------------------

type Op =
  | { t: 'add'; kind: 'supervisor' | 'worker' | 'registry' | 'note'; x: number; y: number }
  | { t: 'connect'; a: number; b: number; kind: 'supervision' | 'link' | 'monitor' | 'calls' }
  | { t: 'move'; a: number; dx: number; steps: number }
  | { t: 'rename'; a: number; name: string }
  | { t: 'delete'; a: number }
  | { t: 'paste'; a: number }
  | { t: 'collapse'; a: number }
  | { t: 'reparent'; a: number; b: number; none: boolean }
  | { t: 'startAt'; a: number; pos: number }
  | { t: 'undo' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ t: fc.constant('add' as const), kind: fc.constantFrom('supervisor', 'worker', 'registry', 'note'), x: fc.integer({ min: -500, max: 500 }), y: fc.integer({ min: -500, max: 500 }) }),
  fc.record({ t: fc.constant('connect' as const), a: fc.nat(20), b: fc.nat(20), kind: fc.constantFrom('supervision', 'link', 'monitor', 'calls') }),
  fc.record({ t: fc.constant('move' as const), a: fc.nat(20), dx: fc.integer({ min: -300, max: 300 }), steps: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ t: fc.constant('rename' as const), a: fc.nat(20), name: fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/) }),
  fc.record({ t: fc.constant('delete' as const), a: fc.nat(20) }),
  fc.record({ t: fc.constant('paste' as const), a: fc.nat(20) }),
  fc.record({ t: fc.constant('collapse' as const), a: fc.nat(20) }),
  fc.record({ t: fc.constant('reparent' as const), a: fc.nat(20), b: fc.nat(20), none: fc.boolean() }),
  fc.record({ t: fc.constant('startAt' as const), a: fc.nat(20), pos: fc.nat(5) }),
  fc.constant({ t: 'undo' as const }),
);

function run(ed: Editor, op: Op) {
  const nodes = ed.doc.nodes;
  const pick = (i: number) => (nodes.length ? nodes[i % nodes.length].id : undefined);
  switch (op.t) {
    case 'add': ed.addNode(op.kind, { x: op.x, y: op.y }); break;
    case 'connect': { const a = pick(op.a), b = pick(op.b); if (a && b) ed.connect(a, b, op.kind); break; }
    case 'move': {
      const a = pick(op.a);
      if (!a) break;
      const start = ed.doc.nodes.find((n) => n.id === a)!.position;
      ed.transition(dragging([a]));
      for (let s = 1; s <= op.steps; s++) ed.moveNodes(new Map([[a, { x: start.x + (op.dx * s) / op.steps, y: start.y }]]));
      ed.transition(idle());
      break;
    }
    case 'rename': { const a = pick(op.a); if (a) { for (let i = 1; i <= op.name.length; i++) ed.setNodeField(a, 'name', op.name.slice(0, i), { merge: `n:${a}` }); ed.history.seal(); } break; }
    case 'delete': { const a = pick(op.a); if (a) { ed.select([a]); ed.deleteSelection(); } break; }
    case 'paste': { const a = pick(op.a); if (a) { ed.select([a]); ed.duplicateSelection(); } break; }
    case 'collapse': { const a = pick(op.a); if (a) ed.toggleCollapsed(a); break; }
    case 'reparent': { const a = pick(op.a), b = pick(op.b); if (a && b) ed.setParent(a, op.none ? null : b); break; }
    case 'startAt': { const a = pick(op.a); if (a) ed.setStartPosition(a, op.pos); break; }
    case 'undo': ed.undo(); break;
  }
}

describe('renames and pastes', () => {
  const exercise1 = () => {
    const r = parse(exercise1Text);
    if (!r.ok) throw new Error('template does not parse');
    return new Editor(r.doc);
  };

  it('renaming a process carries every parameter that named it along, in one undo step', () => {
    const ed = exercise1();
    const db = ed.doc.nodes.find((n) => n.name === 'database')!;
    const users = () => ed.doc.nodes.filter((n) => n.kind === 'worker' && Object.values(n.params).includes('database')).map((n) => n.id);
    const before = users();
    expect(before.length).toBeGreaterThan(0);
    // typed one key at a time, as the inspector commits it
    for (const v of ['d', 'db', 'db_', 'db_main']) ed.setNodeField(db.id, 'name', v, { merge: `field:${db.id}:name` });
    ed.history.seal();
    for (const id of before) expect(Object.values((ed.doc.nodes.find((n) => n.id === id) as { params: Record<string, unknown> }).params)).toContain('db_main');
    expect(users()).toEqual([]);
    expect(() => compile(ed.doc)).not.toThrow();
    ed.undo();
    expect(users()).toEqual(before);
    expect(ed.doc.nodes.find((n) => n.id === db.id)!.name).toBe('database');
  });

  it('scenario steps that name the process follow it; a reference to another node of the same name stays', () => {
    const ed = new Editor(createEmptyDocument('t'));
    const a = ed.addNode('worker', { x: 0, y: 0 });
    const b = ed.addNode('worker', { x: 200, y: 0 });
    ed.setNodeField(a, 'name', 'cache');
    ed.history.seal();
    ed.edit('scenario', (d) => { d.scenarios.push({ name: 's', description: '', commands: [{ type: 'kill', at: 10, target: 'cache' }, { type: 'kill', at: 20, target: b }] } as never); });
    ed.setNodeField(b, 'name', 'cache'); // b now shares the name, but `cache` still resolves to a (first)
    ed.setNodeField(b, 'name', 'other');
    expect(ed.doc.scenarios[0].commands.map((c) => (c as { target: string }).target)).toEqual(['cache', b]);
    ed.setNodeField(a, 'name', 'store');
    expect(ed.doc.scenarios[0].commands.map((c) => (c as { target: string }).target)).toEqual(['store', b]);
  });

  it('paste at a point puts the group\'s top-left corner there; without one it lands 40 px off', () => {
    const { ed, sup } = tree();
    ed.select([sup]);
    const text = ed.copySelection()!;
    expect(ed.paste(text, { x: 1000, y: 2000 })).toBe(true);
    const pasted = ed.doc.nodes.filter((n) => ed.getSelection().nodes.has(n.id));
    expect(Math.min(...pasted.map((n) => n.position.x))).toBe(1000);
    expect(Math.min(...pasted.map((n) => n.position.y))).toBe(2000);
    ed.paste(text);
    const again = ed.doc.nodes.filter((n) => ed.getSelection().nodes.has(n.id));
    expect(Math.min(...again.map((n) => n.position.x))).toBe(-100 + 40);
  });
});

describe('supervision without drawing (keyboard building)', () => {
  it('setParent moves a child to another supervisor at the end, closes the gap, and is one undo step', () => {
    const { ed, sup, w1, w2, w3 } = tree();
    const other = ed.addNode('supervisor', { x: 400, y: 0 });
    const w4 = ed.addNode('worker', { x: 400, y: 150 });
    ed.connect(other, w4, 'supervision');
    expect(ed.setParent(w1, other).ok).toBe(true);
    expect(order(ed.doc, other)).toEqual([w4, w1]);
    expect(order(ed.doc, sup)).toEqual([w2, w3]);
    expect(ed.doc.edges.filter((e) => e.kind === 'supervision' && e.source === sup).map((e) => (e as { order: number }).order).sort()).toEqual([0, 1]);
    ed.undo();
    expect(order(ed.doc, sup)).toEqual([w1, w2, w3]);
    expect(ed.setParent(w1, null).ok).toBe(true);
    expect(ed.doc.edges.some((e) => e.kind === 'supervision' && e.target === w1)).toBe(false);
  });

  it('setParent refuses what drawing refuses: a cycle, a worker as parent', () => {
    const { ed, sup, w1 } = tree();
    const inner = ed.addNode('supervisor', { x: 0, y: 300 });
    ed.setParent(inner, sup);
    const r = ed.setParent(sup, inner);
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/cycle/) });
    expect(ed.setParent(inner, w1)).toMatchObject({ ok: false });
    expect(order(ed.doc, sup)).toContain(inner);
  });

  it('setStartPosition reorders siblings', () => {
    const { ed, sup, w1, w2, w3 } = tree();
    expect(ed.setStartPosition(w3, 0)).toBe(true);
    expect(order(ed.doc, sup)).toEqual([w3, w1, w2]);
    ed.setStartPosition(w3, 99);
    expect(order(ed.doc, sup)).toEqual([w1, w2, w3]);
  });
});

describe('editor history property', () => {
  it('random edit sequences: undo all then redo all gives back the exact same document', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 40 }), (ops) => {
        const ed = new Editor(createEmptyDocument('prop'));
        const initial = ed.doc;
        for (const op of ops) run(ed, op);
        const final = structuredClone(ed.doc);
        let undone = 0;
        while (ed.undo()) undone++;
        expect(ed.doc).toEqual(initial);
        expect(ed.getSnapshot().dirty).toBe(false);
        // redo exactly as many steps as were undone (steps undone by the sequence itself stay on the redo stack)
        for (let i = 0; i < undone; i++) expect(ed.redo()).toBe(true);
        expect(ed.doc).toEqual(final);
      }),
      { numRuns: 200 },
    );
  });
});
