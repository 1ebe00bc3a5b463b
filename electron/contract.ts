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
import { MENU_COMMAND_IDS } from './menu-keys';
import { BridgeMessage, ClientMessage, NODE_NAME } from '../bridge/protocol';

export { BridgeMessage, ClientMessage, LiveEvent } from '../bridge/protocol';
export type { LiveProcess, LiveTree } from '../bridge/protocol';

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

/** Commands the application menu (and its accelerators) sends to the renderer (ids and keys: menu-keys.ts). */
export const MenuCommand = z.enum(MENU_COMMAND_IDS);
export type MenuCommand = z.infer<typeof MenuCommand>;
export { MENU_KEYS, keysOf, menuKeyOf, toAccelerator } from './menu-keys';

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
// Export: a project written into a folder the user picks, and single files (images, a zip, a design) through the
// save dialog. Paths inside an export are relative, `/`-separated, and safe on every platform.

/** Most files in one exported project. */
export const MAX_EXPORT_FILES = 2000;
/** Largest exported text file, and all text files of one project together (characters). */
export const MAX_EXPORT_FILE_CHARS = 20 * 1024 * 1024;
export const MAX_EXPORT_TOTAL_CHARS = 64 * 1024 * 1024;
/** Largest single exported file (bytes): a PNG, a zip. */
export const MAX_EXPORT_BYTES = 64 * 1024 * 1024;
/** Longest relative path in an export, and longest path segment. */
export const MAX_EXPORT_PATH = 512;
const MAX_SEGMENT = 128;

/** Windows device names, refused as a file or folder name with or without an extension (`con`, `nul.txt`). */
const RESERVED_WINDOWS = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;
// eslint-disable-next-line no-control-regex
const BAD_CHARS = /[\u0000-\u001f\u007f<>:"|?*\\/]/;

/** Why one file or folder name is unsafe, or null when it is fine everywhere (Linux, macOS, Windows). */
export function segmentProblem(segment: string): string | null {
  if (segment.length === 0) return 'an empty name';
  if (segment.length > MAX_SEGMENT) return `a name longer than ${MAX_SEGMENT} characters`;
  if (segment === '.' || segment === '..') return `"${segment}" (paths must stay inside the export)`;
  if (segment.includes('\0')) return 'a NUL character';
  if (BAD_CHARS.test(segment)) return 'a character not allowed in file names (control, < > : " | ? * / or \\)';
  if (/[. ]$/.test(segment)) return 'a name ending in a dot or a space';
  if (RESERVED_WINDOWS.test(segment)) return `a reserved Windows device name ("${segment}")`;
  return null;
}

/** Why a relative export path is unsafe, or null. Absolute paths, `..`, `\`, drive letters, NUL are refused. */
export function exportPathProblem(path: string): string | null {
  if (path.length === 0) return 'an empty path';
  if (path.length > MAX_EXPORT_PATH) return `a path longer than ${MAX_EXPORT_PATH} characters`;
  if (path.startsWith('/')) return 'an absolute path';
  for (const segment of path.split('/')) {
    const problem = segmentProblem(segment);
    if (problem) return problem;
  }
  return null;
}

const safeName = z.string().superRefine((s, ctx) => {
  const problem = segmentProblem(s);
  if (problem) ctx.addIssue({ code: 'custom', message: `unsafe name: ${problem}` });
});
const exportPath = z.string().superRefine((s, ctx) => {
  const problem = exportPathProblem(s);
  if (problem) ctx.addIssue({ code: 'custom', message: `unsafe path ${JSON.stringify(s.slice(0, 80))}: ${problem}` });
});

export const ExportFile = z.object({ path: exportPath, content: z.string().max(MAX_EXPORT_FILE_CHARS, 'file is too large') });
export type ExportFile = z.infer<typeof ExportFile>;

/** A project to write into `<picked folder>/<folderName>/`. */
export const ExportFolderArgs = z.object({
  folderName: safeName,
  files: z.array(ExportFile).min(1, 'nothing to export').max(MAX_EXPORT_FILES, 'too many files'),
}).superRefine(({ files }, ctx) => {
  let total = 0;
  const seen = new Map<string, string>();
  for (const f of files) {
    total += f.content.length;
    // one name per file on case-insensitive disks too (macOS, Windows)
    const key = f.path.toLowerCase();
    if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['files'], message: `"${f.path}" appears twice` });
    seen.set(key, f.path);
  }
  for (const key of seen.keys()) {
    // a path that is a file cannot also be a folder of another file ("a" and "a/b")
    const parts = key.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (seen.has(dir)) ctx.addIssue({ code: 'custom', path: ['files'], message: `"${seen.get(dir)}" is both a file and a folder` });
    }
  }
  if (total > MAX_EXPORT_TOTAL_CHARS) ctx.addIssue({ code: 'custom', path: ['files'], message: 'the export is too large' });
});
export type ExportFolderArgs = z.infer<typeof ExportFolderArgs>;

