// The export command in-process (stdout/stderr captured): folders written whole, non-empty folders refused unless
// --force, clear errors for bad options and for designs with errors.
import * as fs from 'node:fs';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CliError } from './design-file';
import { MANIFEST, exportCommand, writeTree, type ExportIo } from './export';

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

  it('refuses a non-empty folder without --force; --force replaces only what an earlier export wrote', async () => {
    mkdirSync(join(dir, 'busy', 'lib'), { recursive: true });
    writeFileSync(join(dir, 'busy', 'keep.txt'), 'mine');
    writeFileSync(join(dir, 'busy', 'lib', 'notes.md'), 'my notes');
    expect(await run(template('ch9-one-for-all'), '--lang', 'elixir', '--out', join(dir, 'busy'))).toBe(1);
    expect(err).toMatch(/not empty.*--force/);
    expect(readdirSync(join(dir, 'busy')).sort()).toEqual(['keep.txt', 'lib']);
    expect(await run(template('ch9-one-for-all'), '--lang', 'elixir', '--out', join(dir, 'busy'), '--force')).toBe(0);
    expect(readFileSync(join(dir, 'busy', 'keep.txt'), 'utf8')).toBe('mine'); // not ours: kept
    expect(readFileSync(join(dir, 'busy', 'lib', 'notes.md'), 'utf8')).toBe('my notes');
    expect(existsSync(join(dir, 'busy', 'mix.exs'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'busy', MANIFEST), 'utf8')).files['mix.exs']).toMatch(/^[0-9a-f]{64}$/);
    expect(readdirSync(dir)).toEqual(['busy']); // no staging folder left behind
    expect(readdirSync(join(dir, 'busy')).filter((n) => n.includes('.tmp'))).toEqual([]);
    // a second export (another app name) replaces its own files and removes the ones it no longer writes
    const before = readdirSync(join(dir, 'busy', 'lib')).filter((n) => n !== 'notes.md');
    expect(before.length).toBeGreaterThan(0);
    expect(before.some((n) => n.includes('other_app'))).toBe(false);
    expect(await run(template('ch9-one-for-all'), '--lang', 'elixir', '--out', join(dir, 'busy'), '--force', '--name', 'other_app')).toBe(0);
    const after = readdirSync(join(dir, 'busy', 'lib')).filter((n) => n !== 'notes.md');
    expect(after.sort()).toEqual(['mix', 'other_app', 'other_app.ex']); // the first export's app files are gone
    expect(existsSync(join(dir, 'busy', 'lib', 'notes.md'))).toBe(true);
    expect(readFileSync(join(dir, 'busy', 'keep.txt'), 'utf8')).toBe('mine');
  });

  it('--force never overwrites a file it did not write, nor one edited since the last export', async () => {
    const busy = join(dir, 'proj');
    mkdirSync(busy);
    writeFileSync(join(busy, 'mix.exs'), '# my own mix file');
    expect(await run(template('ch9-one-for-all'), '--lang', 'elixir', '--out', busy, '--force')).toBe(1);
    expect(err).toMatch(/would overwrite a file the export did not write:\n {2}mix\.exs\n/);
    expect(readdirSync(busy)).toEqual(['mix.exs']);
    expect(readFileSync(join(busy, 'mix.exs'), 'utf8')).toBe('# my own mix file');
    rmSync(join(busy, 'mix.exs'));
    expect(await run(template('ch9-one-for-all'), '--lang', 'elixir', '--out', busy, '--force')).toBe(0);
    writeFileSync(join(busy, 'mix.exs'), '# edited after the export');
    err = '';
    expect(await run(template('ch9-one-for-all'), '--lang', 'elixir', '--out', busy, '--force', '--name', 'renamed')).toBe(1);
    expect(err).toMatch(/mix\.exs \(edited since the last export\)/);
    expect(readFileSync(join(busy, 'mix.exs'), 'utf8')).toBe('# edited after the export');
  });

  it('refuses the file-system root, the home folder and a folder holding a .git, even with --force', async () => {
    expect(await run(template('ch9-one-for-all'), '--lang', 'mermaid', '--out', '/', '--force')).toBe(1);
    expect(err.trim()).toBe('Will not export into /: it is the root of the file system.');
    const repo = join(dir, 'repo');
    mkdirSync(join(repo, '.git'), { recursive: true });
    writeFileSync(join(repo, 'README.md'), 'readme');
    err = '';
    expect(await run(template('ch9-one-for-all'), '--lang', 'mermaid', '--out', repo, '--force')).toBe(1);
    expect(err).toMatch(/holds a \.git/);
    expect(readdirSync(repo).sort()).toEqual(['.git', 'README.md']);
    const home = join(dir, 'home');
    mkdirSync(join(home, 'docs'), { recursive: true });
    expect(() => writeTree(home, { 'a.txt': 'x' }, true, fs, home)).toThrow(/it is your home folder/);
    expect(() => writeTree(dir, { 'a.txt': 'x' }, true, fs, home)).toThrow(/it holds your home folder/);
    expect(readdirSync(home)).toEqual(['docs']);
  });

  it('a full or read-only disk is a one-line error and leaves nothing behind', () => {
    const failing = (code: string, op: keyof ExportIo): ExportIo => ({
      ...fs,
      [op]: () => {
        throw Object.assign(new Error(`${code}: simulated, ${op}`), { code });
      },
    });
    for (const [code, op, why] of [['ENOSPC', 'writeSync', 'the disk is full'], ['EROFS', 'mkdirSync', 'the disk is read-only'], ['EACCES', 'openSync', 'permission denied']] as const) {
      for (const target of [join(dir, 'fresh'), join(dir, 'full')]) {
        if (target.endsWith('full')) {
          mkdirSync(target, { recursive: true });
          writeFileSync(join(target, 'mine.txt'), 'mine');
        }
        let error: unknown;
        try {
          writeTree(target, { 'a/b.txt': 'text' }, true, failing(code, op));
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(CliError);
        expect((error as Error).message).toBe(`Could not export to ${target}: ${why}. Nothing else in the folder was changed.`);
      }
      expect(readdirSync(dir).sort()).toEqual(['full']);
      expect(readdirSync(join(dir, 'full'))).toEqual(['mine.txt']);
    }
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
