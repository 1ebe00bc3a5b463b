import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { calls, design, dynSup, link, monitor, registry, sup, under, worker } from './build';
import { sampleDesign } from './examples';
import { isValidName, nameProblem, sanitizeName } from './names';
import { parse, serialize } from './parse';
import { hasErrors, validate, type Diagnostic } from './validate';
import type { DesignDocument } from './document';

const find = (doc: DesignDocument, code: string) => validate(doc).filter((d) => d.code === code);
const one = (doc: DesignDocument, code: string): Diagnostic => {
  const found = find(doc, code);
  expect(found.map((d) => d.code), `diagnostics: ${JSON.stringify(validate(doc).map((d) => d.code))}`).toEqual([code]);
  return found[0];
};
/** Applies the diagnostic's quick fix and checks the problem is gone and the input untouched. */
const fixes = (doc: DesignDocument, code: string) => {
  const before = serialize(doc);
  const d = one(doc, code);
  expect(d.quickFix, 'has a quick fix').toBeDefined();
  const fixed = d.quickFix!.apply(doc);
  expect(serialize(doc)).toBe(before);
  expect(find(fixed, code)).toEqual([]);
  return fixed;
};

describe('validate: a clean design', () => {
  it('has no diagnostics for the sample design', () => {
    expect(validate(sampleDesign())).toEqual([]);
  });
  it('puts errors before warnings before info', () => {
    const doc = design([sup('app'), worker('lonely'), sup('x', { restart: 'temporary' }), worker('Bad')], [...under('app', 'x'), ...under('x', 'Bad')]);
    const sev = validate(doc).map((d) => d.severity);
    expect(sev).toEqual([...sev].sort((a, b) => ['error', 'warning', 'info'].indexOf(a) - ['error', 'warning', 'info'].indexOf(b)));
    expect(new Set(sev)).toEqual(new Set(['error', 'warning', 'info']));
  });
});

describe('validate: structure', () => {
  it('finds supervision cycles and breaks them', () => {
    const doc = design([sup('a'), sup('b'), sup('c'), sup('root'), worker('w')], [
      ...under('root', 'a'), { kind: 'supervision', id: 'ab', source: 'a', target: 'b' }, { kind: 'supervision', id: 'bc', source: 'b', target: 'c' },
      { kind: 'supervision', id: 'ca', source: 'c', target: 'a' }, ...under('root', 'w'),
    ]);
    const d = validate(doc).find((x) => x.code === 'supervision-cycle')!;
    expect(d.nodeIds.sort()).toEqual(['a', 'b', 'c']);
    expect(d.edgeIds.sort()).toEqual(['ab', 'bc', 'ca']);
    expect(d.message).toMatch(/round in a circle/);
    expect(find(d.quickFix!.apply(doc), 'supervision-cycle')).toEqual([]);
  });
  it('finds a self-supervising node', () => {
    const d = one(design([sup('a')], [{ kind: 'supervision', id: 'aa', source: 'a', target: 'a' }]), 'supervision-cycle');
    expect(d.nodeIds).toEqual(['a']);
  });
  it('does not call a diamond of calls edges a cycle', () => {
    expect(find(design([sup('r'), worker('a'), worker('b')], [...under('r', 'a', 'b'), calls('a', 'b'), calls('b', 'a')]), 'supervision-cycle')).toEqual([]);
  });
  it('refuses children under a worker', () => {
    const doc = design([worker('w'), worker('c')], under('w', 'c'));
    expect(one(doc, 'children-under-non-supervisor').message).toMatch(/"w" is a worker: only supervisors can have children/);
    fixes(doc, 'children-under-non-supervisor');
  });
  it('refuses notes and load sources as children', () => {
    one(design([sup('s'), { kind: 'note', id: 'n' }], under('s', 'n')), 'not-a-child');
  });
  it('refuses two supervisors for one node and keeps the first', () => {
    const doc = design([sup('a'), sup('b'), sup('top'), worker('w')], [...under('top', 'a', 'b'), ...under('a', 'w'), ...under('b', 'w')]);
    const d = one(doc, 'two-parents');
    expect(d.nodeIds).toEqual(['w']);
    const fixed = fixes(doc, 'two-parents');
    expect(fixed.edges.filter((e) => e.target === 'w').map((e) => e.source)).toEqual(['a']);
  });
  it('reports edges to missing nodes and removes them', () => {
    const doc = design([worker('a')], [link('a', 'ghost')]);
    expect(one(doc, 'edge-missing-node').message).toMatch(/target "ghost"/);
    expect(fixes(doc, 'edge-missing-node').edges).toEqual([]);
  });
  it('reports link/monitor edges to nodes that never run', () => {
    const notes = design([worker('a'), { kind: 'note', id: 'n' }], [link('a', 'n')]);
    expect(one(notes, 'edge-to-non-process').message).toMatch(/goes to the note n, which is not a process/);
    // a worker under a worker never starts
    const buried = design([sup('s'), worker('w'), worker('x'), worker('m')], [...under('s', 'w', 'm'), ...under('w', 'x'), monitor('m', 'x')]);
    expect(find(buried, 'edge-to-non-process')[0].message).toMatch(/never starts/);
    expect(find(design([sup('s'), worker('a'), worker('b')], [...under('s', 'a', 'b'), link('a', 'b'), monitor('a', 'b')]), 'edge-to-non-process')).toEqual([]);
  });
  it('reports duplicate ids', () => {
    const d = validate(design([worker('a'), worker('a', 'echo', { name: 'other' })])).filter((x) => x.code === 'duplicate-id');
    expect(d).toHaveLength(1);
  });
});

