// client: calls another process for whoever calls it, and shows how it addresses that process. With
// `address: "name"` it looks the target's name up on every call (a registered name or a Registry key — what OTP
// code should do); with `address: "pid"` it keeps the pid it found when it started, so after the target restarts it
// talks to a dead process and gets `{:error, :noproc}`. Any call is passed on; the answer (or `{:error, reason}`)
// comes back. The client itself is the caller the target sees: a pool it checks a worker out of monitors it.
// `:target` answers the pid it would use now (nil when none).
import type { Proc, Ref, Term } from '../kernel/index';
import { reply, type From } from '../otp/genserver';
import { checkResponse, sendRequest, type Behaviour, type BehaviourEnv } from './lib';

interface P {
  target: string;
  address: 'name' | 'pid';
  timeoutMs: number;
}
interface S {
  env: BehaviourEnv<P>;
  /** The pid found at start (address "pid"). */
  kept: Proc | undefined;
  pending: Map<Ref, From>;
}

const byName = (env: BehaviourEnv<P>) => (env.whereName ? env.whereName(env.params.target) : env.pidOf(env.params.target));
const current = (s: S) => (s.env.params.address === 'pid' ? s.kept : byName(s.env));

export const client: Behaviour<S, P> = {
  init(env) {
    return ['ok', { env, kept: env.params.address === 'pid' ? byName(env) : undefined, pending: new Map() }];
  },
  handleCall(req, from, s, self) {
    if (req === 'target') return ['reply', current(s) ?? null, s];
    const to = current(s);
    if (!to) {
      s.env.count('noproc');
      return ['reply', ['error', 'noproc'], s];
    }
    s.pending.set(sendRequest(self, to, req, s.env.params.timeoutMs), from);
    return ['noreply', s];
  },
  handleInfo(msg: Term, s, self) {
    const r = checkResponse(self, msg, s.pending);
    if (r && r !== 'stale') {
      const from = s.pending.get(r.ref)!;
      s.pending.delete(r.ref);
      s.env.count(r.ok ? 'ok' : 'error');
      reply(from, r.ok ? r.value : ['error', r.reason]);
    }
    return ['noreply', s];
  },
};
