import { describe, expect, it, vi } from 'vitest';
import { resolve } from 'node:path';
import type { OpenResult } from '../contract';
import { documentPathsFromArgv, OpenQueue } from './open-files';

describe('documentPathsFromArgv', () => {
  it('picks .suptree arguments, resolves them against the working folder, skips flags and the executable', () => {
    const argv = ['/opt/Supervisor Studio/supervisor-studio', '--no-sandbox', 'designs/shop.suptree', '/abs/B.SUPTREE', '--flag=x.suptree', 'notes.txt'];
    expect(documentPathsFromArgv(argv, '/home/u')).toEqual([resolve('/home/u/designs/shop.suptree'), resolve('/abs/B.SUPTREE')]);
    expect(documentPathsFromArgv(['electron', '.'], '/x')).toEqual([]);
  });
});

function setup() {
  const open = vi.fn(async (path: string): Promise<OpenResult> => ({ ok: true, document: { path, name: path.split('/').pop()!, content: '{}' } }));
  const deliver = vi.fn();
  const focus = vi.fn();
  return { open, deliver, focus, queue: new OpenQueue({ open, deliver, focus }) };
}

describe('OpenQueue (open-with and single-instance hand-off)', () => {
  it('holds documents that arrive before the renderer is ready (argv, macOS open-file before ready)', async () => {
    const { queue, open, deliver } = setup();
    queue.request('/a.suptree');
    queue.request('/b.suptree');
    queue.request('/a.suptree');
    expect(open).not.toHaveBeenCalled();
    const pending = await queue.takePending();
    expect(pending.map((r) => r.ok && r.document.path)).toEqual(['/a.suptree', '/b.suptree']);
    expect(deliver).not.toHaveBeenCalled();
    expect(await queue.takePending()).toEqual([]);
  });

  it('delivers at once after ready', async () => {
    const { queue, deliver } = setup();
    await queue.takePending();
    queue.request('/c.suptree');
    await vi.waitFor(() => expect(deliver).toHaveBeenCalledWith({ ok: true, document: { path: '/c.suptree', name: 'c.suptree', content: '{}' } }));
  });

  it('a second launch focuses the first instance and opens its file argument', async () => {
    const { queue, deliver, focus } = setup();
    await queue.takePending();
    queue.secondInstance(['/usr/bin/supervisor-studio', 'shop.suptree'], '/home/u/designs');
    expect(focus).toHaveBeenCalled();
    await vi.waitFor(() => expect(deliver).toHaveBeenCalledOnce());
    expect(deliver.mock.calls[0][0]).toMatchObject({ ok: true, document: { path: resolve('/home/u/designs/shop.suptree') } });
  });

  it('a second launch without a file only focuses', async () => {
    const { queue, open, focus } = setup();
    queue.secondInstance(['/usr/bin/supervisor-studio'], '/');
    expect(focus).toHaveBeenCalledOnce();
    expect(open).not.toHaveBeenCalled();
  });

  it('queues again while the page reloads', async () => {
    const { queue, deliver } = setup();
    await queue.takePending();
    queue.notReady();
    queue.request('/d.suptree');
    expect(deliver).not.toHaveBeenCalled();
    expect((await queue.takePending()).length).toBe(1);
  });
});

describe('OpenQueue never leaves a rejection unhandled', () => {
  it('a second launch whose file cannot be opened delivers a failed open instead', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      const deliver = vi.fn();
      const queue = new OpenQueue({ open: async () => { throw Object.assign(new Error('EEXIST: file already exists, mkdir'), { code: 'EEXIST' }); }, deliver, focus: vi.fn() });
      expect(await queue.takePending()).toEqual([]);
      queue.secondInstance(['app', '/docs/b.suptree'], '/');
      const pending = queue.takePending(); // also at start-up
      await new Promise((r) => setTimeout(r, 10));
      expect(deliver).toHaveBeenCalledWith(expect.objectContaining({ ok: false, path: resolve('/docs/b.suptree'), error: expect.stringMatching(/b\.suptree.*EEXIST/) }));
      await pending;
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
