// http_client_system: the capstone's front door. A request goes to the process it `calls` (the circuit breaker)
// as `{:request, req}`; a failure is retried up to `retries` times, waiting `backoffMs`, then twice as long, ...
// The caller gets the first success or the last failure. An open breaker's `{:error, :circuit_open}` is not retried:
// the client fails fast (that is what the breaker is for). `:stats` reports counters (requests, ok, failed, retries,
// fast_fail).
import { isTagged, type Ref, type Term } from '../kernel/index';
import { reply, type From } from '../otp/genserver';
import { checkResponse, isError, sendRequest, statsOf, type Behaviour, type BehaviourEnv } from './lib';

interface P {
  retries: number;
  backoffMs: number;
  timeoutMs: number;
}
interface Job {
  from: From;
  req: Term;
  attempt: number;
}
interface S {
  env: BehaviourEnv<P>;
  pending: Map<Ref, Job>;
}

function attempt(s: S, job: Job, self: import('../kernel/index').Proc): void {
  const target = s.env.calls[0];
  const ref = sendRequest(self, target === undefined ? undefined : s.env.pidOf(target), ['request', job.req], s.env.params.timeoutMs);
  s.pending.set(ref, job);
}

export const http_client_system: Behaviour<S, P> = {
  init(env) {
    return ['ok', { env, pending: new Map() }];
  },
  handleCall(req, from, s, self) {
    if (req === 'stats') return ['reply', statsOf(s.env), s];
    s.env.count('requests');
    attempt(s, { from, req, attempt: 0 }, self);
    return ['noreply', s];
  },
  handleInfo(msg, s, self) {
    if (isTagged(msg, '$retry', 2)) {
      attempt(s, msg[1] as unknown as Job, self);
      return ['noreply', s];
    }
    const r = checkResponse(self, msg, s.pending);
    if (!r || r === 'stale') return ['noreply', s];
    const job = s.pending.get(r.ref)!;
    s.pending.delete(r.ref);
    const result: Term = r.ok ? r.value : ['error', r.reason];
    if (r.ok && !isError(r.value)) {
      s.env.count('ok');
      reply(job.from, result);
    } else if (r.ok && isTagged(r.value, 'error', 2) && r.value[1] === 'circuit_open') {
      s.env.count('fast_fail');
      reply(job.from, result);
    } else if (job.attempt < s.env.params.retries) {
      s.env.count('retries');
      const next = { ...job, attempt: job.attempt + 1 };
      self.sendAfter(s.env.params.backoffMs * 2 ** job.attempt, ['$retry', next as unknown as Term]);
    } else {
      s.env.count('failed');
      reply(job.from, result);
    }
    return ['noreply', s];
  },
};
