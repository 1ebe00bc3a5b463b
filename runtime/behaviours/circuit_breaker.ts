// circuit_breaker: guards the process it `calls`.
// A failure is a crash or timeout of the upstream, or an `{:error, _}` answer; any other answer is a success.
//   closed    — requests pass; `failureThreshold` failures in a row → open
//   open      — requests are refused at once with `{:error, :circuit_open}`; after `timeoutMs` → half_open
//   half_open — one trial request passes (others are refused): success → closed, failure → open
// `{:request, req}` (or any other call) is forwarded; `:state` answers the state; `:reset` closes it.
// Each transition is noted in the run (`breaker` events) so a run shows the state machine's path.
import { isTagged, type Ref, type Term } from '../kernel/index';
import { reply, type From } from '../otp/genserver';
import { checkResponse, isError, sendRequest, statsOf, type Behaviour, type BehaviourEnv } from './lib';

type Mode = 'closed' | 'open' | 'half_open';
interface P {
  failureThreshold: number;
  timeoutMs: number;
}
interface S {
  env: BehaviourEnv<P>;
  mode: Mode;
  failures: number;
  trial: Ref | null;
  pending: Map<Ref, From>;
  /** Counts open periods, so a stale half_open timer of an earlier period is ignored. */
  epoch: number;
}

const REQUEST_TIMEOUT_MS = 10_000;

function go(s: S, to: Mode, self: import('../kernel/index').Proc): void {
  if (s.mode === to) return;
  s.env.note('breaker', { from: s.mode, to });
  s.env.count(`to_${to}`);
  s.mode = to;
  if (to === 'open') self.sendAfter(s.env.params.timeoutMs, ['$half_open', ++s.epoch]);
  if (to === 'closed') s.failures = 0;
}

export const circuit_breaker: Behaviour<S, P> = {
  init(env) {
    return ['ok', { env, mode: 'closed', failures: 0, trial: null, pending: new Map(), epoch: 0 }];
  },
  handleCall(req, from, s, self) {
    if (req === 'state') return ['reply', s.mode, s];
    if (req === 'stats') return ['reply', statsOf(s.env), s];
    if (req === 'reset') {
      go(s, 'closed', self);
      return ['reply', 'ok', s];
    }
    if (s.mode === 'open' || (s.mode === 'half_open' && s.trial)) {
      s.env.count('refused');
      return ['reply', ['error', 'circuit_open'], s];
    }
    const upstream = s.env.calls[0];
    const ref = sendRequest(self, upstream === undefined ? undefined : s.env.pidOf(upstream), isTagged(req, 'request', 2) ? req[1] : req, REQUEST_TIMEOUT_MS);
    if (s.mode === 'half_open') s.trial = ref;
    s.pending.set(ref, from);
    return ['noreply', s];
  },
  handleInfo(msg, s, self) {
    if (isTagged(msg, '$half_open', 2)) {
      if (msg[1] === s.epoch && s.mode === 'open') go(s, 'half_open', self);
      return ['noreply', s];
    }
    const r = checkResponse(self, msg, s.pending);
    if (!r || r === 'stale') return ['noreply', s];
    const from = s.pending.get(r.ref)!;
    s.pending.delete(r.ref);
    const ok = r.ok && !isError(r.value);
    const wasTrial = s.trial === r.ref;
    if (wasTrial) s.trial = null;
    if (ok) {
      s.env.count('success');
      s.failures = 0;
      if (wasTrial) go(s, 'closed', self);
    } else {
      s.env.count('failure');
      s.failures++;
      if (wasTrial || (s.mode === 'closed' && s.failures >= s.env.params.failureThreshold)) go(s, 'open', self);
    }
    reply(from, r.ok ? r.value : ['error', r.reason] as Term);
    return ['noreply', s];
  },
};
