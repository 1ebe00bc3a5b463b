import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, type RuntimeSpec } from '../design/spec';
import { headerName, parseEventLines, simulatorLines } from './events';
import { HOSTILE, everyBehaviourDesign, hostileDesign, templateSpecs as specsOf } from './fixtures';
import { toolClosure } from './lockfile';
import { STUDIO, runtimePackage, studioLock } from './node.test-support';
import { STARTUP, TSCONFIG, VENDOR_DIR, exportTypeScript, tsTerm, typedCustomModule } from './typescript';

const templates = specsOf(import.meta.glob('../../templates/*.suptree', { query: '?raw', import: 'default', eager: true }));
/** The templates and a design with one worker of every catalog behaviour (so every twin is compiled and run). */
const designs = [...templates, { file: 'every-behaviour', spec: compile(everyBehaviourDesign()) }];
const run = promisify(execFile);
const BIN = join(STUDIO, 'node_modules', '.bin');
const untilOf = (s: RuntimeSpec['scenarios'][number]) => s.untilMs ?? Math.max(0, ...s.commands.map((c) => c.at)) + 2000;

describe('exportTypeScript: the project', () => {
  it('writes one module per supervisor with its flags and child specs', () => {
    const spec = templates.find((t) => t.file === 'ch9-nested-escalation')!.spec;
    const { files } = exportTypeScript(spec);
    expect(Object.keys(files).filter((f) => f.startsWith('src/supervisors/')).sort()).toEqual(['src/supervisors/inner.ts', 'src/supervisors/root.ts']);
    const root = files['src/supervisors/root.ts'];
    expect(root).toContain("import { initInner } from './inner';");
    expect(root).toContain("strategy: 'one_for_one', maxRestarts: 3, maxSeconds: 5");
    expect(root).toContain("studio.supervisor({ id: \"inner\", path: \"root/inner\", restart: 'permanent', shutdown: 'infinity' }, initInner)");
    expect(files['src/supervisors/inner.ts']).toContain('studio.worker({ id: "flaky", path: "root/inner/flaky", restart: \'permanent\', shutdown: 5000 }, LIBRARY.crasher, { mode: "raise", error: "RuntimeError", reason: "boom", crashAfterMs: 0 }, { name: "flaky" })');
    expect(files['src/supervisors/inner.ts']).toContain("from '@supervisor-studio/runtime';");
    expect(files['src/roots.ts']).toContain('(studio) => studio.rootSupervisor(');
  });

  it('depends on the vendored runtime package, pinned, with the dev tools locked to the studio\'s versions', async () => {
    const spec = templates.find((t) => t.file === 'ch9-nested-escalation')!.spec;
    const pkgFiles = await runtimePackage();
    const { files } = exportTypeScript(spec, { runtimePackage: pkgFiles, toolLock: studioLock() });
    const pkg = JSON.parse(files['package.json']);
    expect(pkg.dependencies).toEqual({ '@supervisor-studio/runtime': `file:${VENDOR_DIR}` });
    expect(pkg.scripts).toMatchObject({ start: 'tsx src/main.ts', test: 'tsx --test test/scenarios.test.ts' });
    const vendored = JSON.parse(files[`${VENDOR_DIR}/package.json`]);
    expect(vendored.name).toBe('@supervisor-studio/runtime');
    expect(files[`${VENDOR_DIR}/dist/index.js`]).toBe(pkgFiles['dist/index.js']);
    expect(files[`${VENDOR_DIR}/dist/index.d.ts`]).toContain('export');
    const lock = JSON.parse(files['package-lock.json']);
    expect(lock.packages['node_modules/@supervisor-studio/runtime']).toEqual({ resolved: VENDOR_DIR, link: true });
    expect(lock.packages[VENDOR_DIR].version).toBe(vendored.version);
    const studio = studioLock();
    expect(pkg.devDependencies.tsx).toBe(studio['node_modules/tsx'].version);
    expect(lock.packages['node_modules/tsx'].integrity).toBe(studio['node_modules/tsx'].integrity);
    // tsx's own dependencies come along (esbuild, get-tsconfig, …), nothing of the studio's
    expect(Object.keys(toolClosure(studio))).toContain('node_modules/esbuild');
    expect(Object.keys(lock.packages)).not.toContain('node_modules/react');
  });

  it('writes every custom behaviour as its own typed module, registered by id', () => {
    const spec = templates.find((t) => t.file === 'drill-2-try-rescue-after')!.spec;
    const { files } = exportTypeScript(spec);
    const src = spec.customBehaviours[0].source;
    const mod = files['src/custom/careful.ts'];
    expect(mod).toContain("import type { CustomCallbacks } from '@supervisor-studio/runtime';");
    expect(mod).toContain('const callbacks: CustomCallbacks = ');
    expect(mod.trimEnd().endsWith('export default callbacks;')).toBe(true);
    // the user's code itself is unchanged
    expect(mod).toContain(src.slice(src.indexOf('export default') + 'export default '.length).trim());
    expect(files['src/behaviours.ts']).toContain("import careful from './custom/careful';");
    expect(files['src/behaviours.ts']).toContain('careful: behaviourOf("careful", careful),');
    expect(files['src/supervisors/try_sup.ts']).toContain('studio.custom("careful")');
    // a source of another shape is kept as written, marked un-type-checked
    expect(typedCustomModule('odd', 'const x = {};\nexport { x as default };\n')).toContain('// @ts-nocheck');
  });

  it('writes the simulator\'s events for every scenario and for plain start-up into test/expected.ts', () => {
    const spec = templates.find((t) => t.file === 'ch9-one-for-all')!.spec;
    const { files } = exportTypeScript(spec);
    const sc = spec.scenarios[0];
    for (const line of simulatorLines(spec, sc.commands, untilOf(sc))) expect(files['test/expected.ts']).toContain(JSON.stringify(line));
    expect(files['test/expected.ts']).toContain(JSON.stringify(STARTUP));
  });

  it('writes document terms the way the simulator reads them', () => {
    expect(tsTerm(['crash', { $bin: 'a"b' }, { $list: [1, null] }, { b: 2, a: true }])).toBe(
      '["crash", bin("a\\"b"), list([1, null]), new Map<Term, Term>([["a", true], ["b", 2]])]',
    );
  });

  it('never writes a path of the exporting machine', async () => {
    const pkgFiles = await runtimePackage();
    const lock = studioLock();
    const machine = [STUDIO, dirname(STUDIO), homedir(), tmpdir(), process.cwd()].filter((p) => p.length > 1);
    for (const { file, spec } of [...designs, { file: 'hostile', spec: compile(hostileDesign()) }]) {
      const { files } = exportTypeScript(spec, { runtimePackage: pkgFiles, toolLock: lock });
      for (const [path, text] of Object.entries(files)) {
        for (const p of machine) expect(text.includes(`${p}/`) || text.endsWith(p), `${file}: ${path} contains ${p}`).toBe(false);
        expect(/file:(?!vendor\/)[./~\\A-Za-z]/.test(text), `${file}: ${path} has a file: reference outside the project`).toBe(false);
      }
    }
  });
});

