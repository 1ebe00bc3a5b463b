import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync, writeFileSync, chmodSync, symlinkSync, lstatSync, linkSync } from 'node:fs';
import { join } from 'node:path';
import { atomicWrite, inspectTarget, SerialQueue } from './atomic';
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

  it('writes the temporary file in the same folder, fsyncs it, renames, then fsyncs the folder', async () => {
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
    const opened: string[] = [];
    const recording: typeof fs = { ...fs, open: async (p, flags, mode) => { opened.push(p); return fs.open(p, flags, mode); } };
    await atomicWrite(recording, target, 'y');
    // the folder's own fsync makes the rename durable (a power cut after it cannot bring the old file back)
    expect(steps).toEqual(['write', 'fsync', 'close', 'rename same-folder', 'fsync', 'close']);
    expect(opened[1]).toBe(folder.dir);
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

describe('atomicWrite through links', () => {
  it('a symbolic link stays a link: the file it points to gets the new content', async () => {
    const link = join(folder.dir, 'shortcut.suptree');
    symlinkSync(target, link);
    await atomicWrite(nodeFs, link, 'through the link');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('through the link');
    expect(readdirSync(folder.dir).sort()).toEqual(['design.suptree', 'shortcut.suptree']);
  });

  it('a file with another hard link is written in place, so both names see the new content', async () => {
    const other = join(folder.dir, 'other-name.suptree');
    linkSync(target, other);
    const inode = statSync(target).ino;
    await atomicWrite(nodeFs, target, 'shared');
    expect(statSync(target).ino).toBe(inode);
    expect(readFileSync(other, 'utf8')).toBe('shared');
    expect(leftovers()).toEqual(['other-name.suptree']); // the backup copy is gone
  });

  it('a failed in-place write puts the old content back', async () => {
    linkSync(target, join(folder.dir, 'other-name.suptree'));
    let writes = 0;
    const fs = faultyFs({
      handle: (real) => ({
        ...real,
        writeFile: async (d) => {
          // 1: the backup copy; 2: the new content (fails half-way: disk full); 3: the old content back
          writes++;
          if (writes === 2) { await real.writeFile(String(d).slice(0, 3)); throw fsError('ENOSPC'); }
          await real.writeFile(d);
        },
        sync: () => real.sync(), close: () => real.close(),
      }),
    });
    await expect(atomicWrite(fs, target, 'a much longer new content')).rejects.toThrow(/ENOSPC/);
    untouched();
    expect(leftovers()).toEqual(['other-name.suptree']);
  });

  it('inspectTarget reports a read-only file, hard links and the resolved target', async () => {
    expect(await inspectTarget(nodeFs, join(folder.dir, 'missing.suptree'))).toMatchObject({ exists: false, readOnly: false });
    chmodSync(target, 0o444);
    const link = join(folder.dir, 'l.suptree');
    symlinkSync(target, link);
    expect(await inspectTarget(nodeFs, link)).toEqual({ target, exists: true, readOnly: true, hardLinks: 0 });
  });
});
