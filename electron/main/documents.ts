// Reading and saving documents for the renderer. The renderer may only read and write paths the user chose
// (dialog, recent list, open-with): every such path is granted here first. A save never replaces a file whose
// current content is not a JSON object (a document that failed to parse is never overwritten), and a failed save
// leaves the old file as it was and says why.
import { basename, resolve } from 'node:path';
import { MAX_DOCUMENT_CHARS, type OpenResult, type SaveResult } from '../contract';
import { atomicWrite, inspectTarget, removeStaleTemps, SerialQueue } from './atomic';
import { describeFsError, errorCode, type FsLike } from './fs-like';

export interface DocumentFilesDeps {
  fs: FsLike;
  now: () => number;
  /** Temp-name source for atomic writes (tests). */
  random?: () => string;
}

export class DocumentFiles {
  private readonly granted = new Set<string>();
  private readonly queue = new SerialQueue();

  constructor(private readonly deps: DocumentFilesDeps) {}

  /** Allow the renderer to read and save this path (the user chose it). */
  grant(path: string): string {
    const p = resolve(path);
    this.granted.add(p);
    return p;
  }

  isGranted(path: string): boolean {
    return this.granted.has(resolve(path));
  }

  /** Read a document; errors become an `ok: false` result with a sentence for people. */
  async read(path: string): Promise<OpenResult> {
    const p = resolve(path);
    const name = basename(p);
    try {
      const info = await this.deps.fs.stat(p);
      if (!info.isFile()) return { ok: false, path: p, error: `Could not open "${name}": it is not a file.` };
      if (info.size > MAX_DOCUMENT_CHARS) {
        return { ok: false, path: p, error: `Could not open "${name}": it is larger than ${MAX_DOCUMENT_CHARS / 1024 / 1024} MB.` };
      }
      const content = await this.deps.fs.readFile(p, 'utf8');
      return { ok: true, document: { path: p, name, content } };
    } catch (error) {
      return { ok: false, path: p, error: `Could not open "${name}": ${describeFsError(error)}.` };
    }
  }

  /**
   * Save to a path. With `replaceAnything` false (plain Save) an existing file is only replaced when it holds a
   * JSON object, so a file the app could not parse is never overwritten by accident; Save As passes
   * true once the user confirmed the replacement (the system dialog, and `replaceQuestion` for a file that is not a
   * design or is read-only).
   */
  save(path: string, content: string, replaceAnything = false): Promise<SaveResult> {
    const p = resolve(path);
    const name = basename(p);
    return this.queue.run(p, async (): Promise<SaveResult> => {
      const fail = (why: string): SaveResult => ({ ok: false, path: p, error: `Could not save "${name}": ${why}. The file on disk was not changed.` });
      if (!replaceAnything) {
        const refusal = await this.overwriteRefusal(p);
        if (refusal) return fail(refusal);
      }
      try {
        await atomicWrite(this.deps.fs, p, content, { random: this.deps.random });
      } catch (error) {
        return fail(describeFsError(error));
      }
      await removeStaleTemps(this.deps.fs, p); // left by a save that was cut off (crash, power loss)
      this.granted.add(p);
      return { ok: true, path: p, name, savedAt: this.deps.now() };
    });
  }

  /**
   * What the user must agree to before this save replaces an existing file, as a question for a dialog, or null.
   * Both saves ask before replacing a read-only file; Save As also asks before replacing a file that is not a
   * Supervisor Studio document (the system dialog only asked "replace?", not "replace your notes with a design?").
   */
  async replaceQuestion(path: string, kind: 'save' | 'saveAs'): Promise<{ message: string; detail: string; action: string } | null> {
    let info;
    try {
      info = await inspectTarget(this.deps.fs, path);
    } catch {
      return null; // the save itself reports what is wrong with the path
    }
    if (!info.exists) return null;
    const name = basename(path);
    if (kind === 'saveAs' && (await this.overwriteRefusal(info.target, true)) !== null) {
      return {
        message: `“${name}” is not a Supervisor Studio design.`,
        detail: 'Replacing it loses its current content. Choose another name to keep it.',
        action: 'Replace',
      };
    }
    if (info.readOnly) {
      return {
        message: `“${name}” is read-only.`,
        detail: 'Saving replaces it with a new file that is also read-only. Cancel to keep the file as it is.',
        action: 'Replace',
      };
    }
    return null;
  }

  /** Why `p` must not be replaced by a plain Save (`strict`: unless it is a Supervisor Studio design), or null. */
  private async overwriteRefusal(p: string, strict = false): Promise<string | null> {
    let existing: string;
    try {
      existing = await this.deps.fs.readFile(p, 'utf8');
    } catch (error) {
      return errorCode(error) === 'ENOENT' ? null : describeFsError(error);
    }
    try {
      const parsed: unknown = JSON.parse(existing);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        && (!strict || (parsed as { format?: unknown }).format === 'supervisor-studio')) return null;
    } catch {
      // fall through
    }
    return 'the file on disk is not a Supervisor Studio document (it could not be parsed), so it is not overwritten; use Save As';
  }
}
