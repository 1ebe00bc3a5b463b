// Saves that cannot corrupt: write a temporary file in the same folder, fsync it, rename it over the target.
// A failure at any step leaves the target byte-identical (the rename is the only step that touches it), and the
// temporary file is removed when possible. Saves to one path run one after another (SerialQueue).
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { errorCode, type FileHandleLike, type FsLike } from './fs-like';

export interface AtomicWriteOptions {
  /** Suffix source for the temporary name (injected for tests). */
  random?: () => string;
}

export function tempPathFor(target: string, random: () => string): string {
  return join(dirname(target), `.${basename(target)}.${random()}.tmp`);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Remove temporary files a crashed save left next to `target` (our own naming only: `.<name>.<12 hex>.tmp`).
 * Call it while no save to `target` is running (inside its SerialQueue turn). Best effort: errors are ignored.
 */
export async function removeStaleTemps(fs: FsLike, target: string): Promise<string[]> {
  const pattern = new RegExp(`^\\.${escapeRegExp(basename(target))}\\.[0-9a-f]{12}\\.tmp$`);
  let names: string[];
  try {
    names = await fs.readdir(dirname(target));
  } catch {
    return [];
  }
  const stale = names.filter((n) => pattern.test(n));
  await Promise.all(stale.map((n) => fs.unlink(join(dirname(target), n)).catch(() => undefined)));
  return stale;
}

/**
 * Make a rename in `dir` durable: fsync the folder itself (POSIX). Windows cannot open a folder as a file and
 * makes renames durable by itself, so the errors it gives for that are ignored.
 */
export async function syncDirectory(fs: FsLike, dir: string): Promise<void> {
  let handle: FileHandleLike | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch (error) {
    if (!['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'EBADF'].includes(errorCode(error) ?? '')) throw error;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** What a save would do to an existing file that the user should hear about first. */
export interface ReplaceInfo {
  /** The file the bytes land in (symbolic links resolved): a save through a link keeps the link. */
  target: string;
  exists: boolean;
  /** The current user may not write the file (a save would replace a read-only file). */
  readOnly: boolean;
  /** Other names (hard links) share the file: it is written in place so they see the new content. */
  hardLinks: number;
}

export async function inspectTarget(fs: FsLike, path: string): Promise<ReplaceInfo> {
  let target = resolve(path);
  try {
    target = await fs.realpath(target);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
    return { target, exists: false, readOnly: false, hardLinks: 0 };
  }
  const info = await fs.stat(target);
  // the owner's write bit as well as access(): root may write anything, but a file marked read-only still is
  const readOnly = (info.mode & 0o200) === 0 || !(await fs.writable(target));
  return { target, exists: true, readOnly, hardLinks: Math.max(0, info.nlink - 1) };
}

/**
 * Write `data` to `target` so that a failure at any step leaves the old content readable.
 * - Usually: a temporary file in the same folder, fsync, rename over the target, fsync the folder.
 * - A symbolic link is followed: the file it points to is replaced and the link stays a link.
 * - A text file with other hard links is written in place (so every name sees the new content); its old content is
 *   first copied to a temporary file, put back if the write fails, and left there (named in the error) if even that
 *   fails.
 */
export async function atomicWrite(fs: FsLike, path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const random = options.random ?? (() => randomBytes(6).toString('hex'));
  const { target, exists, hardLinks } = await inspectTarget(fs, path);
  const mode = exists ? (await fs.stat(target)).mode & 0o777 : undefined; // keep the permissions of the file we replace
  if (hardLinks > 0 && typeof data === 'string') return writeInPlace(fs, target, data, tempPathFor(target, random), mode);
  const temp = tempPathFor(target, random);
  await writeNew(fs, temp, data, mode);
  try {
    await fs.rename(temp, target);
  } catch (error) {
    await fs.unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(fs, dirname(target));
}

/** Create `path` (must not exist) with `data`, fsync it; on failure remove what was created. */
async function writeNew(fs: FsLike, path: string, data: string | Uint8Array, mode: number | undefined): Promise<void> {
  let handle: FileHandleLike | undefined;
  let created = false;
  try {
    handle = await fs.open(path, 'wx', mode ?? 0o666);
    created = true;
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
  } catch (error) {
    await handle?.close().catch(() => undefined);
    if (created) await fs.unlink(path).catch(() => undefined); // never remove a file we did not create
    throw error;
  }
}

async function overwrite(fs: FsLike, target: string, data: string | Uint8Array): Promise<void> {
  const handle = await fs.open(target, 'w'); // truncates in place: same inode, every hard link sees it
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close().catch(() => undefined);
  }
}

async function writeInPlace(fs: FsLike, target: string, data: string | Uint8Array, backup: string, mode: number | undefined): Promise<void> {
  const old = await fs.readFile(target, 'utf8');
  await writeNew(fs, backup, old, mode);
  try {
    await overwrite(fs, target, data);
  } catch (error) {
    try {
      await overwrite(fs, target, old);
    } catch {
      throw Object.assign(new Error(`${error instanceof Error ? error.message : String(error)}; the previous content is kept in ${basename(backup)}`), { code: errorCode(error) });
    }
    await fs.unlink(backup).catch(() => undefined);
    throw error;
  }
  await fs.unlink(backup).catch(() => undefined);
}

/** Runs tasks with the same key one at a time, in call order; different keys run independently. */
export class SerialQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const k = resolve(key);
    const previous = this.tails.get(k) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(k, tail);
    void tail.then(() => {
      if (this.tails.get(k) === tail) this.tails.delete(k);
    });
    return result;
  }
}
