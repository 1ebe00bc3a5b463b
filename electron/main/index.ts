// Composition root of the main process: the only module that imports `electron` (besides the preload). Everything
// it wires is a plain module with injected dependencies, unit-tested without Electron.
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, protocol, screen, session, shell } from 'electron';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MenuCommand } from '../contract';
import { DOCUMENT_EXTENSION, EXPORT_FILE_TYPES } from '../contract';
import { restoreBounds, WindowState } from './bounds';
import { CloseGuard, type CloseChoice } from './close-guard';
import { DocumentFiles } from './documents';
import { Exporter } from './export-folder';
import { nodeFs } from './fs-like';
import { createHandlers, openChosenPath } from './handlers';
import { saveDialogOptions } from './dialog-options';
import { createDispatcher, registerIpc, sendEvent } from './ipc';
import { createLiveBridge } from './live-bridge';
import { readJsonFile, writeJsonFile } from './json-file';
import { buildMenuTemplate } from './menu';
import { documentPathsFromArgv, OpenQueue } from './open-files';
import { serveAppRequest } from './protocol';
import { RecentFiles } from './recent';
import { RecoveryStore } from './recovery';
import {
  APP_ENTRY_URL, APP_SCHEME, cspForUrl, denyAllPermissions, guardWebContents, isAppUrl, mainWindowOptions,
  type ExternalDeps,
} from './security';

const log = (message: string, detail?: unknown) => console.warn(`[studio] ${message}`, ...(detail === undefined ? [] : [detail]));
const here = import.meta.dirname;
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const cspFor = (url: string) => cspForUrl(url, devServerUrl);

// Must happen before `ready`: app:// behaves like https (standard, secure, fetch, module workers).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
]);

// `--user-data-dir=<folder>` gives a separate profile (the Electron e2e starts each run with a fresh one). It must
// be applied before anything reads userData, and before the single-instance lock (which is per profile).
const userDataSwitch = app.commandLine.getSwitchValue('user-data-dir');
if (userDataSwitch) app.setPath('userData', userDataSwitch);

let mainWindow: BrowserWindow | null = null;
const userData = app.getPath('userData');
const now = () => Date.now();
const files = new DocumentFiles({ fs: nodeFs, now });
const recent = new RecentFiles({ fs: nodeFs, file: join(userData, 'recent-files.json'), now, log });
const recovery = new RecoveryStore({ fs: nodeFs, dir: join(userData, 'recovery'), now, log });
const windowStateFile = join(userData, 'window-state.json');
const pendingWrites = new Set<Promise<unknown>>();
const track = (p: Promise<unknown>) => {
  const q = p.catch((e) => log('background write failed', e)).finally(() => pendingWrites.delete(q));
  pendingWrites.add(q);
};

const focusWindow = () => {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
};
const rebuildMenu = () => track(recent.list().then((list) => {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate({
    platform: process.platform,
    recent: list,
    dev: devServerUrl !== undefined,
    send: (command: MenuCommand) => void sendEvent(mainWindow?.webContents ?? null, 'menu:command', { command }),
    openRecent: (path) => openQueue.request(path),
    clearRecent: () => track(recent.clear().then(rebuildMenu)),
  })));
}));
const openQueue = new OpenQueue({
  open: (path) => openChosenPath({ files, recent, recentChanged: rebuildMenu, log }, path),
  deliver: (result) => void sendEvent(mainWindow?.webContents ?? null, 'file:opened', result),
  focus: focusWindow,
});

const external: ExternalDeps = {
  confirm: async (url) => {
    const options = {
      type: 'question' as const, buttons: ['Open in Browser', 'Cancel'], defaultId: 0, cancelId: 1,
      message: 'Open this link in your web browser?', detail: url,
    };
    const r = mainWindow ? await dialog.showMessageBox(mainWindow, options) : await dialog.showMessageBox(options);
    return r.response === 0;
  },
  openExternal: (url) => shell.openExternal(url),
  log,
};