describe('validate: names', () => {
  it('accepts identifiers valid in TypeScript and Elixir, refuses others with a reason', () => {
    for (const ok of ['db', 'worker_1', 'todoCache', 'a']) expect(nameProblem(ok)).toBeUndefined();
    expect(nameProblem('')).toMatch(/empty/);
    expect(nameProblem('Worker')).toMatch(/capital/);
    expect(nameProblem('1st')).toMatch(/lowercase letter/);
    expect(nameProblem('_x')).toMatch(/lowercase letter/);
    expect(nameProblem('my-worker')).toMatch(/only use/);
    expect(nameProblem('café')).toMatch(/only use/);
    expect(nameProblem('class')).toMatch(/TypeScript/);
    expect(nameProblem('end')).toMatch(/Elixir/);
    expect(nameProblem('nil')).toMatch(/Elixir/);
    expect(nameProblem('a'.repeat(65))).toMatch(/longer/);
  });
  it('sanitizes any string into a valid name', () => {
    expect(sanitizeName('My Worker!')).toBe('my_worker');
    expect(sanitizeName('TodoCache')).toBe('todo_cache');
    expect(sanitizeName('1st')).toBe('p_1st');
    expect(sanitizeName('end')).toBe('end_');
    expect(sanitizeName('café')).toBe('cafe');
    expect(sanitizeName('')).toBe('p');
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => isValidName(sanitizeName(s))), { numRuns: 2000 });
  });
  it('reports an invalid process name with a rename fix', () => {
    const doc = design([sup('s'), worker('w', 'echo', { name: 'Bad Name' })], under('s', 'w'));
    expect(one(doc, 'invalid-name').message).toMatch(/"Bad Name" can't be used as a process name/);
    expect(fixes(doc, 'invalid-name').nodes[1].name).toBe('bad_name');
    const nameless = design([sup('s'), worker('w', 'echo', { name: '' }), worker('worker')], under('s', 'w', 'worker'));
    expect(one(nameless, 'invalid-name').message).toMatch(/^The worker w has no name\./);
    expect(fixes(nameless, 'invalid-name').nodes[1].name).toBe('worker_2');
  });
  it('reports duplicate sibling names but allows the same child id under different supervisors when not registered', () => {
    const dup = design([sup('s'), worker('a', 'echo', { name: 'x' }), worker('b', 'echo', { name: 'x' })], under('s', 'a', 'b'));
    expect(one(dup, 'duplicate-name').nodeIds).toEqual(['a', 'b']);
    expect(fixes(dup, 'duplicate-name').nodes.map((n) => n.name)).toEqual(['s', 'x', 'x_2']);
    const cousins = design([sup('s'), sup('t'), sup('u'), worker('a', 'echo', { name: 'x', register: 'none' }), worker('b', 'echo', { name: 'x', register: 'none' })], [...under('s', 't', 'u'), ...under('t', 'a'), ...under('u', 'b')]);
    expect(validate(cousins)).toEqual([]);
  });
  it('reports two processes registered under one name anywhere in the tree', () => {
    const doc = design([sup('s'), sup('t'), sup('u'), worker('a', 'echo', { name: 'x' }), worker('b', 'echo', { name: 'x' })], [...under('s', 't', 'u'), ...under('t', 'a'), ...under('u', 'b')]);
    expect(one(doc, 'duplicate-registered-name').message).toMatch(/already_registered/);
    fixes(doc, 'duplicate-registered-name');
  });
});

