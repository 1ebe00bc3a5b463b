// The export command in-process (stdout/stderr captured): folders written whole, non-empty folders refused unless
// --force, clear errors for bad options and for designs with errors.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { exportCommand } from './export';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const template = (name: string) => join(root, 'templates', `${name}.suptree`);
let dir = '';
let out = '';
let err = '';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'studio-export-'));
  out = err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const run = (...args: string[]) => exportCommand.run(args);

describe('export', () => {
  it('writes an Elixir mix project into a new folder', async () => {
    expect(await run(template('ch9-one-for-all'), '--lang', 'elixir', '--out', join(dir, 'ex'), '--name', 'all_demo')).toBe(0);
    expect(readFileSync(join(dir, 'ex', 'mix.exs'), 'utf8')).toContain('app: :all_demo');
    expect(existsSync(join(dir, 'ex', 'lib', 'all_demo', 'supervisors', 'all_sup.ex'))).toBe(true);
    expect(readdirSync(dir)).toEqual(['ex']); // no temporary folder left behind
  });

  it('writes a self-contained TypeScript project: the runtime package vendored, no path of this machine', async () => {
    expect(await run(template('ch9-one-for-all'), '--lang', 'ts', '--out', join(dir, 'ts'))).toBe(0);
    const pkg = JSON.parse(readFileSync(join(dir, 'ts', 'package.json'), 'utf8'));
    expect(pkg.dependencies).toEqual({ '@supervisor-studio/runtime': 'file:vendor/supervisor-studio-runtime' });
    const vendored = JSON.parse(readFileSync(join(dir, 'ts', 'vendor', 'supervisor-studio-runtime', 'package.json'), 'utf8'));
    expect(vendored.version).toBe(JSON.parse(readFileSync(join(root, 'runtime', 'package.json'), 'utf8')).version);
    expect(existsSync(join(dir, 'ts', 'vendor', 'supervisor-studio-runtime', 'dist', 'index.js'))).toBe(true);
    expect(readFileSync(join(dir, 'ts', 'package-lock.json'), 'utf8')).not.toContain(root);
    expect(readdirSync(dir)).toEqual(['ts']); // no temporary folder left behind
  });

  it('refuses a non-empty folder without --force and replaces it with --force', async () => {
    mkdirSync(join(dir, 'busy'));
    writeFileSync(join(dir, 'busy', 'keep.txt'), 'mine');
    expect(await run(template('ch9-one-for-all'), '--lang', 'elixir', '--out', join(dir, 'busy'))).toBe(1);
    expect(err).toMatch(/not empty.*--force/);
    expect(readdirSync(join(dir, 'busy'))).toEqual(['keep.txt']);
    expect(await run(template('ch9-one-for-all'), '--lang', 'elixir', '--out', join(dir, 'busy'), '--force')).toBe(0);
    expect(existsSync(join(dir, 'busy', 'keep.txt'))).toBe(false);
    expect(existsSync(join(dir, 'busy', 'mix.exs'))).toBe(true);
    expect(readdirSync(dir)).toEqual(['busy']);
  });

  it('prints Mermaid without --out, or writes <name>.mmd', async () => {
    expect(await run(template('ch9-rest-for-one'), '--lang', 'mermaid')).toBe(0);
    expect(out).toMatch(/^flowchart TD\n/);
    expect(await run(template('ch9-rest-for-one'), '--lang', 'mermaid', '--out', join(dir, 'm'))).toBe(0);
    expect(readFileSync(join(dir, 'm', 'ch9-rest-for-one.mmd'), 'utf8')).toMatch(/rest_sup/);
  });

  it('explains bad options (exit 2) and bad designs (exit 1) and writes nothing', async () => {
    expect(await run(template('ch9-one-for-all'), '--lang', 'cobol', '--out', join(dir, 'x'))).toBe(2);
    expect(err).toMatch(/--lang must be ts, elixir or mermaid \(got "cobol"\)/);
    expect(await run(template('ch9-one-for-all'), '--lang', 'ts')).toBe(2);
    expect(err).toMatch(/--out DIR is required/);
    const bad = join(dir, 'bad.suptree');
    const doc = JSON.parse(readFileSync(template('ch9-one-for-all'), 'utf8'));
    doc.nodes[1].name = 'Not Valid';
    writeFileSync(bad, JSON.stringify(doc));
    expect(await run(bad, '--lang', 'elixir', '--out', join(dir, 'y'))).toBe(1);
    expect(err).toMatch(/has errors/);
    writeFileSync(join(dir, 'corrupt.suptree'), '{"format": "supervisor-studio", "version": 99}');
    expect(await run(join(dir, 'corrupt.suptree'), '--lang', 'elixir', '--out', join(dir, 'z'))).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['bad.suptree', 'corrupt.suptree']);
  });
});