const closeGuard = new CloseGuard({
  ask: async (title): Promise<CloseChoice> => {
    if (!mainWindow) return 'discard';
    const r = await dialog.showMessageBox(mainWindow, {
      type: 'warning', buttons: ['Save', "Don't Save", 'Cancel'], defaultId: 0, cancelId: 2, noLink: true,
      message: `Do you want to save the changes you made to ${title}?`,
      detail: "Your changes will be lost if you don't save them.",
    });
    return (['save', 'discard', 'cancel'] as const)[r.response] ?? 'cancel';
  },
  requestSave: () => void sendEvent(mainWindow?.webContents ?? null, 'close:saveRequested', {}),
  close: () => mainWindow?.close(),
  discardAutosaves: () => recovery.clearOwn(),
  askUnresponsive: async (title) => {
    if (!mainWindow) return 'close';
    const r = await dialog.showMessageBox(mainWindow, {
      type: 'warning', buttons: ['Close Without Saving', 'Keep Waiting'], defaultId: 1, cancelId: 1, noLink: true,
      message: `${title} is not answering the request to save.`,
      detail: 'Close without saving keeps the last autosaved copy: it is offered for recovery at the next launch.',
    });
    return r.response === 0 ? 'close' : 'wait';
  },
});

const documentFilter = { name: 'Supervisor Studio design', extensions: [DOCUMENT_EXTENSION] };
const exporter = new Exporter({
  fs: nodeFs,
  log,
  pickFolder: async () => {
    const options = {
      title: 'Export to folder', buttonLabel: 'Export Here',
      properties: ['openDirectory' as const, 'createDirectory' as const, 'promptToCreate' as const],
    };
    const r = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
    return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0];
  },
  confirmReplace: async ({ name, parent, alternative }) => {
    const options = {
      type: 'warning' as const, buttons: [`Save as “${alternative}”`, 'Replace', 'Cancel'], defaultId: 0, cancelId: 2, noLink: true,
      message: `A folder named “${name}” already exists in ${parent} and is not empty.`,
      detail: `Replace moves its current contents to the trash. Save as “${alternative}” leaves it alone.`,
    };
    const r = mainWindow ? await dialog.showMessageBox(mainWindow, options) : await dialog.showMessageBox(options);
    return (['alternative', 'replace', 'cancel'] as const)[r.response] ?? 'cancel';
  },
  showSave: async (suggestedName) => {
    const ext = suggestedName.slice(suggestedName.lastIndexOf('.') + 1).toLowerCase();
    const type = (EXPORT_FILE_TYPES as Record<string, { label: string } | undefined>)[ext];
    const options = saveDialogOptions(suggestedName, type ? [{ name: type.label, extensions: [ext] }] : [], 'Export');
    const r = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
    return r.canceled || !r.filePath ? null : r.filePath;
  },
  trash: (path) => shell.trashItem(path),
});
// The live BEAM bridge runs in this process; its messages go to the window (checked against the contract). Its
// Elixir scripts ship as resources (electron-builder.yml extraResources); in development they are the repo's bridge/.
const liveBridge = createLiveBridge({
  deliver: (message) => void sendEvent(mainWindow?.webContents ?? null, 'bridge:message', message),
  log,
  bridgeDir: () => (app.isPackaged ? join(process.resourcesPath, 'bridge') : join(app.getAppPath(), 'bridge')),
});
const handlers = createHandlers({
  files, recent, recovery, closeGuard, openQueue, external, exporter, bridge: liveBridge,
  dialogs: {
    showOpen: async () => {
      const options = { properties: ['openFile' as const], filters: [documentFilter] };
      const r = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
      return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0];
    },
    showSave: async (suggestedName) => {
      const options = saveDialogOptions(suggestedName, [documentFilter]);
      const r = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
      return r.canceled || !r.filePath ? null : r.filePath;
    },
    confirm: async ({ message, detail, action }) => {
      const options = { type: 'warning' as const, buttons: [action, 'Cancel'], defaultId: 1, cancelId: 1, noLink: true, message, detail };
      const r = mainWindow ? await dialog.showMessageBox(mainWindow, options) : await dialog.showMessageBox(options);
      return r.response === 0;
    },
  },
  log,
  showDocumentState: ({ title, dirty, path }) => {
    if (!mainWindow) return;
    mainWindow.setTitle(`${dirty ? '● ' : ''}${title} — Supervisor Studio`);
    if (process.platform === 'darwin') {
      mainWindow.setDocumentEdited(dirty);
      mainWindow.setRepresentedFilename(path ?? '');
    }
  },
  recentChanged: rebuildMenu,
  platform: process.platform,
  appVersion: app.getVersion(),
});

