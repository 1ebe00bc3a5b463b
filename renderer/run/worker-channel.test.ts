import { describe, expect, it } from 'vitest';
import { createClient, serve, RemoteError, ChannelClosedError, type Handlers, type PortLike } from './worker-channel';

type Cmds = {
  add: [{ a: number; b: number }, number];
  fail: [string, never];
  slow: [number, string];
  burst: [number, number];
};
type Evts = { item: { i: number }; done: null };

function pair(overrides: Partial<Handlers<Cmds>> = {}) {
  const { port1, port2 } = new MessageChannel();
  const handlers: Handlers<Cmds> = {
    add: ({ a, b }) => a + b,
    fail: (msg) => { throw new TypeError(msg); },
    slow: (ms) => new Promise((r) => setTimeout(() => r(`after ${ms}`), ms)),
    burst: (n) => { for (let i = 0; i < n; i++) server.emit('item', { i }); return n; },
    ...overrides,
  };
  const server = serve<Cmds, Evts>(port2 as unknown as PortLike, handlers, { flushMs: 5 });
  const client = createClient<Cmds, Evts>(port1 as unknown as PortLike);
  return { client, server, close: () => { client.close(); server.close(); port1.close(); port2.close(); } };
}

describe('worker channel over a real MessageChannel', () => {
  it('answers requests and matches concurrent replies by id', async () => {
    const { client, close } = pair();
    const [slow, sum] = await Promise.all([client.request('slow', 30), client.request('add', { a: 2, b: 40 })]);
    expect(sum).toBe(42);
    expect(slow).toBe('after 30');
    close();
  });

  it('surfaces handler errors as RemoteError with the remote message and name', async () => {
    const { client, close } = pair();
    const err = await client.request('fail', 'bad arg').catch((e) => e);
    expect(err).toBeInstanceOf(RemoteError);
    expect(err.message).toBe('bad arg');
    expect(err.remoteName).toBe('TypeError');
    close();
  });

  it('refuses an unknown command with a clear error', async () => {
    const { client, close } = pair();
    const err = await (client as any).request('nope', 1).catch((e: Error) => e);
    expect(err.message).toBe('Unknown command "nope"');
    close();
  });

  it('batches events: many emits arrive in one message, before the reply', async () => {
    const { client, close } = pair();
    const batches: { type: string; data: unknown }[][] = [];
    client.onEvents((evs) => batches.push(evs));
    const n = await client.request('burst', 500);
    expect(n).toBe(500);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(500);
    expect(batches[0][499]).toEqual({ type: 'item', data: { i: 499 } });
    close();
  });

  it('emits outside a request flush after the interval', async () => {
    const { client, server, close } = pair();
    const got = new Promise((r) => client.onEvents(r));
    server.emit('done', null);
    server.emit('item', { i: 7 });
    expect(await got).toEqual([{ type: 'done', data: null }, { type: 'item', data: { i: 7 } }]);
    close();
  });

  it('rejects pending requests on close and refuses new ones', async () => {
    const { client, close } = pair();
    const p = client.request('slow', 200);
    client.close();
    await expect(p).rejects.toBeInstanceOf(ChannelClosedError);
    await expect(client.request('add', { a: 1, b: 1 })).rejects.toBeInstanceOf(ChannelClosedError);
    close();
  });

  it('times out a request that never answers', async () => {
    const { client, close } = pair({ slow: () => new Promise(() => {}) });
    await expect(client.request('slow', 1, { timeoutMs: 20 })).rejects.toThrow('timed out after 20 ms');
    close();
  });
});
