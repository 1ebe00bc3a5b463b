import { describe, expect, it, vi } from 'vitest';
import type { StudioDesktopApi } from '../../electron/contract';
import { createElectronHost } from './electron-host';
import { HostError } from './types';

function fakeApi() {
  const listeners: { menu?: (c: any) => void; file?: (r: any) => void; close?: () => void } = {};
  const api = {
    rendererReady: vi.fn(async () => ({
      platform: 'linux', appVersion: '0.1.0',
      pendingOpens: [
        { ok: true, document: { path: '/home/u/a.suptree', name: 'a.suptree', content: 'A' } },
        { ok: false, path: '/home/u/bad.suptree', error: 'not valid JSON' },
      ],
      recovered: [{ docId: 'd1', path: null, title: 'Untitled', savedAt: 5, size: 3 }],
    })),
    openDocumentDialog: vi.fn(async () => null),
    readDocument: vi.fn(async ({ path }: { path: string }) => ({ ok: false, path, error: 'ENOENT: file is gone' })),
    saveDocument: vi.fn(async ({ path }: { path: string }) => ({ ok: true, path, name: 'a.suptree', savedAt: 1 })),
    saveDocumentAs: vi.fn(async () => ({ ok: false, path: '/x/y.suptree', error: 'disk full; the old file is unchanged' })),
    listRecentFiles: vi.fn(async () => [{ path: '/r/b.suptree', name: 'b.suptree', openedAt: 9 }]),
    clearRecentFiles: vi.fn(),
    writeAutosave: vi.fn(async () => {}),
    clearAutosave: vi.fn(async () => {}),
    listRecovered: vi.fn(async () => []),
    restoreRecovered: vi.fn(async () => ({ docId: 'd1', path: '/p/c.suptree', title: 'c.suptree', savedAt: 1, content: 'C' })),
    discardRecovered: vi.fn(async () => {}),
    setDocumentState: vi.fn(async () => {}),
    answerClose: vi.fn(async () => {}),
    openExternal: vi.fn(),
    saveExportToFolder: vi.fn(async (): Promise<unknown> => ({ ok: true, folder: '/home/u/shop-typescript', files: 2, replaced: false })),
    saveExportFile: vi.fn(async (): Promise<unknown> => null),
    onMenuCommand: vi.fn((l) => { listeners.menu = l; return () => { listeners.menu = undefined; }; }),
    onFileOpened: vi.fn((l) => { listeners.file = l; return () => {}; }),
    onCloseSaveRequested: vi.fn((l) => { listeners.close = l; return () => {}; }),
  };
  return { api: api as unknown as StudioDesktopApi, raw: api, listeners };
}

