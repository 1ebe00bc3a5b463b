// The live bridge in the main process: relays hub messages to the renderer only when they match the contract,
// keeps the cookie to itself, detaches everything it attached. With fakes, then once against a real node.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { BeamBridge } from '../../bridge/client';
import type { BridgeHub, HubClient } from '../../bridge/hub';
import { BridgeAttachArgs, EVENTS, INVOKE } from '../contract';
import { createLiveBridge } from './live-bridge';

function fakeHub(nodes: string[]) {
  const clients: HubClient[] = [];
  const hub: BridgeHub & { clients: HubClient[]; closed: boolean } = {
    clients, closed: false, log: undefined as never,
    nodes: () => nodes,
    connect: (c) => { clients.push(c); c.send({ type: 'hello', node: nodes[0] ?? null, nodes, readOnly: true, events: 'pushed' }); },
    disconnect: (c) => { clients.splice(clients.indexOf(c), 1); },
    handle: async (c, raw) => { c.send({ type: 'error', message: `got ${JSON.stringify(raw)}` }); },
    close: async () => { hub.closed = true; },
  };
  return hub;
}
const fakeBridge = (node: string) => ({ node, detach: vi.fn(async () => ({ agentLoaded: false })) }) as unknown as BeamBridge & { detach: ReturnType<typeof vi.fn> };

describe('the live bridge in the main process', () => {
  it('relays only messages the contract accepts, and detaches what it attached', async () => {
    const delivered: unknown[] = [];
    const hubs: ReturnType<typeof fakeHub>[] = [];
    const opened: ReturnType<typeof fakeBridge>[] = [];
    const log = vi.fn();
    const live = createLiveBridge({
      deliver: (m) => delivered.push(m), log,
      open: async (node) => { const b = fakeBridge(node); opened.push(b); return b; },
      hub: async (list) => { const h = fakeHub(list.map((b) => b.node)); hubs.push(h); return h; },
    });
    expect(await live.attach({ nodes: ['a@h', 'b@h', 'a@h'], cookie: 'secret' })).toEqual({ nodes: ['a@h', 'b@h'] });
    expect(delivered).toEqual([{ type: 'hello', node: 'a@h', nodes: ['a@h', 'b@h'], readOnly: true, events: 'pushed' }]);
    // a message outside the contract never reaches the renderer
    hubs[0].clients[0].send({ type: 'tree', node: 'a@h', tree: 'not a tree' });
    hubs[0].clients[0].send({ type: 'events', events: [{ seq: 1, t: 0, at: 'x', node: 'a@h', type: 'not-a-type' }] });
    expect(delivered).toHaveLength(1);
    expect(log).toHaveBeenCalledTimes(2);
    await live.send({ type: 'tree', node: 'a@h' });
    expect(delivered[1]).toEqual({ type: 'error', message: 'got {"type":"tree","node":"a@h"}' });
    // attaching again replaces the first attachment
    await live.attach({ nodes: ['c@h'], cookie: 'secret' });
    expect(hubs[0].closed).toBe(true);
    expect(opened.slice(0, 2).every((b) => b.detach.mock.calls.length === 1)).toBe(true);
    await live.detach();
    expect(hubs[1].closed).toBe(true);
    expect(opened[2].detach).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(delivered)).not.toContain('secret');
  });

  it('a failed attach detaches the nodes that did attach, and says why without the cookie', async () => {
    const opened: ReturnType<typeof fakeBridge>[] = [];
    const live = createLiveBridge({
      deliver: () => {},
      open: async (node) => {
        if (node === 'bad@h') { const { BridgeError } = await import('../../bridge/client'); throw new BridgeError('cannot connect to bad@h'); }
        const b = fakeBridge(node); opened.push(b); return b;
      },
      hub: async (list) => fakeHub(list.map((b) => b.node)),
    });
    await expect(live.attach({ nodes: ['ok@h', 'bad@h'], cookie: 'secret' })).rejects.toThrow(/^cannot connect to bad@h$/);
    expect(opened[0].detach).toHaveBeenCalledTimes(1);
  });

  it('is in the IPC contract: attach arguments are checked, bridge messages are an event', () => {
    expect(Object.keys(INVOKE)).toEqual(expect.arrayContaining(['bridge:attach', 'bridge:send', 'bridge:detach']));
    expect(Object.keys(EVENTS)).toContain('bridge:message');
    expect(BridgeAttachArgs.safeParse({ nodes: ['app@host'], cookie: 'c' }).success).toBe(true);
    expect(BridgeAttachArgs.safeParse({ nodes: ['app@host'], cookie: 'has space' }).success).toBe(false);
    expect(BridgeAttachArgs.safeParse({ nodes: ['not a node'], cookie: 'c' }).success).toBe(false);
    expect(BridgeAttachArgs.safeParse({ nodes: [], cookie: 'c' }).success).toBe(false);
    expect(INVOKE['bridge:send'].args.safeParse({ type: 'command', command: 'kill', pid: 'x; rm -rf' }).success).toBe(false);
    expect(INVOKE['bridge:send'].args.safeParse({ type: 'command', command: 'kill', pid: '<0.12.0>' }).success).toBe(true);
  });
});

const hasElixir = spawnSync('elixir', ['--version'], { stdio: 'ignore' }).status === 0;
describe.skipIf(!hasElixir)('the live bridge in the main process, against a real node (elixir is installed by .ci/run)', () => {
  const cookie = `c${randomBytes(8).toString('hex')}`;
  let target: ChildProcess | undefined;
  afterAll(() => { if (target?.pid && target.exitCode === null) try { process.kill(-target.pid, 'SIGKILL'); } catch { /* gone */ } });

  it('attaches, relays hello, events and trees (all valid), never the cookie, and detaches', async () => {
    target = spawn('elixir', ['--sname', `ipc_${randomBytes(4).toString('hex')}`, '--cookie', cookie, '-e',
      '{:ok, _} = Supervisor.start_link([{Agent, fn -> 0 end}], strategy: :one_for_one, name: IpcSup); IO.puts("READY #{node()}"); Process.sleep(:infinity)'],
    { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
    const node = await new Promise<string>((resolve, reject) => {
      let out = '';
      target!.stdout!.setEncoding('utf8').on('data', (d: string) => { out += d; const m = /READY (\S+)/.exec(out); if (m) resolve(m[1]); });
      target!.on('exit', (c) => reject(new Error(`target exited ${c}`)));
    });
    const delivered: { type: string; [k: string]: unknown }[] = [];
    let wake = () => {};
    const live = createLiveBridge({ deliver: (m) => { delivered.push(m as never); wake(); } });
    expect(await live.attach({ nodes: [node], cookie })).toEqual({ nodes: [node] });
    await live.send({ type: 'tree', node });
    while (!delivered.some((m) => m.type === 'tree')) await new Promise<void>((r) => { wake = r; });
    expect(delivered.map((m) => m.type).slice(0, 2)).toEqual(['hello', 'events']);
    const tree = delivered.find((m) => m.type === 'tree')!.tree as { apps: { root: { registeredName: string } }[] };
    expect(tree.apps.map((a) => a.root.registeredName)).toContain('IpcSup');
    expect(delivered.every((m) => EVENTS['bridge:message'].safeParse(m).success)).toBe(true);
    expect(JSON.stringify(delivered)).not.toContain(cookie);
    await live.detach();
  });
});
