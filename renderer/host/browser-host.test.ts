import { describe, expect, it } from 'vitest';
import { createBrowserHost, type BrowserWindowLike } from './browser-host';
import { MemoryStore } from './kv-store';
import type { FileHandleLike, FilePicker, PickedFile } from './browser-files';
import { HostError } from './types';

class FakeHandle implements FileHandleLike {
  permission: PermissionState = 'granted';
  failWrite = false;
  constructor(readonly name: string, public content = '') {}
  async getFile() { return { text: async () => this.content }; }
  async createWritable() {
    let buf = '';
    return {
      write: async (d: string) => { if (this.failWrite) throw new Error('disk full'); buf += d; },
      close: async () => { if (!this.failWrite) this.content = buf; },
    };
  }
  async queryPermission() { return this.permission; }
  async requestPermission() { return this.permission; }
}

function setup(opts: { fsa?: boolean } = {}) {
  const store = new MemoryStore();
  let t = 1000;
  let n = 0;
  const downloads: { name: string; text: string }[] = [];
  const nextOpen: (PickedFile | null)[] = [];
  const nextSave: (FakeHandle | null)[] = [];
  const files: FilePicker = {
    canPickSave: opts.fsa ?? true,
    pickOpen: async () => nextOpen.shift() ?? null,
    pickSave: async () => nextSave.shift() ?? null,
    write: async (h, text) => {
      const w = await h.createWritable();
      try { await w.write(text); } finally { await w.close(); }
    },
    download: (name, text) => downloads.push({ name, text }),
  };
  let title = '';
  let beforeUnload: () => boolean = () => false;
  let dropped: ((f: { name: string; text: string }) => void) | undefined;
  const win: BrowserWindowLike = {
    setTitle: (s) => { title = s; },
    onBeforeUnload: (c) => { beforeUnload = c; },
    onDropFile: (fn) => { dropped = fn; return () => { dropped = undefined; }; },
  };
  // a host keeps no state outside the store, so a second host over the same store is "the next page load"
  const make = () => createBrowserHost({ store, files, win, now: () => t++, newId: () => `id${++n}` });
  return { host: make(), make, store, downloads, nextOpen, nextSave, title: () => title, beforeUnload: () => beforeUnload(), drop: (f: { name: string; text: string }) => dropped?.(f) };
}

