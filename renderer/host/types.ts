// The host API: everything the renderer needs from its surroundings (files, dialogs, menus, window title).
// One interface, two implementations: Electron (over `window.studioDesktop`) and the browser. main.tsx picks one.

/** A document the user opened or saved. `id` is opaque: a path in Electron, a stored handle key in the browser. */
export interface DocRef {
  id: string;
  name: string;
}

export interface OpenedDoc {
  /** null when the document can only be saved by "Save as" (an upload, a recovered untitled document). */
  ref: DocRef | null;
  name: string;
  text: string;
}

/** A file handed over from outside: the document, or why it could not be read. */
export type OpenOutcome = { ok: true; doc: OpenedDoc } | { ok: false; name: string; error: string };

export interface RecentEntry {
  id: string;
  name: string;
  openedAt: number;
}

export interface RecoveryEntry {
  key: string;
  name: string;
  /** The file the recovered document belongs to, if it was ever saved. */
  ref: DocRef | null;
  savedAt: number;
  size: number;
}

export interface LaunchInfo {
  /** Files given at launch (open-with, command line) before the page was ready. */
  opens: OpenOutcome[];
  /** Autosaved documents from a session that did not close cleanly. */
  recovered: RecoveryEntry[];
}

export interface DocumentState {
  title: string;
  dirty: boolean;
  ref: DocRef | null;
}

export interface CloseHandlers {
  /** true when there are unsaved changes. */
  isDirty(): boolean;
  /** Save before closing (Save As for a new document); resolves true when saved. */
  save(): Promise<boolean>;
}

export interface Host {
  readonly kind: 'electron' | 'browser';
  readonly isMac: boolean;
  /** Call once when the page is up. */
  start(): Promise<LaunchInfo>;
  /** Asks the user for a file; null when cancelled. */
  open(): Promise<OpenedDoc | null>;
  openRecent(id: string): Promise<OpenedDoc>;
  /** Writes to the document's own file. */
  save(ref: DocRef, text: string): Promise<DocRef>;
  /** Asks for a place and writes there; null when cancelled. */
  saveAs(text: string, suggestedName: string): Promise<DocRef | null>;
  recent(): Promise<RecentEntry[]>;
  /** Keeps a recovery copy of a dirty document under `key` (one key per open document: letters, digits, - and _). */
  autosave(key: string, doc: { name: string; ref: DocRef | null }, text: string): Promise<void>;
  discardAutosave(key: string): Promise<void>;
  listRecovery(): Promise<RecoveryEntry[]>;
  /** Drops a recovered document the user chose not to restore. */
  discardRecovery(key: string): Promise<void>;
  restoreRecovery(key: string): Promise<OpenedDoc>;
  /** Window title, dirty marker (drives the close prompt). */
  setDocumentState(state: DocumentState): void;
  setCloseHandlers(handlers: CloseHandlers): void;
  /** Menu commands (Electron application menu); returns an unsubscribe function. */
  onMenuCommand(fn: (commandId: string) => void): () => void;
  /** Files handed to the app from outside (open-with, second instance, a file dropped on the window). */
  onOpenFile(fn: (outcome: OpenOutcome) => void): () => void;
  /**
   * Desktop only (absent in the browser, which uses the File System Access API or a zip download): asks for a
   * folder and writes the project into `<folder>/<name>/`, all or nothing; an existing non-empty folder is replaced
   * only if the user agrees. null when cancelled.
   */
  saveExportToFolder?(name: string, files: Record<string, string>): Promise<ExportedFolder | null>;
  /** Desktop only: one exported file (text, or bytes for PNG and zip) through the save dialog; null when cancelled. */
  saveExportFile?(suggestedName: string, content: string | Uint8Array): Promise<DocRef | null>;
}

export interface ExportedFolder {
  /** Where the project was written (absolute path). */
  folder: string;
  files: number;
  /** An existing folder of that name was replaced (its old contents went to the trash). */
  replaced: boolean;
}

export class HostError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'HostError';
  }
}

export const APP_NAME = 'Supervisor Studio';

export const windowTitle = (s: DocumentState) => `${s.dirty ? '● ' : ''}${s.title} — ${APP_NAME}`;
