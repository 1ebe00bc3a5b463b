// Each supervision lint rule: a design that triggers it, one that does not, and its quick fix (when it has one).
import { describe, expect, it } from 'vitest';
import { calls, design, dynSup, monitor, registry, sup, under, worker } from './build';
import { childrenOf, type DesignDocument } from './document';
import { serialize } from './parse';
import { validate } from './validate';

const only = (doc: DesignDocument, code: string) => {
  const all = validate(doc);
  expect(all.map((d) => d.code), JSON.stringify(all.map((d) => d.message))).toEqual([code]);
  expect(all[0].severity).toBe(code === 'lint/unsupervised' ? 'info' : 'warning');
  return all[0];
};
const clean = (doc: DesignDocument) => expect(validate(doc).map((d) => d.message)).toEqual([]);
const applyFix = (doc: DesignDocument, code: string) => {
  const before = serialize(doc);
  const fixed = only(doc, code).quickFix!.apply(doc);
  expect(serialize(doc)).toBe(before);
  clean(fixed);
  return fixed;
};

describe('lint: permanent child under a temporary/transient supervisor chain', () => {
  const tree = (restart: string, childRestart = 'permanent') =>
    design([sup('app'), sup('mid', { restart }), sup('inner'), worker('w', 'echo', { restart: childRestart })], [...under('app', 'mid'), ...under('mid', 'inner'), ...under('inner', 'w')]);
  it('warns for temporary and transient chains, naming every permanent descendant', () => {
    const d = only(tree('temporary'), 'lint/permanent-under-temporary');
    expect(d.nodeIds.sort()).toEqual(['inner', 'mid', 'w']);
    expect(d.message).toMatch(/never restarted/);
    expect(only(tree('transient'), 'lint/permanent-under-temporary').message).toMatch(/reason shutdown/);
  });
  it('is quiet when the chain is permanent or the children are temporary too', () => {
    clean(tree('permanent'));
    const allTemporary = design([sup('app'), sup('mid', { restart: 'temporary' }), worker('w', 'echo', { restart: 'temporary' })], [...under('app', 'mid'), ...under('mid', 'w')]);
    clean(allTemporary);
  });
  it('does not apply to a root (nothing restarts a root anyway)', () => {
    clean(design([sup('app', { restart: 'temporary' }), worker('w')], under('app', 'w')));
  });
  it('fixes by making the supervisor permanent', () => {
    expect(applyFix(tree('temporary'), 'lint/permanent-under-temporary').nodes[1]).toMatchObject({ restart: 'permanent' });
  });
});

describe('lint: dependency order', () => {
  const restForOne = (order: string[]) =>
    design([sup('app', { strategy: 'rest_for_one' }), worker('cache'), worker('db', 'database')], [...under('app', ...order), calls('cache', 'db')]);
  it('warns when a worker calls a later sibling under rest_for_one', () => {
    const d = only(restForOne(['cache', 'db']), 'lint/reversed-dependency');
    expect(d.edgeIds).toEqual(['cache->db']);
    expect(d.message).toMatch(/Put "db" before "cache"/);
  });
  it('is quiet when the callee starts first', () => clean(restForOne(['db', 'cache'])));
  it('fixes by moving the callee before the caller', () => {
    const fixed = applyFix(restForOne(['cache', 'db']), 'lint/reversed-dependency');
    expect(childrenOf(fixed, 'app').map((n) => n.id)).toEqual(['db', 'cache']);
  });
  it('under one_for_one warns when the callee is reached by pid only', () => {
    const byPid = design([sup('app'), worker('cache'), worker('db', 'database', { register: 'none' })], [...under('app', 'db', 'cache'), calls('cache', 'db')]);
    expect(only(byPid, 'lint/stale-pid').message).toMatch(/old, dead pid/);
    expect(applyFix(byPid, 'lint/stale-pid').nodes[2]).toMatchObject({ register: 'name' });
    const underDynamic = design([dynSup('d'), worker('a'), worker('b', 'echo', { register: 'none' })], [...under('d', 'a', 'b'), calls('a', 'b')]);
    only(underDynamic, 'lint/stale-pid');
  });
  it('under one_for_one is quiet when the callee is registered, or for one_for_all', () => {
    clean(design([sup('app'), worker('cache'), worker('db', 'database')], [...under('app', 'db', 'cache'), calls('cache', 'db')]));
    clean(design([sup('app', { strategy: 'one_for_all' }), worker('cache'), worker('db', 'database', { register: 'none' })], [...under('app', 'db', 'cache'), calls('cache', 'db')]));
  });
});