describe('electron host', () => {
  it('maps launch state: pending opens (with failures) and recovered documents', async () => {
    const { api } = fakeApi();
    const host = createElectronHost(api, 'linux');
    const launch = await host.start();
    expect(launch.opens).toEqual([
      { ok: true, doc: { ref: { id: '/home/u/a.suptree', name: 'a.suptree' }, name: 'a.suptree', text: 'A' } },
      { ok: false, name: 'bad.suptree', error: 'not valid JSON' },
    ]);
    expect(launch.recovered).toEqual([{ key: 'd1', name: 'Untitled', ref: null, savedAt: 5, size: 3 }]);
  });

  it('turns failed reads and saves into HostErrors with the main process message', async () => {
    const { api } = fakeApi();
    const host = createElectronHost(api, 'linux');
    await expect(host.openRecent('/gone.suptree')).rejects.toThrow(new HostError('ENOENT: file is gone'));
    await expect(host.saveAs('x', 'y.suptree')).rejects.toThrow('disk full; the old file is unchanged');
    expect(await host.open()).toBeNull();
    expect(await host.save({ id: '/home/u/a.suptree', name: 'a.suptree' }, 'T')).toEqual({ id: '/home/u/a.suptree', name: 'a.suptree' });
  });

  it('passes autosave, recovery and document state through with paths', async () => {
    const { api, raw } = fakeApi();
    const host = createElectronHost(api, 'darwin');
    expect(host.isMac).toBe(true);
    await host.autosave('k1', { name: 'a.suptree', ref: { id: '/a.suptree', name: 'a.suptree' } }, 'TEXT');
    expect(raw.writeAutosave).toHaveBeenCalledWith({ docId: 'k1', path: '/a.suptree', title: 'a.suptree', content: 'TEXT' });
    expect(await host.restoreRecovery('d1')).toEqual({ ref: { id: '/p/c.suptree', name: 'c.suptree' }, name: 'c.suptree', text: 'C' });
    expect(await host.recent()).toEqual([{ id: '/r/b.suptree', name: 'b.suptree', openedAt: 9 }]);
  });

  it('answers a save-before-close request with the result of the save', async () => {
    const { api, raw, listeners } = fakeApi();
    const host = createElectronHost(api, 'linux');
    host.setCloseHandlers({ isDirty: () => true, save: async () => true });
    listeners.close!();
    await vi.waitFor(() => expect(raw.answerClose).toHaveBeenCalledWith({ saved: true }));
    host.setCloseHandlers({ isDirty: () => true, save: async () => { throw new Error('cancel'); } });
    listeners.close!();
    await vi.waitFor(() => expect(raw.answerClose).toHaveBeenCalledWith({ saved: false }));
  });

  it('forwards menu commands and opened files', () => {
    const { api, listeners } = fakeApi();
    const host = createElectronHost(api, 'linux');
    const cmds: string[] = [];
    const off = host.onMenuCommand((c) => cmds.push(c));
    listeners.menu!('save');
    off();
    expect(listeners.menu).toBeUndefined();
    const files: unknown[] = [];
    host.onOpenFile((o) => files.push(o));
    listeners.file!({ ok: false, path: 'C:\\d\\x.suptree', error: 'newer version' });
    expect(cmds).toEqual(['save']);
    expect(files).toEqual([{ ok: false, name: 'x.suptree', error: 'newer version' }]);
  });

  it('export: a project goes to main as a file list; failures are HostErrors; cancel is null', async () => {
    const { api, raw } = fakeApi();
    const host = createElectronHost(api, 'linux');
    expect(await host.saveExportToFolder!('shop-typescript', { 'package.json': '{}', 'src/a.ts': 'x' }))
      .toEqual({ folder: '/home/u/shop-typescript', files: 2, replaced: false });
    expect(raw.saveExportToFolder).toHaveBeenCalledWith({
      folderName: 'shop-typescript', files: [{ path: 'package.json', content: '{}' }, { path: 'src/a.ts', content: 'x' }],
    });
    raw.saveExportToFolder.mockResolvedValueOnce(null);
    expect(await host.saveExportToFolder!('shop', { 'a.ts': '' })).toBeNull();
    raw.saveExportToFolder.mockResolvedValueOnce({ ok: false, error: 'Could not export "shop": the disk is full.' });
    await expect(host.saveExportToFolder!('shop', { 'a.ts': '' })).rejects.toThrow(new HostError('Could not export "shop": the disk is full.'));

    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47]);
    expect(await host.saveExportFile!('tree.png', png)).toBeNull();
    expect(raw.saveExportFile).toHaveBeenCalledWith({ suggestedName: 'tree.png', content: png });
    raw.saveExportFile.mockResolvedValueOnce({ ok: true, path: '/home/u/pics/tree.png', name: 'tree.png' });
    expect(await host.saveExportFile!('tree.png', png)).toEqual({ id: '/home/u/pics/tree.png', name: 'tree.png' });
    raw.saveExportFile.mockResolvedValueOnce({ ok: false, error: 'Could not save "tree.png": permission denied.' });
    await expect(host.saveExportFile!('tree.png', png)).rejects.toThrow(/permission denied/);
  });
});
