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

export async function atomicWrite(fs: FsLike, target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const random = options.random ?? (() => randomBytes(6).toString('hex'));
  const temp = tempPathFor(target, random);
  let mode: number | undefined;
  try {
    mode = (await fs.stat(target)).mode & 0o777; // keep the permissions of the file we replace
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
  let handle: FileHandleLike | undefined;
  let created = false;
  try {
    handle = await fs.open(temp, 'wx', mode ?? 0o666);
    created = true;
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(temp, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    if (created) await fs.unlink(temp).catch(() => undefined); // never remove a file we did not create
    throw error;
  }
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
