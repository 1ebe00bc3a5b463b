#!/usr/bin/env node
// Builds the package @supervisor-studio/runtime: tsc compiles index.ts and everything it imports to ESM JavaScript
// and .d.ts, then tsc-alias gives every relative import its full path (`./kernel/index.js`), as Node's ESM loader
// and browsers require. `node scripts/build.mjs [OUT]` writes OUT/dist (default: runtime/dist); run by
// `npm run build -w runtime` and before `npm pack` / `npm publish` (prepack); `--json` prints the package's files. `buildRuntimePackage(dir)` is the same
// for the studio's exporters and tests: it returns the package's files (package.json, README.md, examples/, dist/**) as text.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { replaceTscAliasPaths } from 'tsc-alias';

const dir = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

/** Build into `out/dist` (replaced) and return the package's files, path → text. */
export async function buildRuntimePackage(out = dir) {
  const outDir = join(out, 'dist');
  rmSync(outDir, { recursive: true, force: true });
  // a throwaway tsconfig next to the real one (same folder, so `extends` and `files` resolve the same)
  const project = join(dir, `.tsconfig.build-${process.pid}-${Date.now()}.json`);
  writeFileSync(project, JSON.stringify({ extends: './tsconfig.build.json', compilerOptions: { outDir } }));
  try {
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', project], { encoding: 'utf8' });
    if (tsc.status !== 0) throw new Error(`tsc failed building the runtime package:\n${tsc.stdout}${tsc.stderr}`);
    await replaceTscAliasPaths({ configFile: project, outDir, resolveFullPaths: true });
  } finally {
    rmSync(project, { force: true });
  }
  const pkg = readFileSync(join(dir, 'package.json'), 'utf8');
  const { version } = JSON.parse(pkg);
  // the version the code reports must be the package's
  if (!readFileSync(join(outDir, 'index.js'), 'utf8').includes(`RUNTIME_VERSION = '${version}'`)) {
    throw new Error(`runtime/index.ts RUNTIME_VERSION differs from runtime/package.json version ${version}`);
  }
  const files = { 'package.json': pkg, 'README.md': readFileSync(join(dir, 'README.md'), 'utf8') };
  for (const f of readdirSync(join(dir, 'examples'))) files[`examples/${f}`] = readFileSync(join(dir, 'examples', f), 'utf8');
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files[relative(out, p).split('\\').join('/')] = readFileSync(p, 'utf8');
    }
  };
  walk(outDir);
  return files;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const json = process.argv.includes('--json'); // print the files as JSON (for the studio's CLI export)
  const out = process.argv.slice(2).find((a) => a !== '--json') ?? dir;
  try {
    const files = await buildRuntimePackage(out);
    if (json) process.stdout.write(JSON.stringify(files));
    else console.log(`built @supervisor-studio/runtime ${JSON.parse(files['package.json']).version} into ${join(out, 'dist')} (${Object.keys(files).length - 2} files)`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
