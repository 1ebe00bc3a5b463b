// pool_manager: owns the workers under the supervisor it `calls`. Two ways to use it:
//   - `:checkout` → a worker pid (the least-loaded free one; waits up to `checkoutTimeoutMs` when all are out,
//     then `{:error, :timeout}`), `{:checkin, pid}` (or `{:checkin, worker_name}`) gives it back. Like poolboy, the
//     manager monitors each client that holds a worker: when the client dies, its workers are checked in for it;
//   - any other call is a job: it goes to the least-loaded worker (or the next one, `round_robin`) without
//     blocking the manager; the worker's reply is passed back, a crashed worker gives `{:error, reason}`.
// `:status` and `:stats` report. Workers are found by name on every use, so restarted workers are picked up.
import { isTagged, type Proc, type Ref, type Term, type TimerRef } from '../kernel/index';
import { reply, type From } from '../otp/genserver';
import { checkResponse, sendRequest, statsOf, type Behaviour, type BehaviourEnv } from './lib';

interface P {
  size: number;
  strategy: 'least_loaded' | 'round_robin';
  checkoutTimeoutMs: number;
}
interface S {
  env: BehaviourEnv<P>;
  workers: readonly string[];
  inflight: Map<string, number>;
  /** Worker name → the process that was checked out (a restarted worker is free again: its new pid differs). */
  checkedOut: Map<string, Proc>;
  /** Worker name → the monitor on the client that holds it. */
  clients: Map<string, Ref>;
  waiting: { from: From; timer: TimerRef }[];
  pending: Map<Ref, { from: From; worker: string }>;
  next: number;
}

/** The worker names of a pool: the children of the supervisor it calls, else the workers it calls directly. */
export function poolWorkers(env: BehaviourEnv): string[] {
  const out: string[] = [];
  for (const n of env.calls) {
    const kind = env.kindOf(n)?.kind;
    if (kind === 'supervisor' || kind === 'dynamic_supervisor') out.push(...env.childrenOf(n));
    else if (kind === 'worker') out.push(n);
  }
  return out;
}

/** Checked out, and still the same process (a crashed and restarted worker comes back free). */
function isOut(s: S, w: string): boolean {
  const out = s.checkedOut.get(w);
  if (out && out !== s.env.pidOf(w)) s.checkedOut.delete(w);
  return s.checkedOut.has(w);
}

function pick(s: S, free: boolean): string | undefined {
  const alive = s.workers.filter((w) => s.env.pidOf(w)?.alive && !(free && isOut(s, w)));
  if (alive.length === 0) return undefined;
  if (s.env.params.strategy === 'round_robin') return alive[s.next++ % alive.length];
  let best = alive[0];
  const load = (w: string) => (s.inflight.get(w) ?? 0) + (isOut(s, w) ? 1 : 0);
  for (const w of alive) if (load(w) < load(best)) best = w;
  return best;
}

/** Hand worker `w` to the client `client` and monitor the client (poolboy does the same). */
function lend(s: S, w: string, client: Proc, self: Proc): Proc {
  const pid = s.env.pidOf(w)!;
  s.checkedOut.set(w, pid);
  const old = s.clients.get(w);
  if (old) self.demonitor(old, true);
  s.clients.set(w, self.monitor(client));
  return pid;
}

/** Give back the worker named by a pid or by its name (an unknown one is ignored, like poolboy's checkin). */
function checkin(s: S, who: Term, self: Proc): void {
  const name = typeof who === 'string' ? s.workers.find((w) => w === who || w.endsWith(`/${who}`)) : s.workers.find((w) => s.env.pidOf(w) === who || s.checkedOut.get(w) === who);
  if (name) {
    s.checkedOut.delete(name);
    const ref = s.clients.get(name);
    if (ref) self.demonitor(ref, true);
    s.clients.delete(name);
  }
  const waiter = s.waiting.shift();
  if (waiter) {
    const w = pick(s, true);
    if (w) {
      self.kernel.cancelTimer(waiter.timer);
      reply(waiter.from, lend(s, w, waiter.from[0], self));
    } else s.waiting.unshift(waiter);
  }
}

export const pool_manager: Behaviour<S, P> = {
  init(env) {
    return ['ok', { env, workers: poolWorkers(env), inflight: new Map(), checkedOut: new Map(), clients: new Map(), waiting: [], pending: new Map(), next: 0 }];
  },
  handleCall(req, from, s, self) {
    if (req === 'checkout') {
      const w = pick(s, true);
      if (w) return ['reply', lend(s, w, from[0], self), s];
      s.waiting.push({ from, timer: self.sendAfter(s.env.params.checkoutTimeoutMs, ['$checkout_timeout', from[1]]) });
      return ['noreply', s];
    }
    if (isTagged(req, 'checkin', 2)) {
      checkin(s, req[1], self);
      return ['reply', 'ok', s];
    }
    if (req === 'stats') return ['reply', statsOf(s.env), s];
    if (req === 'status') {
      const m = new Map<Term, Term>([['size', s.workers.length], ['checked_out', s.workers.filter((w) => isOut(s, w)).length], ['waiting', s.waiting.length], ['in_flight', s.pending.size]]);
      return ['reply', m, s];
    }
    const w = pick(s, false);
    if (!w) {
      s.env.count('rejected');
      return ['reply', ['error', 'no_workers'], s];
    }
    const ref = sendRequest(self, s.env.pidOf(w), req, Infinity);
    s.pending.set(ref, { from, worker: w });
    s.inflight.set(w, (s.inflight.get(w) ?? 0) + 1);
    return ['noreply', s];
  },
  handleCast(req, s, self) {
    if (isTagged(req, 'checkin', 2)) checkin(s, req[1], self);
    return ['noreply', s];
  },
  handleInfo(msg, s, self) {
    if (isTagged(msg, '$checkout_timeout', 2)) {
      const i = s.waiting.findIndex((x) => x.from[1] === msg[1]);
      if (i >= 0) reply(s.waiting.splice(i, 1)[0].from, ['error', 'timeout']);
      return ['noreply', s];
    }
    if (isTagged(msg, 'DOWN', 5)) {
      const w = [...s.clients].find(([, ref]) => ref === msg[1])?.[0];
      if (w !== undefined) {
        // the client died holding the worker: check it in for the client
        s.env.note('client_down', { worker: w, reason: msg[4] });
        s.env.count('returned');
        checkin(s, w, self);
        return ['noreply', s];
      }
    }
    const r = checkResponse(self, msg, s.pending);
    if (r && r !== 'stale') {
      const job = s.pending.get(r.ref)!;
      s.pending.delete(r.ref);
      s.inflight.set(job.worker, Math.max(0, (s.inflight.get(job.worker) ?? 1) - 1));
      s.env.count(r.ok ? 'served' : 'failed');
      reply(job.from, r.ok ? r.value : ['error', r.reason]);
    }
    return ['noreply', s];
  },
};
