import { beforeEach, describe, expect, it, vi } from 'vitest';
import { INVOKE, EVENTS, type StudioDesktopApi } from '../contract';

const exposed: Record<string, unknown> = {};
const listeners = new Map<string, (...a: unknown[]) => void>();
const invoke = vi.fn();
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => { exposed[key] = api; } },
  ipcRenderer: {
    invoke: (...a: unknown[]) => invoke(...a),
    on: (channel: string, l: (...a: unknown[]) => void) => listeners.set(channel, l),
    removeListener: (channel: string) => listeners.delete(channel),
  },
}));

await import('./index');
const api = exposed.studioDesktop as StudioDesktopApi;

describe('preload', () => {
  beforeEach(() => invoke.mockReset());

  it('exposes only named functions on window.studioDesktop, no ipcRenderer and no generic invoke', () => {
    expect(Object.keys(exposed)).toEqual(['studioDesktop']);
    const names = Object.keys(api);
    expect(names.every((n) => typeof (api as unknown as Record<string, unknown>)[n] === 'function')).toBe(true);
    for (const forbidden of ['invoke', 'send', 'on', 'ipcRenderer', 'sendSync', 'postMessage']) expect(names).not.toContain(forbidden);
    expect(names.length).toBe(Object.keys(INVOKE).length + Object.keys(EVENTS).length);
  });

  it('maps each method to its own channel, one argument, and unwraps the envelope', async () => {
    invoke.mockResolvedValueOnce({ ok: true, value: { ok: true, path: '/a.suptree', name: 'a.suptree', savedAt: 5 } });
    await expect(api.saveDocument({ path: '/a.suptree', content: '{}' })).resolves.toMatchObject({ savedAt: 5 });
    expect(invoke).toHaveBeenCalledWith('file:save', { path: '/a.suptree', content: '{}' });
    invoke.mockResolvedValueOnce({ ok: true, value: [] });
    await api.listRecentFiles();
    expect(invoke).toHaveBeenLastCalledWith('recent:list', undefined);
  });

  it('turns a refusal into a rejected promise with the message for people', async () => {
    invoke.mockResolvedValueOnce({ ok: false, error: 'Request refused: invalid argument (path: too short).' });
    await expect(api.readDocument({ path: '' })).rejects.toThrow('Request refused: invalid argument (path: too short).');
  });

  it('event listeners receive the payload only (never the IPC event) and can unsubscribe', () => {
    const got: unknown[] = [];
    const stop = api.onMenuCommand((c) => got.push(c));
    listeners.get('menu:command')!({ sender: 'secret ipc event' }, { command: 'run' });
    expect(got).toEqual(['run']);
    stop();
    expect(listeners.has('menu:command')).toBe(false);

    const saves: unknown[] = [];
    api.onCloseSaveRequested((...args: unknown[]) => saves.push(args));
    listeners.get('close:saveRequested')!({ sender: 'x' }, {});
    expect(saves).toEqual([[]]);

    const opened: unknown[] = [];
    api.onFileOpened((r) => opened.push(r));
    listeners.get('file:opened')!({ sender: 'x' }, { ok: false, path: '/x', error: 'gone' });
    expect(opened).toEqual([{ ok: false, path: '/x', error: 'gone' }]);
  });
});
