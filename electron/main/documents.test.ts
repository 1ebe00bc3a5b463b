import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DocumentFiles } from './documents';
import { nodeFs } from './fs-like';
import { faultyFs, fsError, tempFolder } from './test-support';

let folder: ReturnType<typeof tempFolder>;
beforeEach(() => { folder = tempFolder(); });
afterEach(() => folder.remove());

const doc = (name: string, content: string) => {
  const p = join(folder.dir, name);
  writeFileSync(p, content);
  return p;
};

describe('DocumentFiles.read', () => {
  it('reads a document with its name', async () => {
    const p = doc('a.suptree', '{"format":"x"}');
    expect(await new DocumentFiles({ fs: nodeFs, now: () => 1 }).read(p)).toEqual({ ok: true, document: { path: p, name: 'a.suptree', content: '{"format":"x"}' } });
  });

  it('explains missing files, folders and files too large', async () => {
    const files = new DocumentFiles({ fs: nodeFs, now: () => 1 });
    const missing = await files.read(join(folder.dir, 'gone.suptree'));
    expect(missing).toMatchObject({ ok: false, error: 'Could not open "gone.suptree": the file or its folder does not exist.' });
    mkdirSync(join(folder.dir, 'dir.suptree'));
    expect(await files.read(join(folder.dir, 'dir.suptree'))).toMatchObject({ ok: false, error: expect.stringMatching(/not a file/) });
    const big = doc('big.suptree', 'x'.repeat(20 * 1024 * 1024 + 1));
    expect(await files.read(big)).toMatchObject({ ok: false, error: expect.stringMatching(/larger than 20 MB/) });
  });
});

describe('DocumentFiles.save', () => {
  it('saves, reports when, and grants the path', async () => {
    const files = new DocumentFiles({ fs: nodeFs, now: () => 42 });
    const p = join(folder.dir, 'new.suptree');
    expect(files.isGranted(p)).toBe(false);
    expect(await files.save(p, '{"a":1}')).toEqual({ ok: true, path: p, name: 'new.suptree', savedAt: 42 });
    expect(readFileSync(p, 'utf8')).toBe('{"a":1}');
    expect(files.isGranted(p)).toBe(true);
  });

  it('never overwrites a file that does not parse as a document; Save As may', async () => {
    const files = new DocumentFiles({ fs: nodeFs, now: () => 1 });
    for (const broken of ['{"format": "supervisor-studio", ', 'hello', '[1,2]', 'null', '']) {
      const p = doc('broken.suptree', broken);
      const r = await files.save(p, '{"fresh":true}');
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error).toMatch(/not a Supervisor Studio document .* not overwritten; use Save As\. The file on disk was not changed\./);
      expect(readFileSync(p, 'utf8')).toBe(broken);
    }
    const p = doc('broken.suptree', 'hello');
    expect((await files.save(p, '{"fresh":true}', true)).ok).toBe(true);
    expect(readFileSync(p, 'utf8')).toBe('{"fresh":true}');
  });

  it('a failed save keeps the old bytes and says why in words', async () => {
    const original = '{"format":"supervisor-studio","version":1}';
    const p = doc('d.suptree', original);
    const cases: [ReturnType<typeof faultyFs>, RegExp][] = [
      [faultyFs({ handle: (real) => ({ ...real, writeFile: async () => { throw fsError('ENOSPC'); }, sync: () => real.sync(), close: () => real.close() }) }), /the disk is full/],
      [faultyFs({ rename: async () => { throw fsError('EACCES'); } }), /permission denied/],
      [faultyFs({ open: async () => { throw fsError('EROFS'); } }), /the disk is read-only/],
    ];
    for (const [fs, why] of cases) {
      const r = await new DocumentFiles({ fs, now: () => 1 }).save(p, '{"new":1}');
      expect(r).toMatchObject({ ok: false, path: p });
      expect(!r.ok && r.error).toMatch(why);
      expect(!r.ok && r.error).toMatch(/^Could not save "d\.suptree": .*\. The file on disk was not changed\.$/);
      expect(readFileSync(p, 'utf8')).toBe(original);
      expect(readdirSync(folder.dir)).toEqual(['d.suptree']);
    }
  });

  it('the next successful save removes temp files a crashed save left, and only those', async () => {
    const p = doc('d.suptree', '{}');
    const crash = new Error('killed');
    const crashed = new DocumentFiles({ fs: faultyFs({ rename: async () => { throw crash; }, unlink: async () => { throw crash; } }), now: () => 1 });
    expect((await crashed.save(p, '{"lost":1}')).ok).toBe(false);
    writeFileSync(join(folder.dir, '.d.suptree.someone-else.tmp'), 'x');
    writeFileSync(join(folder.dir, '.other.suptree.0123456789ab.tmp'), 'x');
    expect(readdirSync(folder.dir).filter((n) => /^\.d\.suptree\.[0-9a-f]{12}\.tmp$/.test(n))).toHaveLength(1);
    expect((await new DocumentFiles({ fs: nodeFs, now: () => 2 }).save(p, '{"v":2}')).ok).toBe(true);
    expect(readdirSync(folder.dir).sort()).toEqual(['.d.suptree.someone-else.tmp', '.other.suptree.0123456789ab.tmp', 'd.suptree']);
  });

  it('serializes saves to one path: the last call wins, none interleave', async () => {
    const p = doc('s.suptree', '{}');
    let active = 0;
    let maxActive = 0;
    const fs = faultyFs({
      rename: async (a, b) => {
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setTimeout(r, 3));
        await nodeFs.rename(a, b);
        active--;
      },
    });
    const files = new DocumentFiles({ fs, now: () => 1 });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => files.save(p, JSON.stringify({ i }))));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(maxActive).toBe(1);
    expect(readFileSync(p, 'utf8')).toBe('{"i":7}');
  });
});
