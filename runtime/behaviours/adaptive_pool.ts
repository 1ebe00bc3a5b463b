// adaptive_pool: a pool that sizes itself. It starts `minSize` pool workers under the DynamicSupervisor it `calls`
// (as temporary children: the pool replaces them itself), queues jobs, gives each idle worker one job at a time,
// adds a worker when the queue holds `scaleUpAt` jobs per worker (up to `maxSize`), and stops workers idle for
// `scaleDownAfterMs` (down to `minSize`). `:size` answers the worker count; resizes are noted in the run.
// The pool traps exits and links to its workers, so they die with it: a restarted pool starts afresh instead of
// leaving its predecessor's workers orphaned under the DynamicSupervisor (a worker's own death arrives as its DOWN;
// the matching EXIT message is ignored).
import { isTagged, sequence, type Later, type Proc, type Ref, type Term } from '../kernel/index';
import { reply, type From } from '../otp/genserver';
import { checkResponse, sendRequest, statsOf, type Behaviour, type BehaviourEnv } from './lib';

interface P {
  minSize: number;
  maxSize: number;
  scaleUpAt: number;
  scaleDownAfterMs: number;
}
interface Worker {
  pid: Proc;
  mon: Ref;
  job: Ref | null;
  idleSince: number;
}
interface S {
  env: BehaviourEnv<P>;
  workers: Worker[];
  queue: { from: From; job: Term }[];
  pending: Map<Ref, { from: From; worker: Worker }>;
}

function supervisorOf(env: BehaviourEnv): string {
  return env.calls.find((n) => env.kindOf(n)?.kind === 'dynamic_supervisor') ?? env.calls[0];
}

function grow(s: S, self: Proc): Later<void> {
  return s.env.startChild(supervisorOf(s.env), 'pool_worker', {}, { restart: 'temporary' }).then((r) => {
    if (!isTagged(r, 'ok', 2)) return;
    const pid = r[1] as Proc;
    self.link(pid);
    s.workers.push({ pid, mon: self.monitor(pid), job: null, idleSince: self.kernel.now() });
    s.env.note('pool_resize', { size: s.workers.length });
  });
}

function dispatch(s: S, self: Proc): void {
  for (const w of s.workers) {
    if (s.queue.length === 0) return;
    if (w.job) continue;
    const { from, job } = s.queue.shift()!;
    w.job = sendRequest(self, w.pid, job, Infinity);
    s.pending.set(w.job, { from, worker: w });
  }
}

/** After a change: grow while the queue is long (or below minSize), then hand out jobs. */
function settle(s: S, self: Proc): Later<readonly ['noreply', S]> | readonly ['noreply', S] {
  const p = s.env.params;
  const wantMore = s.workers.length < p.minSize || (s.workers.length < p.maxSize && s.queue.length >= p.scaleUpAt * Math.max(1, s.workers.length));
  if (wantMore) return grow(s, self).then(() => settle(s, self));
  dispatch(s, self);
  return ['noreply', s];
}

export const adaptive_pool: Behaviour<S, P> = {
  init(env, self) {
    const s: S = { env, workers: [], queue: [], pending: new Map() };
    self.trapExit(true);
    self.sendAfter(Math.max(1, Math.round(env.params.scaleDownAfterMs / 2)), '$scale_down');
    return sequence(Array.from({ length: env.params.minSize }, () => () => grow(s, self))).then(() => ['ok', s] as const);
  },
  handleCall(req, from, s, self) {
    if (req === 'size') return ['reply', s.workers.length, s];
    if (req === 'stats') return ['reply', statsOf(s.env), s];
    s.env.count('jobs');
    s.queue.push({ from, job: req });
    return settle(s, self);
  },
  handleInfo(msg, s, self) {
    if (msg === '$scale_down') {
      const p = s.env.params;
      const now = self.kernel.now();
      for (const w of [...s.workers]) {
        if (s.workers.length <= p.minSize) break;
        if (!w.job && now - w.idleSince >= p.scaleDownAfterMs) {
          self.demonitor(w.mon, true);
          self.unlink(w.pid);
          s.workers.splice(s.workers.indexOf(w), 1);
          self.exitSignal(w.pid, 'shutdown');
          s.env.note('pool_resize', { size: s.workers.length });
        }
      }
      self.sendAfter(Math.max(1, Math.round(p.scaleDownAfterMs / 2)), '$scale_down');
      return ['noreply', s];
    }
    const r = checkResponse(self, msg, s.pending);
    if (r && r !== 'stale') {
      const { from, worker } = s.pending.get(r.ref)!;
      s.pending.delete(r.ref);
      worker.job = null;
      worker.idleSince = self.kernel.now();
      s.env.count(r.ok ? 'served' : 'failed');
      reply(from, r.ok ? r.value : ['error', r.reason]);
      return settle(s, self);
    }
    if (isTagged(msg, 'DOWN', 5)) {
      const i = s.workers.findIndex((w) => w.mon === msg[1]);
      if (i >= 0) {
        s.workers.splice(i, 1);
        s.env.note('pool_resize', { size: s.workers.length, reason: msg[4] });
        return settle(s, self);
      }
    }
    return ['noreply', s];
  },
};
