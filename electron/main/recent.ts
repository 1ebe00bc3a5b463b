// The recent-files list: newest first, no duplicates, at most `limit` entries, files that no longer exist dropped
// when the list is read. Kept in userData/recent-files.json.
import { basename, resolve } from 'node:path';
import { z } from 'zod';
import { RecentFile } from '../contract';
import type { FsLike } from './fs-like';
import { readJsonFile, writeJsonFile, type Log } from './json-file';
import { SerialQueue } from './atomic';

const RecentFileList = z.array(RecentFile);

export interface RecentFilesDeps {
  fs: FsLike;
  file: string;
  now: () => number;
  limit?: number;
  log?: Log;
}

export class RecentFiles {
  private readonly queue = new SerialQueue();
  constructor(private readonly deps: RecentFilesDeps) {}

  private get limit(): number {
    return this.deps.limit ?? 10;
  }

  private load(): Promise<RecentFile[]> {
    return readJsonFile(this.deps.fs, this.deps.file, RecentFileList, this.deps.log).then((l) => l ?? []);
  }

  private update(change: (list: RecentFile[]) => Promise<RecentFile[]> | RecentFile[]): Promise<RecentFile[]> {
    return this.queue.run(this.deps.file, async () => {
      const before = await this.load();
      const after = (await change(before)).slice(0, this.limit);
      if (JSON.stringify(before) !== JSON.stringify(after)) await writeJsonFile(this.deps.fs, this.deps.file, after);
      return after;
    });
  }

  /** Put a path at the top of the list. */
  add(path: string): Promise<RecentFile[]> {
    const p = resolve(path);
    return this.update((list) => [{ path: p, name: basename(p), openedAt: this.deps.now() }, ...list.filter((r) => r.path !== p)]);
  }

  /** The list, without files that no longer exist (those are also removed from disk). */
  list(): Promise<RecentFile[]> {
    return this.update(async (list) => {
      const exists = await Promise.all(list.map((r) => this.deps.fs.stat(r.path).then((s) => s.isFile(), () => false)));
      return list.filter((_, i) => exists[i]);
    });
  }

  async includes(path: string): Promise<boolean> {
    const p = resolve(path);
    return (await this.load()).some((r) => r.path === p);
  }

  clear(): Promise<RecentFile[]> {
    return this.update(() => []);
  }
}