export const ExportFolderResult = z.discriminatedUnion('ok', [
  /** `folder`: the absolute path written; `replaced`: an existing folder was replaced (after the user agreed). */
  z.object({ ok: z.literal(true), folder: absolutePath, files: z.number().int().nonnegative(), replaced: z.boolean() }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type ExportFolderResult = z.infer<typeof ExportFolderResult>;

/** File types a single exported file may have, and whether its content is bytes (else text). */
export const EXPORT_FILE_TYPES = {
  png: { bytes: true, label: 'PNG image', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  zip: { bytes: true, label: 'Zip archive', magic: [0x50, 0x4b, 0x03, 0x04] },
  svg: { bytes: false, label: 'SVG image' },
  suptree: { bytes: false, label: 'Supervisor Studio design' },
  mmd: { bytes: false, label: 'Mermaid diagram' },
  json: { bytes: false, label: 'JSON' },
} as const satisfies Record<string, { bytes: boolean; label: string; magic?: readonly number[] }>;
export type ExportFileType = keyof typeof EXPORT_FILE_TYPES;

/** One file through the save dialog: text for text types, bytes (`Uint8Array`) for PNG and zip. */
export const ExportFileArgs = z.object({
  suggestedName: safeName,
  content: z.union([
    z.string().max(MAX_EXPORT_FILE_CHARS, 'file is too large'),
    z.custom<Uint8Array>((b) => b instanceof Uint8Array, 'expected text or bytes (Uint8Array)')
      .refine((b) => b.byteLength <= MAX_EXPORT_BYTES, 'file is too large'),
  ]),
}).superRefine(({ suggestedName, content }, ctx) => {
  const ext = suggestedName.slice(suggestedName.lastIndexOf('.') + 1).toLowerCase();
  const type = Object.hasOwn(EXPORT_FILE_TYPES, ext) ? EXPORT_FILE_TYPES[ext as ExportFileType] : undefined;
  if (suggestedName.lastIndexOf('.') < 1 || !type) {
    ctx.addIssue({ code: 'custom', path: ['suggestedName'], message: `unsupported file type (${Object.keys(EXPORT_FILE_TYPES).join(', ')})` });
    return;
  }
  if (type.bytes !== (typeof content !== 'string')) {
    ctx.addIssue({ code: 'custom', path: ['content'], message: `a ${type.label} must be sent as ${type.bytes ? 'bytes' : 'text'}` });
    return;
  }
  if ('magic' in type && content instanceof Uint8Array && !type.magic.every((b, i) => content[i] === b)) {
    ctx.addIssue({ code: 'custom', path: ['content'], message: `not a ${type.label}` });
  }
});
export type ExportFileArgs = z.infer<typeof ExportFileArgs>;

export const ExportFileResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), path: absolutePath, name: z.string() }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type ExportFileResult = z.infer<typeof ExportFileResult>;

// ---------------------------------------------------------------------------------------------------------------
// Invoke channels: renderer → main, one argument, one result.

const none = z.undefined();
const empty = z.void();

/** Attach the live BEAM bridge to running nodes (one cluster, one cookie). The cookie stays in the main process:
 *  handed to the bridge's hidden node in its environment, never sent back, logged or written. */
export const BridgeAttachArgs = z.object({
  nodes: z.array(z.string().regex(NODE_NAME, 'a node name is name@host')).min(1, 'name at least one node').max(16),
  cookie: z.string().min(1, 'the cookie is required').max(1024).regex(/^[^\s\0]+$/, 'a cookie has no spaces'),
});
export type BridgeAttachArgs = z.infer<typeof BridgeAttachArgs>;

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
  /**
   * Ask for a folder (folder picker) and write the project into `<folder>/<folderName>/`: staged in a temporary
   * folder next to it and moved into place only when every file is written. An existing non-empty folder of that
   * name is replaced only after the user confirms (or the project goes to a new `<folderName>-2`); null when
   * cancelled.
   */
  'export:saveToFolder': { args: ExportFolderArgs, result: ExportFolderResult.nullable() },
  /** Show the save dialog for one exported file (image, zip, design, diagram) and write it atomically; null when cancelled. */
  'export:saveFile': { args: ExportFileArgs, result: ExportFileResult.nullable() },
  /**
   * Live BEAM (bridge/): attach to running nodes (replacing an earlier attachment); the bridge's messages then
   * arrive as `bridge:message` events, starting with `hello`. Resolves once every node is attached.
   */
  'bridge:attach': { args: BridgeAttachArgs, result: z.object({ nodes: z.array(z.string()) }) },
  /** One client message of the bridge protocol (bridge/server.ts: tree, unlock, command, run, stop, compare);
   *  answers arrive as `bridge:message` events. Without an attachment, a bridge that attaches to nothing is started
   *  (it can `run` and `compare` designs). */
  'bridge:send': { args: ClientMessage, result: empty },
  /** Detach from every node (the agents removed) and stop every node a `run` started. */
  'bridge:detach': { args: none, result: empty },
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
  /** A message of the live BEAM bridge (bridge/protocol.ts BridgeMessage), checked before it is sent. */
  'bridge:message': BridgeMessage,
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
  saveExportToFolder(args: InvokeArgs<'export:saveToFolder'>): Promise<ExportFolderResult | null>;
  saveExportFile(args: InvokeArgs<'export:saveFile'>): Promise<ExportFileResult | null>;
  onMenuCommand(listener: (command: MenuCommand) => void): Unsubscribe;
  onFileOpened(listener: (result: OpenResult) => void): Unsubscribe;
  onCloseSaveRequested(listener: () => void): Unsubscribe;
  attachBridge(args: InvokeArgs<'bridge:attach'>): Promise<{ nodes: string[] }>;
  sendToBridge(args: InvokeArgs<'bridge:send'>): Promise<void>;
  detachBridge(): Promise<void>;
  onBridgeMessage(listener: (message: BridgeMessage) => void): Unsubscribe;
}
