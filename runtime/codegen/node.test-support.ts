// The runtime package for tests that export TypeScript projects: built once per test file into a scratch folder
// by the package's own build (runtime/scripts/build.mjs), and the studio's lockfile for the dev tools' pins.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LockPackages } from './lockfile';

export const STUDIO = join(import.meta.dirname, '..', '..');

let built: Promise<Record<string, string>> | undefined;
/** The package's files (package.json, README.md, dist/**), path → text. */
export function runtimePackage(): Promise<Record<string, string>> {
  built ??= (async () => {
    const { buildRuntimePackage } = (await import(join(STUDIO, 'runtime', 'scripts', 'build.mjs'))) as { buildRuntimePackage(out: string): Promise<Record<string, string>> };
    const scratch = mkdtempSync(join(tmpdir(), 'runtime-build-'));
    try {
      return await buildRuntimePackage(scratch);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  })();
  return built;
}

/** The studio's package-lock.json `packages`. */
export const studioLock = (): LockPackages => JSON.parse(readFileSync(join(STUDIO, 'package-lock.json'), 'utf8')).packages;
