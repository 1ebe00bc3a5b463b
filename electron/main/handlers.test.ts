import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloseGuard } from './close-guard';
import { DocumentFiles } from './documents';
import { nodeFs } from './fs-like';
import { createHandlers, openChosenPath, type HandlerDeps } from './handlers';
import { OpenQueue } from './open-files';
import { RecentFiles } from './recent';
import { RecoveryStore } from './recovery';
import { tempFolder } from './test-support';

let folder: ReturnType<typeof tempFolder>;
beforeEach(() => { folder = tempFolder(); });
afterEach(() => folder.remove());

function setup(answers: { open?: string | null; save?: string | null; confirm?: boolean; recentFile?: string } = {}) {
  const now = () => 7;
  const files = new DocumentFiles({ fs: nodeFs, now });
  const recent = new RecentFiles({ fs: nodeFs, file: answers.recentFile ?? join(folder.dir, 'user/recent.json'), now });
  const recovery = new RecoveryStore({ fs: nodeFs, dir: join(folder.dir, 'user/recovery'), now });
  const recentChanged = vi.fn();
  const log = vi.fn();
  const deps: HandlerDeps = {
    files, recent, recovery, recentChanged,
    dialogs: {
      showOpen: vi.fn(async () => answers.open ?? null),
      showSave: vi.fn(async (_name: string) => answers.save ?? null),
      confirm: vi.fn(async (_q: { message: string; detail: string; action: string }) => answers.confirm ?? false),
    },
    closeGuard: new CloseGuard({ ask: async () => 'cancel', requestSave: vi.fn(), close: vi.fn(), discardAutosaves: async () => undefined, askUnresponsive: async () => 'wait' }),
    openQueue: new OpenQueue({ open: (p) => openChosenPath({ files, recent, recentChanged, log }, p), deliver: vi.fn(), focus: vi.fn() }),
    external: { confirm: vi.fn(async () => true), openExternal: vi.fn(async () => undefined), log: vi.fn() },
    exporter: { saveToFolder: vi.fn(async () => null), saveFile: vi.fn(async () => null) },
    showDocumentState: vi.fn(),
    platform: 'linux',
    appVersion: '0.1.0',
    log,
  };
  return { deps, handlers: createHandlers(deps) };
}
const write = (name: string, content = '{"format":"supervisor-studio"}') => {
  const p = join(folder.dir, name);
  writeFileSync(p, content);
  return p;
};

describe('file handlers', () => {
  it('Open: a cancelled dialog gives null; a chosen file is read, granted and put in recent files', async () => {
    expect(await setup().handlers['file:openDialog'](undefined)).toBeNull();
    const p = write('shop.suptree');
    const { handlers, deps } = setup({ open: p });
    expect(await handlers['file:openDialog'](undefined)).toMatchObject({ ok: true, document: { path: p, name: 'shop.suptree' } });
    expect(deps.files.isGranted(p)).toBe(true);
    expect((await handlers['recent:list'](undefined)).map((r) => r.path)).toEqual([p]);
    expect(deps.recentChanged).toHaveBeenCalled();
  });

  it('Save refuses a path the user never chose; saves one they opened', async () => {
    const p = write('a.suptree');
    const { handlers } = setup({ open: p });
    await expect(handlers['file:save']({ path: write('other.suptree'), content: '{}' })).rejects.toThrow(/use Save As/);
    await handlers['file:openDialog'](undefined);
    expect(await handlers['file:save']({ path: p, content: '{"v":2}' })).toMatchObject({ ok: true, path: p, savedAt: 7 });
    expect(readFileSync(p, 'utf8')).toBe('{"v":2}');
  });

  it('Save As: cancel gives null; a chosen path is written and may be saved again', async () => {
    expect(await setup().handlers['file:saveAs']({ content: '{}' })).toBeNull();
    const target = join(folder.dir, 'new.suptree');
    const { handlers, deps } = setup({ save: target });
    expect(await handlers['file:saveAs']({ content: '{"a":1}', suggestedName: 'shop.suptree' })).toMatchObject({ ok: true, path: target });
    expect(deps.dialogs.showSave).toHaveBeenCalledWith('shop.suptree');
    expect(await handlers['file:save']({ path: target, content: '{"a":2}' })).toMatchObject({ ok: true });
    expect(readFileSync(target, 'utf8')).toBe('{"a":2}');
  });

  it('reading a path is allowed only when it was chosen before (recent files count)', async () => {
    const p = write('r.suptree');
    const first = setup({ open: p });
    await expect(first.handlers['file:read']({ path: p })).rejects.toThrow(/was not chosen by the user/);
    await first.handlers['file:openDialog'](undefined);
    // a later session: not granted in memory, but in the recent list on disk
    const later = setup();
    expect(await later.handlers['file:read']({ path: p })).toMatchObject({ ok: true });
    expect(later.deps.files.isGranted(p)).toBe(true);
  });
});