describe('browser host', () => {
  it('opens through a file handle, saves back to it and lists it as recent', async () => {
    const s = setup();
    const h = new FakeHandle('tree.suptree', '{"a":1}');
    s.nextOpen.push({ name: h.name, text: h.content, handle: h });
    const doc = await s.host.open();
    expect(doc).toEqual({ ref: { id: 'id1', name: 'tree.suptree' }, name: 'tree.suptree', text: '{"a":1}' });
    await s.host.save(doc!.ref!, '{"a":2}');
    expect(h.content).toBe('{"a":2}');
    expect((await s.host.recent()).map((r) => r.name)).toEqual(['tree.suptree']);
    const again = await s.make().openRecent('id1');
    expect(again.text).toBe('{"a":2}');
  });

  it('returns null when the picker is cancelled', async () => {
    const s = setup();
    expect(await s.host.open()).toBeNull();
    expect(await s.host.saveAs('x', 'a.suptree')).toBeNull();
    expect(await s.host.recent()).toEqual([]);
  });

  it('a failed write reports a HostError and leaves the file as it was', async () => {
    const s = setup();
    const h = new FakeHandle('t.suptree', 'original');
    s.nextSave.push(h);
    const ref = await s.host.saveAs('original', 't.suptree');
    h.failWrite = true;
    const err = await s.host.save(ref!, 'new text').catch((e) => e);
    expect(err).toBeInstanceOf(HostError);
    expect(err.message).toContain('disk full');
    expect(h.content).toBe('original');
  });

  it('refuses to use a handle whose permission is denied', async () => {
    const s = setup();
    const h = new FakeHandle('t.suptree', 'x');
    s.nextSave.push(h);
    const ref = await s.host.saveAs('x', 't.suptree');
    h.permission = 'denied';
    await expect(s.host.save(ref!, 'y')).rejects.toThrow('Permission to use "t.suptree" was not granted.');
    expect(h.content).toBe('x');
  });

  it('without the File System Access API: upload to open, download to save, recent keeps a copy', async () => {
    const s = setup({ fsa: false });
    s.nextOpen.push({ name: 'up.suptree', text: 'uploaded' });
    const doc = await s.host.open();
    expect(doc!.ref).toBeNull();
    const ref = await s.host.saveAs('edited', 'up.suptree');
    expect(s.downloads).toEqual([{ name: 'up.suptree', text: 'edited' }]);
    await s.host.save(ref!, 'edited twice');
    expect(s.downloads[1]).toEqual({ name: 'up.suptree', text: 'edited twice' });
    const recent = await s.host.recent();
    expect(recent).toHaveLength(2);
    expect((await s.host.openRecent(ref!.id)).text).toBe('edited twice');
  });

  it('keeps at most 10 recent files, newest first', async () => {
    const s = setup({ fsa: false });
    for (let i = 0; i < 12; i++) {
      s.nextOpen.push({ name: `f${i}.suptree`, text: String(i) });
      await s.host.open();
    }
    const names = (await s.host.recent()).map((r) => r.name);
    expect(names).toHaveLength(10);
    expect(names[0]).toBe('f11.suptree');
    expect(names).not.toContain('f1.suptree');
  });

  it('autosaves, lists recovery on the next load, restores and discards', async () => {
    const s = setup();
    await s.host.autosave('doc-a', { name: 'Untitled', ref: null }, '{"v":1}');
    await s.host.autosave('doc-a', { name: 'Untitled', ref: null }, '{"v":2}');
    await s.host.autosave('doc-b', { name: 'other.suptree', ref: { id: 'h1', name: 'other.suptree' } }, '{"v":3}');
    const next = s.make();
    const list = (await next.start()).recovered;
    expect(list[0].ref).toEqual({ id: 'h1', name: 'other.suptree' });
    expect(list.map((r) => r.key)).toEqual(['doc-b', 'doc-a']);
    expect(list[1]).toMatchObject({ name: 'Untitled', size: 7 });
    expect(await next.restoreRecovery('doc-a')).toEqual({ ref: null, name: 'Untitled', text: '{"v":2}' });
    await next.discardAutosave('doc-a');
    expect((await next.listRecovery()).map((r) => r.key)).toEqual(['doc-b']);
    await expect(next.restoreRecovery('doc-a')).rejects.toBeInstanceOf(HostError);
  });

  it('sets the title with a dirty marker and asks before unloading with unsaved changes', () => {
    const s = setup();
    s.host.setDocumentState({ title: 'tree.suptree', dirty: true, ref: null });
    expect(s.title()).toBe('● tree.suptree — Supervisor Studio');
    s.host.setDocumentState({ title: 'tree.suptree', dirty: false, ref: null });
    expect(s.title()).toBe('tree.suptree — Supervisor Studio');
    expect(s.beforeUnload()).toBe(false);
    let dirty = true;
    s.host.setCloseHandlers({ isDirty: () => dirty, save: async () => true });
    expect(s.beforeUnload()).toBe(true);
    dirty = false;
    expect(s.beforeUnload()).toBe(false);
  });

  it('hands files dropped on the window to onOpenFile', () => {
    const s = setup();
    const got: unknown[] = [];
    const off = s.host.onOpenFile((d) => got.push(d));
    s.drop({ name: 'd.suptree', text: 'dropped' });
    off();
    s.drop({ name: 'e.suptree', text: 'ignored' });
    expect(got).toEqual([{ ok: true, doc: { ref: null, name: 'd.suptree', text: 'dropped' } }]);
  });

  it('openRecent of an unknown id is a clear error', async () => {
    const s = setup();
    await expect(s.host.openRecent('nope')).rejects.toThrow('no longer in the list');
  });
});
