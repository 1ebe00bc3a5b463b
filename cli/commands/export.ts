// `supervisor-studio export <file> --lang ts|elixir|mermaid --out DIR [--force]`: write a design as a TypeScript
// project, an Elixir mix project or a Mermaid diagram. The files are written into a fresh folder next to DIR and
// renamed into place at the end, so a failure never leaves a half-written export; a non-empty DIR is refused
// unless --force (then it is replaced as a whole).
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportElixir } from '../../runtime/codegen/elixir';
import { exportMermaid } from '../../runtime/codegen/mermaid';
import { exportTypeScript } from '../../runtime/codegen/typescript';
import { CliError, designCommand, readSpec } from './design-file';

const HELP = `usage: supervisor-studio export <file.suptree> --lang ts|elixir|mermaid [--out DIR] [--force] [--name NAME] [--runtime PATH]

Writes the design as
  ts        a TypeScript project on supervisor-studio/runtime (npm install; npx tsx src/main.ts --all)
  elixir    an Elixir mix project (mix compile; mix scenario --all), no dependencies
  mermaid   a Mermaid flowchart (DIR/<file>.mmd, or stdout without --out)

  --out DIR       the folder to create (refused when it exists and is not empty)
  --force         replace a non-empty DIR
  --name NAME     package name (ts) or OTP application name (elixir); default: from the design's title
  --runtime PATH  the studio folder the TypeScript project depends on (default: this studio)`;

const STUDIO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LANGS: Record<string, 'ts' | 'elixir' | 'mermaid'> = {
  ts: 'ts', typescript: 'ts', elixir: 'elixir', ex: 'elixir', mermaid: 'mermaid', mmd: 'mermaid',
};

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
  runtime: { type: 'string' },
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
      ? exportTypeScript(spec, { runtimeDependency: `file:${resolve(String(values.runtime ?? STUDIO_ROOT))}`, ...(name !== undefined && { packageName: name }) }).files
      : exportElixir(spec, name === undefined ? {} : { appName: name }).files;
    writeTree(out!, files, values.force === true);
  }
  if (out !== undefined) process.stdout.write(`wrote ${out} (${lang})\n`);
  return 0;
});
