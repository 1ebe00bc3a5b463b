import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeFs } from './fs-like';
import { RecentFiles } from './recent';
import { tempFolder } from './test-support';

let folder: ReturnType<typeof tempFolder>;
let clock = 0;
const store = (limit?: number, log = vi.fn()) => new RecentFiles({ fs: nodeFs, file: join(folder.dir, 'user', 'recent-files.json'), now: () => ++clock, limit, log });
const make = (name: string) => {
  const p = join(folder.dir, name);
  writeFileSync(p, '{}');
  return p;
};
beforeEach(() => { folder = tempFolder(); clock = 0; });
afterEach(() => folder.remove());

describe('RecentFiles', () => {
  it('lists newest first, without duplicates, and survives a restart', async () => {
    const [a, b, c] = ['a.suptree', 'b.suptree', 'c.suptree'].map(make);
    const r = store();
    await r.add(a);
    await r.add(b);
    await r.add(c);
    await r.add(a);
    expect((await store().list()).map((f) => f.name)).toEqual(['a.suptree', 'c.suptree', 'b.suptree']);
    expect(await store().includes(b)).toBe(true);
  });

  it('keeps at most the limit', async () => {
    const r = store(3);
    for (let i = 0; i < 6; i++) await r.add(make(`f${i}.suptree`));
    expect((await r.list()).map((f) => f.name)).toEqual(['f5.suptree', 'f4.suptree', 'f3.suptree']);
  });

  it('drops files that no longer exist, also from disk', async () => {
    const [a, b] = ['a.suptree', 'b.suptree'].map(make);
    const r = store();
    await r.add(a);
    await r.add(b);
    rmSync(a);
    expect((await r.list()).map((f) => f.path)).toEqual([b]);
    expect(JSON.parse(readFileSync(join(folder.dir, 'user', 'recent-files.json'), 'utf8'))).toHaveLength(1);
  });

  it('reads a malformed list as empty and logs it', async () => {
    const a = make('a.suptree');
    const log = vi.fn();
    const r = store(undefined, log);
    await r.add(a);
    writeFileSync(join(folder.dir, 'user', 'recent-files.json'), '[{"path": 3}]');
    expect(await r.list()).toEqual([]);
    expect(log).toHaveBeenCalled();
  });

  it('concurrent adds are all kept', async () => {
    const r = store();
    const paths = Array.from({ length: 6 }, (_, i) => make(`c${i}.suptree`));
    await Promise.all(paths.map((p) => r.add(p)));
    expect((await r.list()).map((f) => f.path).sort()).toEqual([...paths].sort());
  });

  it('clears', async () => {
    const r = store();
    await r.add(make('a.suptree'));
    await r.clear();
    expect(await r.list()).toEqual([]);
  });
});
