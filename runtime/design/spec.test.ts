import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { calls, design, dynSup, link, monitor, registry, sup, under, worker } from './build';
import { sampleDesign } from './examples';
import { parse, serialize } from './parse';
import { CompileError, compile, flattenSpec, type SupervisorSpec, type WorkerSpec } from './spec';
import { hasErrors, validate } from './validate';

describe('compile', () => {
  it('turns the sample design into a tree of child specs in start order', () => {
    const spec = compile(sampleDesign());
    expect(spec.roots.map((r) => r.path)).toEqual(['app']);
    const app = spec.roots[0] as SupervisorSpec;
    expect(app).toMatchObject({ kind: 'supervisor', strategy: 'one_for_one', intensity: 3, period: 5, type: 'supervisor', shutdown: 'infinity' });
    expect(app.children.map((c) => c.id)).toEqual(['todo_registry', 'database', 'todo_servers', 'todo_cache', 'pool', 'watcher', 'tasks']);
    expect(flattenSpec(spec).map((c) => c.path)).toEqual([
      'app', 'app/todo_registry', 'app/database', 'app/todo_servers', 'app/todo_servers/alice_list', 'app/todo_cache',
      'app/pool', 'app/pool/worker_1', 'app/pool/worker_2', 'app/watcher', 'app/tasks',
    ]);
  });

  it('fills behaviour params with defaults and resolves process references', () => {
    const spec = compile(sampleDesign());
    const byPath = new Map(flattenSpec(spec).map((c) => [c.path, c]));
    expect(byPath.get('app/database')).toMatchObject({ kind: 'worker', behaviour: 'database', params: { writeDelayMs: 5, folder: 'persist' }, type: 'worker', shutdown: 5000 });
    // the watcher names its target by node id ("db") in the document; the spec has its name and path
    expect(byPath.get('app/watcher')).toMatchObject({ params: { target: 'database' }, processRefs: { target: 'app/database' } });
    expect(byPath.get('app/todo_servers/alice_list')).toMatchObject({
      registration: { kind: 'registry', registry: 'app/todo_registry', registryName: 'todo_registry', key: 'alice_list' },
    });
    const leftover = design([sup('s'), worker('c', 'counter', { params: { initial: 1, replyDelayMs: 5 } })], under('s', 'c'));
    expect(flattenSpec(compile(leftover))[1]).toMatchObject({ params: { initial: 1, step: 1 } });
    expect((flattenSpec(compile(leftover))[1] as WorkerSpec).params).not.toHaveProperty('replyDelayMs');
    expect(byPath.get('app/todo_servers')).toMatchObject({ kind: 'dynamic_supervisor', maxChildren: 'infinity' });
    expect(byPath.get('app/tasks')).toMatchObject({ kind: 'task_supervisor', children: [] });
    expect(byPath.get('app/todo_registry')).toMatchObject({ kind: 'registry', type: 'supervisor', keys: 'unique' });
  });

  it('wires links, monitors, calls, load sources and registries by path, and maps paths to node ids', () => {
    const spec = compile(sampleDesign());
    expect(spec.links).toEqual([{ edgeId: 'l1', a: 'app/pool/worker_1', b: 'app/pool/worker_2' }]);
    expect(spec.monitors).toEqual([{ edgeId: 'm1', watcher: 'app/watcher', target: 'app/database' }]);
    expect(spec.calls).toEqual([
      { edgeId: 'c1', from: 'app/todo_cache', to: 'app/todo_servers' },
      { edgeId: 'c2', from: 'app/todo_servers/alice_list', to: 'app/database' },
    ]);
    expect(spec.loadSources).toEqual([{
      nodeId: 'load', name: 'clients', target: 'app/todo_cache', rate: 20, bursts: [{ atMs: 1000, durationMs: 200, rate: 200 }],
      mode: 'call', message: 'request', timeoutMs: 5000, enabled: false,
    }]);
    expect(spec.registries).toEqual([{ path: 'app/todo_registry', name: 'todo_registry', nodeId: 'reg', keys: 'unique', partitions: 1 }]);
    expect(spec.nodeIdByPath['app/pool/worker_2']).toBe('w2');
    expect(spec.pathByNodeId.w2).toBe('app/pool/worker_2');
    expect(Object.keys(spec.nodeIdByPath)).toHaveLength(11);
    expect(spec.pathByNodeId.note).toBeUndefined();
  });

  it('turns scenario targets into paths', () => {
    const [s] = compile(sampleDesign()).scenarios;
    expect(s.commands).toEqual([
      { type: 'load', at: 0, source: 'load', on: true },
      { type: 'kill', at: 500, target: 'app/database' },
      { type: 'call', at: 800, target: 'app/todo_servers/alice_list', message: { add: 'milk' }, timeoutMs: 5000 },
      { type: 'load', at: 2000, on: false },
    ]);
  });

  it('is plain serializable data and deterministic', () => {
    const spec = compile(sampleDesign());
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
    expect(JSON.stringify(compile(sampleDesign()))).toBe(JSON.stringify(spec));
    // positions, viewport and notes do not matter
    const moved = sampleDesign();
    moved.nodes.forEach((n, i) => (n.position = { x: i * 7, y: -i }));
    moved.viewport.zoom = 3;
    expect(compile(moved)).toEqual(spec);
  });

  it('refuses a design with errors, with the diagnostics', () => {
    const bad = design([sup('app', { maxRestarts: -1 }), worker('Bad')], under('app', 'Bad'));
    let thrown: unknown;
    try {
      compile(bad);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(CompileError);
    expect((thrown as CompileError).diagnostics.map((d) => d.code).sort()).toEqual(['bad-intensity', 'invalid-name']);
    expect((thrown as CompileError).message).toMatch(/2 errors/);
  });

  it('compiles despite warnings (lint does not block a run)', () => {
    const doc = design([sup('app', { strategy: 'rest_for_one' }), worker('cache'), worker('db', 'database')], [...under('app', 'cache', 'db'), calls('cache', 'db')]);
    expect(validate(doc).map((d) => d.severity)).toEqual(['warning']);
    expect(flattenSpec(compile(doc)).map((c) => c.id)).toEqual(['app', 'cache', 'db']);
  });

  it('starts unsupervised processes as roots in document order, with their links', () => {
    const spec = compile(design([worker('parent', 'trapper'), worker('child', 'crasher')], [link('parent', 'child'), monitor('child', 'parent')]));
    expect(spec.roots.map((r) => [r.path, (r as WorkerSpec).behaviour])).toEqual([['parent', 'trapper'], ['child', 'crasher']]);
    expect(spec.links).toEqual([{ edgeId: 'parent-child', a: 'parent', b: 'child' }]);
  });

  it('gives registry-named workers the registry that starts before them, or none', () => {
    const two = compile(design([sup('app'), registry('r1'), worker('w', 'echo', { register: 'registry', registryKey: 'k' }), registry('r2')], under('app', 'r1', 'w', 'r2')));
    expect(flattenSpec(two).find((c) => c.id === 'w')).toMatchObject({ registration: { kind: 'registry', registry: 'app/r1', key: 'k' } });
    const none = compile(design([sup('app'), worker('w', 'echo', { register: 'registry' })], under('app', 'w')));
    expect(flattenSpec(none).find((c) => c.id === 'w')).toMatchObject({ registration: { kind: 'registry', key: 'w' } });
    const byPid = compile(design([sup('app'), worker('w', 'echo', { register: 'none' })], under('app', 'w')));
    expect(flattenSpec(byPid).find((c) => c.id === 'w')).toMatchObject({ registration: { kind: 'none' } });
  });

  it('passes custom behaviours and their params through', () => {
    const doc = design([dynSup('d'), worker('g', 'greeter', { params: { greeting: 'hi' } })], under('d', 'g'), {
      customBehaviours: [{ id: 'greeter', source: 'export const init = () => ({})', fields: [{ name: 'greeting', type: 'string' }, { name: 'times', type: 'integer', default: 2 }] }],
    });
    const spec = compile(doc);
    expect(flattenSpec(spec)[1]).toMatchObject({ behaviour: 'greeter', custom: true, params: { greeting: 'hi', times: 2 } });
    expect(spec.customBehaviours).toEqual([{ id: 'greeter', title: 'greeter', source: 'export const init = () => ({})', fields: expect.any(Array) }]);
  });

  it('either compiles or throws CompileError for random designs, never anything else', () => {
    const base = JSON.parse(serialize(sampleDesign()));
    const ids = ['app', 'reg', 'db', 'servers', 'alice', 'cache', 'pool', 'w1', 'w2', 'mon', 'tasks', 'load', 'note'];
    fc.assert(fc.property(
      fc.array(fc.record({ kind: fc.constantFrom('supervision', 'link', 'monitor', 'calls'), source: fc.constantFrom(...ids), target: fc.constantFrom(...ids) }), { maxLength: 6 }),
      (extra) => {
        const input = structuredClone(base);
        input.edges.push(...extra.map((e, i) => ({ ...e, id: `x${i}` })));
        const r = parse(input);
        if (!r.ok) throw new Error('sample edits must parse');
        const errors = hasErrors(validate(r.doc));
        try {
          const spec = compile(r.doc);
          expect(errors).toBe(false);
          // every runnable process has a unique path
          const paths = flattenSpec(spec).map((c) => c.path);
          expect(new Set(paths).size).toBe(paths.length);
        } catch (e) {
          expect(e).toBeInstanceOf(CompileError);
          expect(errors).toBe(true);
        }
      },
    ), { numRuns: 300 });
  });
});
