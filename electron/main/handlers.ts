// The IPC handlers: plain functions over injected services (files, dialogs, recent list, recovery, window state).
// electron/main/index.ts builds the real dependencies; tests pass fakes and a temp folder.
import { basename } from 'node:path';
import type { LaunchState, OpenResult } from '../contract';
import type { Handlers } from './ipc';
import type { DocumentFiles } from './documents';
import type { RecentFiles } from './recent';
import type { RecoveryStore } from './recovery';
import type { CloseGuard } from './close-guard';
import type { OpenQueue } from './open-files';
import { openExternalWithConfirmation, type ExternalDeps } from './security';
import type { Exporter } from './export-folder';
import { documentSaveName } from './dialog-options';
import type { LiveBridge } from './live-bridge';

export interface Dialogs {
  /** The native open dialog (filter .suptree); the chosen path, or null. */
  showOpen: () => Promise<string | null>;
  /** The native save dialog (asks before replacing a file, on every platform); the chosen path, or null. */
  showSave: (suggestedName: string) => Promise<string | null>;
  /** A yes/no question before a save replaces something (`action` labels the yes button); true = go ahead. */
  confirm: (question: { message: string; detail: string; action: string }) => Promise<boolean>;
}

export interface HandlerDeps {
  files: DocumentFiles;
  recent: RecentFiles;
  recovery: RecoveryStore;
  dialogs: Dialogs;
  closeGuard: CloseGuard;
  openQueue: OpenQueue;
  external: ExternalDeps;
  /** Export to disk: a project into a picked folder, one file through the save dialog. */
  exporter: Pick<Exporter, 'saveToFolder' | 'saveFile'>;
  /** Title bar and "edited" marker of the window. */
  showDocumentState: (state: { title: string; dirty: boolean; path: string | null }) => void;
  /** The recent list changed (rebuild the menu). */
  recentChanged: () => void;
  platform: NodeJS.Platform;
  appVersion: string;
  /** The live BEAM bridge (electron/main/live-bridge.ts); absent: its channels answer that it is not available. */
  bridge?: LiveBridge;
  log?: (message: string, detail?: unknown) => void;
}

const PLATFORMS = ['darwin', 'win32', 'linux'] as const;

/**
 * Record a path in the recent list. Best effort: a data folder that cannot be written (full disk, a file where the
 * folder should be, no permission) must never make opening or saving a document fail.
 */
async function remember(deps: Pick<HandlerDeps, 'recent' | 'recentChanged' | 'log'>, path: string): Promise<void> {
  try {
    await deps.recent.add(path);
    deps.recentChanged();
  } catch (error) {
    deps.log?.('could not update the recent files list', error);
  }
}

/** Read a path the user chose and grant it; record it in the recent list when it could be read. Never rejects. */
export async function openChosenPath(deps: Pick<HandlerDeps, 'files' | 'recent' | 'recentChanged' | 'log'>, path: string): Promise<OpenResult> {
  let result: OpenResult;
  try {
    result = await deps.files.read(path);
  } catch (error) {
    result = { ok: false, path, error: `Could not open "${basename(path)}": ${error instanceof Error ? error.message : String(error)}.` };
  }
  if (result.ok) {
    deps.files.grant(result.document.path);
    await remember(deps, result.document.path);
  }
  return result;
}

function liveBridge(deps: HandlerDeps): LiveBridge {
  if (!deps.bridge) throw new Error('The live BEAM bridge is not available in this window.');
  return deps.bridge;
}

export function createHandlers(deps: HandlerDeps): Handlers {
  return {
    'app:rendererReady': async (): Promise<LaunchState> => {
      // A reloaded page (after a crash, or a reload) is offered what the page before it autosaved.
      deps.recovery.releaseOwn();
      deps.closeGuard.pageReady();
      // Each part on its own: a document passed at launch that cannot be opened must not cost the crash recovery.
      const [pendingOpens, recovered] = await Promise.all([
        deps.openQueue.takePending().catch((error: unknown) => {
          deps.log?.('could not open the documents passed at launch', error);
          return [];
        }),
        deps.recovery.list().catch((error: unknown) => {
          deps.log?.('could not list recovered documents', error);
          return [];
        }),
      ]);
      return {
        platform: (PLATFORMS as readonly string[]).includes(deps.platform) ? (deps.platform as LaunchState['platform']) : 'other',
        appVersion: deps.appVersion,
        pendingOpens,
        recovered,
      };
    },

    'file:openDialog': async () => {
      const path = await deps.dialogs.showOpen();
      return path === null ? null : openChosenPath(deps, path);
    },

    'file:read': async ({ path }) => {
      if (!deps.files.isGranted(path) && !(await deps.recent.includes(path))) {
        throw new Error(`"${basename(path)}" was not chosen by the user; open it with File ▸ Open.`);
      }
      return openChosenPath(deps, path);
    },

    'file:save': async ({ path, content }) => {
      if (!deps.files.isGranted(path)) {
        throw new Error(`"${basename(path)}" was not opened or chosen in this session; use Save As.`);
      }
      const question = await deps.files.replaceQuestion(path, 'save');
      if (question && !(await deps.dialogs.confirm(question))) {
        return { ok: false, path, error: `Not saved: ${question.message} The file on disk was not changed.` };
      }
      const result = await deps.files.save(path, content);
      if (result.ok) await remember(deps, result.path);
      return result;
    },

    'file:saveAs': async ({ content, suggestedName }) => {
      // Only a base name from the page: it must not choose the folder (or a dot-file in the home folder).
      const path = await deps.dialogs.showSave(documentSaveName(suggestedName));
      if (path === null) return null;
      const question = await deps.files.replaceQuestion(path, 'saveAs');
      if (question && !(await deps.dialogs.confirm(question))) return null;
      deps.files.grant(path);
      const result = await deps.files.save(path, content, true);
      if (result.ok) await remember(deps, result.path);
      return result;
    },

    'recent:list': () => deps.recent.list(),
    'recent:clear': async () => {
      await deps.recent.clear();
      deps.recentChanged();
    },

    'autosave:write': async (entry) => {
      // Only a path the user chose may be remembered (restoring it grants saving there again).
      if (entry.path !== null && !deps.files.isGranted(entry.path)) throw new Error('Autosave refused: the document path was not chosen by the user.');
      return deps.recovery.write(entry);
    },
    'autosave:clear': ({ docId }) => deps.recovery.clear(docId),
    'recovery:list': () => deps.recovery.list(),
    'recovery:restore': async ({ docId }) => {
      const restored = await deps.recovery.restore(docId);
      if (restored.path) deps.files.grant(restored.path); // the user may save it back where it came from
      return restored;
    },
    'recovery:discard': ({ docId }) => deps.recovery.discard(docId),

    'window:setDocumentState': (state) => {
      deps.closeGuard.setDocumentState(state);
      deps.showDocumentState(state);
    },
    'close:answer': ({ saved }) => deps.closeGuard.answer(saved),
    'shell:openExternal': async ({ url }) => ({ opened: await openExternalWithConfirmation(url, deps.external) }),
    'export:saveToFolder': (args) => deps.exporter.saveToFolder(args),
    'export:saveFile': (args) => deps.exporter.saveFile(args),
    'bridge:attach': (args) => liveBridge(deps).attach(args),
    'bridge:send': (message) => liveBridge(deps).send(message),
    'bridge:detach': () => liveBridge(deps).detach(),
  };
}