describe('lint: pool intensity', () => {
  const pool = (n: number, maxRestarts: number) => design(
    [sup('pool', { maxRestarts }), ...Array.from({ length: n }, (_, i) => worker(`w${i}`, 'pool_worker'))],
    under('pool', ...Array.from({ length: n }, (_, i) => `w${i}`)),
  );
  it('warns when max_restarts is lower than the pool size', () => {
    const d = only(pool(5, 3), 'lint/pool-intensity');
    expect(d.message).toMatch(/pool of 5 workers but allows only 3 restarts/);
    expect(d.nodeIds).toHaveLength(6);
    expect(applyFix(pool(5, 3), 'lint/pool-intensity').nodes[0]).toMatchObject({ maxRestarts: 5 });
  });
  it('is quiet when max_restarts covers the pool', () => {
    clean(pool(5, 5));
    clean(pool(3, 3));
  });
  it('counts the size parameter of a pool manager that calls the workers supervisor', () => {
    const managed = (size: number) => design(
      [sup('app', { strategy: 'rest_for_one' }), dynSup('workers'), worker('mgr', 'pool_manager', { params: { size } })],
      [...under('app', 'workers', 'mgr'), calls('mgr', 'workers')],
    );
    expect(only(managed(8), 'lint/pool-intensity').message).toMatch(/pool of 8 workers/);
    clean(managed(3));
  });
});

describe('lint: registry', () => {
  it('warns when a registry-named worker has no Registry, and adds one first', () => {
    const doc = design([sup('app'), worker('database', 'database'), worker('srv', 'todo_server')], under('app', 'database', 'srv'));
    expect(only(doc, 'lint/registry-missing').message).toMatch(/Todo server behaviour does/);
    const fixed = applyFix(doc, 'lint/registry-missing');
    expect(childrenOf(fixed, 'app').map((n) => n.kind)).toEqual(['registry', 'worker', 'worker']);
  });
  it('warns when the Registry starts after the worker, and moves it', () => {
    const late = design([sup('app'), sup('servers'), worker('srv', 'echo', { register: 'registry' }), registry('reg')], [...under('app', 'servers', 'reg'), ...under('servers', 'srv')]);
    expect(only(late, 'lint/registry-missing').message).toMatch(/starts after it/);
    const fixed = applyFix(late, 'lint/registry-missing');
    expect(childrenOf(fixed, 'app').map((n) => n.id)).toEqual(['reg', 'servers']);
  });
  it('is quiet with a Registry started earlier, and for workers registered by name', () => {
    clean(design([sup('app'), registry('reg'), worker('database', 'database'), worker('srv', 'todo_server')], under('app', 'reg', 'database', 'srv')));
    clean(design([sup('app'), worker('srv')], under('app', 'srv')));
  });
});

describe('lint: supervisor shutdown', () => {
  const nested = (shutdown: unknown) => design([sup('app'), sup('inner', { shutdown }), worker('w')], [...under('app', 'inner'), ...under('inner', 'w')]);
  it('warns when a supervisor child does not have shutdown infinity', () => {
    expect(only(nested(5000), 'lint/supervisor-shutdown').nodeIds).toEqual(['inner']);
    only(nested('brutal_kill'), 'lint/supervisor-shutdown');
    expect(applyFix(nested(5000), 'lint/supervisor-shutdown').nodes[1]).toMatchObject({ shutdown: 'infinity' });
  });
  it('is quiet for infinity and for the root', () => {
    clean(nested('infinity'));
    clean(design([sup('app', { shutdown: 100 }), worker('w')], under('app', 'w')));
  });
});

