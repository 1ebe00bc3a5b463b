// Focused tests of the behaviour library, each on a small design run by the simulator (the real kernel and OTP layer).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { BEHAVIOUR_IDS } from './catalog';
import { LIBRARY } from './index';
import { calls as callsEdge, design, dynSup, registry, sup, under, worker } from '../design/build';
import { compile, type SpecCommand } from '../design/spec';
import { Simulation } from '../sim/start';

type Node = Parameters<typeof design>[0][number];
type Edge = Parameters<typeof design>[1] extends (infer E)[] | undefined ? E : never;

/** Run `children` under one supervisor `app` (max 100 restarts) with `commands` for `untilMs`. */
function runApp(children: Node[], commands: SpecCommand[], untilMs = 2000, edges: Edge[] = [], seed = 1, appExtra: Record<string, unknown> = {}) {
  const ids = children.map((c) => (c as { id: string }).id);
  const spec = compile(design([sup('app', { maxRestarts: 100, ...appExtra }), ...children], [...under('app', ...ids), ...edges]));
  const sim = new Simulation(spec, { seed });
  const result = sim.run(commands, untilMs);
  return { sim, result, s: result.summary, replies: result.summary.calls.map((c) => c.result) };
}
const call = (at: number, target: string, message: unknown, timeoutMs = 5000): SpecCommand => ({ at, type: 'call', target: `app/${target}`, message, timeoutMs });
const send = (at: number, target: string, message: unknown): SpecCommand => ({ at, type: 'send', target: `app/${target}`, message });
const kill = (at: number, target: string): SpecCommand => ({ at, type: 'kill', target: `app/${target}` });

describe('the library', () => {
  it('implements exactly the catalog ids', () => {
    expect(Object.keys(LIBRARY).sort()).toEqual([...BEHAVIOUR_IDS].sort());
  });
});

describe('echo and counter', () => {
  it('echo replies with the message after replyDelayMs', () => {
    const { s } = runApp([worker('e', 'echo', { params: { replyDelayMs: 40 } })], [call(10, 'e', ['hi', 1])]);
    expect(s.calls[0]).toMatchObject({ result: '{:hi, 1}', at: 10, doneAt: 50 });
  });
  it('counter counts by step (call and cast) and starts over after a restart', () => {
    const { replies } = runApp([worker('c', 'counter', { params: { initial: 5, step: 2 } })], [
      call(10, 'c', 'increment'), { at: 20, type: 'send', target: 'app/c', message: ['$gen_cast', 'increment'] }, call(30, 'c', 'get'),
      kill(40, 'c'), call(50, 'c', 'get'),
    ]);
    expect(replies).toEqual(['7', '9', '5']);
  });
});

describe('crasher, trapper, watcher', () => {
  it('crasher: crashAfterMs crashes on its own; {:crash, reason} picks the reason', () => {
    const { s } = runApp([worker('x', 'crasher', { params: { mode: 'exit', crashAfterMs: 100 } })], [send(500, 'x', ['crash', 'custom'])], 550);
    expect(s.nodes.x.exits.map((e) => `${e.reason}@${e.t}`)).toEqual([':boom@100', ':boom@200', ':boom@300', ':boom@400', ':custom@500']);
  });
  it('trapper with trapExit off dies with its linked partner', () => {
    const edges: Edge[] = [{ kind: 'link', id: 'l', source: 't', target: 'v' }];
    const on = runApp([worker('t', 'trapper'), worker('v', 'crasher')], [send(10, 'v', 'crash')], 100, edges).s;
    const off = runApp([worker('t', 'trapper', { params: { trapExit: false } }), worker('v', 'crasher')], [send(10, 'v', 'crash')], 100, edges).s;
    expect(on.nodes.t.restarts).toBe(0);
    expect(off.nodes.t.restarts).toBe(1);
  });
  it('watcher watches again after its target restarts', () => {
    const { replies } = runApp([worker('svc'), worker('w', 'watcher', { params: { target: 'svc' } })], [kill(10, 'svc'), kill(100, 'svc'), call(200, 'w', 'downs')]);
    expect(replies).toEqual(['[{:svc, :killed}, {:svc, :killed}]']);
  });
});

