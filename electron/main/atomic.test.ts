import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { atomicWrite, SerialQueue } from './atomic';
import { nodeFs } from './fs-like';
import { faultyFs, fsError, tempFolder } from './test-support';

const ORIGINAL = Buffer.from('{"format":"supervisor-studio","version":1,"nodes":["ä",1]}\n', 'utf8');

let folder: ReturnType<typeof tempFolder>;
let target: string;
beforeEach(() => {
  folder = tempFolder();
  target = join(folder.dir, 'design.suptree');
  writeFileSync(target, ORIGINAL);
});
afterEach(() => folder.remove());

const untouched = () => expect(readFileSync(target).equals(ORIGINAL)).toBe(true);
const leftovers = () => readdirSync(folder.dir).filter((n) => n !== 'design.suptree');

describe('atomicWrite', () => {
  it('replaces the file and leaves no temporary file', async () => {
    await atomicWrite(nodeFs, target, 'new content');
    expect(readFileSync(target, 'utf8')).toBe('new content');
    expect(leftovers()).toEqual([]);
  });

  it('creates a file that did not exist', async () => {
    const fresh = join(folder.dir, 'fresh.suptree');
    await atomicWrite(nodeFs, fresh, 'x');
    expect(readFileSync(fresh, 'utf8')).toBe('x');
  });

  it('writes the temporary file in the same folder, fsyncs it, then renames', async () => {
    const steps: string[] = [];
    const fs = faultyFs({
      handle: (real) => ({
        writeFile: async (d) => { steps.push('write'); await real.writeFile(d); },
        sync: async () => { steps.push('fsync'); await real.sync(); },
        close: async () => { steps.push('close'); await real.close(); },
      }),
      rename: async (from, to) => {
        steps.push(`rename ${from.startsWith(folder.dir) ? 'same-folder' : 'elsewhere'}`);
        await nodeFs.rename(from, to);
      },
    });
    await atomicWrite(fs, target, 'y');
    expect(steps).toEqual(['write', 'fsync', 'close', 'rename same-folder']);
  });

  it('keeps the permissions of the file it replaces', async () => {
    chmodSync(target, 0o640);
    await atomicWrite(nodeFs, target, 'z');
    expect(statSync(target).mode & 0o777).toBe(0o640);
  });

  it('rename fails: the original is byte-identical and the temp file is removed', async () => {
    const fs = faultyFs({ rename: async () => { throw fsError('EXDEV'); } });
    await expect(atomicWrite(fs, target, 'new')).rejects.toMatchObject({ code: 'EXDEV' });
    untouched();
    expect(leftovers()).toEqual([]);
  });

  it('disk full while writing: the original is byte-identical and the partial temp file is removed', async () => {
    const fs = faultyFs({
      handle: (real) => ({
        ...real,
        writeFile: async (d) => {
          await real.writeFile(String(d).slice(0, 3)); // part of it reached the disk
          throw fsError('ENOSPC');
        },
        sync: () => real.sync(),
        close: () => real.close(),
      }),
    });
    await expect(atomicWrite(fs, target, 'a much longer new content')).rejects.toMatchObject({ code: 'ENOSPC' });
    untouched();
    expect(leftovers()).toEqual([]);
  });

  it('fsync fails: the original is byte-identical', async () => {
    const fs = faultyFs({
      handle: (real) => ({ writeFile: (d) => real.writeFile(d), sync: async () => { throw fsError('EIO'); }, close: () => real.close() }),
    });
    await expect(atomicWrite(fs, target, 'new')).rejects.toMatchObject({ code: 'EIO' });
    untouched();
    expect(leftovers()).toEqual([]);
  });

  it('crash between write and rename: the original is intact and the next save succeeds', async () => {
    // A crash: the process dies after the temp file is complete, so neither rename nor cleanup happens.
    const crash = new Error('process killed');
    const crashing = faultyFs({
      rename: async () => { throw crash; },
      unlink: async () => { throw crash; },
    });
    await expect(atomicWrite(crashing, target, 'lost edit')).rejects.toBe(crash);
    untouched();
    const [temp] = leftovers();
    expect(temp).toMatch(/^\.design\.suptree\.[0-9a-f]+\.tmp$/);
    expect(readFileSync(join(folder.dir, temp), 'utf8')).toBe('lost edit');
    // "Next launch": a normal save still works and does not trip over the stale temp file.
    await atomicWrite(nodeFs, target, 'after restart');
    expect(readFileSync(target, 'utf8')).toBe('after restart');
  });

  it('never reuses an existing temp name (exclusive create)', async () => {
    writeFileSync(join(folder.dir, '.design.suptree.fixed.tmp'), 'someone else');
    await expect(atomicWrite(nodeFs, target, 'new', { random: () => 'fixed' })).rejects.toMatchObject({ code: 'EEXIST' });
    untouched();
    expect(readFileSync(join(folder.dir, '.design.suptree.fixed.tmp'), 'utf8')).toBe('someone else');
  });
});

describe('SerialQueue', () => {
  it('runs tasks for one key one at a time, in call order, even when one fails', async () => {
    const q = new SerialQueue();
    const events: string[] = [];
    const task = (name: string, ms: number, fail = false) => async () => {
      events.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, ms));
      events.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([
      q.run('/a/file', task('1', 30)),
      q.run('/a/file', task('2', 5, true)),
      q.run('/a/../a/file', task('3', 1)),
    ]);
    expect(events).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('lets different keys run at the same time', async () => {
    const q = new SerialQueue();
    const events: string[] = [];
    const slow = q.run('/x', async () => { events.push('x start'); await new Promise((r) => setTimeout(r, 20)); events.push('x end'); });
    const fast = q.run('/y', async () => { events.push('y'); });
    await Promise.all([slow, fast]);
    expect(events).toEqual(['x start', 'y', 'x end']);
  });

  it('concurrent atomic saves to one file end with the last content and no leftovers', async () => {
    const folder2 = tempFolder();
    try {
      const file = join(folder2.dir, 'd.suptree');
      const q = new SerialQueue();
      await Promise.all(Array.from({ length: 20 }, (_, i) => q.run(file, () => atomicWrite(nodeFs, file, `v${i}`))));
      expect(readFileSync(file, 'utf8')).toBe('v19');
      expect(readdirSync(folder2.dir)).toEqual(['d.suptree']);
    } finally {
      folder2.remove();
    }
  });
});
