// `supervisor-studio export <file> --lang ts|elixir|mermaid --out DIR [--force]`: write a design as a TypeScript
// project, an Elixir mix project or a Mermaid diagram. The files are written into a fresh folder next to DIR and
// renamed into place at the end, so a failure never leaves a half-written export; a non-empty DIR is refused
// unless --force (then it is replaced as a whole).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportElixir } from '../../runtime/codegen/elixir';
import { exportMermaid } from '../../runtime/codegen/mermaid';
import { exportTypeScript } from '../../runtime/codegen/typescript';
import { CliError, designCommand, readSpec } from './design-file';

const HELP = `usage: supervisor-studio export <file.suptree> --lang ts|elixir|mermaid [--out DIR] [--force] [--name NAME]

Writes the design as
  ts        a TypeScript project on @supervisor-studio/runtime, vendored in the project (npm install; npm start; npm test)
  elixir    an Elixir mix project, no dependencies (mix test; mix scenario --all)
  mermaid   a Mermaid flowchart (DIR/<file>.mmd, or stdout without --out)

  --out DIR       the folder to create (refused when it exists and is not empty)
  --force         replace a non-empty DIR
  --name NAME     package name (ts) or OTP application name (elixir); default: from the design's title`;

const STUDIO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LANGS: Record<string, 'ts' | 'elixir' | 'mermaid'> = {
  ts: 'ts', typescript: 'ts', elixir: 'elixir', ex: 'elixir', mermaid: 'mermaid', mmd: 'mermaid',
};

/** The runtime package a TypeScript export vendors: built from this studio's runtime/ by its own build script (in a
 *  scratch folder, removed after), so the export carries exactly the runtime the studio runs. */
function runtimePackage(): Record<string, string> {
  const scratch = mkdtempSync(join(tmpdir(), 'supervisor-studio-runtime-'));
  try {
    const r = spawnSync(process.execPath, [join(STUDIO_ROOT, 'runtime', 'scripts', 'build.mjs'), scratch, '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new CliError(`could not build the runtime package for the export: ${(r.stderr || r.error?.message || '').trim()}`);
    return JSON.parse(r.stdout) as Record<string, string>;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The studio's lockfile packages (the export pins its dev tools to them), if the checkout has one. */
function studioLock(): Record<string, never> | undefined {
  const file = join(STUDIO_ROOT, 'package-lock.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).packages : undefined;
}

/** Write `files` as the folder `out`: into a temporary sibling first, then renamed into place. */
export function writeTree(out: string, files: Record<string, string>, force: boolean): void {
  const target = resolve(out);
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) throw new CliError(`${out} exists and is not a folder.`);
    if (readdirSync(target).length > 0 && !force) throw new CliError(`${out} is not empty; choose another folder or add --force to replace it.`);
  }
  mkdirSync(dirname(target), { recursive: true });
  const tmp = join(dirname(target), `.${basename(target)}.export-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  try {
    for (const [path, text] of Object.entries(files)) {
      const file = join(tmp, path);
      if (!file.startsWith(tmp + '/')) throw new Error(`refusing to write outside the export folder: ${path}`);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
    if (existsSync(target)) {
      const old = `${tmp}.old`;
      renameSync(target, old);
      renameSync(tmp, target);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(tmp, target);
    }
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
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
