// The Electron implementation of the host, over the preload's `window.studioDesktop` (electron/contract.ts).
// Only types come from electron/; the renderer never touches ipcRenderer.
import type { OpenResult, RecoveredDocument, SaveResult, StudioDesktopApi } from '../../electron/contract';
import { HostError, windowTitle, type CloseHandlers, type DocRef, type Host, type OpenOutcome, type OpenedDoc, type RecoveryEntry } from './types';

const refOf = (path: string, name: string): DocRef => ({ id: path, name });

function toOutcome(r: OpenResult): OpenOutcome {
  if (r.ok) return { ok: true, doc: { ref: refOf(r.document.path, r.document.name), name: r.document.name, text: r.document.content } };
  return { ok: false, name: r.path.split(/[\\/]/).pop() || r.path, error: r.error };
}

function docOrThrow(r: OpenResult): OpenedDoc {
  const o = toOutcome(r);
  if (!o.ok) throw new HostError(o.error);
  return o.doc;
}

function savedOrThrow(r: SaveResult): DocRef {
  if (!r.ok) throw new HostError(r.error);
  return refOf(r.path, r.name);
}

const toRecovery = (r: RecoveredDocument): RecoveryEntry => ({
  key: r.docId,
  name: r.title,
  ref: r.path ? refOf(r.path, r.path.split(/[\\/]/).pop() || r.title) : null,
  savedAt: r.savedAt,
  size: r.size,
});

export function createElectronHost(api: StudioDesktopApi, platform: string): Host {
  let close: CloseHandlers = { isDirty: () => false, save: async () => false };
  api.onCloseSaveRequested(() => {
    close.save().then(
      (saved) => api.answerClose({ saved }),
      () => api.answerClose({ saved: false }),
    );
  });

  return {
    kind: 'electron',
    isMac: platform === 'darwin',

    async start() {
      const launch = await api.rendererReady();
      return { opens: launch.pendingOpens.map(toOutcome), recovered: launch.recovered.map(toRecovery) };
    },
    async open() {
      const r = await api.openDocumentDialog();
      return r ? docOrThrow(r) : null;
    },
    async openRecent(id) {
      return docOrThrow(await api.readDocument({ path: id }));
    },
    async save(ref, text) {
      return savedOrThrow(await api.saveDocument({ path: ref.id, content: text }));
    },
    async saveAs(text, suggestedName) {
      const r = await api.saveDocumentAs({ content: text, suggestedName });
      return r ? savedOrThrow(r) : null;
    },
    async recent() {
      return (await api.listRecentFiles()).map((f) => ({ id: f.path, name: f.name, openedAt: f.openedAt }));
    },
    autosave(key, doc, text) {
      return api.writeAutosave({ docId: key, path: doc.ref?.id ?? null, title: doc.name, content: text });
    },
    discardAutosave(key) {
      return api.clearAutosave({ docId: key });
    },
    discardRecovery(key) {
      return api.discardRecovered({ docId: key });
    },
    async listRecovery() {
      return (await api.listRecovered()).map(toRecovery);
    },
    async restoreRecovery(key) {
      const r = await api.restoreRecovered({ docId: key });
      return { ref: r.path ? refOf(r.path, r.path.split(/[\\/]/).pop() || r.title) : null, name: r.title, text: r.content };
    },
    setDocumentState(state) {
      document.title = windowTitle(state);
      void api.setDocumentState({ title: state.title, dirty: state.dirty, path: state.ref?.id ?? null });
    },
    setCloseHandlers(handlers) {
      close = handlers;
    },
    onMenuCommand(fn) {
      return api.onMenuCommand((c) => fn(c));
    },
    onOpenFile(fn) {
      return api.onFileOpened((r) => fn(toOutcome(r)));
    },
    async saveExportToFolder(name, files) {
      const r = await api.saveExportToFolder({ folderName: name, files: Object.entries(files).map(([path, content]) => ({ path, content })) });
      if (r === null) return null;
      if (!r.ok) throw new HostError(r.error);
      return { folder: r.folder, files: r.files, replaced: r.replaced };
    },
    async saveExportFile(suggestedName, content) {
      const r = await api.saveExportFile({ suggestedName, content });
      if (r === null) return null;
      if (!r.ok) throw new HostError(r.error);
      return refOf(r.path, r.name);
    },
  };
}
