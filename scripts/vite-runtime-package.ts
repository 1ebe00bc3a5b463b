// A Vite plugin: the module `virtual:runtime-package` is the runtime package (@supervisor-studio/runtime, built by
// its own build script from runtime/ when the app is built or served) plus the lockfile entries of the dev tools
// an exported TypeScript project pins (tsx, typescript and their dependencies, from the studio's package-lock.json).
// The Export dialog loads it on demand (its own chunk) and vendors it into every TypeScript export, so a desktop or
// browser user's export installs without the studio (docs/export.md).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';
import { toolClosure, type LockPackages } from '../runtime/codegen/lockfile.ts';

const ID = 'virtual:runtime-package';
/** The studio checkout: the nearest folder up from `from` that holds runtime/scripts/build.mjs (a bundled config
 *  file does not sit where its source does, so each config passes its own folder). */
function studioRoot(from: string): string {
  for (let d = from; ; d = dirname(d)) {
    if (existsSync(join(d, 'runtime', 'scripts', 'build.mjs'))) return d;
    if (d === dirname(d)) throw new Error(`runtime/scripts/build.mjs not found above ${from}`);
  }
}

export function runtimePackagePlugin(configDir: string = import.meta.dirname): Plugin {
  const ROOT = studioRoot(configDir);
  let payload: Promise<string> | undefined;
  const build = async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'runtime-package-'));
    try {
      const { buildRuntimePackage } = (await import(/* @vite-ignore */ join(ROOT, 'runtime', 'scripts', 'build.mjs'))) as { buildRuntimePackage(out: string): Promise<Record<string, string>> };
      const files = await buildRuntimePackage(scratch);
      const lock = toolClosure((JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: LockPackages }).packages);
      return `export default ${JSON.stringify({ files, lock })};\n`;
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  };
  return {
    name: 'supervisor-studio:runtime-package',
    resolveId: (id) => (id === ID ? `\0${ID}` : undefined),
    load(id) {
      if (id !== `\0${ID}`) return undefined;
      payload ??= build();
      return payload;
    },
  };
}
