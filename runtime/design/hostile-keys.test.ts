// Ids and names from a hostile alphabet (issue 15 item 5): Object.prototype keys (`__proto__`, `constructor`,
// `toString`, …), quotes, braces, backslashes, line separators. Whatever they are, parse/validate/compile never
// crash (bad ones are diagnostics), a design that compiles runs with every node, its blast radius covers every node,
// and every export is produced; the TypeScript export's files parse (nothing injected into the code). Before the
// fix a node with the id `__proto__` validated but vanished from the run, the blast radius and the exports.
import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { exportElixir } from '../codegen/elixir';
import { exportMermaid } from '../codegen/mermaid';
import { exportTypeScript } from '../codegen/typescript';
import { blastRadius } from '../sim/blast';
import { Simulation } from '../sim/start';
import { parse } from './parse';
import { CompileError, compile } from './spec';
import { validate } from './validate';

const PROTO_KEYS = ['__proto__', 'constructor', 'toString', 'prototype', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'then', 'length'];
const CHARS = ['_', 'a', 'b', 'z', '0', '"', "'", '`', '$', '{', '}', '\\', '\n', '/', '.', ' ', '#', '<', '>', '\u2028', ';', ':', '-', 'Z', 'é', '%', '(', ')'];
const hostile = fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ unit: fc.constantFrom(...CHARS), minLength: 1, maxLength: 8 }));

const docArb = fc.record({
  rootId: hostile,
  ids: fc.uniqueArray(hostile, { minLength: 1, maxLength: 4 }),
  hostileNames: fc.boolean(),
  names: fc.array(hostile, { minLength: 4, maxLength: 4 }),
  behaviours: fc.array(fc.constantFrom('counter', 'echo', 'crasher'), { minLength: 4, maxLength: 4 }),
}).filter((r) => !r.ids.includes(r.rootId));

function designOf(r: { rootId: string; ids: string[]; hostileNames: boolean; names: string[]; behaviours: string[] }) {
  const name = (i: number) => (r.hostileNames ? r.names[i] : `n${i}`);
  return {
    format: 'supervisor-studio', version: 1, title: r.names[0],
    nodes: [
      { id: r.rootId, kind: 'supervisor', name: r.hostileNames ? r.names[3] + 'sup' : 'root_sup', position: { x: 0, y: 0 }, strategy: 'one_for_one' },
      ...r.ids.map((id, i) => ({ id, kind: 'worker', name: name(i), position: { x: i * 200, y: 150 }, behaviour: r.behaviours[i], params: {} })),
    ],
    edges: r.ids.map((id, i) => ({ id: `e${i}`, kind: 'supervision', source: r.rootId, target: id, order: i })),
    scenarios: [{ name: r.names[1], untilMs: 400, commands: r.ids.flatMap((id, i) => [
      { at: 100 + i, type: 'call', target: id, message: 'get' },
      { at: 200 + i, type: 'exit', target: id, reason: 'kill' },
    ]) }],
  };
}

/** Syntax errors of a TypeScript file (no type check: just "did the text stay code"). */
const syntaxErrors = (file: string, text: string) =>
  ((ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, false) as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics)
    .map((d) => `${file}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);

describe('ids and names from a hostile alphabet', () => {
  it('never crash validate/compile/run/blast/export, never lose a node, never inject into the TypeScript export', () => {
    let compiled = 0;
    fc.assert(
      fc.property(docArb, (r) => {
        const res = parse(JSON.stringify(designOf(r)));
        if (!res.ok) return;
        validate(res.doc);
        let spec;
        try {
          spec = compile(res.doc);
        } catch (e) {
          expect(e).toBeInstanceOf(CompileError);
          return;
        }
        compiled++;
        const all = [r.rootId, ...r.ids].sort();
        const run = new Simulation(spec, { seed: 1 }).run(spec.scenarios[0].commands, 400);
        expect(Object.keys(run.summary.nodes).sort()).toEqual(all);
        for (const id of r.ids) {
          expect(Object.getPrototypeOf(run.summary.nodes[id])).not.toBe(null); // a real entry, not a prototype
          expect(run.summary.nodes[id].starts).toBeGreaterThan(0);
          const blast = blastRadius(spec, id, 'kill');
          expect(Object.keys(blast.outcome).sort()).toEqual(all);
          expect(blast.outcome[id]).toBe('restarts');
        }
        const tsFiles = exportTypeScript(spec).files;
        for (const [file, text] of Object.entries(tsFiles)) if (/\.ts$/.test(file)) expect(syntaxErrors(file, text)).toEqual([]);
        expect(Object.keys(exportElixir(spec).files).length).toBeGreaterThan(0);
        const mermaid = exportMermaid(spec);
        for (const id of r.ids) expect(mermaid).not.toContain(`\n${id}\n`);
      }),
      { numRuns: 60, seed: 15 },
    );
    expect(compiled).toBeGreaterThan(10); // the property reached the run and the exports, not only the validator
  });

  it('a node id __proto__ / constructor / toString runs, blasts and exports like any other', () => {
    for (const id of ['__proto__', 'constructor', 'toString']) {
      const r = { rootId: 'root', ids: [id, 'other'], hostileNames: false, names: ['t', 's', 'x', 'y'], behaviours: ['counter', 'echo', 'echo', 'echo'] };
      const parsed = parse(JSON.stringify(designOf(r)));
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      const spec = compile(parsed.doc);
      const run = new Simulation(spec, { seed: 1 }).run(spec.scenarios[0].commands, 400);
      expect(Object.keys(run.summary.nodes).sort()).toEqual(['other', 'root', id].sort());
      expect(run.summary.calls.find((c) => c.target.endsWith('n0'))?.ok).toBe(true);
      expect(blastRadius(spec, id, 'kill').outcome[id]).toBe('restarts');
      expect(Object.values(exportElixir(spec).files).some((text) => text.includes(':n0'))).toBe(true);
    }
  });
});
