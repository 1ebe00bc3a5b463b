// Crash recovery. The renderer pushes the text of each dirty document every few seconds; each lands atomically in
// userData/recovery/<docId>.json. Saving or closing a document clears its entry, a clean exit clears the entries of
// its own session, so whatever is left at the next launch came from a session that did not close cleanly (or was
// offered and neither restored nor discarded) and is offered to the user.
import { join } from 'node:path';
import { z } from 'zod';
import { RecoveredDocument, RestoredDocument } from '../contract';
import { SerialQueue } from './atomic';
import { errorCode, type FsLike } from './fs-like';
import { readJsonFile, writeJsonFile, type Log } from './json-file';

const Entry = RestoredDocument;
type Entry = z.infer<typeof Entry>;

export interface RecoveryDeps {
  fs: FsLike;
  /** The recovery folder (userData/recovery). */
  dir: string;
  now: () => number;
  log?: Log;
}

export class RecoveryStore {
  private readonly queue = new SerialQueue();
  /** Entries written by this process: not "recovered", and cleared on a clean exit. */
  private readonly ownEntries = new Set<string>();

  constructor(private readonly deps: RecoveryDeps) {}

  private file(docId: string): string {
    return join(this.deps.dir, `${docId}.json`);
  }

  write(entry: { docId: string; path: string | null; title: string; content: string }): Promise<void> {
    this.ownEntries.add(entry.docId);
    const value: Entry = { ...entry, savedAt: this.deps.now() };
    return this.queue.run(this.file(entry.docId), () => writeJsonFile(this.deps.fs, this.file(entry.docId), value));
  }

  clear(docId: string): Promise<void> {
    this.ownEntries.delete(docId);
    return this.queue.run(this.file(docId), async () => {
      await this.deps.fs.unlink(this.file(docId)).catch((error) => {
        if (errorCode(error) !== 'ENOENT') throw error;
      });
    });
  }

  /** Documents left by earlier sessions, newest first (entries of this session are not listed). */
  async list(): Promise<RecoveredDocument[]> {
    let names: string[];
    try {
      names = await this.deps.fs.readdir(this.deps.dir);
    } catch {
      return [];
    }
    const entries = await Promise.all(
      names
        .filter((n) => n.endsWith('.json') && !this.ownEntries.has(n.slice(0, -5)))
        .map((n) => readJsonFile(this.deps.fs, join(this.deps.dir, n), Entry, this.deps.log)),
    );
    return entries
      .filter((e): e is Entry => e !== undefined && !this.ownEntries.has(e.docId))
      .map(({ content, ...rest }) => ({ ...rest, size: content.length }))
      .sort((a, b) => b.savedAt - a.savedAt);
  }

  /** The text of a recovered document; it stays in the folder until cleared or discarded. */
  async restore(docId: string): Promise<RestoredDocument> {
    const entry = await readJsonFile(this.deps.fs, this.file(docId), Entry, this.deps.log);
    if (!entry || entry.docId !== docId) throw new Error(`There is no recovered document "${docId}".`);
    return entry;
  }

  discard(docId: string): Promise<void> {
    return this.clear(docId);
  }

  /**
   * A new page is starting (first load, reload, or after the page crashed): what the previous page autosaved is
   * now "recovered" too, so the new page is offered it.
   */
  releaseOwn(): void {
    this.ownEntries.clear();
  }

  /** On a clean exit: forget what this session autosaved (earlier sessions' entries stay on offer). */
  async clearOwn(): Promise<void> {
    await Promise.all([...this.ownEntries].map((id) => this.clear(id)));
  }
}