async function createWindow(): Promise<void> {
  const saved = await readJsonFile(nodeFs, windowStateFile, WindowState, log);
  const bounds = restoreBounds(saved, screen.getAllDisplays().map((d) => d.workArea));
  const win = new BrowserWindow(mainWindowOptions({
    preload: join(here, '../preload/index.cjs'),
    bounds,
    dark: nativeTheme.shouldUseDarkColors,
  }));
  mainWindow = win;
  if (bounds.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.webContents.on('did-start-loading', () => openQueue.notReady());
  let lastCrashReload = 0;
  win.webContents.on('render-process-gone', (_e, details) => {
    log(`renderer gone: ${details.reason}`);
    closeGuard.markRendererGone();
    // Reload the page (at most every 10 s, so a page that crashes at start does not loop); the new page is
    // offered what the crashed one autosaved (see app:rendererReady).
    if (details.reason !== 'clean-exit' && Date.now() - lastCrashReload > 10_000 && !win.isDestroyed()) {
      lastCrashReload = Date.now();
      win.webContents.reload();
    }
  });
  win.on('close', (event) => {
    if (closeGuard.onClose()) {
      event.preventDefault();
      return;
    }
    track(writeJsonFile(nodeFs, windowStateFile, { ...win.getNormalBounds(), maximized: win.isMaximized() }));
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  await win.loadURL(devServerUrl ?? APP_ENTRY_URL);
}

if (!app.requestSingleInstanceLock()) {
  app.quit(); // the first instance gets our argv through `second-instance`
} else {
  for (const p of documentPathsFromArgv(process.argv.slice(1), process.cwd())) openQueue.request(p);
  app.on('second-instance', (_event, argv, workingDirectory) => openQueue.secondInstance(argv.slice(1), workingDirectory));
  app.on('open-file', (event, path) => {
    event.preventDefault(); // macOS; may arrive before `ready`, the queue holds it
    openQueue.request(path);
  });
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, external));
  app.on('window-all-closed', () => {
    // A clean exit: forget this session's autosaves (a crash leaves them for the next launch), finish writes, quit.
    if (!closeGuard.rendererCrashed()) track(recovery.clearOwn());
    // detach from every node (agents removed) and stop the nodes a Run on BEAM started, before quitting
    track(liveBridge.detach().catch((e) => log('could not detach the live bridge', e)));
    void Promise.all(pendingWrites).finally(() => app.quit());
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow();
  });

  void app.whenReady().then(async () => {
    denyAllPermissions(session.defaultSession, log);
    const rendererRoot = join(here, '../renderer');
    protocol.handle(APP_SCHEME, (request) => serveAppRequest(request.url, rendererRoot, cspFor, (p) => readFile(p)));
    if (devServerUrl) {
      session.defaultSession.webRequest.onHeadersReceived({ urls: [`${new URL(devServerUrl).origin}/*`] }, (details, callback) => {
        callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [cspFor(details.url)] } });
      });
    }
    registerIpc(ipcMain, createDispatcher(handlers, {
      mainFrame: () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents.mainFrame : null),
      isAppUrl: (url) => isAppUrl(url, devServerUrl),
    }, log));
    rebuildMenu();
    await createWindow();
  });
}
