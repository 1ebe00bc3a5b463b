// A smoke test of the composition root with a stand-in `electron` module: the wiring that the unit tests of the
// separate modules cannot see (what is registered before and after `ready`, the window, IPC end to end through the
// registered handlers, the menu, the close flow, open-with). The real Electron e2e is e2e/electron.spec.ts.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { INVOKE } from '../contract';
import { tempFolder } from './test-support';

const folder = tempFolder();
afterAll(() => folder.remove());
const argvDoc = join(folder.dir, 'from-argv.suptree');
writeFileSync(argvDoc, '{"format":"supervisor-studio"}');
process.argv.push(argvDoc);

const fake = await vi.hoisted(async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  let resolveReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => { resolveReady = r; });
  const windows: FakeWindow[] = [];
  class FakeContents extends Emitter {
    sent: [string, unknown][] = [];
    mainFrame = { url: 'app://studio/index.html', frameToken: 'top', processId: 1, parent: null };
    openHandler?: (d: { url: string }) => unknown;
    send(channel: string, payload: unknown) { this.sent.push([channel, payload]); }
    isDestroyed() { return false; }
    reload() { return undefined; }
    setWindowOpenHandler(h: (d: { url: string }) => unknown) { this.openHandler = h; }
  }
  class FakeWindow extends Emitter {
    static getAllWindows() { return windows.filter((w) => !w.destroyed); }
    webContents = new FakeContents();
    destroyed = false;
    title = '';
    loadURL = vi.fn(async (_url: string) => undefined);
    constructor(public options: Record<string, unknown>) {
      super();
      windows.push(this);
    }
    show() {} focus() {} restore() {} maximize() {}
    isMinimized() { return false; }
    isMaximized() { return false; }
    isDestroyed() { return this.destroyed; }
    setTitle(t: string) { this.title = t; }
    getNormalBounds() { return { x: 10, y: 20, width: 1100, height: 700 }; }
    close() {
      let prevented = false;
      this.emit('close', { preventDefault: () => { prevented = true; } });
      if (prevented) return;
      this.destroyed = true;
      this.emit('closed');
    }
  }
  const appEvents = new Emitter();
  return {
    windows, FakeWindow, FakeContents, appEvents,
    resolveReady: () => resolveReady(),
    app: Object.assign(appEvents, {
      isPackaged: true,
      commandLine: { getSwitchValue: (name: string) => (name === 'user-data-dir' ? (globalThis as { __profile?: string }).__profile ?? '' : '') },
      paths: {} as Record<string, string>,
      setPath(name: string, value: string) { this.paths[name] = value; },
      getPath(name: string) { return this.paths[name] ?? '/nonexistent'; },
      getVersion: () => '0.1.0',
      requestSingleInstanceLock: () => true,
      quit: vi.fn(),
      whenReady: () => ready,
    }),
    ipcHandlers: new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>(),
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    menus: [] as unknown[],
    dialog: {
      showMessageBox: vi.fn(async () => ({ response: 2, checkboxChecked: false })),
      showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] })),
      showSaveDialog: vi.fn(async () => ({ canceled: true })),
    },
    session: {
      setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), webRequest: { onHeadersReceived: vi.fn() },
    },
  };
});

vi.mock('electron', () => ({
  app: fake.app,
  BrowserWindow: fake.FakeWindow,
  dialog: fake.dialog,
  ipcMain: { handle: (channel: string, fn: (event: unknown, ...args: unknown[]) => Promise<unknown>) => fake.ipcHandlers.set(channel, fn) },
  Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => fake.menus.push(m) },
  nativeTheme: { shouldUseDarkColors: false },
  protocol: fake.protocol,
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  session: { defaultSession: fake.session },
  shell: { openExternal: vi.fn(async () => undefined) },
}));

(globalThis as { __profile?: string }).__profile = join(folder.dir, 'profile');
await import('./index');

const settle = () => new Promise((r) => setTimeout(r, 20));
const win = () => fake.windows[0];
const invoke = (channel: string, arg?: unknown, frame: unknown = win().webContents.mainFrame) =>
  fake.ipcHandlers.get(channel)!({ senderFrame: frame }, arg) as Promise<{ ok: boolean; value?: any; error?: string }>;

