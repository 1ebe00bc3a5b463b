import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Exporter, isExportStagingName, type ExporterDeps, type ReplaceChoice } from './export-folder';
import { nodeFs, type FsLike } from './fs-like';
import { faultyFs, fsError, tempFolder } from './test-support';

let folder: ReturnType<typeof tempFolder>;
beforeEach(() => { folder = tempFolder(); });
afterEach(() => folder.remove());

const FILES = [
  { path: 'package.json', content: '{"name":"shop"}\n' },
  { path: 'src/supervisors/app_sup.ts', content: 'export const a = 1;\n' },
  { path: 'src/workers/ünïcode ✓.ts', content: '// ✓\n' },
];

function exporter(over: Partial<ExporterDeps> & { choice?: ReplaceChoice } = {}) {
  let n = 0;
  const deps: ExporterDeps = {
    fs: nodeFs,
    pickFolder: vi.fn(async () => folder.dir),
    confirmReplace: vi.fn(async () => over.choice ?? 'cancel'),
    showSave: vi.fn(async () => null),
    trash: vi.fn(async (p: string) => { await nodeFs.rm(p, { recursive: true, force: true }); }),
    random: () => (n++).toString(16).padStart(12, '0'),
    log: vi.fn(),
    ...over,
  };
  return { deps, ex: new Exporter(deps) };
}