describe('exportTypeScript: type-check and run every template (differential against the simulator)', () => {
  let root = '';
  let tsc: { ok: boolean; output: string } = { ok: false, output: 'not run' };
  const outputs = new Map<string, string>();
  const projects = [...designs.map((t) => ({ name: t.file, spec: t.spec as RuntimeSpec | ReturnType<typeof hostileDesign> })), { name: 'hostile', spec: hostileDesign() }];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'studio-ts-'));
    const pkgFiles = await runtimePackage();
    // the runtime package, as `npm install` links the vendored folder (one copy for all the projects)
    for (const [path, text] of Object.entries(pkgFiles)) {
      mkdirSync(dirname(join(root, 'node_modules', '@supervisor-studio', 'runtime', path)), { recursive: true });
      writeFileSync(join(root, 'node_modules', '@supervisor-studio', 'runtime', path), text);
    }
    for (const p of projects) {
      for (const [path, text] of Object.entries(exportTypeScript(p.spec).files)) {
        mkdirSync(dirname(join(root, p.name, path)), { recursive: true });
        writeFileSync(join(root, p.name, path), text);
      }
    }
    // one tsc run over every project (sources and tests), with the projects' own compiler options
    writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ ...TSCONFIG, include: projects.flatMap((p) => [`${p.name}/src`, `${p.name}/test`]) }));
    tsc = await run(join(BIN, 'tsc'), ['-p', join(root, 'tsconfig.json')], { timeout: 150_000 }).then(
      () => ({ ok: true, output: '' }),
      (e: { stdout?: string; message: string }) => ({ ok: false, output: `${e.message}\n${e.stdout ?? ''}` }),
    );
    // run every project's `npm run scenario -- --all` in one tsx process: each entry is imported with its argv set,
    // and prints synchronously while it is evaluated (one Node start instead of one per project)
    writeFileSync(join(root, 'run-all.mts'), [
      'const out: Record<string, string> = {};',
      `for (const name of ${JSON.stringify(projects.map((p) => p.name))}) {`,
      '  const lines: string[] = [];',
      '  const log = console.log;',
      "  console.log = (...a: unknown[]) => void lines.push(a.join(' '));",
      "  process.argv = [process.argv[0], 'scenario.ts', '--all'];",
      '  try {',
      '    await import(`./${name}/src/scenario.ts`);',
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

  it('type-checks every exported template and the hostile design, sources and tests (tsc --noEmit, strict)', () => {
    expect(tsc.output).toBe('');
    expect(tsc.ok).toBe(true);
  });

  it('runs the hostile design: its scenario name and terms survive the round trip', () => {
    const out = parseEventLines(outputs.get('hostile') ?? '');
    expect([...out.keys()], outputs.get('hostile')).toEqual([headerName(HOSTILE)]);
    expect(out.get(headerName(HOSTILE))!.some((e) => e.kind === 'exit' && e.path === 'app_sup/crash_me')).toBe(true);
  });

  for (const { file, spec } of designs) {
    it(`${file}: the exported project prints exactly the simulator's lines (start, exit, note, reply)`, () => {
      const printed = outputs.get(file) ?? '';
      for (const sc of spec.scenarios) {
        const expected = simulatorLines(spec, sc.commands, untilOf(sc));
        expect(expected.length).toBeGreaterThan(0);
        const got = printed.split('## scenario\t').find((block) => block.startsWith(`${sc.name}\n`));
        expect(got?.split('\n').slice(1).filter((l) => l !== ''), `${file} / ${sc.name}\n${printed}`).toEqual(expected);
      }
    });
  }
});
