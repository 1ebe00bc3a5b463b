// request_coalescer: identical requests in flight at the same time share one call to `upstream` and its answer.
// Requests are identical when they print the same (`fmt`). `:stats` answers %{requests, upstream_calls}.
import { fmt, type Ref } from '../kernel/index';
import { reply, type From } from '../otp/genserver';
import { checkResponse, sendRequest, statsOf, type Behaviour, type BehaviourEnv } from './lib';

interface S {
  env: BehaviourEnv<{ upstream: string }>;
  byKey: Map<string, { ref: Ref; waiting: From[] }>;
  pending: Map<Ref, string>;
}

export const request_coalescer: Behaviour<S, { upstream: string }> = {
  init(env) {
    return ['ok', { env, byKey: new Map(), pending: new Map() }];
  },
  handleCall(req, from, s, self) {
    if (req === 'stats') return ['reply', statsOf(s.env), s];
    s.env.count('requests');
    const key = fmt(req);
    const inflight = s.byKey.get(key);
    if (inflight) {
      s.env.count('coalesced');
      inflight.waiting.push(from);
      return ['noreply', s];
    }
    s.env.count('upstream_calls');
    const ref = sendRequest(self, s.env.pidOf(s.env.params.upstream), req, 30_000);
    s.byKey.set(key, { ref, waiting: [from] });
    s.pending.set(ref, key);
    return ['noreply', s];
  },
  handleInfo(msg, s, self) {
    const r = checkResponse(self, msg, s.pending);
    if (!r || r === 'stale') return ['noreply', s];
    const key = s.pending.get(r.ref)!;
    s.pending.delete(r.ref);
    const entry = s.byKey.get(key)!;
    s.byKey.delete(key);
    for (const from of entry.waiting) reply(from, r.ok ? r.value : ['error', r.reason]);
    return ['noreply', s];
  },
};