describe('autosave, recovery and launch state', () => {
  it('autosave refuses a path the user did not choose', async () => {
    const { handlers } = setup();
    await expect(handlers['autosave:write']({ docId: 'x', path: '/etc/passwd', title: 't', content: '{}' })).rejects.toThrow(/Autosave refused/);
    await handlers['autosave:write']({ docId: 'x', path: null, title: 't', content: '{}' });
  });

  it('the next launch reports queued opens and recovered documents; restoring grants the original path', async () => {
    const p = write('crash.suptree');
    const before = setup({ open: p });
    await before.handlers['file:openDialog'](undefined);
    await before.handlers['autosave:write']({ docId: 'doc-1', path: p, title: 'crash.suptree', content: '{"unsaved":true}' });
    // crash: nothing cleared. Next launch, with a file given on the command line:
    const after = setup();
    const q = write('argv.suptree');
    after.deps.openQueue.request(q);
    const launch = await after.handlers['app:rendererReady'](undefined);
    expect(launch).toMatchObject({ platform: 'linux', appVersion: '0.1.0' });
    expect(launch.pendingOpens).toEqual([{ ok: true, document: { path: q, name: 'argv.suptree', content: '{"format":"supervisor-studio"}' } }]);
    expect(launch.recovered).toEqual([{ docId: 'doc-1', path: p, title: 'crash.suptree', savedAt: 7, size: 16 }]);
    expect(after.deps.files.isGranted(p)).toBe(false);
    expect(await after.handlers['recovery:restore']({ docId: 'doc-1' })).toMatchObject({ content: '{"unsaved":true}' });
    expect(after.deps.files.isGranted(p)).toBe(true);
    await after.handlers['recovery:discard']({ docId: 'doc-1' });
    expect(await after.handlers['recovery:list'](undefined)).toEqual([]);
  });
});

describe('page reload', () => {
  it('a reloaded page is offered what the page before it autosaved, and starts without unsaved changes', async () => {
    const { handlers, deps } = setup();
    await handlers['app:rendererReady'](undefined);
    await handlers['autosave:write']({ docId: 'live', path: null, title: 'Untitled', content: '{"a":1}' });
    await handlers['window:setDocumentState']({ title: 'Untitled', dirty: true, path: null });
    expect(await handlers['recovery:list'](undefined)).toEqual([]);
    const reloaded = await handlers['app:rendererReady'](undefined);
    expect(reloaded.recovered.map((r) => r.docId)).toEqual(['live']);
    expect(deps.closeGuard.isDirty()).toBe(false);
  });
});

describe('window and shell handlers', () => {
  it('document state drives the title and the close prompt', async () => {
    const { handlers, deps } = setup();
    await handlers['window:setDocumentState']({ title: 'a.suptree', dirty: true, path: null });
    expect(deps.showDocumentState).toHaveBeenCalledWith({ title: 'a.suptree', dirty: true, path: null });
    expect(deps.closeGuard.isDirty()).toBe(true);
  });

  it('opens https links after confirmation only', async () => {
    const { handlers, deps } = setup();
    expect(await handlers['shell:openExternal']({ url: 'http://example.com' })).toEqual({ opened: false });
    expect(await handlers['shell:openExternal']({ url: 'https://example.com' })).toEqual({ opened: true });
    expect(deps.external.openExternal).toHaveBeenCalledOnce();
  });
});

