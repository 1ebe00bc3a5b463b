// A two-node cluster through the bridge, on real named nodes (epmd starts itself): node a runs worker_a, node b runs
// a worker linked to worker_a across the nodes. One server attached to both: a tree per node; a kill on a shows on b
// (the linked worker dies :killed and is restarted there); b going down and coming back shows as nodedown/nodeup,
// seen by a and by the bridge, and b's tree is served again. Every node started here is killed in afterAll.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BeamBridge, type LiveTree } from '../../bridge/client';
import { NODE_A, NODE_B, startUntil, stopGroup } from '../../bridge/cluster.test-support';
import { startServer, type LiveEvent, type RunningServer } from '../../bridge/server';

const hasElixir = spawnSync('elixir', ['--version'], { stdio: 'ignore' }).status === 0;
const COOKIE = `c${randomBytes(6).toString('hex')}`;
const tag = randomBytes(3).toString('hex');
const A = `clu_a_${tag}`, B = `clu_b_${tag}`;

const started: ChildProcess[] = [];
const startNode = async (sname: string, code: string): Promise<string> =>
  /READY (\S+)/.exec((await startUntil(started, 'elixir', ['--sname', sname, '--cookie', COOKIE, '-e', code], /READY \S+/, sname, 30_000)).out)![1];

describe.skipIf(!hasElixir)('bridge to a two-node cluster (elixir is installed by .ci/run)', () => {
  let a = '', b = '';
  const bridges: BeamBridge[] = [];
  let server: RunningServer | undefined;

  beforeAll(async () => {
    a = await startNode(A, NODE_A);
    b = await startNode(B, NODE_B(a));
    bridges.push(...await Promise.all([a, b].map((node) => BeamBridge.open({ node, cookie: COOKIE }))));
    server = await startServer(bridges, { pollMs: 0 });
  });

  afterAll(async () => {
    await server?.close();
    await Promise.all(bridges.map((x) => x.detach().catch(() => undefined)));
    started.forEach((p) => stopGroup(p, 'SIGKILL'));
  });

  it('serves a tree per node; a kill on one node shows on the other; a node going down and back shows as such', async () => {
    const ws = new WebSocket(server!.url);
    const inbox: Record<string, unknown>[] = [];
    const events: LiveEvent[] = [];
    const waiters: (() => void)[] = [];
    ws.on('message', (d) => {
      const m = JSON.parse(String(d));
      if (m.type === 'events') events.push(...m.events); else inbox.push(m);
      waiters.splice(0).forEach((w) => w());
    });
    const until = <T>(get: () => T | undefined, what: string) => new Promise<T>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timed out waiting for ${what}; events: ${JSON.stringify(events.map((e) => `${e.node} ${e.type} ${e.path ?? e.pid ?? ''}`))}`)), 60_000);
      const check = () => {
        const v = get();
        if (v !== undefined) { clearTimeout(t); resolve(v); } else waiters.push(check);
      };
      check();
    });
    const take = (type: string, node?: string) => until(() => {
      const i = inbox.findIndex((m) => m.type === type && (!node || m.node === node));
      return i >= 0 ? inbox.splice(i, 1)[0] : undefined;
    }, `${type} ${node ?? ''}`);

    expect(await take('hello')).toMatchObject({ nodes: [a, b] });
    const treeOf = async (node: string) => {
      ws.send(JSON.stringify({ type: 'tree', node }));
      return (await take('tree', node)).tree as LiveTree;
    };
    const ta = await treeOf(a), tb = await treeOf(b);
    expect(ta.node).toBe(a);
    expect(ta.apps.map((x) => x.root.registeredName)).toContain('SupA');
    expect(tb.apps.map((x) => x.root.registeredName)).toContain('SupB');
    const workerA = ta.apps.find((x) => x.root.registeredName === 'SupA')!.root.children[0];
    const linker = tb.apps.find((x) => x.root.registeredName === 'SupB')!.root.children[0];
    // linked across the nodes: b's linker names node a and worker_a's pid as a prints it
    expect(linker.remoteLinks).toEqual([{ node: a, pid: workerA.pid }]);
    expect(workerA.remoteLinks).toEqual([{ node: b, pid: linker.pid }]);
    expect(linker.links!.every((l) => /^<0\./.test(l))).toBe(true);
    // commands are refused until unlocked per node: unlocking b does not unlock a
    ws.send(JSON.stringify({ type: 'unlock', node: b }));
    await take('unlocked', b);
    ws.send(JSON.stringify({ type: 'command', node: a, command: 'kill', pid: workerA.pid }));
    expect(await take('result')).toMatchObject({ ok: false, error: expect.stringMatching(/read-only/) });
    ws.send(JSON.stringify({ type: 'unlock', node: a }));
    await take('unlocked', a);
    ws.send(JSON.stringify({ type: 'command', node: a, command: 'kill', pid: workerA.pid }));
    expect(await take('result')).toMatchObject({ ok: true, node: a });

    // on a: worker_a killed and restarted; on b: the linked worker dies of the same kill and is restarted
    await until(() => events.find((e) => e.node === b && e.type === 'restart' && e.path?.endsWith('/Linker')), 'the linker restarted on b');
    // (each node's events come in order; the two nodes' batches may interleave either way)
    expect(await until(() => events.find((e) => e.node === a && e.type === 'exit' && e.pid === workerA.pid), 'exit on a')).toMatchObject({ reason: ':killed', path: 'SupA/worker_a' });
    expect(events.find((e) => e.node === b && e.type === 'exit' && e.pid === linker.pid)).toMatchObject({ reason: ':killed', path: 'SupB/Linker' });
    expect(events.find((e) => e.node === b && e.type === 'child_terminated')).toMatchObject({ supName: 'SupB', child: 'Linker', reason: ':killed' });
    await until(() => events.find((e) => e.node === a && e.type === 'restart' && e.path === 'SupA/worker_a'), 'worker_a restarted on a');

    // b goes down: a's agent and the bridge both see it
    stopGroup(started[1], 'SIGKILL');
    await until(() => events.find((e) => e.type === 'nodedown' && e.node === b && e.seenBy === a), 'nodedown of b seen by a');
    await until(() => events.find((e) => e.type === 'nodedown' && e.node === b && e.seenBy === 'bridge'), 'nodedown of b seen by the bridge');
    // b comes back (same name): a sees it connect, the bridge reattaches and serves b's new tree
    await startNode(B, NODE_B(a));
    await until(() => events.find((e) => e.type === 'nodeup' && e.node === b && e.seenBy === a), 'nodeup of b seen by a');
    await until(() => events.find((e) => e.type === 'nodeup' && e.node === b && e.seenBy === 'bridge'), 'nodeup of b seen by the bridge');
    const tb2 = await treeOf(b);
    expect(tb2.apps.find((x) => x.root.registeredName === 'SupB')!.root.children.map((c) => c.id)).toEqual(['Linker']);
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    ws.close();
  }, 180000);
});