describe('validate: values', () => {
  it('refuses bad intensities', () => {
    for (const bad of [{ maxRestarts: -1 }, { maxRestarts: 1.5 }, { maxSeconds: 0 }]) {
      const doc = design([sup('s', bad)]);
      expect(one(doc, 'bad-intensity').nodeIds).toEqual(['s']);
      expect(fixes(doc, 'bad-intensity').nodes[0]).toMatchObject({ maxRestarts: 3, maxSeconds: 5 });
    }
    expect(find(design([sup('s', { maxRestarts: 0, maxSeconds: 1 })]), 'bad-intensity')).toEqual([]);
  });
  it('refuses bad shutdown values', () => {
    for (const shutdown of [-1, 2.5]) {
      const doc = design([sup('s'), worker('w', 'echo', { shutdown })], under('s', 'w'));
      expect(one(doc, 'bad-shutdown').message).toMatch(/whole number of milliseconds/);
      expect(fixes(doc, 'bad-shutdown').nodes[1]).toMatchObject({ shutdown: 5000 });
    }
    expect(find(design([sup('s'), worker('w', 'echo', { shutdown: 0 })], under('s', 'w')), 'bad-shutdown')).toEqual([]);
  });
  it('checks max children of dynamic supervisors', () => {
    one(design([dynSup('d', { maxChildren: -2 })]), 'bad-max-children');
    const full = design([dynSup('d', { maxChildren: 1 }), worker('a'), worker('b')], under('d', 'a', 'b'));
    expect(one(full, 'too-many-children').message).toMatch(/at most 1/);
  });
  it('enforces OTP rules for significant children', () => {
    const perm = design([sup('s', { autoShutdown: 'any_significant' }), worker('w', 'echo', { significant: true })], under('s', 'w'));
    fixes(perm, 'significant-permanent');
    const never = design([sup('s'), worker('w', 'echo', { significant: true, restart: 'transient' })], under('s', 'w'));
    expect(fixes(never, 'significant-without-auto-shutdown').nodes[0]).toMatchObject({ autoShutdown: 'any_significant' });
    const dyn = design([dynSup('d'), worker('w', 'echo', { significant: true, restart: 'transient' })], under('d', 'w'));
    expect(one(dyn, 'significant-without-auto-shutdown').message).toMatch(/"d" is a dynamic supervisor, which cannot shut down automatically/);
    expect(fixes(dyn, 'significant-without-auto-shutdown').nodes[1]).toMatchObject({ significant: false });
    const ok = design([sup('s', { autoShutdown: 'all_significant' }), worker('w', 'echo', { significant: true, restart: 'temporary' })], under('s', 'w'));
    expect(validate(ok).filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('validate: behaviours and parameters', () => {
  it('reports an unknown behaviour', () => {
    const doc = design([sup('s'), worker('w', 'teleporter')], under('s', 'w'));
    expect(fixes(doc, 'unknown-behaviour').nodes[1]).toMatchObject({ behaviour: 'echo' });
  });
  it('reports invalid parameters from the catalog schema, with a reset fix', () => {
    const doc = design([sup('s'), worker('f', 'flaky', { params: { crashProbability: 3 } })], under('s', 'f'));
    expect(one(doc, 'bad-param').message).toMatch(/crashProbability must be at most 1/);
    expect(fixes(doc, 'bad-param').nodes[1]).toMatchObject({ params: { crashProbability: 0.1 } });
    const wrongType = design([sup('s'), worker('c', 'counter', { params: { initial: 'ten' } })], under('s', 'c'));
    expect(one(wrongType, 'bad-param').message).toMatch(/initial must be a whole number/);
  });
  it('notes parameters the behaviour does not use (left over after switching behaviour)', () => {
    const doc = design([sup('s'), worker('c', 'counter', { params: { initial: 1, replyDelayMs: 5 } })], under('s', 'c'));
    const d = one(doc, 'unknown-param');
    expect(d.severity).toBe('info');
    expect(d.message).toMatch(/\(replyDelayMs\)/);
    expect(fixes(doc, 'unknown-param').nodes[1]).toMatchObject({ params: { initial: 1 } });
  });
  it('reports a missing required parameter and a reference to a process that does not exist', () => {
    const missing = design([sup('s'), worker('w', 'client')], under('s', 'w'));
    expect(one(missing, 'bad-param').message).toMatch(/target is required/);
    expect(one(missing, 'bad-param').quickFix).toBeUndefined();
    const dangling = design([sup('s'), worker('w', 'client', { params: { target: 'nobody' } })], under('s', 'w'));
    expect(one(dangling, 'bad-param').message).toMatch(/refers to "nobody"/);
    const byName = design([sup('s'), worker('db', 'database', { name: 'store' }), worker('w', 'client', { params: { target: 'store' } })], under('s', 'db', 'w'));
    expect(validate(byName)).toEqual([]);
  });
  it('checks custom behaviours: params from their fields, ids that clash', () => {
    const custom = { id: 'greeter', source: 'export function handleCall() {}', fields: [{ name: 'greeting', type: 'string' as const }] };
    const doc = design([sup('s'), worker('g', 'greeter')], under('s', 'g'), { customBehaviours: [custom] });
    expect(one(doc, 'bad-param').message).toMatch(/greeting is required/);
    expect(validate({ ...doc, nodes: doc.nodes.map((n) => (n.kind === 'worker' ? { ...n, params: { greeting: 'hi' } } : n)) })).toEqual([]);
    const clash = design([], [], { customBehaviours: [{ ...custom, id: 'counter' }, custom, custom] });
    expect(find(clash, 'custom-behaviour-id')).toHaveLength(2);
    const noOptions = design([], [], { customBehaviours: [{ ...custom, fields: [{ name: 'mode', type: 'enum' }] }] });
    one(noOptions, 'bad-custom-field');
    // any text is a usable id: every export target escapes it and the loader names its source file safely
    expect(find(design([], [], { customBehaviours: [{ ...custom, id: 'two\nlines */ `x`' }] }), 'custom-behaviour-id')).toEqual([]);
  });
  it('checks registry references', () => {
    const doc = design([sup('s'), worker('w', 'echo', { register: 'registry', registry: 'nope' }), registry('r')], under('s', 'r', 'w'));
    fixes(doc, 'bad-registry-ref');
  });
});

describe('validate: load sources and scenarios', () => {
  it('needs a running target for a load source', () => {
    one(design([sup('s'), { kind: 'load_source', id: 'l', name: 'clients' }]), 'load-source-target');
    one(design([sup('s'), { kind: 'load_source', id: 'l', name: 'clients', target: 'ghost' }]), 'load-source-target');
    one(design([sup('s'), worker('w'), { kind: 'load_source', id: 'l', name: 'clients', target: 'w', rate: -1 }], under('s', 'w')), 'bad-load');
  });
  it('checks scenario command targets', () => {
    const doc = design([sup('s'), worker('w')], under('s', 'w'), {
      scenarios: [{ name: 'x', commands: [{ type: 'kill', at: 10, target: 'w' }, { type: 'exit', at: 20, target: 'ghost', reason: 'boom' }, { type: 'load', at: 0, source: 'w', on: true }] }],
    });
    const msgs = find(doc, 'bad-scenario').map((d) => d.message);
    expect(msgs).toEqual([
      'Scenario "x", command 2 (exit at 20 ms): there is no running process "ghost" (a process\'s name, or the key it registers under in a Registry).',
      'Scenario "x", command 3 (load at 0 ms): "w" is not a load source.',
    ]);
  });

  it('takes a Registry key as a process, and checks the other process a command names (checkin\'s worker)', () => {
    const doc = design([sup('s'), registry('r'), worker('w', 'counter', { register: 'registry', registryKey: 'w_key' }), worker('p', 'pool_manager')], under('s', 'r', 'w', 'p'), {
      scenarios: [{ name: 'x', commands: [{ type: 'call', at: 10, target: 'w_key', message: 'get' }, { type: 'checkin', at: 20, target: 'p', worker: 'nobody' }] }],
    });
    expect(find(doc, 'bad-scenario').map((d) => d.message)).toEqual([
      'Scenario "x", command 2 (checkin at 20 ms): there is no running process "nobody" (a process\'s name, or the key it registers under in a Registry).',
    ]);
  });
});

describe('validate: lesson tasks', () => {
  it('warns about a task whose scenario the design does not have (renamed or deleted), not about one it has', () => {
    const doc = design([sup('s'), worker('w')], under('s', 'w'), {
      scenarios: [{ name: 'kept', commands: [] }],
      tasks: [{ text: 'Play kept', scenario: 'kept' }, { text: 'Play gone', scenario: 'gone' }],
    });
    expect(find(doc, 'bad-task').map((d) => `${d.severity}: ${d.message}`)).toEqual([
      'warning: Lesson task 2 names the scenario "gone", which the design does not have: it cannot be done.',
    ]);
  });
});

describe('validate: values a user can type that must not make a file unopenable', () => {
  it('reports (instead of refusing to parse) an empty scenario name, a negative time, an empty custom field name', () => {
    const doc = design([sup('s'), worker('w')], under('s', 'w'), {
      scenarios: [{ name: '', commands: [{ type: 'kill', at: -5, target: 'w' }] }],
      customBehaviours: [{ id: '', fields: [{ name: '', type: 'string', default: 'x' }] }],
    });
    const reparsed = parse(serialize(doc));
    expect(reparsed.ok).toBe(true);
    expect(find(doc, 'bad-scenario').map((d) => d.message)).toEqual([
      'A scenario has no name; give it one so it can be picked and run.',
      'Scenario "", command 1 (kill at -5 ms): the time must be a whole number of milliseconds, 0 or more.',
    ]);
    expect(find(doc, 'custom-behaviour-id')).toHaveLength(1);
    expect(find(doc, 'bad-custom-field')).toHaveLength(1);
  });
});

describe('validate: robustness', () => {
  it('never throws on any document that parses (random structural edits of the sample)', () => {
    const base = JSON.parse(serialize(sampleDesign()));
    const ids = ['app', 'reg', 'db', 'servers', 'alice', 'cache', 'pool', 'w1', 'w2', 'mon', 'tasks', 'load', 'note', 'ghost'];
    const kinds = ['supervision', 'link', 'monitor', 'calls'] as const;
    fc.assert(fc.property(
      fc.array(fc.record({ kind: fc.constantFrom(...kinds), source: fc.constantFrom(...ids), target: fc.constantFrom(...ids), order: fc.integer({ min: -3, max: 3 }) }), { maxLength: 12 }),
      fc.array(fc.nat({ max: 13 }), { maxLength: 4 }),
      (extraEdges, dropNodes) => {
        const input = structuredClone(base);
        input.nodes = input.nodes.filter((_: unknown, i: number) => !dropNodes.includes(i));
        input.edges.push(...extraEdges.map((e, i) => ({ ...e, id: `x${i}` })));
        const r = parse(input);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        const diags = validate(r.doc);
        for (const d of diags) {
          expect(d.message.length).toBeGreaterThan(10);
          // every quick fix is pure and returns a document that still parses
          if (d.quickFix) expect(parse(serialize(d.quickFix.apply(r.doc))).ok).toBe(true);
        }
        expect(hasErrors(diags)).toBe(diags.some((d) => d.severity === 'error'));
      },
    ), { numRuns: 300 });
  });
});
