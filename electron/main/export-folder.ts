// Export to disk for the desktop app: a project (many text files) into a folder the user picks, and single files
// (PNG, SVG, zip, design, diagram) through the save dialog.
//
// A project never lands half-written: every file is written (atomically, temp + fsync + rename) into a hidden
// staging folder next to the target, `.<name>.<12 hex>.export-tmp`, and the staging folder is renamed to
// `<name>` only when all files are in it. A failure removes the staging folder and leaves the picked folder as it
// was. An existing non-empty `<name>` is never replaced without asking: the user chooses "Replace" (the old folder
// goes to the system trash once the new one is in place), a new `<name>-2` next to it, or Cancel.
import { basename, dirname, join, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  exportPathProblem, segmentProblem, type ExportFileArgs, type ExportFileResult, type ExportFolderArgs, type ExportFolderResult,
} from '../contract';
import { atomicWrite, syncDirectory } from './atomic';
import { describeFsError, errorCode, type FsLike } from './fs-like';
import type { Log } from './json-file';

export type ReplaceChoice = 'replace' | 'alternative' | 'cancel';

export interface ExporterDeps {
  fs: FsLike;
  /** The native folder picker (open dialog with openDirectory + createDirectory); the chosen folder or null. */
  pickFolder: () => Promise<string | null>;
  /** `<parent>/<name>` exists and is not empty: replace it, write `<alternative>` instead, or cancel. */
  confirmReplace: (info: { name: string; parent: string; alternative: string }) => Promise<ReplaceChoice>;
  /** The native save dialog for one exported file; the chosen path or null. */
  showSave: (suggestedName: string) => Promise<string | null>;
  /** Move a replaced folder to the system trash (throws when there is none). */
  trash: (path: string) => Promise<void>;
  /** Temp-name source (tests). */
  random?: () => string;
  log?: Log;
}

type State = 'missing' | 'empty' | 'full' | 'file';

const STAGING = /^\..+\.[0-9a-f]{12}\.export-(tmp|old)$/;

export class Exporter {
  private readonly random: () => string;

  constructor(private readonly deps: ExporterDeps) {
    this.random = deps.random ?? (() => randomBytes(6).toString('hex'));
  }

  private async state(path: string): Promise<State> {
    try {
      const info = await this.deps.fs.stat(path);
      if (!info.isDirectory()) return 'file';
      return (await this.deps.fs.readdir(path)).length === 0 ? 'empty' : 'full';
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return 'missing';
      throw error;
    }
  }

  /** `<name>-2`, `<name>-3`, … : the first that does not exist in `parent`. */
  private async freeName(parent: string, name: string): Promise<string> {
    for (let i = 2; i < 1000; i++) {
      const candidate = `${name}-${i}`;
      if ((await this.state(join(parent, candidate))) === 'missing') return candidate;
    }
    throw new Error(`there are too many folders named "${name}-…" already`);
  }

  async saveToFolder({ folderName, files }: ExportFolderArgs): Promise<ExportFolderResult | null> {
    // The contract checked these already; checking again costs nothing and keeps this module safe on its own.
    const nameProblem = segmentProblem(folderName);
    if (nameProblem) return { ok: false, error: `Could not export: the folder name has ${nameProblem}.` };
    for (const f of files) {
      const problem = exportPathProblem(f.path);
      if (problem) return { ok: false, error: `Could not export: "${f.path.slice(0, 80)}" is ${problem}.` };
    }
    const picked = await this.deps.pickFolder();
    if (picked === null) return null;
    const parent = resolve(picked);
    const { fs } = this.deps;

    let name = folderName;
    let state: State;
    try {
      state = await this.state(join(parent, name));
      if (state === 'full' || state === 'file') {
        const alternative = await this.freeName(parent, name);
        const choice = state === 'file' ? 'alternative' : await this.deps.confirmReplace({ name, parent, alternative });
        if (choice === 'cancel') return null;
        if (choice === 'alternative') {
          name = alternative;
          state = 'missing';
        }
      }
    } catch (error) {
      return { ok: false, error: `Could not export to "${parent}": ${describeFsError(error)}.` };
    }
    const target = join(parent, name);
    const staging = join(parent, `.${name}.${this.random()}.export-tmp`);
    const fail = (why: string): ExportFolderResult => ({ ok: false, error: `Could not export "${name}": ${why}. Nothing was changed in "${parent}".` });

    // 1. Everything into the staging folder.
    try {
      await fs.mkdir(staging, { recursive: false });
    } catch (error) {
      return fail(describeFsError(error));
    }
    const cleanUp = () => fs.rm(staging, { recursive: true, force: true }).catch((e: unknown) => this.deps.log?.(`could not remove ${staging}`, e));
    for (const f of files) {
      const full = resolve(staging, ...f.path.split('/'));
      if (!full.startsWith(staging + sep)) {
        await cleanUp();
        return fail(`"${f.path}" points outside the project folder`);
      }
      try {
        await fs.mkdir(dirname(full), { recursive: true });
        await atomicWrite(fs, full, f.content, { random: this.random });
      } catch (error) {
        await cleanUp();
        return fail(`writing "${f.path}" failed: ${describeFsError(error)}`);
      }
    }

    // 2. Into place: the rename is the only step that touches `<name>`.
    let backup: string | null = null;
    try {
      if (state === 'empty') await fs.rmdir(target);
      if (state === 'full') {
        backup = join(parent, `.${name}.${this.random()}.export-old`);
        await fs.rename(target, backup);
      }
      await fs.rename(staging, target);
    } catch (error) {
      if (backup) await fs.rename(backup, target).catch((e: unknown) => this.deps.log?.(`could not move ${backup} back to ${target}`, e));
      await cleanUp();
      return fail(describeFsError(error));
    }
    // make the renames durable (a power cut now cannot bring back the old folder or lose the new one)
    await syncDirectory(fs, parent).catch((e: unknown) => this.deps.log?.(`could not fsync ${parent}`, e));
    if (backup) {
      const old = backup;
      await this.deps.trash(old).catch(async (error: unknown) => {
        // no trash here: keep the old files in a visible folder rather than deleting them
        const kept = join(parent, `${name}.replaced-${this.random()}`);
        this.deps.log?.(`could not move ${old} to the trash; kept as ${kept}`, error);
        await fs.rename(old, kept).catch(() => undefined);
      });
    }
    return { ok: true, folder: target, files: files.length, replaced: state === 'full' };
  }

  async saveFile({ suggestedName, content }: ExportFileArgs): Promise<ExportFileResult | null> {
    const chosen = await this.deps.showSave(suggestedName);
    if (chosen === null) return null;
    const path = resolve(chosen);
    try {
      await atomicWrite(this.deps.fs, path, content, { random: this.random });
      return { ok: true, path, name: basename(path) };
    } catch (error) {
      return { ok: false, error: `Could not save "${basename(path)}": ${describeFsError(error)}.` };
    }
  }
}

/** Whether a name is one of our staging or backup folders (`.<name>.<12 hex>.export-tmp|old`). */
export const isExportStagingName = (name: string) => STAGING.test(name);
