import { describe, expect, it, vi } from 'vitest';
import type { LiveTree } from '../../bridge/protocol';
import { LiveController, type DesktopBridge, type LiveDeps } from './controller';
import { parseBridgeAddress } from './bridge-url';

const tree = (node: string, pid: string): LiveTree => ({
  node,
  apps: [{ app: 'shop', root: { pid: '<0.5.0>', kind: 'supervisor', strategy: 'one_for_one', registeredName: 'Shop.Sup', children: [{ id: 'cart', pid, kind: 'worker', restart: 'permanent', children: [] }] } }],
});

function fakeDesktop() {
  let listener: ((m: unknown) => void) | null = null;
  const sent: Record<string, unknown>[] = [];
  const api = {
    attachBridge: vi.fn(async () => ({ nodes: ['a@h'] })),
    sendToBridge: vi.fn(async (m: Record<string, unknown>) => { sent.push(m); }),
    detachBridge: vi.fn(async () => undefined),
    onBridgeMessage: (l: (m: unknown) => void) => { listener = l; return () => { listener = null; }; },
  };
  return { api: api as unknown as DesktopBridge, raw: api, sent, emit: (m: unknown) => listener?.(m) };
}
let clock = 1000;
const deps = (over: Partial<LiveDeps> = {}): LiveDeps => ({ WebSocket: globalThis.WebSocket, probe: async () => false, now: () => clock, ...over });
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('LiveController over the desktop bridge', () => {
  it('attaches, stays read-only until unlocked, sends faults to the right node, keeps the cookie out of every message', async () => {
    const c = new LiveController(deps());
    const d = fakeDesktop();
    const attached = c.attachDesktop(d.api, ['a@h'], 'secret-cookie');
    expect(d.raw.attachBridge).toHaveBeenCalledWith({ nodes: ['a@h'], cookie: 'secret-cookie' });
    d.emit({ type: 'hello', node: 'a@h', nodes: ['a@h'], readOnly: true, events: 'pushed' });
    expect(d.sent).toEqual([{ type: 'tree', node: 'a@h' }]);
    d.emit({ type: 'tree', node: 'a@h', tree: tree('a@h', '<0.9.0>') });
    await attached;
    expect(c.getState()).toMatchObject({ phase: 'attached', node: 'a@h', nodes: ['a@h'], unlocked: [] });
    await vi.waitFor(() => expect(c.design?.pathByNodeId.get('cart')).toBe('a@h shop/cart'));

    await expect(c.fault('cart', 'kill')).rejects.toThrow(/read-only: unlock fault injection for a@h/);
    c.unlock('a@h');
    d.emit({ type: 'unlocked', node: 'a@h' });
    await expect(c.fault('cart', 'kill')).rejects.toThrow(/confirmed first/);
    c.confirmFaults('a@h');
    const done = c.fault('cart', 'exit', '{:shutdown, :bye}');
    await tick();
    const cmd = d.sent.at(-1)!;
    expect(cmd).toMatchObject({ type: 'command', node: 'a@h', command: 'exit', pid: '<0.9.0>', reason: '{:shutdown, :bye}' });
    d.emit({ type: 'result', id: 999, ok: false, error: 'not ours' }); // another command's answer is not taken
    d.emit({ type: 'result', id: cmd.id, ok: true, command: 'exit', pid: '<0.9.0>' });
    await done;
    expect(c.getState().note?.text).toMatch(/Sent exit <0\.9\.0> \(shop\/cart\)/);
    expect(JSON.stringify(d.sent)).not.toContain('secret-cookie');

    // a call: the reply comes back in the bar (no confirmation needed: nothing is killed)
    const call = c.message('cart', 'call', '{:get, 1}');
    await tick();
    const callMsg = d.sent.at(-1)!;
    expect(callMsg).toMatchObject({ type: 'command', node: 'a@h', command: 'call', pid: '<0.9.0>', message: '{:get, 1}' });
    d.emit({ type: 'result', id: callMsg.id, ok: true, command: 'call', pid: '<0.9.0>', reply: '{:ok, 42}' });
    expect(await call).toBe('call <0.9.0> (shop/cart) {:get, 1} → {:ok, 42}');

    // a restart: the badge data follows, the recording keeps the old tree
    clock += 2000;
    d.emit({ type: 'events', events: [{ seq: 1, t: 5, at: '', node: 'a@h', type: 'restart', path: 'shop/cart', old: '<0.9.0>', pid: '<0.10.0>' }] });
    d.emit({ type: 'tree', node: 'a@h', tree: tree('a@h', '<0.10.0>') });
    expect(c.processOf('cart')).toMatchObject({ node: 'a@h', path: 'shop/cart', restarts: 1, process: { pid: '<0.10.0>' } });
    c.scrub(0);
    expect(c.processOf('cart')).toMatchObject({ restarts: 0, process: { pid: '<0.9.0>' } });
    c.scrub(null);

    d.emit({ type: 'events', events: [{ seq: 2, t: 6, at: '', node: 'a@h', type: 'nodedown', seenBy: 'bridge' }] });
    expect(c.getState()).toMatchObject({ down: ['a@h'], error: expect.stringMatching(/a@h went down/) });

    c.detach();
    expect(d.raw.detachBridge).toHaveBeenCalled();
    expect(c.getState().phase).toBe('idle');
  });

  it('reports a failed attach', async () => {
    const c = new LiveController(deps());
    const d = fakeDesktop();
    d.raw.attachBridge.mockRejectedValueOnce(new Error('cannot connect to a@h (is the cookie right?)'));
    await expect(c.attachDesktop(d.api, ['a@h'], 'x')).rejects.toThrow(/Could not attach to a@h: cannot connect/);
    expect(c.getState()).toMatchObject({ phase: 'idle', error: expect.stringMatching(/cookie right/) });
  });
});

describe('LiveController over a WebSocket', () => {
  /** A WebSocket the bridge refused: closed without ever opening. */
  class Refused {
    readyState = 3;
    OPEN = 1;
    onopen: (() => void) | null = null;
    onmessage: ((m: { data: string }) => void) | null = null;
    onclose: (() => void) | null = null;
    constructor(readonly url: string) { setTimeout(() => this.onclose?.(), 0); }
    send() {}
    close() {}
  }
  const address = parseBridgeAddress('ws://127.0.0.1:4100/?token=abc');
  if (!address.ok) throw new Error('bad address');

  it('tells a refused token from a bridge that is not running', async () => {
    const running = new LiveController(deps({ WebSocket: Refused as unknown as typeof WebSocket, probe: async (port) => port === 4100 }));
    await expect(running.attach(address.address)).rejects.toThrow(/refused the token \(HTTP 401\)/);
    const none = new LiveController(deps({ WebSocket: Refused as unknown as typeof WebSocket, probe: async () => false }));
    await expect(none.attach(address.address)).rejects.toThrow(/No bridge is running at ws:\/\/127\.0\.0\.1:4100\//);
    expect(none.getState().phase).toBe('idle');
  });
});
