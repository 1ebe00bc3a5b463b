import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CURRENT_VERSION, FORMAT, createEmptyDocument } from './document';
import { FIRST_VERSION, MIGRATIONS, jsonPath, migrate, parse, serialize, type Migration } from './parse';
import { sampleDesign } from './examples';

/**
 * One sample file per format version ever written (the oldest shape of each). Adding a version means adding a
 * sample here; the test below fails until you do, and then checks the sample still opens after migration.
 */
const PAST_VERSION_SAMPLES: Record<number, unknown> = {
  1: {
    format: 'supervisor-studio', version: 1, title: 'v1 sample',
    nodes: [
      { kind: 'supervisor', id: 'root', name: 'app', position: { x: 0, y: 0 }, strategy: 'one_for_all' },
      { kind: 'worker', id: 'w', name: 'counter', position: { x: 0, y: 100 }, behaviour: 'counter', params: { initial: 5 } },
    ],
    edges: [{ kind: 'supervision', id: 'e1', source: 'root', target: 'w', order: 0 }],
    scenarios: [{ name: 'kill it', commands: [{ type: 'kill', at: 10.4, target: 'counter' }, { type: 'exit', at: 20, target: 'counter', reason: 'shutdown' }] }],
  },
  2: {
    format: 'supervisor-studio', version: 2, title: 'v2 sample',
    nodes: [
      { kind: 'supervisor', id: 'root', name: 'app', position: { x: 0, y: 0 } },
      { kind: 'worker', id: 'w', name: 'counter', position: { x: 0, y: 100 }, behaviour: 'counter' },
    ],
    edges: [{ kind: 'supervision', id: 'e1', source: 'root', target: 'w', order: 0 }],
    scenarios: [
      { name: 'faults', commands: [{ type: 'hang', at: 5, target: 'counter' }, { type: 'raise', at: 10, target: 'counter', message: 'boom' }, { type: 'exit', at: 20, target: 'counter', reason: ['shutdown', 'x'] }] },
      { name: 'both', commands: [{ type: 'scenario', at: 0, name: 'faults' }, { type: 'chaos', at: 100, on: true, rate: 2 }] },
    ],
    recordings: [{ name: 'r', seed: 3, clock: 'virtual', durationMs: 500, commands: [{ type: 'slow', at: 0, target: 'app/counter', ms: 50 }, { type: 'throw', at: 7, target: 'app/counter', value: 'oops' }] }],
  },
};

