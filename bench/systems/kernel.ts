// The workloads on our kernel (runtime/kernel + runtime/otp), under the virtual clock.
import { Kernel, type Later, type Proc, type ProcessBehaviour } from '../../runtime/kernel';
import { GenServer, Supervisor, type ChildSpec, type GenServerModule } from '../../runtime/otp';
import { gc, now, type Workloads } from './types';

/** Hops counted by the ring (read by the smoke test). */
export const counters = { hops: 0 };

interface RingNode {
  next: Proc | null;
}
const RING: ProcessBehaviour<RingNode> = {
  init(self, node) {
    self.state = node;
  },
  receive(self, n) {
    counters.hops++;
    if ((n as number) > 0) self.send((self.state as RingNode).next!, (n as number) - 1);
  },
};

const IDLE: ProcessBehaviour = {
  receive() {},
};

/** Build a ring of n processes and pass one token n × laps hops; returns the kernel (for the test). */
export function runRing(n: number, laps: number): Kernel {
  const k = new Kernel({ clock: 'virtual' });
  const nodes: RingNode[] = [];
  const procs: Proc[] = [];
  for (let i = 0; i < n; i++) {
    const node: RingNode = { next: null };
    nodes.push(node);
    procs.push(k.spawn(RING, node));
  }
  for (let i = 0; i < n; i++) nodes[i].next = procs[(i + 1) % n];
  k.runUntilIdle();
  // n × laps hops: the token starts at n*laps - 1 so that exactly n*laps receives happen
  k.send(procs[0], n * laps - 1);
  k.runUntilIdle();
  return k;
}

/** Spawn n idle processes and let them all start; returns them (kept alive) and the kernel. */
export function spawnIdle(n: number): { k: Kernel; procs: Proc[] } {
  const k = new Kernel({ clock: 'virtual' });
  const procs = new Array<Proc>(n);
  for (let i = 0; i < n; i++) procs[i] = k.spawn(IDLE);
  k.runUntilIdle();
  if (k.processCount !== n) throw new Error(`spawn: ${k.processCount} alive, expected ${n}`);
  return { k, procs };
}

const ECHO: GenServerModule<null> = {
  init: () => ['ok', null],
  handleCall: (req, _from, s) => ['reply', req === 'ping' ? 'pong' : 'error', s],
};

/** A client process makes `calls` GenServer calls to an echo server; returns the replies it got. */
export function runCalls(calls: number): { k: Kernel; replies: number } {
  const k = new Kernel({ clock: 'virtual' });
  const server = GenServer.spawn(k, ECHO, null);
  const out = { k, replies: 0 };
  k.spawn((self) => callClient(self, server, calls, out));
  k.runUntilIdle();
  return out;
}
// One generator function for every run, defined once: a `function*` written inside runCalls would be a new closure
// per run, and each closure's generator objects get their own hidden class, so every run after the first would start
// by deoptimising the kernel's generator stepping for the new class (docs/bench.md, "Warm-up").
function* callClient(_self: Proc, server: Proc, calls: number, out: { replies: number }): Generator<Later<unknown>, void, unknown> {
  for (let i = 0; i < calls; i++) if ((yield GenServer.call(server, 'ping')) === 'pong') out.replies++;
}

/** Children of the restart storm: each start is recorded. */
const storm = { starts: 0, pids: [] as Proc[] };
const STORM_CHILD: GenServerModule<null> = {
  init(_arg, self) {
    storm.starts++;
    storm.pids.push(self);
    return ['ok', null];
  },
};
const startStormChild = () => GenServer.startLink(STORM_CHILD, null);

/** one_for_one supervisor with n children; kill them all and run until every one is restarted. Returns the
 *  kernel, the supervisor and the time (ms) from the first kill until all n are running again. */
export function runStorm(n: number): { k: Kernel; sup: Proc; ms: number; restarted: number } {
  const k = new Kernel({ clock: 'virtual' });
  const children: ChildSpec[] = [];
  for (let i = 0; i < n; i++) children.push({ id: i, start: startStormChild });
  storm.starts = 0;
  storm.pids = [];
  const sup = Supervisor.spawn(k, { strategy: 'one_for_one', maxRestarts: 10 * n, maxSeconds: 5, children });
  k.runUntilIdle();
  if (storm.starts !== n) throw new Error(`storm: ${storm.starts} children started, expected ${n}`);
  const first = storm.pids;
  storm.pids = [];
  const t0 = now();
  for (const p of first) k.exit(p, 'kill');
  k.runUntilIdle();
  const ms = now() - t0;
  const restarted = storm.pids.filter((p) => p.alive).length;
  if (restarted !== n || !sup.alive) throw new Error(`storm: ${restarted} of ${n} restarted`);
  return { k, sup, ms, restarted };
}

export const workloads: Workloads = {
  call(calls) {
    const t0 = now();
    const r = runCalls(calls);
    const t1 = now();
    if (r.replies !== calls) throw new Error(`call: ${r.replies} replies, expected ${calls}`);
    return calls / ((t1 - t0) / 1000);
  },
  restart_storm(n) {
    return n / (runStorm(n).ms / 1000);
  },
  ring(n, laps) {
    const t0 = now();
    counters.hops = 0;
    runRing(n, laps);
    const t1 = now();
    if (counters.hops !== n * laps) throw new Error(`ring: ${counters.hops} hops, expected ${n * laps}`);
    return (n * laps) / ((t1 - t0) / 1000);
  },
  spawn(n) {
    const t0 = now();
    spawnIdle(n);
    return n / ((now() - t0) / 1000);
  },
  bytes_per_process(n) {
    gc();
    const h0 = process.memoryUsage().heapUsed;
    const live = spawnIdle(n);
    gc();
    const h1 = process.memoryUsage().heapUsed;
    if (live.procs.length !== n || live.k.processCount !== n) throw new Error('bytes: processes lost');
    return (h1 - h0) / n;
  },
};
