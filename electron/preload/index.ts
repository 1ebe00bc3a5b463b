// The sandboxed preload: one CommonJS bundle (see electron.vite.config.ts) that exposes `window.studioDesktop`,
// an object of named methods, each bound to one channel of electron/contract.ts. It never exposes `ipcRenderer`,
// a generic invoke, or the IPC event object; arguments are validated by the main process, not here.
import { contextBridge, ipcRenderer } from 'electron';
import type {
  Envelope, EventChannel, EventPayload, InvokeArgs, InvokeChannel, InvokeResult, StudioDesktopApi, Unsubscribe,
} from '../contract';

function call<C extends InvokeChannel>(channel: C) {
  return async (args?: InvokeArgs<C>): Promise<InvokeResult<C>> => {
    const reply = (await ipcRenderer.invoke(channel, args)) as Envelope<InvokeResult<C>>;
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  };
}

function listen<E extends EventChannel>(channel: E) {
  return (listener: (payload: EventPayload<E>) => void): Unsubscribe => {
    const wrapped = (_event: unknown, payload: EventPayload<E>) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => void ipcRenderer.removeListener(channel, wrapped);
  };
}

const onMenu = listen('menu:command');
const onCloseSave = listen('close:saveRequested');

const api: StudioDesktopApi = {
  rendererReady: call('app:rendererReady'),
  openDocumentDialog: call('file:openDialog'),
  readDocument: call('file:read'),
  saveDocument: call('file:save'),
  saveDocumentAs: call('file:saveAs'),
  listRecentFiles: call('recent:list'),
  clearRecentFiles: call('recent:clear'),
  writeAutosave: call('autosave:write'),
  clearAutosave: call('autosave:clear'),
  listRecovered: call('recovery:list'),
  restoreRecovered: call('recovery:restore'),
  discardRecovered: call('recovery:discard'),
  setDocumentState: call('window:setDocumentState'),
  answerClose: call('close:answer'),
  openExternal: call('shell:openExternal'),
  saveExportToFolder: call('export:saveToFolder'),
  saveExportFile: call('export:saveFile'),
  onMenuCommand: (listener) => onMenu(({ command }) => listener(command)),
  onFileOpened: listen('file:opened'),
  onCloseSaveRequested: (listener) => onCloseSave(() => listener()),
  attachBridge: call('bridge:attach'),
  sendToBridge: call('bridge:send'),
  detachBridge: call('bridge:detach'),
  onBridgeMessage: listen('bridge:message'),
};

contextBridge.exposeInMainWorld('studioDesktop' satisfies typeof import('../contract').DESKTOP_API_KEY, api);