const ok = (input: unknown) => {
  const r = parse(input);
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.errors)}`);
  return r;
};
const errors = (input: unknown) => {
  const r = parse(input);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
};

describe('parse', () => {
  it('fills defaults', () => {
    const { doc } = ok({ format: FORMAT, version: 1, nodes: [{ kind: 'worker', id: 'a', name: 'a' }] });
    expect(doc.title).toBe('Untitled design');
    expect(doc.edges).toEqual([]);
    expect(doc.nodes[0]).toMatchObject({ restart: 'permanent', shutdown: 5000, significant: false, behaviour: 'echo', params: {}, position: { x: 0, y: 0 } });
    const sup = ok({ format: FORMAT, version: 1, nodes: [{ kind: 'supervisor', id: 's', name: 's' }] }).doc.nodes[0];
    expect(sup).toMatchObject({ strategy: 'one_for_one', maxRestarts: 3, maxSeconds: 5, shutdown: 'infinity', autoShutdown: 'never' });
  });

  it('accepts the text of a file and the parsed value alike', () => {
    const text = serialize(sampleDesign());
    expect(ok(text).doc).toEqual(ok(JSON.parse(text)).doc);
  });

  it('explains input that is not JSON, not an object, or not ours', () => {
    expect(errors('{"format": ')[0]).toMatchObject({ path: '$', message: expect.stringContaining('not valid JSON') });
    expect(errors('')[0].message).toMatch(/empty/);
    expect(errors('[1,2]')[0].message).toMatch(/JSON object, not a list/);
    expect(errors(null)[0].message).toMatch(/not null/);
    expect(errors(42)[0].message).toMatch(/not number/);
    expect(errors({ version: 1 })[0]).toMatchObject({ path: '$.format', message: expect.stringContaining('"format" field is missing') });
    expect(errors({ format: 'excalidraw', version: 1 })[0].message).toMatch(/"format" is "excalidraw"/);
    expect(errors({ format: FORMAT })[0]).toMatchObject({ path: '$.version' });
    expect(errors({ format: FORMAT, version: '1' })[0]).toMatchObject({ path: '$.version' });
    expect(errors({ format: FORMAT, version: 1.5 })[0]).toMatchObject({ path: '$.version' });
  });

  it('refuses a newer version with a clear message, and version 0', () => {
    const [e] = errors({ format: FORMAT, version: CURRENT_VERSION + 1, nodes: 'whatever the future holds' });
    expect(e.path).toBe('$.version');
    expect(e.message).toMatch(/newer Supervisor Studio/);
    expect(e.message).toContain(`version ${CURRENT_VERSION + 1}`);
    expect(errors({ format: FORMAT, version: 0 })[0].message).toMatch(/does not exist/);
  });

  it('reports every bad field with a JSON path', () => {
    const errs = errors({
      format: FORMAT, version: 1,
      nodes: [
        { kind: 'worker', id: 'a', name: 'a', restart: 'sometimes' },
        { kind: 'gizmo', id: 'b', name: 'b' },
        { kind: 'supervisor', id: 'c', name: 7, shutdown: 'later' },
      ],
      edges: [{ kind: 'supervision', id: 'e', source: 'c' }],
    });
    const byPath = Object.fromEntries(errs.map((e) => [e.path, e.message]));
    expect(byPath['$.nodes[0].restart']).toMatch(/restart must be one of: permanent, transient, temporary \(got "sometimes"\)/);
    expect(byPath['$.nodes[1].kind']).toMatch(/node kind must be one of/);
    expect(byPath['$.nodes[2].name']).toMatch(/name must be text/);
    expect(byPath['$.nodes[2].shutdown']).toMatch(/brutal_kill/);
    expect(byPath['$.edges[0].target']).toMatch(/target must be text/);
  });

  it('keeps unknown fields on a round trip and warns about unknown top-level ones', () => {
    const input = {
      format: FORMAT, version: CURRENT_VERSION, pluginData: { color: 'red' },
      nodes: [{ kind: 'worker', id: 'a', name: 'a', tint: '#f00', params: { extra: [1, 2] } }],
      edges: [{ kind: 'link', id: 'l', source: 'a', target: 'a', weight: 3 }],
      meta: { createdWith: 'hand' },
      scenarios: [{ name: 's', commands: [{ type: 'kill', at: 5, target: 'a', note: 'x' }], checks: { restarts: 1 } }],
    };
    const r = ok(input);
    expect(r.warnings).toEqual(['Unknown field "pluginData" kept as it is.']);
    const again = ok(serialize(r.doc)).doc as any;
    expect(again.pluginData).toEqual({ color: 'red' });
    expect(again.nodes[0].tint).toBe('#f00');
    expect(again.nodes[0].params).toEqual({ extra: [1, 2] });
    expect(again.edges[0].weight).toBe(3);
    expect(again.meta).toEqual({ createdWith: 'hand' });
    expect(again.scenarios[0].checks).toEqual({ restarts: 1 });
    expect(again.scenarios[0].commands[0].note).toBe('x');
  });
});

describe('serialize', () => {
  it('is stable: same document, same bytes, whatever the key order', () => {
    const doc = sampleDesign();
    const shuffled = JSON.parse(JSON.stringify(doc), function (this: unknown, _k, v) {
      if (v && typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.entries(v).reverse());
      return v;
    });
    expect(serialize(ok(shuffled).doc)).toBe(serialize(doc));
    const text = serialize(doc);
    expect(text.startsWith(`{\n  "format": "supervisor-studio",\n  "version": ${CURRENT_VERSION},\n  "title"`)).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('round-trips: parse(serialize(doc)) equals doc', () => {
    fc.assert(fc.property(fc.string(), fc.integer({ min: -1000, max: 1000 }), (title, x) => {
      const doc = sampleDesign();
      doc.title = title;
      doc.nodes[0].position.x = x;
      expect(ok(serialize(doc)).doc).toEqual(doc);
    }), { numRuns: 200 });
  });
});

describe('migrations', () => {
  it('1 → 2: command times and recording lengths become whole milliseconds; every old command still means the same', () => {
    const r = ok({
      format: FORMAT, version: 1,
      scenarios: [{ name: 's', commands: [{ type: 'kill', at: 757.1000000000931, target: 'w' }, { type: 'exit', at: 3, target: 'w', reason: 'shutdown' }, { type: 'load', at: 2.5, on: true }] }],
      recordings: [{ name: 'r', seed: 1, durationMs: 999.2, commands: [{ type: 'chaos', at: 0.4, on: true, rate: 3 }, { type: 'send', at: 12, target: 'w', message: ['hi', 1] }] }],
    });
    expect(r.warnings[0]).toMatch(/^Upgraded from format version 1 to 2: run commands come from one catalog/);
    expect(r.doc.version).toBe(2);
    expect(r.doc.scenarios[0].commands).toEqual([
      { type: 'kill', at: 757, target: 'w' },
      { type: 'exit', at: 3, target: 'w', reason: 'shutdown' },
      { type: 'load', at: 3, on: true },
    ]);
    expect(r.doc.recordings![0]).toMatchObject({ durationMs: 1000, commands: [{ type: 'chaos', at: 0, on: true, rate: 3 }, { type: 'send', at: 12, target: 'w', message: ['hi', 1] }] });
    // a version-1 file without scenarios or recordings is carried over untouched
    expect(MIGRATIONS[0].up({ format: FORMAT, version: 1, title: 't', scenarios: 'junk' })).toEqual({ format: FORMAT, version: 1, title: 't', scenarios: 'junk' });
  });

  it('every past version has exactly one migration, in order', () => {
    expect(MIGRATIONS.length).toBe(CURRENT_VERSION - FIRST_VERSION);
    MIGRATIONS.forEach((m, i) => expect(m.from).toBe(FIRST_VERSION + i));
  });

  it('every version ever written has a sample that still opens', () => {
    for (let v = FIRST_VERSION; v <= CURRENT_VERSION; v++) {
      expect(PAST_VERSION_SAMPLES[v], `add a sample of version ${v} to PAST_VERSION_SAMPLES`).toBeDefined();
      const r = ok(PAST_VERSION_SAMPLES[v]);
      expect(r.doc.version).toBe(CURRENT_VERSION);
      expect(r.doc.nodes.length).toBeGreaterThan(0);
    }
  });

  // The mechanism itself, with a made-up history (v1 → v2 renames a field, v2 → v3 adds one).
  const history: Migration[] = [
    { from: 1, description: 'rename title → name', up: ({ title, ...rest }) => ({ ...rest, name: title }) },
    { from: 2, description: 'add tags', up: (d) => ({ ...d, tags: [] }) },
  ];

  it('chains migrations from an old version up to the current one', () => {
    const r = migrate({ format: FORMAT, version: 1, title: 'x' }, history, 3);
    expect(r).toEqual({ ok: true, doc: { format: FORMAT, version: 3, name: 'x', tags: [] }, applied: history });
    const r2 = migrate({ format: FORMAT, version: 2, name: 'y' }, history, 3);
    expect(r2.ok && r2.doc).toEqual({ format: FORMAT, version: 3, name: 'y', tags: [] });
    const r3 = migrate({ format: FORMAT, version: 3, name: 'z' }, history, 3);
    expect(r3.ok && r3.applied).toEqual([]);
  });

  it('refuses newer versions and gaps in the history, and reports a migration that throws', () => {
    expect(migrate({ version: 4 }, history, 3)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/newer/) } });
    expect(migrate({ version: 1 }, history.slice(1), 3)).toMatchObject({ ok: false, error: { message: 'No migration from format version 1 to 2.' } });
    const boom: Migration[] = [{ from: 1, description: 'x', up: () => { throw new Error('bad shape'); } }];
    expect(migrate({ version: 1 }, boom, 2)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/from format version 1 to 2: bad shape/) } });
  });
});

describe('jsonPath', () => {
  it('writes indexes, identifiers and quoted keys', () => {
    expect(jsonPath(['nodes', 3, 'name'])).toBe('$.nodes[3].name');
    expect(jsonPath(['params', 'a b'])).toBe('$.params["a b"]');
    expect(jsonPath([])).toBe('$');
  });
});

describe('fuzz: parse never throws on corrupt input', () => {
  const base = serialize(sampleDesign());
  const noInternalError = (input: unknown) => {
    const r = parse(input);
    if (!r.ok) {
      expect(r.errors.length).toBeGreaterThan(0);
      for (const e of r.errors) expect(e.message).not.toMatch(/Internal error/);
    }
    return r;
  };

  it('survives 5000 seeded byte flips, deletions and insertions of a real file', () => {
    let seed = 12345;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const bytes = new TextEncoder().encode(base);
    let parsedOk = 0;
    for (let i = 0; i < 5000; i++) {
      const b = Array.from(bytes);
      const edits = 1 + Math.floor(rand() * 4);
      for (let k = 0; k < edits; k++) {
        const at = Math.floor(rand() * b.length);
        const op = rand();
        if (op < 0.6) b[at] ^= 1 << Math.floor(rand() * 8);
        else if (op < 0.8) b.splice(at, 1 + Math.floor(rand() * 20));
        else b.splice(at, 0, Math.floor(rand() * 256));
      }
      const text = new TextDecoder().decode(new Uint8Array(b));
      if (noInternalError(text).ok) parsedOk++;
    }
    // Some flips land in strings or whitespace and still parse: the corpus exercises both paths.
    expect(parsedOk).toBeGreaterThan(0);
    expect(parsedOk).toBeLessThan(5000);
  });

  it('survives arbitrary JSON values in every field of a real document', () => {
    const doc = JSON.parse(base);
    const paths: (string | number)[][] = [];
    const walk = (v: unknown, p: (string | number)[]) => {
      paths.push(p);
      if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) walk(c, [...p, Array.isArray(v) ? Number(k) : k]);
    };
    walk(doc, []);
    fc.assert(fc.property(fc.constantFrom(...paths.filter((p) => p.length > 0)), fc.jsonValue(), (path, value) => {
      const copy = JSON.parse(base);
      let obj = copy;
      for (const k of path.slice(0, -1)) obj = obj[k];
      obj[path[path.length - 1]] = value;
      noInternalError(copy);
    }), { numRuns: 3000 });
  });

  it('survives anything at all', () => {
    fc.assert(fc.property(fc.anything(), (v) => void noInternalError(v)), { numRuns: 1000 });
    fc.assert(fc.property(fc.string(), (s) => void noInternalError(s)), { numRuns: 1000 });
  });

  it('refuses absurdly deep nesting (which would overflow the stack when saving) with a path', () => {
    for (const depth of [100, 100_000]) {
      const text = `{"format":"supervisor-studio","version":1,"deep":${'['.repeat(depth)}${']'.repeat(depth)}}`;
      const [e] = errors(text);
      expect(e.message).toMatch(/nested more than 64 levels/);
      expect(e.path.startsWith('$.deep[0][0]')).toBe(true);
    }
    // a legitimately nested message is fine and saves
    const nested = { format: FORMAT, version: 1, scenarios: [{ name: 's', commands: [{ type: 'send', at: 0, target: 'a', message: { a: { b: { c: [1, [2, [3]]] } } } }] }] };
    expect(serialize(ok(nested).doc)).toContain('"c"');
  });

  it('leaves an empty document as it is', () => {
    expect(ok(serialize(createEmptyDocument('x'))).doc).toEqual(createEmptyDocument('x'));
  });
});