describe('todo system', () => {
  const todo = (cmds: SpecCommand[]) => {
    const spec = compile(design(
      [sup('app'), registry('reg'), worker('database', 'database'), dynSup('servers'), worker('cache', 'todo_cache', { params: { serverSupervisor: 'servers' } })],
      [...under('app', 'reg', 'database', 'servers', 'cache'), callsEdge('cache', 'database'), callsEdge('cache', 'servers')],
    ));
    return new Simulation(spec).run(cmds, 2000).summary;
  };
  it('the cache starts a server per list on demand, registered by the list name', () => {
    const s = todo([call(10, 'cache', ['add', 'bob', 'eggs']), call(20, 'cache', ['add', 'carol', 'tea']), call(30, 'cache', ['entries', 'bob']), call(40, 'cache', ['server', 'bob'])]);
    expect(s.calls.map((c) => c.result).slice(0, 3)).toEqual([':ok', ':ok', '[:eggs]']);
    expect(s.calls[3].result).toMatch(/#PID<app\/servers\/bob\.\d+>/);
  });
  it('database: get of an unknown key is nil; put then get', () => {
    const s = todo([call(10, 'database', ['get', 'k']), call(20, 'database', ['put', 'k', 1]), call(30, 'database', ['get', 'k'])]);
    expect(s.calls.map((c) => c.result)).toEqual(['nil', ':ok', '1']);
  });
});

describe('pools', () => {
  const pool = (strategy: string, workMs = 100, extra: Record<string, unknown> = {}) => [
    sup('workers', { maxRestarts: 10 }), worker('w1', 'pool_worker', { params: { workMs } }), worker('w2', 'pool_worker', { params: { workMs } }),
    worker('m', 'pool_manager', { params: { size: 2, strategy, checkoutTimeoutMs: 300, ...extra } }),
  ];
  const runPool = (strategy: string, cmds: SpecCommand[], workMs = 100) => {
    const spec = compile(design([sup('app', { strategy: 'rest_for_one' }), ...pool(strategy, workMs)], [
      ...under('app', 'workers', 'm'), ...under('workers', 'w1', 'w2'), callsEdge('m', 'workers'),
    ]));
    return new Simulation(spec).run(cmds, 2000).summary;
  };
  it('pool_worker does one job at a time', () => {
    const { s } = runApp([worker('w', 'pool_worker', { params: { workMs: 50 } })], [call(0, 'w', 'a'), call(0, 'w', 'b')]);
    expect(s.calls.map((c) => c.doneAt)).toEqual([50, 100]);
  });
  it('least_loaded spreads concurrent jobs over the workers', () => {
    const s = runPool('least_loaded', [call(0, 'm', 'j1'), call(0, 'm', 'j2')]);
    expect(s.calls.map((c) => c.doneAt)).toEqual([100, 100]); // in parallel, not one after the other
  });
  // checkouts are made by client workers: a scenario's call is made by a short-lived process, which the pool (like
  // poolboy) monitors — its checkout comes back the moment it ends
  const runClients = (cmds: SpecCommand[]) => {
    const client = (id: string) => worker(id, 'client', { params: { target: 'm', address: 'name' } });
    const spec = compile(design([sup('app', { strategy: 'rest_for_one' }), ...pool('least_loaded'), sup('clients', { maxRestarts: 10 }), client('c1'), client('c2'), client('c3')], [
      ...under('app', 'workers', 'm', 'clients'), ...under('workers', 'w1', 'w2'), ...under('clients', 'c1', 'c2', 'c3'), callsEdge('m', 'workers'),
    ]));
    return new Simulation(spec).run(cmds, 2000).summary;
  };
  const pids = (s: { calls: { result: string }[] }) => s.calls.map((c) => c.result.replace(/\.\d+>/, '>'));
  it('checkout waits for a checkin, and gives up after checkoutTimeoutMs; checkin by pid or by worker name', () => {
    const s = runClients([
      call(0, 'clients/c1', 'checkout'), call(10, 'clients/c2', 'checkout'), call(20, 'clients/c3', 'checkout'),
      call(400, 'clients/c1', ['checkin', 'w1']), call(450, 'clients/c3', 'checkout'), call(500, 'm', 'status'),
    ]);
    expect(pids(s)).toEqual([
      '#PID<app/workers/w1>', '#PID<app/workers/w2>', '{:error, :timeout}', ':ok', '#PID<app/workers/w1>', '%{checked_out: 2, in_flight: 0, size: 2, waiting: 0}',
    ]);
    expect(s.calls[2].doneAt).toBe(320);
  });
  it('a waiting checkout gets the worker the moment it is checked in', () => {
    const s = runClients([call(0, 'clients/c1', 'checkout'), call(10, 'clients/c2', 'checkout'), call(20, 'clients/c3', 'checkout'), call(100, 'clients/c2', ['checkin', 'w2'])]);
    expect(pids(s)).toEqual(['#PID<app/workers/w1>', '#PID<app/workers/w2>', '#PID<app/workers/w2>', ':ok']);
    expect(s.calls[2].doneAt).toBe(100);
  });
  it('a checked-out worker that crashes comes back free', () => {
    const s = runClients([call(0, 'clients/c1', 'checkout'), call(10, 'clients/c2', 'checkout'), kill(20, 'workers/w1'), call(30, 'clients/c3', 'checkout'), call(40, 'm', 'status')]);
    expect(pids(s)).toEqual([
      '#PID<app/workers/w1>', '#PID<app/workers/w2>', '#PID<app/workers/w1>', '%{checked_out: 2, in_flight: 0, size: 2, waiting: 0}',
    ]);
  });
  it('the pool monitors its clients: a client that dies holding a worker gives it back (poolboy does the same)', () => {
    const s = runClients([call(0, 'clients/c1', 'checkout'), call(10, 'clients/c2', 'checkout'), kill(20, 'clients/c1'), call(30, 'm', 'status')]);
    expect(pids(s).slice(2)).toEqual(['%{checked_out: 1, in_flight: 0, size: 2, waiting: 0}']);
    expect(s.counters.m).toMatchObject({ returned: 1 });
    expect(s.notes.filter((n) => n.event === 'client_down').map((n) => n.data)).toEqual([{ worker: 'app/workers/w1', reason: 'killed' }]);
    // a scenario's own call is made by a process that ends at once: its checkout is returned as soon as it ends
    const t = runClients([call(0, 'm', 'checkout'), call(10, 'm', 'status')]);
    expect(pids(t)).toEqual(['#PID<app/workers/w1>', '%{checked_out: 0, in_flight: 0, size: 2, waiting: 0}']);
  });
  it('a job on a crashing worker answers {:error, reason} instead of hanging', () => {
    const s = runPool('round_robin', [call(0, 'm', 'j1'), kill(50, 'workers/w1'), call(200, 'm', 'stats')], 100);
    expect(s.calls[0].result).toBe('{:error, :killed}');
    expect(s.calls[1].result).toBe('%{failed: 1}');
  });
});

describe('HTTP worker, breaker, client', () => {
  it('http_worker: latency from the seeded PRNG, failures at failRate, timeouts, counters', () => {
    const w = (failRate: number, latencyMs: number, timeoutMs = 1000) => worker('h', 'http_worker', { params: { failRate, latencyMs, timeoutMs } });
    const ok = runApp([w(0, 100)], [call(0, 'h', ['get', '/'])]).s.calls[0];
    expect(ok.result).toBe('{:ok, 200}');
    expect(ok.doneAt).toBeGreaterThanOrEqual(50);
    expect(ok.doneAt).toBeLessThanOrEqual(150);
    expect(runApp([w(1, 10)], [call(0, 'h', ['get', '/'])]).replies).toEqual(['{:error, "simulated failure"}']);
    const slow = runApp([w(0, 1000, 200)], [call(0, 'h', ['get', '/']), call(1500, 'h', 'status')]);
    expect(slow.replies).toEqual(['{:error, :timeout}', '%{requests: 1, timeout: 1}']);
  });
  it('http_worker under the real-time clock does a real fetch of its url', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const spec = compile(design([sup('app'), worker('h', 'http_worker', { params: { url, latencyMs: 5000, timeoutMs: 3000 } })], under('app', 'h')));
      const sim = new Simulation(spec, { clock: 'real' });
      expect(() => sim.run([], 10)).toThrow(/needs the virtual clock/);
      sim.start();
      sim.kernel.start();
      sim.command(call(0, 'h', ['get', '/']));
      for (let i = 0; i < 300 && sim.calls.length === 0; i++) await new Promise((ok) => setTimeout(ok, 10));
      sim.kernel.stop();
      expect(sim.calls.map((c) => c.result)).toEqual(['{:ok, 204}']); // the simulated latency (5 s) was not used
    } finally {
      server.close();
    }
  });

  it('circuit_breaker: refuses while its half-open trial is in flight', () => {
    const children = [worker('up', 'echo', { params: { replyDelayMs: 300 } }), worker('b', 'circuit_breaker', { params: { failureThreshold: 1, timeoutMs: 100 } })];
    const { s } = runApp(children, [
      call(0, 'b', ['request', 'x']), kill(50, 'up'), // the upstream dies under the request: one failure opens the circuit
      call(155, 'b', 'state'), call(160, 'b', ['request', 'trial']), call(170, 'b', ['request', 'other']), call(600, 'b', 'state'),
    ], 1000, [callsEdge('b', 'up')]);
    expect(s.calls.map((c) => c.result)).toEqual(['{:error, :killed}', ':half_open', ':trial', '{:error, :circuit_open}', ':closed']);
  });
  it('http_client_system retries with doubling back-off, then gives up with the last error', () => {
    // a priority queue does not know {:request, _}: every attempt is answered {:error, :unknown_request}
    const children = [worker('b', 'priority_queue'), worker('c', 'http_client_system', { params: { retries: 2, backoffMs: 100, timeoutMs: 50 } })];
    const { s } = runApp(children, [call(0, 'c', ['get', '/']), call(1000, 'c', 'stats')], 1500, [callsEdge('c', 'b')]);
    expect(s.calls[0].result).toBe('{:error, :unknown_request}');
    expect(s.calls[0].doneAt).toBe(300); // attempts at 0, 100, 300
    expect(s.calls[1].result).toBe('%{failed: 1, requests: 1, retries: 2}');
  });
});