describe('composition root (stand-in electron)', () => {
  it('before ready: registers app:// as a privileged scheme, uses the --user-data-dir profile, no window yet', () => {
    expect(fake.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
    expect(fake.app.getPath('userData')).toBe(join(folder.dir, 'profile'));
    expect(fake.windows).toHaveLength(0);
    expect(fake.appEvents.listenerCount('open-file')).toBe(1);
    expect(fake.appEvents.listenerCount('second-instance')).toBe(1);
  });

  it('on ready: permissions denied, app:// served with CSP, IPC registered, a sandboxed window loading app://studio', async () => {
    fake.resolveReady();
    await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
    await vi.waitFor(() => expect(win().loadURL).toHaveBeenCalled());
    expect(fake.session.setPermissionRequestHandler).toHaveBeenCalled();
    expect(fake.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    const serve = fake.protocol.handle.mock.calls[0][1] as (r: { url: string }) => Promise<Response>;
    const missing = await serve({ url: 'app://studio/nothing-here.js' });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect([...fake.ipcHandlers.keys()].sort()).toEqual(Object.keys(INVOKE).sort());
    expect(fake.windows).toHaveLength(1);
    expect(win().options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(String((win().options.webPreferences as { preload: string }).preload)).toMatch(/preload[\\/]index\.cjs$/);
    expect(win().loadURL).toHaveBeenCalledWith('app://studio/index.html');
    expect(fake.menus.length).toBeGreaterThan(0);
  });

  it('every new web contents gets the navigation and new-window guards', () => {
    const contents = new fake.FakeContents();
    fake.appEvents.emit('web-contents-created', {}, contents);
    const event = { preventDefault: vi.fn() };
    contents.emit('will-navigate', event, 'https://example.com/');
    expect(event.preventDefault).toHaveBeenCalled();
    expect(contents.openHandler!({ url: 'http://example.com/' })).toEqual({ action: 'deny' });
  });

  it('IPC end to end: the page gets its launch state with the argv document; other frames are refused', async () => {
    const ready = await invoke('app:rendererReady');
    expect(ready.ok).toBe(true);
    expect(ready.value.pendingOpens).toEqual([{ ok: true, document: { path: argvDoc, name: 'from-argv.suptree', content: '{"format":"supervisor-studio"}' } }]);
    const refused = await invoke('recent:list', undefined, { url: 'app://studio/index.html', frameToken: 'iframe', processId: 1, parent: win().webContents.mainFrame });
    expect(refused).toEqual({ ok: false, error: "Request refused: sender is not the main window's top frame." });
    const recent = await invoke('recent:list');
    expect(recent.value.map((r: { path: string }) => r.path)).toEqual([argvDoc]);
  });

  it('menu items send their command to the page', () => {
    const template = fake.menus.at(-1) as { submenu?: { id?: string; click?: () => void }[] }[];
    const save = template.flatMap((m) => m.submenu ?? []).find((i) => i.id === 'save')!;
    save.click!();
    expect(win().webContents.sent.at(-1)).toEqual(['menu:command', { command: 'save' }]);
  });

  it('a second launch with a file hands it to the running window', async () => {
    fake.appEvents.emit('second-instance', {}, ['/usr/bin/supervisor-studio', 'from-argv.suptree'], folder.dir);
    await vi.waitFor(() => expect(win().webContents.sent.at(-1)).toEqual(['file:opened', expect.objectContaining({ ok: true })]));
  });

  it('closing with unsaved changes: Cancel keeps it; Save asks the page and closes after it saved', async () => {
    await invoke('window:setDocumentState', { title: 'shop.suptree', dirty: true, path: null });
    expect(win().title).toBe('● shop.suptree — Supervisor Studio');
    const asked = fake.dialog.showMessageBox.mock.calls.length;
    fake.dialog.showMessageBox.mockResolvedValueOnce({ response: 2, checkboxChecked: false }); // Cancel
    win().close();
    await vi.waitFor(() => expect(fake.dialog.showMessageBox).toHaveBeenCalledTimes(asked + 1));
    await settle();
    expect(win().destroyed).toBe(false);
    fake.dialog.showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false }); // Save
    win().close();
    await vi.waitFor(() => expect(win().webContents.sent.at(-1)).toEqual(['close:saveRequested', {}]));
    expect(win().destroyed).toBe(false);
    await invoke('close:answer', { saved: true });
    expect(win().destroyed).toBe(true);
    // the window state was remembered on the way out
    await vi.waitFor(() => expect(JSON.parse(readFileSync(join(folder.dir, 'profile', 'window-state.json'), 'utf8'))).toMatchObject({ width: 1100, height: 700 }));
  });

  it('after the last window closes the app quits', async () => {
    fake.appEvents.emit('window-all-closed');
    await vi.waitFor(() => expect(fake.app.quit).toHaveBeenCalled());
  });
});

