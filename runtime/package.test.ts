// The runtime as a package (runtime/package.json, runtime/README.md): built by its own scripts into a scratch
// folder, packed with `npm pack` (so the `files` list is what decides), unpacked into a folder that cannot see the
// studio, and imported there by plain `node` — the README's example included, its output compared with the README.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUNTIME_VERSION } from './index';

const run = promisify(execFile);
const RUNTIME = import.meta.dirname;
const STUDIO = join(RUNTIME, '..');
const pkg = JSON.parse(readFileSync(join(RUNTIME, 'package.json'), 'utf8'));

describe('@supervisor-studio/runtime: the package', () => {
  let tmp = '';
  let files: string[] = [];
  let app = '';

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'runtime-pkg-'));
    // a copy of the package folder's own files, built there, then packed as npm packs it (the prepack step is the
    // build we just did, so scripts are off)
    const stage = join(tmp, 'stage');
    mkdirSync(stage);
    for (const f of ['package.json', 'README.md', 'examples']) cpSync(join(RUNTIME, f), join(stage, f), { recursive: true });
    await run(process.execPath, [join(RUNTIME, 'scripts', 'build.mjs'), stage], { cwd: RUNTIME });
    writeFileSync(join(stage, 'API.md'), '# API\n'); // TypeDoc is slow: its output is checked by `npm run api` itself
    const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], { cwd: stage });
    const [info] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    files = info.files.map((f) => f.path).sort();
    // unpacked as `npm install <tarball>` would, into an app far from the studio (no parent node_modules)
    app = join(tmp, 'app');
    const dest = join(app, 'node_modules', '@supervisor-studio', 'runtime');
    mkdirSync(dest, { recursive: true });
    await run('tar', ['-xzf', join(tmp, info.filename), '-C', dest, '--strip-components=1']);
    writeFileSync(join(app, 'package.json'), '{ "type": "module", "private": true }\n');
  }, 120_000);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('is an ESM package with types, no dependencies, side-effect free, for Node ≥ 20', () => {
    expect(pkg.name).toBe('@supervisor-studio/runtime');
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/);
    expect(pkg.version).toBe(RUNTIME_VERSION);
    expect(pkg.type).toBe('module');
    expect(pkg.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.engines.node).toBe('>=20');
    expect(pkg.dependencies).toBeUndefined();
    expect(pkg.peerDependencies).toBeUndefined();
    const root = JSON.parse(readFileSync(join(STUDIO, 'package.json'), 'utf8'));
    expect(root.workspaces).toContain('runtime');
  });

  it('the tarball holds the built JavaScript, its types, the README and API reference — no sources, no tests', () => {
    expect(files).toContain('package.json');
    expect(files).toContain('README.md');
    expect(files).toContain('examples/counter.mjs');
    expect(files).toContain('API.md');
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    expect(files).toContain('dist/otp/supervisor.js');
    expect(files).toContain('dist/behaviours/library.js');
    const bad = files.filter((f) => /\.test\.|test-support|__tests__|fixtures|(?<!\.d)\.ts$|\.tsx$|\.tgz$|tsconfig|scripts\/|conformance\/|codegen\/|sim\/(?!commands\.|terms\.)|design\/(?!dict\.)|custom-source/.test(f));
    expect(bad).toEqual([]);
    // every .js has its .d.ts
    for (const f of files.filter((x) => x.endsWith('.js'))) expect(files).toContain(f.replace(/\.js$/, '.d.ts'));
  });

  it('plain node imports it from a folder that cannot see the studio, and runs a supervision tree', async () => {
    writeFileSync(join(app, 'main.mjs'), `
import * as rt from '@supervisor-studio/runtime';
const { GenServer, Kernel, Supervisor, LIBRARY, RUNTIME_VERSION, behaviourOf } = rt;
const k = new Kernel({ clock: 'virtual', seed: 7 });
const exits = [];
k.subscribe((b) => { for (const e of b) if (e.type === 'exit') exits.push(rt.fmt(e.reason)); });
const Echo = behaviourOf('echo2', { init: (p) => ({ ok: p.n }), handleCall: (m, _f, s) => ({ reply: [m, s], state: s }) });
const env = { nodeId: 'x', name: 'x', params: { n: 3 }, calls: [], pidOf: () => undefined, childrenOf: () => [], kindOf: () => undefined,
  startChild: () => { throw new Error('no'); }, lookup: () => undefined, note() {}, count() {}, counters: () => ({}) };
Supervisor.spawn(k, { strategy: 'one_for_one', maxRestarts: 1, maxSeconds: 5,
  children: [{ id: 'w', start: () => GenServer.startLink(Echo, env, { name: 'w' }) }] }, undefined, { name: 'sup' });
k.runUntilIdle();
let reply;
k.spawn({ init: (self) => GenServer.call('w', 'hi').then((r) => { reply = rt.fmt(r); return self.kernel.die(self, 'normal'); }) });
k.runUntilIdle();
k.exit(k.whereis('w'), 'kill'); k.runUntilIdle();
k.exit(k.whereis('w'), 'kill'); k.runUntilIdle();
k.flushTrace();
console.log(JSON.stringify({ version: RUNTIME_VERSION, library: Object.keys(LIBRARY).length, reply, exits, sup: k.whereis('sup') === undefined }));
`);
    const { stdout } = await run(process.execPath, ['main.mjs'], { cwd: app });
    const out = JSON.parse(stdout);
    expect(out.version).toBe(pkg.version);
    expect(out.library).toBeGreaterThanOrEqual(22);
    expect(out.reply).toBe('{:hi, 3}');
    // two kills within 5 s exceed max_restarts 1: the supervisor gives up, its exit reason is :shutdown
    expect(out.exits).toEqual([':normal', ':killed', ':killed', ':shutdown']);
    expect(out.sup).toBe(true);
  });

  it('the README example runs against the package and prints what the README shows', async () => {
    cpSync(join(RUNTIME, 'examples', 'counter.mjs'), join(app, 'counter.mjs'));
    const { stdout } = await run(process.execPath, ['counter.mjs'], { cwd: app });
    const readme = readFileSync(join(RUNTIME, 'README.md'), 'utf8');
    const shown = /```\n\$ node examples\/counter\.mjs\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(shown).toBeDefined();
    expect(stdout).toBe(shown);
    // and the README quotes the example's code as it is
    const code = readFileSync(join(RUNTIME, 'examples', 'counter.mjs'), 'utf8');
    expect(readme).toContain(code.slice(code.indexOf('import {')).trim());
  });

  it('its types resolve for a strict NodeNext TypeScript consumer', async () => {
    writeFileSync(join(app, 'use.ts'), `import { Kernel, GenServer, type GenServerModule, type Term } from '@supervisor-studio/runtime';
const M: GenServerModule<number, number> = { init: (n) => ['ok', n], handleCall: (_r: Term, _f, n) => ['reply', n, n] };
const k: Kernel = new Kernel({ clock: 'virtual' });
GenServer.spawn(k, M, 1);
// @ts-expect-error not an export of the package
import { compile } from '@supervisor-studio/runtime';
void compile;
`);
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2023', lib: ['ES2023'], types: [], strict: true, noEmit: true, skipLibCheck: false }, files: ['use.ts'] }));
    const r = await run(process.execPath, [join(STUDIO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app]).then(() => 'ok', (e: { stdout: string }) => e.stdout);
    expect(r).toBe('ok');
  });

  it('has no Node or DOM imports: it bundles for the browser', async () => {
    const { build } = await import('esbuild');
    const { metafile: meta, errors } = await build({
      entryPoints: [join(app, 'node_modules', '@supervisor-studio', 'runtime', 'dist', 'index.js')],
      bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true, logLevel: 'silent',
    });
    expect(errors).toEqual([]);
    expect(Object.keys(meta.inputs).every((f) => f.includes('@supervisor-studio/runtime/dist/'))).toBe(true);
  });
});
