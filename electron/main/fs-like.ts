// The slice of `node:fs/promises` the main-process services use. Injected everywhere so tests can run on a temp
// folder with failures switched in (a rename that fails, a disk that fills up, a crash between write and rename).
import { constants as fsConstants } from 'node:fs';
import * as fsp from 'node:fs/promises';

export interface FileHandleLike {
  writeFile(data: string | Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface FsLike {
  open(path: string, flags: string, mode?: number): Promise<FileHandleLike>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  stat(path: string): Promise<{ size: number; mode: number; nlink: number; isFile(): boolean; isDirectory(): boolean }>;
  /** The path with every symbolic link resolved (ENOENT when it, or a link's target, does not exist). */
  realpath(path: string): Promise<string>;
  /** Whether the current user may write the file (access W_OK); false when it is read-only for us. */
  writable(path: string): Promise<boolean>;
  /** `recursive: false` fails with EEXIST when the folder exists (used to claim a fresh temporary folder). */
  mkdir(path: string, options: { recursive: boolean }): Promise<unknown>;
  readdir(path: string): Promise<string[]>;
  /** Remove an empty folder. */
  rmdir(path: string): Promise<void>;
  /** Remove a file or a whole folder (only our own temporary folders are removed this way). */
  rm(path: string, options: { recursive: true; force: true }): Promise<void>;
}

/** The real file system. */
export const nodeFs: FsLike = {
  open: (path, flags, mode) => fsp.open(path, flags, mode),
  rename: (from, to) => fsp.rename(from, to),
  unlink: (path) => fsp.unlink(path),
  readFile: (path, encoding) => fsp.readFile(path, encoding),
  stat: (path) => fsp.stat(path),
  realpath: (path) => fsp.realpath(path),
  writable: (path) => fsp.access(path, fsConstants.W_OK).then(() => true, () => false),
  mkdir: (path, options) => fsp.mkdir(path, options),
  readdir: (path) => fsp.readdir(path),
  rmdir: (path) => fsp.rmdir(path),
  rm: (path, options) => fsp.rm(path, options),
};

/** The errno code of a file-system error, if any. */
export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

/** A sentence for people saying why a file operation failed. */
export function describeFsError(error: unknown): string {
  switch (errorCode(error)) {
    case 'ENOSPC': return 'the disk is full';
    case 'EDQUOT': return 'the disk quota is exceeded';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EROFS': return 'the disk is read-only';
    case 'ENOENT': return 'the file or its folder does not exist';
    case 'EISDIR': return 'it is a folder, not a file';
    case 'EBUSY': return 'the file is in use by another program';
    case 'ENOTDIR': return 'a file is in the way of a folder';
    case 'ENAMETOOLONG': return 'the path is too long';
    case 'EMFILE': case 'ENFILE': return 'too many files are open';
    default: return error instanceof Error ? error.message : String(error);
  }
}