describe('lint: circuit breaker restarted with what it protects', () => {
  const breaker = (strategy: string, order = ['cb', 'h1', 'h2']) => design(
    [sup('app', { strategy, maxRestarts: 5 }), worker('cb', 'circuit_breaker'), worker('h1', 'http_worker'), worker('h2', 'http_worker')],
    [...under('app', ...order), calls('cb', 'h1'), calls('cb', 'h2')],
  );
  it('warns under one_for_all', () => {
    const d = only(breaker('one_for_all'), 'lint/breaker-restarted-with-protected');
    expect(d.nodeIds.sort()).toEqual(['app', 'cb', 'h1', 'h2']);
    expect(d.message).toMatch(/forgets the failures/);
  });
  it('warns under rest_for_one when the protected workers start before the breaker', () => {
    only(breaker('rest_for_one', ['h1', 'h2', 'cb']), 'lint/breaker-restarted-with-protected');
    const fixed = applyFix(breaker('one_for_all', ['h1', 'cb', 'h2']), 'lint/breaker-restarted-with-protected');
    expect(childrenOf(fixed, 'app').map((n) => n.id)).toEqual(['cb', 'h1', 'h2']);
  });
  it('is quiet under one_for_one and under rest_for_one with the breaker first', () => {
    clean(breaker('one_for_one'));
    clean(breaker('rest_for_one'));
  });
});

describe('lint: brutal_kill on a worker with terminate logic', () => {
  const w = (behaviour: string, shutdown: unknown, extra = {}) => design([sup('app'), worker('w', behaviour, { shutdown })], under('app', 'w'), extra);
  it('warns for catalog behaviours with terminate logic', () => {
    expect(only(w('slow_terminate', 'brutal_kill'), 'lint/brutal-kill-terminate').message).toMatch(/without running terminate/);
    expect(applyFix(w('graceful_shutdown', 'brutal_kill'), 'lint/brutal-kill-terminate').nodes[1]).toMatchObject({ shutdown: 5000 });
  });
  it('reads a custom behaviour source for terminate', () => {
    const custom = (source: string) => ({ customBehaviours: [{ id: 'mine', source }] });
    only(w('mine', 'brutal_kill', custom('export function terminate(reason, state) { flush(state) }')), 'lint/brutal-kill-terminate');
    clean(w('mine', 'brutal_kill', custom('export function handleCall(msg, from, state) {}')));
  });
  it('is quiet for behaviours without terminate logic or with a timeout', () => {
    clean(w('echo', 'brutal_kill'));
    clean(w('slow_terminate', 3000));
  });
});

describe('lint: unsupervised process (info)', () => {
  it('notes a worker outside every tree when the design has supervisors', () => {
    only(design([sup('app'), worker('w'), worker('lost')], under('app', 'w')), 'lint/unsupervised');
  });
  it('is quiet for designs of bare linked processes (no supervisor at all)', () => {
    clean(design([worker('a'), worker('b')]));
  });
});

describe('lint: an edge or a registration a behaviour cannot use', () => {
  const watched = (behaviour: string, extra = {}) =>
    design([sup('app'), worker('svc'), worker('w', behaviour, extra)], [...under('app', 'svc', 'w'), monitor('w', 'svc')]);
  it('a monitor edge from a behaviour that drops DOWN messages; a watcher (or custom code handling DOWN) is fine', () => {
    const d = only(watched('echo'), 'lint/unused-monitor');
    expect(d.message).toMatch(/"w" monitors "svc", but the Echo worker behaviour does nothing with DOWN messages/);
    expect(d.edgeIds).toEqual(['w~svc']);
    expect(applyFix(watched('echo'), 'lint/unused-monitor').edges.filter((e) => e.kind === 'monitor')).toEqual([]);
    clean(watched('watcher'));
    const custom = (source: string) => ({ customBehaviours: [{ id: 'mine', title: 'Mine', source }] });
    const doc = (source: string) => design([sup('app'), worker('svc'), worker('w', 'mine')], [...under('app', 'svc', 'w'), monitor('w', 'svc')], custom(source));
    clean(doc("export default { init() { return { ok: 0 }; }, handleInfo(msg, s) { if (msg[0] === 'DOWN') return { noreply: s + 1 }; return { noreply: s }; } };"));
    only(doc('export default { init() { return { ok: 0 }; } };'), 'lint/unused-monitor');
  });
  it('a process parameter naming an unregistered worker', () => {
    const doc = (register: string) => design([sup('app'), worker('c', 'counter', { register }), worker('k', 'client', { params: { target: 'c' } })], under('app', 'c', 'k'));
    const d = only(doc('none'), 'lint/unregistered-target');
    expect(d.message).toMatch(/"k" finds "c" by name/);
    applyFix(doc('none'), 'lint/unregistered-target');
    clean(doc('name'));
  });
});
