import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeFs } from './fs-like';
import { RecoveryStore } from './recovery';
import { tempFolder } from './test-support';

let folder: ReturnType<typeof tempFolder>;
let clock = 1000;
const dir = () => join(folder.dir, 'recovery');
const session = (log = vi.fn()) => new RecoveryStore({ fs: nodeFs, dir: dir(), now: () => clock++, log });
beforeEach(() => { folder = tempFolder(); });
afterEach(() => folder.remove());

describe('autosave and recovery', () => {
  it('a crashed session leaves its autosaves; the next launch lists and restores them', async () => {
    const crashed = session();
    await crashed.write({ docId: 'doc1', path: '/home/u/shop.suptree', title: 'shop.suptree', content: '{"v":1}' });
    await crashed.write({ docId: 'doc1', path: '/home/u/shop.suptree', title: 'shop.suptree', content: '{"v":2}' });
    await crashed.write({ docId: 'new-2', path: null, title: 'Untitled', content: '{"n":1}' });
    expect(await crashed.list()).toEqual([]); // its own entries are not "recovered"
    // (no clearOwn: the process died)

    const next = session();
    const listed = await next.list();
    expect(listed.map((d) => d.docId)).toEqual(['new-2', 'doc1']);
    expect(listed[1]).toMatchObject({ path: '/home/u/shop.suptree', title: 'shop.suptree', size: 7 });
    expect(await next.restore('doc1')).toMatchObject({ docId: 'doc1', content: '{"v":2}' });
    await next.discard('new-2');
    expect((await session().list()).map((d) => d.docId)).toEqual(['doc1']);
  });

  it('a clean exit clears its own autosaves but keeps older ones still on offer', async () => {
    await session().write({ docId: 'old', path: null, title: 'Old', content: 'x' });
    const s = session();
    await s.write({ docId: 'mine', path: null, title: 'Mine', content: 'y' });
    await s.clearOwn();
    expect((await session().list()).map((d) => d.docId)).toEqual(['old']);
  });

  it('clearing after a save removes the entry; clearing twice is fine', async () => {
    const s = session();
    await s.write({ docId: 'd', path: null, title: 'D', content: 'z' });
    await s.clear('d');
    await s.clear('d');
    expect(readdirSync(dir())).toEqual([]);
  });

  it('ignores malformed entries and leaves no temp files', async () => {
    const s = session();
    await s.write({ docId: 'good', path: null, title: 'Good', content: '{}' });
    writeFileSync(join(dir(), 'bad.json'), '{"docId":"bad"');
    writeFileSync(join(dir(), 'notes.txt'), 'hello');
    const log = vi.fn();
    expect((await session(log).list()).map((d) => d.docId)).toEqual(['good']);
    expect(log).toHaveBeenCalled();
    expect(readdirSync(dir()).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('restoring an unknown document is a clear error', async () => {
    await expect(session().restore('nope')).rejects.toThrow('There is no recovered document "nope".');
  });

  it('lists nothing when the folder does not exist yet', async () => {
    expect(await session().list()).toEqual([]);
  });
});

describe('page reload after a renderer crash', () => {
  it('what the crashed page autosaved is offered to the page that replaces it', async () => {
    const s = session();
    await s.write({ docId: 'live', path: null, title: 'Live', content: '{"x":1}' });
    expect(await s.list()).toEqual([]);
    s.releaseOwn(); // the new page said it is ready
    expect((await s.list()).map((d) => d.docId)).toEqual(['live']);
    await s.write({ docId: 'live', path: null, title: 'Live', content: '{"x":2}' }); // the new page took it over
    expect(await s.list()).toEqual([]);
  });
});
