// The one list of IPC channels between the renderer and the Electron main process, with zod schemas for every
// argument, result and event payload. The preload exposes `StudioDesktopApi` on `window.studioDesktop` (named
// methods only); the main process validates every call against these schemas in one wrapper (electron/main/ipc.ts).
//
// Conventions
// - Every invoke channel takes exactly one argument (an object, or `undefined` for no argument).
// - On the wire, main answers with an envelope `{ ok: true, value } | { ok: false, error }`; the preload unwraps it,
//   so a refused or failed call rejects the renderer's promise with an `Error(error)` whose message is meant for
//   people. Expected failures the renderer must show (a save that did not happen) are part of the result instead.
// - Paths are absolute file-system paths chosen by the user (dialog, recent list, open-with); the main process
//   only reads and writes paths it handed to the renderer itself.
import { z } from 'zod';

/** The name of the object the preload puts on `window` (`window.studioDesktop`). */
export const DESKTOP_API_KEY = 'studioDesktop';

/** The file extension of Supervisor Studio documents, without the dot. */
export const DOCUMENT_EXTENSION = 'suptree';

/** Largest document accepted over IPC and read from disk (characters / bytes). */
export const MAX_DOCUMENT_CHARS = 20 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------------------------
// Shared value schemas

const absolutePath = z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'path contains a NUL character');
const documentText = z.string().max(MAX_DOCUMENT_CHARS, 'document is too large');
/** Identifies one open document across autosaves (the renderer makes it up, e.g. a UUID). */
const docId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'docId must be 1-64 letters, digits, _ or -');

/** Commands the application menu (and its accelerators) sends to the renderer. */
export const MenuCommand = z.enum([
  // File
  'new', 'open', 'save', 'saveAs', 'export',
  // Edit (cut/copy/paste/selectAll are native roles: the page receives ordinary clipboard events)
  'undo', 'redo', 'delete', 'duplicate',
  // View
  'zoomIn', 'zoomOut', 'fitView', 'toggleTheme', 'togglePalette', 'toggleInspector', 'toggleBottomPanel',
  // Run
  'validate', 'run', 'pause', 'step', 'stop',
  // Help
  'showShortcuts', 'about',
]);
export type MenuCommand = z.infer<typeof MenuCommand>;

/** A document read from disk. `content` is the raw text; the renderer parses it (runtime/design). */
export const OpenedDocument = z.object({
  path: absolutePath,
  /** File name without folders, for titles and tabs. */
  name: z.string(),
  content: documentText,
});
export type OpenedDocument = z.infer<typeof OpenedDocument>;

/** Result of reading a document: the document, or a message saying why it could not be read. */
export const OpenResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), document: OpenedDocument }),
  z.object({ ok: z.literal(false), path: z.string(), error: z.string() }),
]);
export type OpenResult = z.infer<typeof OpenResult>;

/** Result of a save: where it went, or why it failed (the old file is then untouched). */
export const SaveResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), path: absolutePath, name: z.string(), savedAt: z.number() }),
  z.object({ ok: z.literal(false), path: z.string(), error: z.string() }),
]);
export type SaveResult = z.infer<typeof SaveResult>;

export const RecentFile = z.object({ path: absolutePath, name: z.string(), openedAt: z.number() });
export type RecentFile = z.infer<typeof RecentFile>;

/** One autosaved copy of a dirty document, kept in `userData/recovery/` until saved, discarded or restored. */
export const RecoveredDocument = z.object({
  docId,
  /** The file the document belongs to, or null for a document never saved. */
  path: absolutePath.nullable(),
  title: z.string().max(500),
  savedAt: z.number(),
  /** Size of the autosaved text in characters. */
  size: z.number().int().nonnegative(),
});
export type RecoveredDocument = z.infer<typeof RecoveredDocument>;

export const RestoredDocument = RecoveredDocument.omit({ size: true }).extend({ content: documentText });
export type RestoredDocument = z.infer<typeof RestoredDocument>;

/** What the renderer learns once, when it says it is ready (events before that are queued, not lost). */
export const LaunchState = z.object({
  platform: z.enum(['darwin', 'win32', 'linux', 'other']),
  appVersion: z.string(),
  /** Documents given on the command line or via open-with before the renderer was ready. */
  pendingOpens: z.array(OpenResult),
  /** Autosaved documents left by a session that did not close cleanly; offer to restore them. */
  recovered: z.array(RecoveredDocument),
});
export type LaunchState = z.infer<typeof LaunchState>;

// ---------------------------------------------------------------------------------------------------------------
// Invoke channels: renderer → main, one argument, one result.

const none = z.undefined();
const empty = z.void();

