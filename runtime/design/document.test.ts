import { describe, expect, it } from 'vitest';
import { design, sup, under, worker } from './build';
import {
  CURRENT_VERSION, DocumentSchema, FORMAT, ancestorsOf, childType, childrenOf, createEdge, createEmptyDocument, createNode,
  idGenerator, nextChildOrder, nextId, nodeById, parentEdgeOf, parentOf, rootsOf, uniqueName,
} from './document';
import { moveChildBefore } from './analysis';
import { sampleDesign } from './examples';

describe('document helpers', () => {
  it('creates an empty document that is valid and current', () => {
    const doc = createEmptyDocument('Mine');
    expect(doc).toMatchObject({ format: FORMAT, version: CURRENT_VERSION, title: 'Mine', nodes: [], edges: [], scenarios: [], customBehaviours: [] });
    expect(DocumentSchema.parse(doc)).toEqual(doc);
  });

  it('creates nodes and edges with every default filled in', () => {
    expect(createNode('worker', { id: 'n1' })).toMatchObject({ kind: 'worker', id: 'n1', name: 'n1', behaviour: 'echo', restart: 'permanent', shutdown: 5000, params: {}, register: 'name' });
    expect(createNode('dynamic_supervisor', { id: 'd', name: 'dyn' })).toMatchObject({ name: 'dyn', maxChildren: 'infinity', shutdown: 'infinity', maxRestarts: 3, maxSeconds: 5 });
    expect(createNode('load_source', { id: 'l' })).toMatchObject({ rate: 10, bursts: [], mode: 'call', enabled: false });
    expect(createEdge('supervision', { id: 'e', source: 'a', target: 'b' })).toEqual({ kind: 'supervision', id: 'e', source: 'a', target: 'b', order: 0 });
    expect(() => createNode('worker', { id: 'x', restart: 'often' as never })).toThrow(/restart must be one of/);
  });

  it('derives the child type from the node kind', () => {
    expect(childType(createNode('worker', { id: 'w' }))).toBe('worker');
    for (const k of ['supervisor', 'dynamic_supervisor', 'task_supervisor', 'registry'] as const) expect(childType(createNode(k, { id: 'x' }))).toBe('supervisor');
  });

  it('generates deterministic, unused ids and names', () => {
    const doc = design([worker('n1'), worker('n7'), worker('x3')], [{ kind: 'link', id: 'n9', source: 'n1', target: 'n7' }]);
    expect(nextId(doc)).toBe('n10');
    expect(nextId(doc)).toBe('n10');
    expect(nextId(doc, 'x')).toBe('x4');
    expect(nextId(doc, 'e')).toBe('e1');
    expect(nextId(createEmptyDocument(), 'a.b')).toBe('a.b1');
    const gen = idGenerator('t', 5);
    expect([gen(), gen(), gen()]).toEqual(['t5', 't6', 't7']);
    expect(uniqueName(doc, 'n1')).toBe('n1_2');
    expect(uniqueName(doc, 'fresh')).toBe('fresh');
  });

  it('answers tree questions: children in order, parent, ancestors, roots', () => {
    const doc = design([sup('app'), sup('mid'), worker('a'), worker('b'), worker('c'), worker('lone')], [
      ...under('app', 'mid'),
      { kind: 'supervision', id: 'z', source: 'mid', target: 'a', order: 2 },
      { kind: 'supervision', id: 'y', source: 'mid', target: 'b', order: 1 },
      { kind: 'supervision', id: 'x', source: 'mid', target: 'c', order: 2 },
    ]);
    // order first, then edge id breaks the tie (x before z)
    expect(childrenOf(doc, 'mid').map((n) => n.id)).toEqual(['b', 'c', 'a']);
    expect(childrenOf(doc, 'a')).toEqual([]);
    expect(parentOf(doc, 'a')?.id).toBe('mid');
    expect(parentOf(doc, 'app')).toBeUndefined();
    expect(parentEdgeOf(doc, 'b')?.id).toBe('y');
    expect(ancestorsOf(doc, 'a').map((n) => n.id)).toEqual(['mid', 'app']);
    expect(rootsOf(doc).map((n) => n.id)).toEqual(['app', 'lone']);
    expect(nextChildOrder(doc, 'mid')).toBe(3);
    expect(nextChildOrder(doc, 'lone')).toBe(0);
    expect(nodeById(doc, 'c')?.kind).toBe('worker');
  });

  it('stops walking ancestors at a cycle', () => {
    const doc = design([sup('a'), sup('b')], [...under('a', 'b'), ...under('b', 'a')]);
    expect(ancestorsOf(doc, 'a').map((n) => n.id)).toEqual(['b']);
  });

  it('moves a child and renumbers its siblings, leaving the input alone', () => {
    const doc = design([sup('s'), worker('a'), worker('b'), worker('c')], under('s', 'a', 'b', 'c'));
    const moved = moveChildBefore(doc, 's', 'c', 'a');
    expect(childrenOf(moved, 's').map((n) => n.id)).toEqual(['c', 'a', 'b']);
    expect(childrenOf(doc, 's').map((n) => n.id)).toEqual(['a', 'b', 'c']);
    expect(moveChildBefore(doc, 's', 'c', 'nobody')).toBe(doc);
  });

  it('keeps every node kind in the sample design', () => {
    expect(new Set(sampleDesign().nodes.map((n) => n.kind))).toEqual(new Set(['supervisor', 'dynamic_supervisor', 'worker', 'registry', 'task_supervisor', 'load_source', 'note']));
  });
});
