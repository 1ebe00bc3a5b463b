import { describe, expect, it } from 'vitest';
import { createBrowserHost } from '../host/browser-host';
import { MemoryStore } from '../host/kv-store';
import type { FileHandleLike, FilePicker, PickedFile } from '../host/browser-files';
import { Editor } from '../editor/editor';
import { createEmptyDocument } from '../../runtime/design/document';
import { DocumentSession, DocumentOpenError } from './documents';

function setup(confirm = true) {
  const files = new Map<string, string>();
  const handle = (name: string): FileHandleLike => ({
    name,
    getFile: async () => ({ text: async () => files.get(name) ?? '' }),
    createWritable: async () => {
      let buf = '';
      return { write: async (d: string) => { buf += d; }, close: async () => { files.set(name, buf); } };
    },
  });
  const nextOpen: PickedFile[] = [];
  const picker: FilePicker = {
    canPickSave: true,
    pickOpen: async () => nextOpen.shift() ?? null,
    pickSave: async (n) => handle(n),
    write: async (h, t) => { const w = await h.createWritable(); await w.write(t); await w.close(); },
    download: () => {},
  };
  let title = '';
  const store = new MemoryStore();
  const host = createBrowserHost({ store, files: picker, win: { setTitle: (t) => { title = t; }, onBeforeUnload: () => {}, onDropFile: () => () => {} } });
  const editor = new Editor(createEmptyDocument());
  const session = new DocumentSession(host, editor, () => (confirm ? 'discard' : 'cancel'));
  return { files, handle, nextOpen, host, editor, session, store, title: () => title };
}

describe('document session', () => {
  it('save then open gives back an equal document; the title follows name and dirty state', async () => {
    const s = setup();
    const sup = s.editor.addNode('supervisor', { x: 10, y: 20 });
    const w = s.editor.addNode('worker', { x: 30, y: 200 });
    s.editor.connect(sup, w, 'supervision');
    s.editor.setNodeField(sup, 'strategy', 'rest_for_one');
    expect(s.title()).toBe('● Untitled.suptree — Supervisor Studio');
    expect(await s.session.saveAs()).toBe(true);
    expect(s.title()).toBe('Untitled.suptree — Supervisor Studio');
    const saved = s.editor.doc;
    await s.session.newDocument();
    expect(s.editor.doc.nodes).toHaveLength(0);
    s.nextOpen.push({ name: 'Untitled.suptree', text: s.files.get('Untitled.suptree')!, handle: s.handle('Untitled.suptree') });
    expect(await s.session.open()).toBe(true);
    expect(s.editor.doc).toEqual(saved);
    expect(s.session.getState()).toMatchObject({ name: 'Untitled.suptree', dirty: false });
  });

  it('a file that fails to parse changes nothing and reports paths', async () => {
    const s = setup();
    s.editor.addNode('supervisor', { x: 0, y: 0 });
    const before = s.editor.doc;
    s.nextOpen.push({ name: 'bad.suptree', text: '{"format":"supervisor-studio","version":1,"nodes":[{"kind":"worker","id":"a","restart":"sometimes"}]}' });
    const err = await s.session.open().catch((e) => e);
    expect(err).toBeInstanceOf(DocumentOpenError);
    expect(err.message).toContain('$.nodes[0].restart');
    expect(s.editor.doc).toBe(before);
  });

  it('keeps the document when the user does not confirm discarding changes', async () => {
    const s = setup(false);
    s.editor.addNode('supervisor', { x: 0, y: 0 });
    expect(await s.session.newDocument()).toBe(false);
    expect(s.editor.doc.nodes).toHaveLength(1);
  });

  it('"Save" in the unsaved-changes question saves first, then goes on; a cancelled Save As stays', async () => {
    const s = setup();
    const asked: string[] = [];
    const session = new DocumentSession(s.host, s.editor, (q) => { asked.push(`${q.name}: ${q.action}`); return 'save'; });
    s.editor.addNode('supervisor', { x: 0, y: 0 });
    expect(await session.newDocument()).toBe(true);
    expect(asked).toEqual(['Untitled.suptree: start a new design']);
    expect(s.files.get('Untitled.suptree')).toContain('"supervisor"'); // saved before it was replaced
    expect(s.editor.doc.nodes).toHaveLength(0);
    // Save As cancelled (no file chosen): nothing is replaced
    const cancelled = { ...s.host, saveAs: async () => null };
    const e2 = new Editor(createEmptyDocument());
    const session2 = new DocumentSession(cancelled, e2, () => 'save');
    e2.addNode('worker', { x: 0, y: 0 });
    expect(await session2.newDocument()).toBe(false);
    expect(e2.doc.nodes).toHaveLength(1);
  });

  it('autosaves a dirty document once per change and offers it for recovery; a save clears it', async () => {
    const s = setup();
    await s.session.autosaveNow();
    expect(await s.host.listRecovery()).toHaveLength(0); // clean: nothing to keep
    s.editor.addNode('worker', { x: 0, y: 0 });
    await s.session.autosaveNow();
    const [entry] = await s.host.listRecovery();
    expect(entry.name).toBe('Untitled.suptree');
    // the next session restores it, dirty, with the same content
    const doc = s.editor.doc;
    const nextEditor = new Editor();
    const next = new DocumentSession(s.host, nextEditor, () => 'discard');
    await next.restore(entry);
    expect(next.getState().dirty).toBe(true);
    expect(nextEditor.doc).toEqual(doc);
    await next.saveAs();
    await new Promise((r) => setTimeout(r, 0));
    expect(await s.host.listRecovery()).toEqual([]);
  });

  it('tells about data that saving would change (text that was not valid UTF-8) when the file opens', async () => {
    const s = setup();
    const told: string[] = [];
    s.session.onCautions = (name, cautions) => told.push(`${name}: ${cautions.join(' ')}`);
    const text = JSON.stringify({ format: 'supervisor-studio', version: 1, title: 'caf\uFFFD', nodes: [], edges: [] });
    s.nextOpen.push({ name: 'latin1.suptree', text });
    expect(await s.session.open()).toBe(true);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(/^latin1\.suptree: The file is not valid UTF-8 .*Saving writes them/);
    s.nextOpen.push({ name: 'fine.suptree', text: text.replace('\uFFFD', 'e') });
    expect(await s.session.open()).toBe(true);
    expect(told).toHaveLength(1);
  });
});
