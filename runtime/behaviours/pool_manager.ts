// pool_manager: owns the workers under the supervisor it `calls`. Two ways to use it:
//   - `:checkout` → a worker pid (the least-loaded free one; waits up to `checkoutTimeoutMs` when all are out,
//     then `{:error, :timeout}`), `{:checkin, pid}` gives it back;
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

function checkin(s: S, pid: Term): void {
  const name = s.workers.find((w) => s.env.pidOf(w) === pid);
  if (name) s.checkedOut.delete(name);
  const waiter = s.waiting.shift();
  if (waiter) {
    const w = pick(s, true);
    if (w) {
      s.env.pidOf(w)!.kernel.cancelTimer(waiter.timer);
      s.checkedOut.set(w, s.env.pidOf(w)!);
      reply(waiter.from, s.env.pidOf(w)!);
    } else s.waiting.unshift(waiter);
  }
}

export const pool_manager: Behaviour<S, P> = {
  init(env) {
    return ['ok', { env, workers: poolWorkers(env), inflight: new Map(), checkedOut: new Map(), waiting: [], pending: new Map(), next: 0 }];
  },
  handleCall(req, from, s, self) {
    if (req === 'checkout') {
      const w = pick(s, true);
      if (w) {
        s.checkedOut.set(w, s.env.pidOf(w)!);
        return ['reply', s.env.pidOf(w)!, s];
      }
      s.waiting.push({ from, timer: self.sendAfter(s.env.params.checkoutTimeoutMs, ['$checkout_timeout', from[1]]) });
      return ['noreply', s];
    }
    if (isTagged(req, 'checkin', 2)) {
      checkin(s, req[1]);
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
  handleCast(req, s) {
    if (isTagged(req, 'checkin', 2)) checkin(s, req[1]);
    return ['noreply', s];
  },
  handleInfo(msg, s, self) {
    if (isTagged(msg, '$checkout_timeout', 2)) {
      const i = s.waiting.findIndex((x) => x.from[1] === msg[1]);
      if (i >= 0) reply(s.waiting.splice(i, 1)[0].from, ['error', 'timeout']);
      return ['noreply', s];
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