export const INVOKE = {
  /** Say the page is up; returns launch state (queued opens, recovered documents). Call once per page load. */
  'app:rendererReady': { args: none, result: LaunchState },
  /** Show the native open dialog and read the chosen file; null when cancelled. Adds it to recent files. */
  'file:openDialog': { args: none, result: OpenResult.nullable() },
  /** Read a document the user chose before (recent files, open-with). */
  'file:read': { args: z.object({ path: absolutePath }), result: OpenResult },
  /** Atomically write a document to a path it was opened from or saved to. Saves to one path run one at a time. */
  'file:save': { args: z.object({ path: absolutePath, content: documentText }), result: SaveResult },
  /** Show the native save dialog, then save there; null when cancelled. */
  'file:saveAs': {
    args: z.object({ content: documentText, suggestedName: z.string().max(255).optional() }),
    result: SaveResult.nullable(),
  },
  'recent:list': { args: none, result: z.array(RecentFile) },
  'recent:clear': { args: none, result: empty },
  /** Store the current text of a dirty document for crash recovery (written atomically). */
  'autosave:write': {
    args: z.object({ docId, path: absolutePath.nullable(), title: z.string().max(500), content: documentText }),
    result: empty,
  },
  /** Forget the autosaved copy (after a save, or when the document is closed without saving). */
  'autosave:clear': { args: z.object({ docId }), result: empty },
  'recovery:list': { args: none, result: z.array(RecoveredDocument) },
  /** Read a recovered document's text (it stays in the recovery folder until cleared or discarded). */
  'recovery:restore': { args: z.object({ docId }), result: RestoredDocument },
  'recovery:discard': { args: z.object({ docId }), result: empty },
  /** Tell main the window title and whether there are unsaved changes (drives the close prompt). */
  'window:setDocumentState': {
    args: z.object({ title: z.string().max(500), dirty: z.boolean(), path: absolutePath.nullable() }),
    result: empty,
  },
  /**
   * Answer a `close:saveRequested` event: `saved: true` after the document was saved (the window then closes),
   * `saved: false` if the save was cancelled or failed (the window stays open).
   */
  'close:answer': { args: z.object({ saved: z.boolean() }), result: empty },
  /** Open an https URL in the system browser after the user confirms; anything else is refused. */
  'shell:openExternal': { args: z.object({ url: z.string().max(2048) }), result: z.object({ opened: z.boolean() }) },
} as const;

export type InvokeChannel = keyof typeof INVOKE;
export type InvokeArgs<C extends InvokeChannel> = z.input<(typeof INVOKE)[C]['args']>;
export type InvokeResult<C extends InvokeChannel> = z.output<(typeof INVOKE)[C]['result']>;

/** The wire envelope main answers every invoke with. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: string };

// ---------------------------------------------------------------------------------------------------------------
// Events: main → renderer.

export const EVENTS = {
  /** A menu item or its accelerator was used. */
  'menu:command': z.object({ command: MenuCommand }),
  /** A document was opened from outside the page (open-with, second launch, File ▸ Open Recent). */
  'file:opened': OpenResult,
  /**
   * The user chose "Save" in the unsaved-changes prompt while closing. Save (showing Save As for a new document),
   * then call `answerClose({ saved })`.
   */
  'close:saveRequested': z.object({}),
} as const;

export type EventChannel = keyof typeof EVENTS;
export type EventPayload<E extends EventChannel> = z.output<(typeof EVENTS)[E]>;

// ---------------------------------------------------------------------------------------------------------------
// The API the preload exposes as `window.studioDesktop` (electron/preload/index.ts maps each method to its channel).

/** Stops listening. */
export type Unsubscribe = () => void;

export interface StudioDesktopApi {
  rendererReady(): Promise<LaunchState>;
  openDocumentDialog(): Promise<OpenResult | null>;
  readDocument(args: InvokeArgs<'file:read'>): Promise<OpenResult>;
  saveDocument(args: InvokeArgs<'file:save'>): Promise<SaveResult>;
  saveDocumentAs(args: InvokeArgs<'file:saveAs'>): Promise<SaveResult | null>;
  listRecentFiles(): Promise<RecentFile[]>;
  clearRecentFiles(): Promise<void>;
  writeAutosave(args: InvokeArgs<'autosave:write'>): Promise<void>;
  clearAutosave(args: InvokeArgs<'autosave:clear'>): Promise<void>;
  listRecovered(): Promise<RecoveredDocument[]>;
  restoreRecovered(args: InvokeArgs<'recovery:restore'>): Promise<RestoredDocument>;
  discardRecovered(args: InvokeArgs<'recovery:discard'>): Promise<void>;
  setDocumentState(args: InvokeArgs<'window:setDocumentState'>): Promise<void>;
  answerClose(args: InvokeArgs<'close:answer'>): Promise<void>;
  openExternal(args: InvokeArgs<'shell:openExternal'>): Promise<{ opened: boolean }>;
  onMenuCommand(listener: (command: MenuCommand) => void): Unsubscribe;
  onFileOpened(listener: (result: OpenResult) => void): Unsubscribe;
  onCloseSaveRequested(listener: () => void): Unsubscribe;
}
