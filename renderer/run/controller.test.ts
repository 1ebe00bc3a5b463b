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

describe('a run belongs to its document, and a stopped run is stopped everywhere', () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('Stop after a played run never raises the watchdog, and late frames do not bring the run back', async () => {
    const c = new RunController({ startWorker: inProcessWorker, schedule: (fn) => fn(), budgetMs: 150 });
    controllers.push(c);
    await c.run(doc(), { seed: 2 });
    await c.setSpeed(100);
    await c.play();
    await sleep(400); // frames in flight when Stop is pressed
    expect(c.getState().now).toBeGreaterThan(0);
    await c.stop();
    await sleep(700); // well past the budget (and its confirmation)
    expect(c.getState()).toMatchObject({ phase: 'stopped', message: null });
    expect(c.store!.length).toBeGreaterThan(0); // the trace stays to read
  });

  it('a stopped run shows no live status; a past instant still does', async () => {
    const c = controller();
    const d = doc();
    await c.run(d, { seed: 3 });
    await c.advance(50);
    const w1 = d.nodes.find((n) => n.name === 'w1')!.id;
    expect(c.status.get(w1)?.status).toBe('running');
    await c.stop();
    expect(c.getState().phase).toBe('stopped');
    expect(c.status.get(w1)).toBeUndefined();
    c.scrub(c.store!.length - 1);
    expect(c.status.get(w1)?.status).toBe('running');
    c.scrub(null);
    expect(c.status.get(w1)).toBeUndefined();
  });

  it('another document discards the run: trace, status, message and timeline go; the same document keeps it', async () => {
    const c = controller();
    const docA = doc();
    c.bindTo(docA);
    await c.run(docA, { seed: 4 });
    await c.advance(20);
    c.bindTo(docA);
    expect(c.store).not.toBeNull();
    const w1 = docA.nodes.find((n) => n.name === 'w1')!.id;
    expect(c.status.get(w1)).toBeDefined();
    const run = c.getState().run;
    c.bindTo({ another: 'document' });
    expect(c.store).toBeNull();
    expect(c.spec).toBeNull();
    expect(c.status.get(w1)).toBeUndefined();
    expect(c.getState()).toMatchObject({ phase: 'idle', message: null, cursor: null, length: 0 });
    expect(c.getState().run).toBeGreaterThan(run);
    await sleep(50); // events of the discarded run still in flight are not taken into anything
    expect(c.store).toBeNull();
    // and a new run of the new document starts clean
    const docB = design([sup('top'), worker('only', 'echo')], under('top', 'only'));
    await c.run(docB, { seed: 1 });
    await c.advance(5);
    expect([...c.store!.events()].some((e) => e.type === 'bind' && e.path.startsWith('app'))).toBe(false);
  });
});

describe('awaiting an event', () => {
  it("a call's reply is awaited on its event, not polled; a run that ends resolves the wait with null", async () => {
    const c = controller();
    await c.run(doc(), { seed: 6 });
    const reply = c.nextEvent((e) => e.type === 'command' && e.text.startsWith('reply app/w1 '));
    await c.command({ type: 'call', target: 'app/w1', message: 'hello', timeoutMs: 1000 });
    await c.advance(5);
    const e = await reply;
    expect(e?.type === 'command' && e.text).toMatch(/^reply app\/w1 :hello → :hello$/);
    const never = c.nextEvent((x) => x.type === 'command' && x.text === 'never');
    await c.stop();
    expect(await never).toBeNull();
  });
});

describe('escalation', () => {
  it('names the supervisor that gave up with the restarts it saw against its limit; its children show stopping; the application is down', async () => {
    const c = controller();
    const d = doc(); // app: max 2 restarts in 5 s
    await c.run(d, { seed: 5 });
    for (let i = 0; i < 3; i++) {
      await c.advance(100);
      await c.command({ type: 'kill', target: 'app/w1' });
    }
    await c.advance(100);
    const [esc, ...more] = c.escalations();
    expect(more).toEqual([]);
    expect(esc).toMatchObject({ path: 'app', restarts: 3, max: 2, period: 5, applicationDown: true, child: 'w1' });
    expect(esc.spanMs).toBeCloseTo(200, 0);
    const id = (name: string) => d.nodes.find((n) => n.name === name)!.id;
    expect(c.status.get(id('app'))?.status).toBe('terminated'); // a supervisor that gives up exits with :shutdown (OTP)
    expect(c.status.get(id('w2'))?.status).toBe('terminated'); // not "restarting": nobody will restart it
    // at the instant of the decision, the others are still alive and being shut down
    c.scrub(esc.index + 1);
    expect(c.status.get(id('w2'))?.status).toBe('stopping');
    expect(c.escalations()).toHaveLength(1);
    c.scrub(esc.index);
    expect(c.escalations()).toHaveLength(0);
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
