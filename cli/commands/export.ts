// `supervisor-studio export <file> --lang ts|elixir|mermaid --out DIR [--force]`: write a design as a TypeScript
// project, an Elixir mix project or a Mermaid diagram.
//
// Export never deletes or overwrites a file it did not write (issue 15):
//  - a new or empty DIR: every file is written (and fsynced) into a hidden staging folder next to DIR, which is then
//    renamed into place, so a failure never leaves a half-written export;
//  - a non-empty DIR needs --force, and then only the export's own files are replaced: DIR/.supervisor-studio-export.json
//    lists what the last export wrote (with a hash of each file). A file the export would write that is not its own
//    (or that was edited since) is a conflict: nothing is written and the conflicts are listed. Files of the last
//    export that the new one no longer has are removed only when they are unchanged. Everything else in DIR stays.
//  - the file-system root, the home folder (and its parents) and a folder holding a .git are always refused.
// Files and folders are fsynced; a full or read-only disk is a one-line error naming the problem.
import { spawnSync } from 'node:child_process';
import * as nodeFs from 'node:fs';
import { tmpdir } from 'node:os';
import { createHash, randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import { basename, dirname, join, parse as parsePath, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportElixir } from '../../runtime/codegen/elixir';
import { exportMermaid } from '../../runtime/codegen/mermaid';
import { exportTypeScript } from '../../runtime/codegen/typescript';
import { describeFsError, errorCode } from '../lib/fs-errors';
import { CliError, designCommand, readSpec } from './design-file';

const HELP = `usage: supervisor-studio export <file.suptree> --lang ts|elixir|mermaid [--out DIR] [--force] [--name NAME]

Writes the design as
  ts        a TypeScript project on @supervisor-studio/runtime, vendored in the project (npm install; npm start; npm test)
  elixir    an Elixir mix project, no dependencies (mix test; mix scenario --all)
  mermaid   a Mermaid flowchart (DIR/<file>.mmd, or stdout without --out)

  --out DIR       the folder to create (refused when it exists and is not empty)
  --force         export into a non-empty DIR: replaces only the files an earlier export wrote there (listed in
                  DIR/${'.supervisor-studio-export.json'}); any other file is kept, and a file the export would
                  overwrite that it did not write (or that was edited since) stops the export
  --name NAME     package name (ts) or OTP application name (elixir); default: from the design's title

Never exports into the file-system root, the home folder or a folder holding a .git.`;

const STUDIO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LANGS: Record<string, 'ts' | 'elixir' | 'mermaid'> = {
  ts: 'ts', typescript: 'ts', elixir: 'elixir', ex: 'elixir', mermaid: 'mermaid', mmd: 'mermaid',
};

/** The runtime package a TypeScript export vendors: built from this studio's runtime/ by its own build script (in a
 *  scratch folder, removed after), so the export carries exactly the runtime the studio runs. */
function runtimePackage(): Record<string, string> {
  const scratch = nodeFs.mkdtempSync(join(tmpdir(), 'supervisor-studio-runtime-'));
  try {
    const r = spawnSync(process.execPath, [join(STUDIO_ROOT, 'runtime', 'scripts', 'build.mjs'), scratch, '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new CliError(`could not build the runtime package for the export: ${(r.stderr || r.error?.message || '').trim()}`);
    return JSON.parse(r.stdout) as Record<string, string>;
  } finally {
    nodeFs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** The studio's lockfile packages (the export pins its dev tools to them), if the checkout has one. */
function studioLock(): Record<string, never> | undefined {
  const file = join(STUDIO_ROOT, 'package-lock.json');
  return nodeFs.existsSync(file) ? JSON.parse(nodeFs.readFileSync(file, 'utf8')).packages : undefined;
}

/** The export's record of what it wrote into a folder: relative path → sha256 of the content. */
export const MANIFEST = '.supervisor-studio-export.json';

/** The file-system calls writeTree makes (injected by tests to fill the disk or make it read-only). */
export type ExportIo = Pick<typeof nodeFs,
  'openSync' | 'writeSync' | 'fsyncSync' | 'closeSync' | 'renameSync' | 'mkdirSync' | 'rmSync' | 'readdirSync'
  | 'lstatSync' | 'readFileSync' | 'unlinkSync' | 'rmdirSync' | 'realpathSync'>;

const sha = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

/** Write `path` and fsync it (the content is on disk before any rename makes it visible). */
function writeDurable(io: ExportIo, path: string, text: string): void {
  const fd = io.openSync(path, 'wx', 0o644);
  try {
    const data = Buffer.from(text, 'utf8');
    let off = 0;
    while (off < data.length) off += io.writeSync(fd, data, off, data.length - off);
    io.fsyncSync(fd);
  } finally {
    io.closeSync(fd);
  }
}

/** fsync a folder, so renames and removals in it survive a crash. Folders that cannot be opened are skipped. */
function syncDir(io: ExportIo, dir: string): void {
  let fd: number;
  try {
    fd = io.openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    io.fsyncSync(fd);
  } catch (e) {
    if (errorCode(e) !== 'EINVAL' && errorCode(e) !== 'EBADF') throw e; // some file systems cannot fsync folders
  } finally {
    io.closeSync(fd);
  }
}

function kindOf(io: ExportIo, path: string): 'missing' | 'file' | 'dir' | 'other' {
  try {
    const st = io.lstatSync(path);
    return st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return 'missing';
    throw e;
  }
}

const realOr = (io: ExportIo, p: string) => {
  try {
    return io.realpathSync(p);
  } catch {
    return p;
  }
};

/** Why `target` must never be an export folder, or null. */
export function refusedFolder(io: ExportIo, target: string, home = homedir()): string | null {
  const real = realOr(io, target);
  if (real === parsePath(real).root) return 'it is the root of the file system';
  const realHome = realOr(io, resolve(home));
  if (real === realHome) return 'it is your home folder';
  if (realHome.startsWith(real.endsWith(sep) ? real : real + sep)) return 'it holds your home folder';
  if (kindOf(io, join(real, '.git')) !== 'missing') return 'it holds a .git (a repository); export into a new folder instead';
  return null;
}

function readManifest(io: ExportIo, target: string): Map<string, string> {
  const own = new Map<string, string>();
  let raw: unknown;
  try {
    raw = JSON.parse(io.readFileSync(join(target, MANIFEST), 'utf8') as string);
  } catch {
    return own; // no earlier export here (or its record is unreadable): nothing in the folder counts as ours
  }
  const files = (raw as { files?: unknown })?.files;
  if (files && typeof files === 'object' && !Array.isArray(files)) {
    for (const [path, hash] of Object.entries(files)) if (typeof hash === 'string') own.set(path, hash);
  }
  return own;
}

const manifestText = (files: Record<string, string>) =>
  `${JSON.stringify({ note: 'Files written by supervisor-studio export; export --force replaces only these.', files: Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)).map(([p, text]) => [p, sha(text)])) }, null, 2)}\n`;

/** Every file path inside `root`, refusing paths that leave it. */
function checkedPaths(root: string, files: Record<string, string>): void {
  for (const path of Object.keys(files)) {
    const full = resolve(root, path);
    if (!full.startsWith(root + sep) || relative(root, full) !== path.split('/').join(sep) || path === MANIFEST) {
      throw new CliError(`refusing to write outside the export folder: ${path}`);
    }
  }
}

/**
 * Write `files` (relative path → text) as the folder `out`. A new or empty folder is written whole (staged, then
 * renamed); a non-empty one needs `force` and then gets only the export's own files replaced (see the top).
 */
export function writeTree(out: string, files: Record<string, string>, force: boolean, io: ExportIo = nodeFs, home = homedir()): void {
  const target = resolve(out);
  try {
    writeTreeUnchecked(out, target, files, force, io, home);
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`Could not export to ${out}: ${describeFsError(e)}.${errorCode(e) ? ' Nothing else in the folder was changed.' : ''}`);
  }
}

function writeTreeUnchecked(out: string, target: string, files: Record<string, string>, force: boolean, io: ExportIo, home: string): void {
  const refused = refusedFolder(io, target, home);
  if (refused) throw new CliError(`Will not export into ${out}: ${refused}.`);
  checkedPaths(target, files);
  const kind = kindOf(io, target);
  if (kind === 'file' || kind === 'other') throw new CliError(`${out} exists and is not a folder.`);
  const empty = kind === 'missing' || io.readdirSync(target).length === 0;
  if (!empty && !force) throw new CliError(`${out} is not empty; choose another folder or add --force to replace the files an earlier export wrote there.`);
  const all = new Map([...Object.entries(files), [MANIFEST, manifestText(files)]]);

  if (empty) {
    // the whole folder at once: stage next to it, then rename (a rename replaces an empty folder)
    io.mkdirSync(dirname(target), { recursive: true });
    const stage = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.export-tmp`);
    io.mkdirSync(stage);
    try {
      stageFiles(io, stage, all);
      io.renameSync(stage, target);
    } catch (e) {
      io.rmSync(stage, { recursive: true, force: true }); // our own staging folder only
      throw e;
    }
    syncDir(io, dirname(target));
    return;
  }

  // --force into a non-empty folder: only our own files
  const own = readManifest(io, target);
  const conflicts: string[] = [];
  for (const path of all.keys()) {
    if (path === MANIFEST) continue;
    const full = join(target, path);
    // every existing folder on the way must be a real folder (a link could point anywhere)
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const k = kindOf(io, join(target, ...parts.slice(0, i)));
      if (k !== 'missing' && k !== 'dir') {
        conflicts.push(`${parts.slice(0, i).join('/')} (not a folder)`);
        break;
      }
    }
    const k = kindOf(io, full);
    if (k === 'missing') continue;
    if (k !== 'file') {
      conflicts.push(`${path} (not a file)`);
      continue;
    }
    const hash = sha(io.readFileSync(full) as Buffer);
    if (hash === sha(all.get(path)!)) continue; // same content: replacing it changes nothing
    if (own.get(path) !== hash) conflicts.push(own.has(path) ? `${path} (edited since the last export)` : path);
  }
  if (conflicts.length) {
    const shown = conflicts.slice(0, 8).map((c) => `  ${c}`).join('\n');
    throw new CliError(`Will not export into ${out}: it would overwrite ${conflicts.length === 1 ? 'a file' : `${conflicts.length} files`} the export did not write:\n${shown}${conflicts.length > 8 ? `\n  … and ${conflicts.length - 8} more` : ''}\nMove ${conflicts.length === 1 ? 'it' : 'them'} away or choose another folder. Nothing was written.`);
  }
  const stage = join(target, `.supervisor-studio-export.${randomBytes(6).toString('hex')}.tmp`);
  io.mkdirSync(stage);
  try {
    stageFiles(io, stage, all);
    // each file renamed into place (same folder tree, same disk); the manifest last
    const dirs = new Set<string>();
    for (const path of [...Object.keys(files), MANIFEST]) {
      const full = join(target, path);
      io.mkdirSync(dirname(full), { recursive: true });
      io.renameSync(join(stage, path), full);
      dirs.add(dirname(full));
    }
    // files of the last export that this one no longer has, if unchanged since
    for (const [path, hash] of own) {
      if (all.has(path)) continue;
      const full = resolve(target, path);
      if (!full.startsWith(target + sep) || kindOf(io, full) !== 'file' || sha(io.readFileSync(full) as Buffer) !== hash) continue;
      io.unlinkSync(full);
      dirs.add(dirname(full));
      for (let d = dirname(full); d !== target && d.startsWith(target + sep); d = dirname(d)) {
        try {
          io.rmdirSync(d); // only when it became empty
        } catch {
          break;
        }
      }
    }
    for (const d of dirs) if (kindOf(io, d) === 'dir') syncDir(io, d);
  } finally {
    io.rmSync(stage, { recursive: true, force: true }); // our own staging folder only
  }
}

function stageFiles(io: ExportIo, stage: string, all: Map<string, string>): void {
  const dirs = new Set<string>([stage]);
  for (const [path, text] of all) {
    const file = join(stage, path);
    io.mkdirSync(dirname(file), { recursive: true });
    dirs.add(dirname(file));
    writeDurable(io, file, text);
  }
  for (const d of dirs) syncDir(io, d);
}

export const exportCommand = designCommand('export a design as a TypeScript project, an Elixir mix project or Mermaid', HELP, {
  lang: { type: 'string', short: 'l' },
  out: { type: 'string', short: 'o' },
  force: { type: 'boolean' },
  name: { type: 'string' },
}, ({ file, values }) => {
  const lang = LANGS[String(values.lang ?? '')];
  if (!lang) throw new CliError(`--lang must be ts, elixir or mermaid${values.lang === undefined ? '' : ` (got ${JSON.stringify(values.lang)})`}\n\n${HELP}`, 2);
  const out = values.out as string | undefined;
  if (out === undefined && lang !== 'mermaid') throw new CliError(`--out DIR is required for --lang ${lang}\n\n${HELP}`, 2);
  const spec = readSpec(file);
  const name = values.name as string | undefined;
  if (lang === 'mermaid') {
    const text = exportMermaid(spec);
    if (out === undefined) process.stdout.write(text);
    else writeTree(out, { [`${basename(file).replace(/\.suptree$/, '')}.mmd`]: text }, values.force === true);
  } else {
    const files = lang === 'ts'
      ? exportTypeScript(spec, { runtimePackage: runtimePackage(), toolLock: studioLock(), ...(name !== undefined && { packageName: name }) }).files
      : exportElixir(spec, name === undefined ? {} : { appName: name }).files;
    writeTree(out!, files, values.force === true);
  }
  if (out !== undefined) process.stdout.write(`wrote ${out} (${lang})\n`);
  return 0;
});
