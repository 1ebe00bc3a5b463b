// Done when (issue 14): every template exported as a TypeScript project, written into a fresh folder under the
// system temp dir (no node_modules above it, nothing of the studio), installs offline — the runtime comes from the
// project's vendor/ folder, tsx and typescript from npm's cache at the versions its package-lock.json pins — and
// passes its own `npm test` (start-up and every scenario must print the simulator's lines; shutdown order). One
// project also runs `npm start` in real time and is stopped by SIGINT; a design without scenarios starts too.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, flattenSpec, type RuntimeSpec } from '../design/spec';
import { comparableLines, simulatorLines, unassertedLines } from './events';
import { everyBehaviourDesign, runPool, templateSpecs as specsOf } from './fixtures';
import { runtimePackage, studioLock } from './node.test-support';
import { exportTypeScript } from './typescript';

const templates = specsOf(import.meta.glob('../../templates/*.suptree', { query: '?raw', import: 'default', eager: true }));
const noScenarios: RuntimeSpec = { ...templates.find((t) => t.file === 'ch9-rest-for-one')!.spec, scenarios: [] };
const designs = [...templates, { file: 'every-behaviour', spec: compile(everyBehaviourDesign()) }, { file: 'no-scenarios', spec: noScenarios }];
const run = promisify(execFile);
// npm must not reach the registry: everything comes from vendor/ and npm's cache
const ENV = { ...process.env, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

describe('TypeScript exports install offline, away from the studio, and pass their own npm test', () => {
  let root = '';
  const results = new Map<string, { install: string; test: string; ok: boolean }>();

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'studio-ts-install-'));
    const pkg = await runtimePackage();
    const lock = studioLock();
    await runPool(designs, 2, async ({ file, spec }) => {
      const dir = join(root, file);
      for (const [path, text] of Object.entries(exportTypeScript(spec, { runtimePackage: pkg, toolLock: lock }).files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      const out = (e: unknown) => { const x = e as { stdout?: string; stderr?: string; message: string }; return `${x.message}\n${x.stdout ?? ''}\n${x.stderr ?? ''}`; };
      const install = await run('npm', ['install', '--offline'], { cwd: dir, env: ENV, timeout: 240_000 }).then((r) => `ok\n${r.stderr}`, out);
      const test = install.startsWith('ok') ? await run('npm', ['test'], { cwd: dir, env: ENV, timeout: 240_000 }).then((r) => r.stdout, out) : 'not run';
      results.set(file, { install, test, ok: install.startsWith('ok') && /^# fail 0$/m.test(test) });
    });
  }, 900_000);

  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('the projects sit where no node_modules (and no studio) is above them', () => {
    for (let d = root; d !== dirname(d); d = dirname(d)) expect(existsSync(join(d, 'node_modules')), d).toBe(false);
  });

  for (const { file, spec } of designs) {
    it(`${file}: npm install --offline, then npm test passes (start-up, ${spec.scenarios.length} scenario(s), shutdown)`, () => {
      const r = results.get(file)!;
      expect(r.install.startsWith('ok'), r.install).toBe(true);
      expect(existsSync(join(root, file, 'node_modules', '@supervisor-studio', 'runtime', 'dist', 'index.js'))).toBe(true);
      expect(r.test, r.test).toMatch(new RegExp(`^# pass ${spec.scenarios.length + 2}$`, 'm'));
      expect(r.test, r.test).toMatch(/^# fail 0$/m);
    });
  }

  it('npm start runs the tree in real time and SIGINT shuts it down in reverse start order', async () => {
    const dir = join(root, 'no-scenarios');
    expect(existsSync(join(dir, 'node_modules', '.bin', 'tsx'))).toBe(true);
    // tsx itself, not npm (npm would stand between the signal and the program)
    const child = spawn(join(dir, 'node_modules', '.bin', 'tsx'), ['src/main.ts'], { cwd: dir, env: ENV });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => { stdout += b.toString(); });
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
    const code = await new Promise<number | null>((resolve) => {
      // once the tree is up (its last child started), Ctrl+C
      const poll = setInterval(() => {
        if (/\tstart\trest_sup\/c\t/.test(stdout)) {
          clearInterval(poll);
          child.kill('SIGINT');
        }
      }, 100);
      child.on('exit', (c) => { clearInterval(poll); resolve(c); });
    });
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('SIGINT: shutting down');
    expect(stderr).toContain('stopped');
    const exits = stdout.split('\n').filter((l) => l.split('\t')[2] === 'exit').map((l) => `${l.split('\t')[3]} ${l.split('\t')[4]}`);
    // children in reverse start order, then their supervisor, each with :shutdown
    expect(exits).toEqual(['rest_sup/c :shutdown', 'rest_sup/b :shutdown', 'rest_sup/a :shutdown', 'rest_sup :shutdown']);
  }, 60_000);

  // a few scenarios that stress the real-time driver: host kills at one ms, monitors, load with simulated effects,
  // breaker timers
  const untilOf = (sc: RuntimeSpec['scenarios'][number]) => sc.untilMs ?? Math.max(0, ...sc.commands.map((c) => c.at)) + 2000;
  const REAL_TIME = [
    ['exercise-2-worker-pool', 'every worker at once'],
    ['drill-4-monitors-vs-links', 'demonitor'],
    ['bonus-telemetry', 'measure failure rate'],
    ['capstone-http-client-pool', 'breaker opens and recovers'],
  ] as const;
  it('npm start -- --scenario NAME replays it in real time: the simulator\'s lines (compared as real-time lines are)', async () => {
    const runs = new Map<string, string>();
    await runPool(REAL_TIME, 2, async ([file, name]) => {
      const dir = join(root, file);
      const sc = designs.find((d) => d.file === file)!.spec.scenarios.find((x) => x.name === name)!;
      const r = await run(join(dir, 'node_modules', '.bin', 'tsx'), ['src/main.ts', '--scenario', name, '--for', String(untilOf(sc))], { cwd: dir, env: ENV, timeout: 60_000 });
      runs.set(file, r.stdout);
    });
    for (const [file, name] of REAL_TIME) {
      const spec = designs.find((d) => d.file === file)!.spec;
      const sc = spec.scenarios.find((x) => x.name === name)!;
      const until = untilOf(sc);
      const sim = simulatorLines(spec, sc.commands, until);
      expect(sim.every((l) => Number(l.split('\t')[0]) < until), `${file}: nothing happens at the scenario's end`).toBe(true);
      // what came before the shutdown (which starts at --for)
      const got = (runs.get(file) ?? '').split('\n').filter((l) => /^\d+\t\d+\t/.test(l) && Number(l.split('\t')[0]) < until);
      const design = new Set(flattenSpec(spec).map((c) => c.path));
      const skip = unassertedLines(spec, sc.commands);
      expect(comparableLines(got, sc.commands, design, skip), `${file} / ${name}\n${runs.get(file)}`).toEqual(comparableLines(sim, sc.commands, design, skip));
    }
  }, 120_000);
});
