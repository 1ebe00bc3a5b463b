// Helpers for the main-process unit tests (not part of the app bundle: nothing in index.ts imports this file).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFs, type FileHandleLike, type FsLike } from './fs-like';

/** A fresh temp folder and a function removing it. */
export function tempFolder(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'studio-main-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** An errno-style error, as Node's fs throws them. */
export function fsError(code: string, message = code): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

/** The real file system with some operations replaced (to inject failures). */
export function faultyFs(overrides: Partial<FsLike> & { handle?: (real: FileHandleLike) => FileHandleLike }): FsLike {
  const { handle, ...rest } = overrides;
  return {
    ...nodeFs,
    open: async (path, flags, mode) => {
      const real = await nodeFs.open(path, flags, mode);
      return handle ? handle(real) : real;
    },
    ...rest,
  };
}
