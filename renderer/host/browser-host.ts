// The browser implementation of the host: File System Access handles (kept in IndexedDB for "recent") or
// upload/download, IndexedDB autosave and recovery, `beforeunload` for unsaved changes, files dropped on the window.
import {
  HostError, windowTitle, type CloseHandlers, type DocRef, type Host, type OpenedDoc, type RecentEntry, type RecoveryEntry,
} from './types';
import type { KeyValueStore } from './kv-store';
import type { FileHandleLike, FilePicker } from './browser-files';

const MAX_RECENT = 10;

interface StoredRecent {
  name: string;
  openedAt: number;
  /** Only for documents without a handle (uploads, downloads): a copy of the text so "recent" can reopen them. */
  text?: string;
}

interface StoredRecovery {
  name: string;
  ref: DocRef | null;
  savedAt: number;
  text: string;
}

export interface BrowserWindowLike {
  setTitle(title: string): void;
  /** Registers a check run before the page unloads; true asks the browser to confirm leaving. */
  onBeforeUnload(check: () => boolean): void;
  /** Files dropped on the window. */
  onDropFile(fn: (file: { name: string; text: string }) => void): () => void;
}

export interface BrowserHostDeps {
  store: KeyValueStore;
  files: FilePicker;
  win: BrowserWindowLike;
  now?: () => number;
  newId?: () => string;
  isMac?: boolean;
}

export function createBrowserHost(deps: BrowserHostDeps): Host {
  const { store, files, win } = deps;
  const now = deps.now ?? Date.now;
  const newId = deps.newId ?? (() => crypto.randomUUID());

  async function remember(id: string, name: string, text?: string) {
    await store.put<StoredRecent>('recent', id, { name, openedAt: now(), ...(text !== undefined ? { text } : {}) });
    const all = await store.entries<StoredRecent>('recent');
    const stale = all.sort((a, b) => b[1].openedAt - a[1].openedAt).slice(MAX_RECENT);
    for (const [key] of stale) {
      await store.delete('recent', key);
      await store.delete('handles', key);
    }
  }

  async function ensurePermission(handle: FileHandleLike) {
    if (!handle.queryPermission) return;
    if ((await handle.queryPermission({ mode: 'readwrite' })) === 'granted') return;
    const state = await handle.requestPermission?.({ mode: 'readwrite' });
    if (state !== 'granted') throw new HostError(`Permission to use "${handle.name}" was not granted.`);
  }

  async function keepHandle(handle: FileHandleLike): Promise<DocRef> {
    const id = newId();
    await store.put('handles', id, handle);
    return { id, name: handle.name };
  }

  let close: CloseHandlers = { isDirty: () => false, save: async () => false };
  win.onBeforeUnload(() => close.isDirty());

  async function listRecovery(): Promise<RecoveryEntry[]> {
    const all = await store.entries<StoredRecovery>('recovery');
    return all
      .map(([key, r]) => ({ key, name: r.name, ref: r.ref, savedAt: r.savedAt, size: r.text.length }))
      .sort((a, b) => b.savedAt - a.savedAt);
  }

  return {
    kind: 'browser',
    isMac: deps.isMac ?? false,

    async start() {
      return { opens: [], recovered: await listRecovery() };
    },

    async open() {
      const picked = await files.pickOpen();
      if (!picked) return null;
      if (picked.handle) {
        const ref = await keepHandle(picked.handle);
        await remember(ref.id, ref.name);
        return { ref, name: picked.name, text: picked.text };
      }
      await remember(newId(), picked.name, picked.text);
      return { ref: null, name: picked.name, text: picked.text };
    },

    async openRecent(id) {
      const entry = await store.get<StoredRecent>('recent', id);
      if (!entry) throw new HostError('That recent file is no longer in the list.');
      const handle = await store.get<FileHandleLike>('handles', id);
      if (handle) {
        await ensurePermission(handle);
        let text: string;
        try {
          text = await (await handle.getFile()).text();
        } catch (e) {
          throw new HostError(`"${entry.name}" could not be read (moved or deleted?).`, e);
        }
        await remember(id, entry.name);
        return { ref: { id, name: entry.name }, name: entry.name, text };
      }
      if (entry.text === undefined) throw new HostError(`"${entry.name}" has no stored copy to reopen.`);
      await remember(id, entry.name, entry.text);
      return { ref: null, name: entry.name, text: entry.text };
    },

    async save(ref, text) {
      const handle = await store.get<FileHandleLike>('handles', ref.id);
      if (!handle) {
        // no writable handle (upload/download fallback): saving means downloading again
        files.download(ref.name, text);
        await remember(ref.id, ref.name, text);
        return ref;
      }
      await ensurePermission(handle);
      try {
        await files.write(handle, text);
      } catch (e) {
        throw new HostError(`Saving "${ref.name}" failed: ${e instanceof Error ? e.message : String(e)}`, e);
      }
      await remember(ref.id, ref.name);
      return ref;
    },

    async saveAs(text, suggestedName) {
      if (!files.canPickSave) {
        files.download(suggestedName, text);
        const ref = { id: newId(), name: suggestedName };
        await remember(ref.id, ref.name, text);
        return ref;
      }
      const handle = await files.pickSave(suggestedName);
      if (!handle) return null;
      try {
        await files.write(handle, text);
      } catch (e) {
        throw new HostError(`Saving "${handle.name}" failed: ${e instanceof Error ? e.message : String(e)}`, e);
      }
      const ref = await keepHandle(handle);
      await remember(ref.id, ref.name);
      return ref;
    },

    async recent(): Promise<RecentEntry[]> {
      const all = await store.entries<StoredRecent>('recent');
      return all.map(([id, e]) => ({ id, name: e.name, openedAt: e.openedAt })).sort((a, b) => b.openedAt - a.openedAt);
    },

    async autosave(key, doc, text) {
      await store.put<StoredRecovery>('recovery', key, { name: doc.name, ref: doc.ref, savedAt: now(), text });
    },

    async discardAutosave(key) {
      await store.delete('recovery', key);
    },

    async discardRecovery(key) {
      await store.delete('recovery', key);
    },

    listRecovery,

    async restoreRecovery(key): Promise<OpenedDoc> {
      const r = await store.get<StoredRecovery>('recovery', key);
      if (!r) throw new HostError('That recovered document is gone.');
      return { ref: r.ref, name: r.name, text: r.text };
    },

    setDocumentState(state) {
      win.setTitle(windowTitle(state));
    },

    setCloseHandlers(handlers) {
      close = handlers;
    },

    onMenuCommand() {
      return () => {}; // a browser page has no application menu; commands come from the toolbar and keys
    },

    onOpenFile(fn) {
      return win.onDropFile((f) => fn({ ok: true, doc: { ref: null, name: f.name, text: f.text } }));
    },
  };
}

/** The real browser window: title, beforeunload, and files dropped anywhere on the page. */
export function realBrowserWindow(): BrowserWindowLike {
  return {
    setTitle: (t) => { document.title = t; },
    onBeforeUnload(check) {
      window.addEventListener('beforeunload', (e) => {
        if (check()) e.preventDefault();
      });
    },
    onDropFile(fn) {
      const over = (e: DragEvent) => {
        if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
      };
      const drop = (e: DragEvent) => {
        const f = e.dataTransfer?.files?.[0];
        if (!f) return;
        e.preventDefault();
        void f.text().then((text) => fn({ name: f.name, text }));
      };
      window.addEventListener('dragover', over);
      window.addEventListener('drop', drop);
      return () => {
        window.removeEventListener('dragover', over);
        window.removeEventListener('drop', drop);
      };
    },
  };
}
