// The workloads on our kernel (runtime/kernel + runtime/otp), under the virtual clock.
import { Kernel, type Proc, type ProcessBehaviour } from '../../runtime/kernel';
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

export const workloads: Workloads = {
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