/** Every file under `dir` (relative, `/`-separated) with its text. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const full = join(e.parentPath, e.name);
    out[full.slice(dir.length + 1).split('\\').join('/')] = readFileSync(full, 'utf8');
  }
  return out;
}
const expected = (prefix: string) => Object.fromEntries(FILES.map((f) => [`${prefix}/${f.path}`, f.content]));
const leftovers = () => readdirSync(folder.dir).filter(isExportStagingName);

describe('Exporter.saveToFolder', () => {
  it('writes every file under <picked>/<name>/ and leaves no staging folder', async () => {
    const { ex } = exporter();
    const r = await ex.saveToFolder({ folderName: 'shop-typescript', files: FILES });
    expect(r).toEqual({ ok: true, folder: join(folder.dir, 'shop-typescript'), files: 3, replaced: false });
    expect(tree(folder.dir)).toEqual(expected('shop-typescript'));
    expect(leftovers()).toEqual([]);
  });

  it('a cancelled picker writes nothing and answers null', async () => {
    const { ex } = exporter({ pickFolder: async () => null });
    expect(await ex.saveToFolder({ folderName: 'shop', files: FILES })).toBeNull();
    expect(readdirSync(folder.dir)).toEqual([]);
  });

  it('refuses path traversal, absolute paths and unsafe names before asking for a folder', async () => {
    for (const path of ['../evil.ts', 'src/../../evil.ts', '/etc/passwd', 'C:/x.ts', 'a\\..\\b.ts', 'nul.txt', 'a\0b', 'src//x.ts']) {
      const { ex, deps } = exporter();
      const r = await ex.saveToFolder({ folderName: 'shop', files: [...FILES, { path, content: 'x' }] });
      expect(r, path).toMatchObject({ ok: false });
      expect(deps.pickFolder).not.toHaveBeenCalled();
    }
    const { ex } = exporter();
    expect(await ex.saveToFolder({ folderName: '..', files: FILES })).toMatchObject({ ok: false, error: expect.stringMatching(/folder name/) });
    expect(readdirSync(folder.dir)).toEqual([]);
    expect(readdirSync(join(folder.dir, '..')).includes('evil.ts')).toBe(false);
  });

  it('a write failing half-way leaves nothing: no project folder, no staging folder', async () => {
    let writes = 0;
    const fs: FsLike = faultyFs({
      handle: (real) => ({
        ...real,
        writeFile: async (d) => {
          if (++writes === 2) throw fsError('ENOSPC');
          return real.writeFile(d);
        },
        sync: () => real.sync(),
        close: () => real.close(),
      }),
    });
    const { ex } = exporter({ fs });
    const r = await ex.saveToFolder({ folderName: 'shop', files: FILES });
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/writing "src\/supervisors\/app_sup\.ts" failed: the disk is full\. Nothing was changed/) });
    expect(readdirSync(folder.dir)).toEqual([]);
  });

  it('a failing final rename leaves an existing folder as it was (after Replace)', async () => {
    const old = join(folder.dir, 'shop');
    mkdirSync(old);
    writeFileSync(join(old, 'keep.txt'), 'mine');
    const fs = faultyFs({
      rename: async (from, to) => {
        if (from.endsWith('.export-tmp')) throw fsError('EACCES');
        return nodeFs.rename(from, to);
      },
    });
    const { ex, deps } = exporter({ fs, choice: 'replace' });
    expect(await ex.saveToFolder({ folderName: 'shop', files: FILES })).toMatchObject({ ok: false, error: expect.stringMatching(/permission denied/) });
    expect(tree(folder.dir)).toEqual({ 'shop/keep.txt': 'mine' });
    expect(leftovers()).toEqual([]);
    expect(deps.trash).not.toHaveBeenCalled();
  });

  it('an existing non-empty folder is not touched without the user: Cancel writes nothing', async () => {
    const old = join(folder.dir, 'shop');
    mkdirSync(old);
    writeFileSync(join(old, 'keep.txt'), 'mine');
    const { ex, deps } = exporter({ choice: 'cancel' });
    expect(await ex.saveToFolder({ folderName: 'shop', files: FILES })).toBeNull();
    expect(deps.confirmReplace).toHaveBeenCalledWith({ name: 'shop', parent: folder.dir, alternative: 'shop-2' });
    expect(tree(folder.dir)).toEqual({ 'shop/keep.txt': 'mine' });
  });

  it('"Save as shop-2" writes next to it; a taken -2 moves on to -3', async () => {
    mkdirSync(join(folder.dir, 'shop'));
    writeFileSync(join(folder.dir, 'shop/keep.txt'), 'mine');
    mkdirSync(join(folder.dir, 'shop-2'));
    const { ex, deps } = exporter({ choice: 'alternative' });
    expect(await ex.saveToFolder({ folderName: 'shop', files: FILES })).toMatchObject({ ok: true, folder: join(folder.dir, 'shop-3'), replaced: false });
    expect(deps.confirmReplace).toHaveBeenCalledWith(expect.objectContaining({ alternative: 'shop-3' }));
    expect(tree(folder.dir)).toEqual({ 'shop/keep.txt': 'mine', ...expected('shop-3') });
  });

  it('Replace puts the new project in place and the old folder in the trash', async () => {
    mkdirSync(join(folder.dir, 'shop'));
    writeFileSync(join(folder.dir, 'shop/keep.txt'), 'mine');
    const trashed: string[] = [];
    const { ex } = exporter({
      choice: 'replace',
      trash: async (p) => { trashed.push(readFileSync(join(p, 'keep.txt'), 'utf8')); await nodeFs.rm(p, { recursive: true, force: true }); },
    });
    expect(await ex.saveToFolder({ folderName: 'shop', files: FILES })).toMatchObject({ ok: true, replaced: true });
    expect(trashed).toEqual(['mine']);
    expect(tree(folder.dir)).toEqual(expected('shop'));
    expect(leftovers()).toEqual([]);
  });

  it('without a trash, the replaced files are kept in a visible folder, never deleted', async () => {
    mkdirSync(join(folder.dir, 'shop'));
    writeFileSync(join(folder.dir, 'shop/keep.txt'), 'mine');
    const { ex } = exporter({ choice: 'replace', trash: async () => { throw new Error('no trash'); } });
    expect(await ex.saveToFolder({ folderName: 'shop', files: FILES })).toMatchObject({ ok: true, replaced: true });
    const kept = readdirSync(folder.dir).find((n) => n.startsWith('shop.replaced-'))!;
    expect(readFileSync(join(folder.dir, kept, 'keep.txt'), 'utf8')).toBe('mine');
    expect(tree(join(folder.dir, 'shop'))).toEqual(Object.fromEntries(FILES.map((f) => [f.path, f.content])));
  });

  it('an empty folder of that name is used without asking; a file of that name is left alone', async () => {
    mkdirSync(join(folder.dir, 'shop'));
    writeFileSync(join(folder.dir, 'app'), 'a file');
    const { ex, deps } = exporter();
    expect(await ex.saveToFolder({ folderName: 'shop', files: FILES })).toMatchObject({ ok: true, folder: join(folder.dir, 'shop') });
    expect(await ex.saveToFolder({ folderName: 'app', files: FILES })).toMatchObject({ ok: true, folder: join(folder.dir, 'app-2') });
    expect(deps.confirmReplace).not.toHaveBeenCalled();
    expect(readFileSync(join(folder.dir, 'app'), 'utf8')).toBe('a file');
  });
});

describe('Exporter.saveFile', () => {
  it('writes text or bytes where the user chose; cancel writes nothing', async () => {
    const target = join(folder.dir, 'tree.png');
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const { ex, deps } = exporter({ showSave: vi.fn(async () => target) });
    expect(await ex.saveFile({ suggestedName: 'tree.png', content: png })).toEqual({ ok: true, path: target, name: 'tree.png' });
    expect(deps.showSave).toHaveBeenCalledWith('tree.png');
    expect([...readFileSync(target)]).toEqual([...png]);
    const svg = join(folder.dir, 'tree.svg');
    const text = exporter({ showSave: async () => svg }).ex;
    expect(await text.saveFile({ suggestedName: 'tree.svg', content: '<svg>✓</svg>' })).toMatchObject({ ok: true });
    expect(readFileSync(svg, 'utf8')).toBe('<svg>✓</svg>');
    expect(await exporter().ex.saveFile({ suggestedName: 'x.svg', content: '<svg/>' })).toBeNull();
  });

  it('a failed write keeps the old file and says why', async () => {
    const target = join(folder.dir, 'tree.svg');
    writeFileSync(target, 'old');
    const fs = faultyFs({ rename: async () => { throw fsError('EROFS'); } });
    const { ex } = exporter({ fs, showSave: async () => target });
    expect(await ex.saveFile({ suggestedName: 'tree.svg', content: 'new' })).toEqual({ ok: false, error: 'Could not save "tree.svg": the disk is read-only.' });
    expect(readFileSync(target, 'utf8')).toBe('old');
    expect(readdirSync(folder.dir)).toEqual(['tree.svg']);
  });
});

describe('durability', () => {
  it('fsyncs the picked folder after the staging folder is renamed into place', async () => {
    const events: string[] = [];
    const fs: FsLike = {
      ...nodeFs,
      rename: async (a, b) => { events.push(`rename → ${b === join(folder.dir, 'shop') ? 'target' : 'other'}`); await nodeFs.rename(a, b); },
      open: async (p, flags, mode) => {
        const h = await nodeFs.open(p, flags, mode);
        return { ...h, writeFile: (d) => h.writeFile(d), close: () => h.close(), sync: async () => { if (p === folder.dir) events.push('fsync picked folder'); await h.sync(); } };
      },
    };
    const { ex } = exporter({ fs });
    expect(await ex.saveToFolder({ folderName: 'shop', files: FILES })).toMatchObject({ ok: true });
    const last = events.lastIndexOf('rename → target');
    expect(last).toBeGreaterThanOrEqual(0);
    expect(events.slice(last + 1)).toContain('fsync picked folder');
  });
});