describe('flaky, slow init, slow terminate', () => {
  it('flaky crashes on every crashEvery-th message, and where the seed says with crashProbability', () => {
    const every = runApp([worker('f', 'flaky', { params: { crashProbability: 0, crashEvery: 3 } })], [1, 2, 3, 4, 5, 6].map((i) => call(i * 10, 'f', i)));
    expect(every.s.nodes.f.restarts).toBe(2);
    const prob = (seed: number) => runApp([worker('f', 'flaky', { params: { crashProbability: 0.5 } })], Array.from({ length: 20 }, (_, i) => send(i * 10, 'f', i)), 500, [], seed).s.nodes.f.restarts;
    expect(prob(1)).toBe(prob(1));
    expect(prob(1)).toBeGreaterThan(3);
    expect(prob(1)).toBeLessThan(17);
  });
  it('slow_init holds back the next sibling for initMs', () => {
    const { result, sim } = runApp([worker('s', 'slow_init', { params: { initMs: 300 } }), worker('next_one')], [], 1000);
    const after = result.trace.find((e) => e.type === 'spawn' && sim.pidNode.get(e.pid) === 'next_one')!;
    expect(after.t).toBe(300);
  });
  it('slow_terminate is killed when its shutdown time is shorter than terminateMs, and finishes when it is not', () => {
    const stop: SpecCommand = { at: 10, type: 'exit', target: 'app', reason: 'shutdown' };
    const short = runApp([worker('t', 'slow_terminate', { params: { terminateMs: 1000 }, shutdown: 200 })], [stop]).s;
    expect(short.nodes.t.exits[0]).toEqual({ t: 210, reason: ':killed' });
    expect(short.notes.map((n) => n.event)).toEqual(['terminate_started']);
    const long = runApp([worker('t', 'slow_terminate', { params: { terminateMs: 1000 }, shutdown: 'infinity' })], [stop]).s;
    expect(long.nodes.t.exits[0]).toEqual({ t: 1010, reason: ':shutdown' });
    expect(long.notes.map((n) => n.event)).toEqual(['terminate_started', 'terminate_finished']);
  });
});

