import { describe, expect, it, vi } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENTS, INVOKE } from '../contract';
import { createDispatcher, registerIpc, sendEvent, type FrameLike, type Handlers } from './ipc';

const APP_URL = 'app://studio/index.html';

function setup() {
  const mainFrame: FrameLike = { url: APP_URL };
  const log = vi.fn();
  const save = vi.fn(async ({ path }: { path: string; content: string }) => ({ ok: true as const, path, name: 'a.suptree', savedAt: 1 }));
  const handlers = new Proxy({ 'file:save': save } as unknown as Handlers, {
    get: (target, key) => (key in target ? target[key as keyof Handlers] : vi.fn(async () => undefined)),
  });
  const dispatch = createDispatcher(handlers, { mainFrame: () => mainFrame, isAppUrl: (u) => u.startsWith('app://studio/') }, log);
  return { mainFrame, log, save, dispatch };
}

const goodArgs = { path: '/home/u/a.suptree', content: '{}' };

describe('IPC wrapper', () => {
  it('passes a valid call from the main frame to its handler and returns its result', async () => {
    const { dispatch, save, mainFrame, log } = setup();
    const reply = await dispatch('file:save', { senderFrame: mainFrame }, [goodArgs]);
    expect(reply).toEqual({ ok: true, value: { ok: true, path: '/home/u/a.suptree', name: 'a.suptree', savedAt: 1 } });
    expect(save).toHaveBeenCalledWith(goodArgs);
    expect(log).not.toHaveBeenCalled();
  });

  it('refuses an unknown channel, logs it, calls nothing', async () => {
    const { dispatch, save, mainFrame, log } = setup();
    for (const channel of ['fs:readAnything', '__proto__', 'constructor', 'toString']) {
      const reply = await dispatch(channel, { senderFrame: mainFrame }, [goodArgs]);
      expect(reply).toEqual({ ok: false, error: 'Request refused: unknown channel.' });
    }
    expect(save).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledTimes(4);
  });

  it('refuses a sender that is not the main window top frame (subframe, other window, gone)', async () => {
    const { dispatch, save, log } = setup();
    const senders: (FrameLike | null)[] = [
      { url: APP_URL },                                                   // another frame showing our URL
      { url: APP_URL, frameToken: 'sub', processId: 7, parent: { url: APP_URL } }, // an iframe
      { url: APP_URL, frameToken: 'other-window', processId: 8, parent: null },    // another window's top frame
      null,                                                                // frame destroyed or navigated away
    ];
    for (const senderFrame of senders) {
      const reply = await dispatch('file:save', { senderFrame }, [goodArgs]);
      expect(reply.ok).toBe(false);
      expect(!reply.ok && reply.error).toMatch(/not the main window's top frame/);
    }
    expect(save).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledTimes(4);
  });

  it('recognises the main frame through another wrapper object (same frame token and process)', async () => {
    const mainFrame: FrameLike = { url: APP_URL, frameToken: 'top', processId: 3, parent: null };
    const save = vi.fn(async () => ({ ok: true as const, path: '/a', name: 'a', savedAt: 1 }));
    const dispatch = createDispatcher({ 'file:save': save } as unknown as Handlers, { mainFrame: () => mainFrame, isAppUrl: () => true }, vi.fn());
    const sameFrame = { url: APP_URL, frameToken: 'top', processId: 3, parent: null };
    expect((await dispatch('file:save', { senderFrame: sameFrame }, [goodArgs])).ok).toBe(true);
    const otherProcess = { url: APP_URL, frameToken: 'top', processId: 4, parent: null };
    expect((await dispatch('file:save', { senderFrame: otherProcess }, [goodArgs])).ok).toBe(false);
    expect(save).toHaveBeenCalledOnce();
  });

  it('refuses the main frame once it shows a page that is not ours', async () => {
    const { dispatch, save, mainFrame, log } = setup();
    (mainFrame as { url: string }).url = 'https://evil.example/';
    const reply = await dispatch('file:save', { senderFrame: mainFrame }, [goodArgs]);
    expect(!reply.ok && reply.error).toMatch(/is not the app/);
    expect(save).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledOnce();
  });

  it('refuses bad arguments with a message naming the field, and extra arguments', async () => {
    const { dispatch, save, mainFrame, log } = setup();
    const bad: unknown[][] = [
      [],                                              // missing
      [{ path: 42, content: '{}' }],                   // wrong type
      [{ path: '', content: '{}' }],                   // empty path
      [{ path: '/a\0b', content: '{}' }],              // NUL byte
      [{ path: '/a', content: 'x'.repeat(20 * 1024 * 1024 + 1) }], // too large
      [goodArgs, 'extra'],                             // two arguments
    ];
    for (const args of bad) {
      const reply = await dispatch('file:save', { senderFrame: mainFrame }, args);
      expect(reply.ok).toBe(false);
    }
    const typed = await dispatch('file:save', { senderFrame: mainFrame }, [{ path: 42, content: '{}' }]);
    expect(!typed.ok && typed.error).toMatch(/invalid argument \(path: /);
    expect(save).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledTimes(bad.length + 1);
  });

  it('answers a handler failure with its message, and a result outside the contract with an error', async () => {
    const { mainFrame } = setup();
    const log = vi.fn();
    const handlers = {
      'recent:list': async () => { throw new Error('disk on fire'); },
      'recovery:list': async () => [{ nonsense: true }],
    } as unknown as Handlers;
    const dispatch = createDispatcher(handlers, { mainFrame: () => mainFrame, isAppUrl: () => true }, log);
    expect(await dispatch('recent:list', { senderFrame: mainFrame }, [undefined])).toEqual({ ok: false, error: 'disk on fire' });
    expect(await dispatch('recovery:list', { senderFrame: mainFrame }, [])).toEqual({ ok: false, error: 'Internal error: unexpected result.' });
    expect(log).toHaveBeenCalledTimes(2);
  });

  it('registers exactly the contract channels', () => {
    const handle = vi.fn();
    registerIpc({ handle }, vi.fn());
    expect(handle.mock.calls.map((c) => c[0]).sort()).toEqual(Object.keys(INVOKE).sort());
  });

  it('validates event payloads before sending, and skips destroyed targets', () => {
    const send = vi.fn();
    expect(sendEvent({ send, isDestroyed: () => false }, 'menu:command', { command: 'save' })).toBe(true);
    expect(send).toHaveBeenCalledWith('menu:command', { command: 'save' });
    expect(() => sendEvent({ send, isDestroyed: () => false }, 'menu:command', { command: 'rm -rf' as 'save' })).toThrow();
    expect(sendEvent({ send, isDestroyed: () => true }, 'menu:command', { command: 'save' })).toBe(false);
    expect(sendEvent(null, 'menu:command', { command: 'save' })).toBe(false);
    expect(send).toHaveBeenCalledTimes(1);
    expect(Object.keys(EVENTS)).toContain('file:opened');
  });
});

describe('raw ipcMain stays in one file', () => {
  it('only ipc.ts calls ipcMain methods; index.ts only hands it over', () => {
    const dir = join(import.meta.dirname);
    const users = readdirSync(dir)
      .filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))
      .filter((n) => /ipcMain\s*\.\s*(handle|on|once|handleOnce|addListener)\b/.test(readFileSync(join(dir, n), 'utf8')));
    expect(users).toEqual(['ipc.ts']);
  });
});
