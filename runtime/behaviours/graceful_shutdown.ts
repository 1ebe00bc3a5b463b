// graceful_shutdown: `{:work, ms}` takes `ms` without blocking the server (requests overlap) and answers
// `{:done, ms}`. It traps exits, so when its supervisor stops it, terminate/2 first **drains** the requests in
// flight — answering each as it completes — for at most `drainTimeoutMs`, then exits.
import { TIMEOUT, isTagged, Later, type Proc, type Term } from '../kernel/index';
import { reply, type From } from '../otp/genserver';
import type { Behaviour, BehaviourEnv } from './lib';

interface S {
  env: BehaviourEnv<{ drainTimeoutMs: number }>;
  nextId: number;
  inflight: Map<number, { from: From; ms: number }>;
}

function complete(s: S, msg: Term): boolean {
  if (!isTagged(msg, '$done', 2)) return false;
  const job = s.inflight.get(msg[1] as number);
  if (job) {
    s.inflight.delete(msg[1] as number);
    reply(job.from, ['done', job.ms]);
  }
  return true;
}

function drain(s: S, self: Proc, deadline: number): Later<void> {
  if (s.inflight.size === 0) return Later.of(undefined);
  const left = deadline - self.kernel.now();
  if (left <= 0) return Later.of(undefined);
  return self.receive((m: Term) => isTagged(m, '$done', 2), left).then((m) => {
    if (m === TIMEOUT) return undefined;
    complete(s, m);
    return drain(s, self, deadline);
  });
}

export const graceful_shutdown: Behaviour<S, { drainTimeoutMs: number }> = {
  init(env, self) {
    self.trapExit(true);
    return ['ok', { env, nextId: 0, inflight: new Map() }];
  },
  handleCall(req, from, s, self) {
    if (isTagged(req, 'work', 2)) {
      const id = s.nextId++;
      s.inflight.set(id, { from, ms: Number(req[1]) });
      self.sendAfter(Number(req[1]), ['$done', id]);
      return ['noreply', s];
    }
    return ['reply', req, s];
  },
  handleInfo(msg, s) {
    complete(s, msg);
    return ['noreply', s];
  },
  terminate(reason, s, self) {
    const before = s.inflight.size;
    return drain(s, self, self.kernel.now() + s.env.params.drainTimeoutMs).then(() => {
      s.env.note('drained', { reason, answered: before - s.inflight.size, dropped: s.inflight.size });
    });
  },
};