describe('load source, queue, coalescer, graceful shutdown', () => {
  it('load_source sends `rate` requests per second plus bursts, and counts the answers', () => {
    const { s } = runApp([worker('e'), worker('l', 'load_source', { params: { target: 'e', rate: 20, burstSize: 5, burstEveryMs: 500 } })], [
      send(0, 'l', 'on'), send(1000, 'l', 'off'),
    ], 1500);
    expect(s.counters.l.sent).toBe(20 + 5); // ticks at 0, 50, ..., 950; one burst at 500 (the one at 1000 is after off)
    expect(s.counters.l.ok).toBe(s.counters.l.sent);
  });
  it('priority_queue refuses past capacity and clamps priorities to its levels', () => {
    const { replies } = runApp([worker('q', 'priority_queue', { params: { levels: 2, capacity: 2 } })], [
      call(0, 'q', ['push', 9, 'low']), call(1, 'q', ['push', -3, 'top']), call(2, 'q', ['push', 0, 'x']), call(3, 'q', 'pop'), call(4, 'q', 'size'),
    ]);
    expect(replies).toEqual([':ok', ':ok', '{:error, :full}', ':top', '1']);
  });
  it('request_coalescer: when the upstream dies, every waiting caller gets the error', () => {
    const { replies } = runApp([worker('up', 'echo', { params: { replyDelayMs: 200 } }), worker('c', 'request_coalescer', { params: { upstream: 'up' } })], [
      call(0, 'c', 'q'), call(10, 'c', 'q'), kill(50, 'up'),
    ], 500, [callsEdge('c', 'up')]);
    expect(replies).toEqual(['{:error, :killed}', '{:error, :killed}']);
  });
  it('graceful_shutdown drops what it cannot finish within drainTimeoutMs', () => {
    const { s } = runApp([worker('g', 'graceful_shutdown', { params: { drainTimeoutMs: 100 }, shutdown: 'infinity' })], [
      call(0, 'g', ['work', 50]), call(0, 'g', ['work', 500]), { at: 10, type: 'exit', target: 'app', reason: 'shutdown' },
    ], 1000);
    expect(s.calls.map((c) => [c.ok, c.result])).toEqual([[true, '{:done, 50}'], [false, ':shutdown']]);
    expect(s.notes.find((n) => n.event === 'drained')!.data).toMatchObject({ answered: 1, dropped: 1 });
  });
});
