/* eslint-disable no-restricted-imports -- the test runs the worker in a Node worker thread (the app uses a Web Worker) */
import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { design, sup, under, worker } from '../../runtime/design/build';
import { Watchdog } from './watchdog';
import { RunController } from './controller';
import { createClient, type PortLike } from './worker-channel';
import type { KernelCommands, KernelEvents } from './protocol';
import type { KernelClient } from './kernel-client';

describe('watchdog', () => {
  afterEach(() => vi.useRealTimers());

  it('fires once after the budget of silence while armed; beats keep it quiet; disarmed it never fires', () => {
    vi.useFakeTimers();
    const fired: number[] = [];
    const w = new Watchdog({ budgetMs: 100, onExpire: (ms) => fired.push(ms), timers: { setTimeout, clearTimeout, now: () => Date.now() } });
    w.arm();
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(60);
      w.beat();
    }
    expect(fired).toEqual([]);
    w.disarm();
    vi.advanceTimersByTime(1000);
    expect(fired).toEqual([]);
    w.arm();
    vi.advanceTimersByTime(99);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(2);
    expect(fired).toHaveLength(1);
    expect(fired[0]).toBeGreaterThanOrEqual(100);
    vi.advanceTimersByTime(1000);
    w.arm();
    vi.advanceTimersByTime(1000);
    expect(fired).toHaveLength(1);
    expect(w.hasExpired).toBe(true);
  });

  it('silence is confirmed before it counts: a worker that answers the ping, or says anything meanwhile, is busy, not stuck', async () => {
    vi.useFakeTimers();
    const fired: number[] = [];
    let answer: (alive: boolean) => void = () => {};
    let asked = 0;
    const w = new Watchdog({
      budgetMs: 100, onExpire: (ms) => fired.push(ms), timers: { setTimeout, clearTimeout, now: () => Date.now() },
      confirm: () => { asked++; return new Promise<boolean>((r) => { answer = r; }); },
    });
    w.arm();
    vi.advanceTimersByTime(150); // e.g. the main thread was too busy to read the worker's messages
    expect(asked).toBe(1);
    answer(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(asked).toBe(2);
    w.beat(); // a heartbeat while the ping is out
    answer(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(asked).toBe(3);
    w.disarm(); // stopped while confirming: never fires
    answer(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(fired).toEqual([]);
    w.arm();
    vi.advanceTimersByTime(100);
    answer(false); // silent and unanswered: stuck
    await vi.advanceTimersByTimeAsync(0);
    expect(fired).toHaveLength(1);
  });
});

/** The run worker in a real thread (so a stuck handler blocks only that thread), talking over a MessagePort. */
function threadWorker(): KernelClient {
  const handlers = new URL('./worker-handlers.ts', import.meta.url).href;
  const tsxApi = pathToFileURL(resolve('node_modules/tsx/dist/esm/api/index.mjs')).href;
  const boot = `import { workerData } from 'node:worker_threads';
    const { tsImport } = await import(workerData.tsxApi);
    const m = await tsImport(workerData.handlers, workerData.handlers);
    m.serveRun(workerData.port);`;
  const { port1, port2 } = new MessageChannel();
  const w = new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), {
    workerData: { handlers, tsxApi, port: port2 }, transferList: [port2 as never],
  });
  const client = createClient<KernelCommands, KernelEvents>(port1 as unknown as PortLike);
  return { ...client, terminate: () => { client.close(); port1.close(); void w.terminate(); } };
}

describe('watchdog with a real worker thread', () => {
  it('stops a worker stuck in a handler, names the handler, and a new run starts afterwards', async () => {
    // a catastrophic regular expression: no loop for the loop guard to catch, minutes of backtracking
    const source = "export default {\n  init() { return { ok: 0 }; },\n  handleCast(msg, s) {\n    /^(a+)+$/.test('a'.repeat(40) + 'b');\n    return { noreply: s };\n  },\n};";
    const doc = design([sup('app'), worker('stuck', 'stuck'), worker('other', 'counter')], under('app', 'stuck', 'other'), {
      customBehaviours: [{ id: 'stuck', source }],
    });
    const c = new RunController({ startWorker: threadWorker, budgetMs: 1500, schedule: (fn) => fn() });
    try {
      await c.run(doc, { seed: 1 });
      await c.advance(20);
      expect(c.getState().phase).toBe('paused');
      await c.command({ type: 'send', target: 'app/stuck', message: ['$gen_cast', 'go'] });
      void c.advance(10).catch(() => undefined); // never answers
      await vi.waitFor(() => expect(c.getState().phase).toBe('hung'), { timeout: 5000, interval: 50 });
      await vi.waitFor(() => expect(c.getState().message).not.toMatch(/Finding the handler/), { timeout: 40_000, interval: 100 });
      expect(c.getState().message).toMatch(/stopped answering while running virtual time 20–30 ms/);
      expect(c.getState().message).toMatch(/handler that did not return: app\/stuck .* in a message/);
      expect(c.getState().message).toMatch(/design is unchanged/);
      // the design is intact and runs again in a fresh worker
      await c.run(doc, { seed: 1 });
      await c.advance(5);
      expect(c.getState().phase).toBe('paused');
      expect(c.store!.liveView.node('app/other').status).toBe('running');
    } finally {
      c.dispose();
    }
  }, 90_000);
});