describe('saving over something that is not ours to lose', () => {
  it('Save As onto a file that is not a design asks first; declining leaves it untouched', async () => {
    const notes = write('notes.suptree', 'my notes, not JSON');
    const pkg = write('package.suptree', '{"name":"app"}'); // JSON, but not a Supervisor Studio design
    for (const target of [notes, pkg]) {
      const before = readFileSync(target, 'utf8');
      const { handlers, deps } = setup({ save: target, confirm: false });
      expect(await handlers['file:saveAs']({ content: '{"format":"supervisor-studio"}' })).toBeNull();
      expect(deps.dialogs.confirm).toHaveBeenCalledWith(expect.objectContaining({ message: expect.stringMatching(/is not a Supervisor Studio design/) }));
      expect(readFileSync(target, 'utf8')).toBe(before);
      expect(deps.files.isGranted(target)).toBe(false);
    }
    const { handlers } = setup({ save: notes, confirm: true });
    expect(await handlers['file:saveAs']({ content: '{"format":"supervisor-studio"}' })).toMatchObject({ ok: true });
    expect(readFileSync(notes, 'utf8')).toBe('{"format":"supervisor-studio"}');
  });

  it('Save As over another design does not ask again (the system dialog did)', async () => {
    const other = write('other.suptree');
    const { handlers, deps } = setup({ save: other });
    expect(await handlers['file:saveAs']({ content: '{"format":"supervisor-studio","v":3}' })).toMatchObject({ ok: true });
    expect(deps.dialogs.confirm).not.toHaveBeenCalled();
  });

  it('Save and Save As ask before replacing a read-only file', async () => {
    const p = write('locked.suptree');
    chmodSync(p, 0o444);
    const { handlers, deps } = setup({ open: p, confirm: false });
    await handlers['file:openDialog'](undefined);
    expect(await handlers['file:save']({ path: p, content: '{"changed":1}' })).toMatchObject({ ok: false, error: expect.stringMatching(/read-only/) });
    expect(readFileSync(p, 'utf8')).toBe('{"format":"supervisor-studio"}');
    (deps.dialogs.confirm as ReturnType<typeof vi.fn>).mockResolvedValue(true);
    expect(await handlers['file:save']({ path: p, content: '{"changed":1}' })).toMatchObject({ ok: true });
    expect(readFileSync(p, 'utf8')).toBe('{"changed":1}');
    expect(statSync(p).mode & 0o777).toBe(0o444); // still read-only
  });

  it('the page suggests only a base name: no folder, no dot-file, always .suptree', async () => {
    const { handlers, deps } = setup({ save: null });
    for (const [suggested, offered] of [
      ['/home/u/.bashrc', 'bashrc.suptree'],
      ['..\\..\\Windows\\evil.suptree', 'evil.suptree'],
      ['shop.suptree', 'shop.suptree'],
      ['../../.ssh/', 'Untitled.suptree'],
      [undefined, 'Untitled.suptree'],
    ] as const) {
      await handlers['file:saveAs']({ content: '{}', suggestedName: suggested });
      expect(deps.dialogs.showSave).toHaveBeenLastCalledWith(offered);
    }
  });
});

describe('a data folder that cannot be written', () => {
  it('opening, saving and launching still work; the recent list is skipped and logged', async () => {
    const broken = write('not-a-folder'); // a file where the data folder should be: mkdir fails (EEXIST/ENOTDIR)
    const p = write('fine.suptree');
    const first = setup({ open: p, recentFile: join(broken, 'recent.json') });
    expect(await first.handlers['file:openDialog'](undefined)).toMatchObject({ ok: true });
    expect(await first.handlers['file:save']({ path: p, content: '{"saved":1}' })).toMatchObject({ ok: true });
    expect(first.deps.log).toHaveBeenCalledWith('could not update the recent files list', expect.anything());
    await first.handlers['autosave:write']({ docId: 'doc-9', path: p, title: 'fine.suptree', content: '{"unsaved":1}' });
    // next launch with a document on the command line: the document opens and recovery is still offered
    const after = setup({ recentFile: join(broken, 'recent.json') });
    after.deps.openQueue.request(p);
    const launch = await after.handlers['app:rendererReady'](undefined);
    expect(launch.pendingOpens).toEqual([expect.objectContaining({ ok: true })]);
    expect(launch.recovered.map((r) => r.docId)).toEqual(['doc-9']);
  });
});
