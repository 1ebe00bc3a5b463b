import { afterEach, describe, expect, it } from 'vitest';
import { design, sup, under, worker } from '../../runtime/design/build';
import { CompileError } from '../../runtime/design/spec';
import { RunController } from './controller';
import { createClient, type PortLike } from './worker-channel';
import type { KernelCommands, KernelEvents } from './protocol';
import type { KernelClient } from './kernel-client';
import { serveRun } from './worker-handlers';
import { eventLine } from './events';

/** The run worker's handlers on one end of a MessageChannel, the client on the other (same thread). */
function inProcessWorker(): KernelClient {
  const { port1, port2 } = new MessageChannel();
  const server = serveRun(port2 as unknown as PortLike);
  const client = createClient<KernelCommands, KernelEvents>(port1 as unknown as PortLike);
  return { ...client, terminate: () => { client.close(); server.close(); port1.close(); port2.close(); } };
}

const doc = () => design([
  sup('app', { maxRestarts: 2, maxSeconds: 5 }), worker('w1', 'echo'), worker('w2', 'echo'), worker('w3', 'counter'),
], under('app', 'w1', 'w2', 'w3'));

let controllers: RunController[] = [];
function controller() {
  const c = new RunController({ startWorker: inProcessWorker, schedule: (fn) => fn() });
  controllers.push(c);
  return c;
}
afterEach(() => {
  controllers.forEach((c) => c.dispose());
  controllers = [];
});

describe('run controller', () => {
  it('refuses to run a design with errors, saying why', async () => {
    const c = controller();
    const bad = design([sup('app'), worker('w', 'no_such_behaviour')], under('app', 'w'));
    const err = await c.run(bad).catch((e) => e);
    expect(err).toBeInstanceOf(CompileError);
    expect(err.diagnostics.length).toBeGreaterThan(0);
    expect(c.getState().phase).toBe('idle');
  });

  it('runs, shows live status per node, and notifies only the nodes that changed', async () => {
    const c = controller();
    const d = doc();
    await c.run(d, { seed: 3 });
    const id = (name: string) => d.nodes.find((n) => n.name === name)!.id;
    expect(c.status.get(id('w1'))).toMatchObject({ status: 'running', generation: 1 });
    const calls = { w1: 0, w2: 0 };
    c.status.subscribe(id('w1'), () => calls.w1++);
    c.status.subscribe(id('w2'), () => calls.w2++);
    await c.command({ type: 'kill', target: 'app/w1' });
    await c.advance(10);
    expect(c.status.get(id('w1'))).toMatchObject({ status: 'running', generation: 2, restarts: 1 });
    expect(calls.w1).toBeGreaterThan(0);
    expect(calls.w2).toBe(0);
    expect(c.status.get(id('app'))?.intensity).toEqual({ restarts: 1, max: 2 });
  });

  it('time travel: scrubbing back shows the old state; next/previous crash; playing returns to live', async () => {
    const c = controller();
    const d = doc();
    await c.run(d, { seed: 3 });
    const w1 = d.nodes.find((n) => n.name === 'w1')!.id;
    const firstPid = c.status.get(w1)!.pid;
    await c.advance(100);
    await c.command({ type: 'kill', target: 'app/w1' });
    await c.advance(100);
    await c.command({ type: 'kill', target: 'app/w1' });
    await c.advance(100);
    expect(c.status.get(w1)!.generation).toBe(3);

    c.scrubToTime(50);
    expect(c.getState().cursor).not.toBeNull();
    expect(c.status.get(w1)).toMatchObject({ pid: firstPid, generation: 1, status: 'running' });

    expect(c.jumpToCrash(1)).toBe(true);
    expect(c.status.get(w1)).toMatchObject({ status: 'restarting', lastReason: ':killed', generation: 1 });
    expect(c.jumpToCrash(1)).toBe(true);
    expect(c.status.get(w1)).toMatchObject({ status: 'restarting', generation: 2 });
    expect(c.jumpToCrash(1)).toBe(false);
    expect(c.jumpToCrash(-1)).toBe(true);
    expect(c.status.get(w1)!.generation).toBe(1);

    c.scrub(null);
    expect(c.status.get(w1)!.generation).toBe(3);
  });

  it('a recording replays to the same events; the trace exports as JSON and CSV', async () => {
    const c = controller();
    await c.run(doc(), { seed: 8 });
    await c.advance(50);
    await c.command({ type: 'raise', target: 'app/w2', message: 'bad, "quoted"' });
    await c.advance(50);
    await c.command({ type: 'send', target: 'app/w3', message: 'increment' });
    await c.advance(50);
    const rec = await c.recording('r');
    const lines = [...c.store!.events()].filter((e) => e.type !== 'bind').map(eventLine);

    const again = controller();
    await again.replay(JSON.parse(JSON.stringify(rec)));
    expect([...again.store!.events()].filter((e) => e.type !== 'bind').map(eventLine)).toEqual(lines);

    const json = JSON.parse(c.exportJSON());
    expect(json.events).toHaveLength(c.store!.length);
    const csv = c.exportCSV().trimEnd().split('\n');
    expect(csv[0]).toBe('seq,t,type,pid,other,detail');
    expect(csv).toHaveLength(c.store!.length + 1);
    expect(csv.find((l) => l.includes('raise'))).toContain('text=raise in app/w2: bad, ""quoted""');
  });
});

describe('node status store', () => {
  it('updating only the paths a batch touched gives the same statuses as recomputing all of them', async () => {
    const { randomRun } = await import('./synthetic');
    const { TraceStore } = await import('./trace-store');
    const { NodeStatusStore } = await import('./controller');
    const evs = randomRun(30_000, 5);
    const full = new TraceStore();
    full.append(evs);
    const paths: Record<string, string> = {};
    for (const p of full.liveView.paths()) paths[p.path] = p.path;
    const store = new TraceStore({ snapshotMin: 256 });
    const inc = new NodeStatusStore(), all = new NodeStatusStore();
    for (let i = 0; i < evs.length; i += 733) {
      const from = store.length;
      store.append(evs.slice(i, i + 733));
      const v = store.liveView;
      inc.update(v, paths, store.touched(from, store.length, v));
      all.update(v, paths);
      for (const p of Object.keys(paths)) expect(inc.get(p), `${p} after ${store.length}`).toEqual(all.get(p));
    }
  });
});
