import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, type RuntimeSpec } from '../design/spec';
import { Simulation } from '../sim/start';
import { eventLine, headerName, parseEventLines, simulationEvents } from './events';
import { HOSTILE, everyBehaviourDesign, hostileDesign, templateSpecs as specsOf } from './fixtures';
import { TSCONFIG, exportTypeScript, tsTerm } from './typescript';

const templates = specsOf(import.meta.glob('../../templates/*.suptree', { query: '?raw', import: 'default', eager: true }));
/** The templates and a design with one worker of every catalog behaviour (so every twin is compiled and run). */
const designs = [...templates, { file: 'every-behaviour', spec: compile(everyBehaviourDesign()) }];
const run = promisify(execFile);
const STUDIO = join(import.meta.dirname, '..', '..');
const BIN = join(STUDIO, 'node_modules', '.bin');

describe('exportTypeScript: the project', () => {
  it('writes one module per supervisor with its flags and child specs', () => {
    const spec = templates.find((t) => t.file === 'ch9-nested-escalation')!.spec;
    const { files } = exportTypeScript(spec, { runtimeDependency: 'file:/opt/studio' });
    expect(Object.keys(files).filter((f) => f.startsWith('src/supervisors/')).sort()).toEqual(['src/supervisors/inner.ts', 'src/supervisors/root.ts']);
    const root = files['src/supervisors/root.ts'];
    expect(root).toContain("import { initInner } from './inner';");
    expect(root).toContain("strategy: 'one_for_one', maxRestarts: 3, maxSeconds: 5");
    expect(root).toContain("studio.supervisor({ id: \"inner\", path: \"root/inner\", restart: 'permanent', shutdown: 'infinity' }, initInner)");
    expect(files['src/supervisors/inner.ts']).toContain('studio.worker({ id: "flaky", path: "root/inner/flaky", restart: \'permanent\', shutdown: 5000 }, LIBRARY.crasher, { mode: "raise", error: "RuntimeError", reason: "boom", crashAfterMs: 0 }, { name: "flaky" })');
    expect(JSON.parse(files['package.json']).dependencies).toEqual({ 'supervisor-studio': 'file:/opt/studio' });
    expect(files['src/roots.ts']).toContain('(studio) => studio.rootSupervisor(');
  });

  it('exports custom behaviours exactly as written and loads them at run time', () => {
    const spec = templates.find((t) => t.file === 'drill-2-try-rescue-after')!.spec;
    const { files } = exportTypeScript(spec);
    expect(files['src/custom/careful.ts']).toBe(spec.customBehaviours[0].source);
    expect(files['src/supervisors/try_sup.ts']).toContain('studio.custom("careful")');
    expect(files['src/main.ts']).toContain('[["careful","./custom/careful.ts"]]');
  });

  it('writes document terms the way the simulator reads them', () => {
    expect(tsTerm(['crash', { $bin: 'a"b' }, { $list: [1, null] }, { b: 2, a: true }])).toBe(
      '["crash", bin("a\\"b"), list([1, null]), new Map<Term, Term>([["a", true], ["b", 2]])]',
    );
  });
});

describe('exportTypeScript: type-check and run every template (differential against the simulator)', () => {
  let root = '';
  let tsc: { ok: boolean; output: string } = { ok: false, output: 'not run' };
  const outputs = new Map<string, string>();
  const projects = [...designs.map((t) => ({ name: t.file, spec: t.spec as RuntimeSpec | ReturnType<typeof hostileDesign> })), { name: 'hostile', spec: hostileDesign() }];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'studio-ts-'));
    // the runtime dependency, as `npm install` would link a file: dependency
    mkdirSync(join(root, 'node_modules'));
    symlinkSync(STUDIO, join(root, 'node_modules', 'supervisor-studio'), 'dir');
    for (const p of projects) {
      for (const [path, text] of Object.entries(exportTypeScript(p.spec).files)) {
        mkdirSync(dirname(join(root, p.name, path)), { recursive: true });
        writeFileSync(join(root, p.name, path), text);
      }
    }
    // one tsc run over every project, with the projects' own compiler options
    writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({
      ...TSCONFIG, include: projects.map((p) => `${p.name}/src`), exclude: projects.map((p) => `${p.name}/src/custom`),
    }));
    tsc = await run(join(BIN, 'tsc'), ['-p', join(root, 'tsconfig.json')], { timeout: 150_000 }).then(
      () => ({ ok: true, output: '' }),
      (e: { stdout?: string; message: string }) => ({ ok: false, output: `${e.message}\n${e.stdout ?? ''}` }),
    );
    // run every project's entry (`src/main.ts --all`) in one tsx process: each entry is imported with its argv set,
    // and prints synchronously while it is evaluated (one Node start instead of one per project)
    writeFileSync(join(root, 'run-all.mts'), [
      'const out: Record<string, string> = {};',
      `for (const name of ${JSON.stringify(projects.map((p) => p.name))}) {`,
      '  const lines: string[] = [];',
      '  const log = console.log;',
      "  console.log = (...a: unknown[]) => void lines.push(a.join(' '));",
      "  process.argv = [process.argv[0], 'main.ts', '--all'];",
      '  try {',
      '    await import(`./${name}/src/main.ts`);',
      '  } catch (e) {',
      "    lines.push('ERROR ' + String((e as Error).stack ?? e));",
      '  }',
      '  console.log = log;',
      "  out[name] = lines.join('\\n');",
      '}',
      'process.stdout.write(JSON.stringify(out));',
      '',
    ].join('\n'));
    const all = await run(join(BIN, 'tsx'), [join(root, 'run-all.mts')], { cwd: root, timeout: 150_000, maxBuffer: 64 << 20 });
    for (const [name, text] of Object.entries(JSON.parse(all.stdout) as Record<string, string>)) outputs.set(name, text);
  }, 300_000);

  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('type-checks every exported template and the hostile design (tsc --noEmit, strict)', () => {
    expect(tsc.output).toBe('');
    expect(tsc.ok).toBe(true);
  });

  it('runs the hostile design: its scenario name and terms survive the round trip', () => {
    const out = parseEventLines(outputs.get('hostile') ?? '');
    expect([...out.keys()], outputs.get('hostile')).toEqual([headerName(HOSTILE)]);
    expect(out.get(headerName(HOSTILE))!.some((e) => e.kind === 'exit' && e.path === 'app_sup/crash_me')).toBe(true);
  });

  for (const { file, spec } of designs) {
    it(`${file}: the exported entry prints exactly the simulator's supervision events`, () => {
      const printed = outputs.get(file) ?? '';
      for (const sc of spec.scenarios) {
        const sim = new Simulation(spec, { seed: 1 });
        const expected = simulationEvents(sim, sim.runScenario(sc.name).trace)
          .map((e) => eventLine(e, sc.commands.filter((c) => c.at <= e.t).length));
        expect(expected.length).toBeGreaterThan(0);
        const got = printed.split('## scenario\t').find((block) => block.startsWith(`${sc.name}\n`));
        expect(got?.split('\n').slice(1).filter((l) => l !== ''), `${file} / ${sc.name}\n${printed}`).toEqual(expected);
      }
    });
  }
});
