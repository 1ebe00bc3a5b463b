// http_worker: serves `{:get, path}`-style requests by call. Each request is an async effect — under the virtual
// clock its latency (around `latencyMs`) and failure (`failRate`) come from the run's seeded PRNG; under the
// real-time clock it is a real `fetch` of `url`. Requests overlap; each gets `{:ok, status}` or `{:error, reason}`,
// `{:error, :timeout}` after `timeoutMs`. `{:fail_rate, x}` / `{:latency, ms}` (any message kind) change the failure
// rate / the latency (for scenarios); `:status` reports counters. Outcomes are reported to a telemetry collector it `calls`, if any.
import { bin, isTagged, type Term, type TimerRef } from '../kernel/index';
import { GenServer, reply, type From } from '../otp/genserver';
import { calleeOf, statsOf, type Behaviour, type BehaviourEnv } from './lib';

interface P {
  url: string;
  latencyMs: number;
  failRate: number;
  timeoutMs: number;
}
interface S {
  env: BehaviourEnv<P>;
  failRate: number;
  latencyMs: number;
  nextId: number;
  pending: Map<number, { from: From; timer: TimerRef }>;
}

declare const fetch: (url: string) => Promise<{ status: number }>;

function finish(s: S, id: number, outcome: Term, ok: boolean): void {
  const p = s.pending.get(id);
  if (!p) return;
  s.pending.delete(id);
  p.from[0].kernel.cancelTimer(p.timer);
  s.env.count(ok ? 'ok' : outcome === 'timeout' ? 'timeout' : 'error');
  const telemetry = calleeOf(s.env, 'telemetry_collector');
  const pid = telemetry && s.env.pidOf(telemetry);
  if (pid) GenServer.cast(pid.kernel, pid, ['report', ok ? 'ok' : 'error']);
  reply(p.from, ok ? ['ok', outcome] : ['error', outcome]);
}

/** `{:fail_rate, x}` / `{:latency, ms}`: change the failure rate or the latency (to script an upstream going bad). */
function setFailRate(s: S, msg: Term): boolean {
  if (isTagged(msg, 'latency', 2) && typeof msg[1] === 'number') {
    s.latencyMs = msg[1];
    return true;
  }
  if (!isTagged(msg, 'fail_rate', 2) || typeof msg[1] !== 'number') return false;
  s.failRate = msg[1];
  return true;
}

export const http_worker: Behaviour<S, P> = {
  init(env) {
    return ['ok', { env, failRate: env.params.failRate, latencyMs: env.params.latencyMs, nextId: 0, pending: new Map() }];
  },
  handleCall(req, from, s, self) {
    if (req === 'status') return ['reply', statsOf(s.env), s];
    if (setFailRate(s, req)) return ['reply', 'ok', s];
    const id = s.nextId++;
    const { timeoutMs, url } = s.env.params;
    const latencyMs = s.latencyMs;
    s.env.count('requests');
    s.pending.set(id, { from, timer: self.sendAfter(timeoutMs, ['$http_timeout', id]) });
    const lo = Math.max(0, Math.round(latencyMs * 0.5));
    self.effect(['$http', id], () => fetch(url).then((r) => r.status), {
      latency: [lo, Math.round(latencyMs * 1.5)], failureRate: s.failRate, value: 200, error: bin('simulated failure'),
    });
    return ['noreply', s];
  },
  handleCast(req, s) {
    setFailRate(s, req);
    return ['noreply', s];
  },
  handleInfo(msg, s) {
    if (setFailRate(s, msg)) return ['noreply', s];
    if (isTagged(msg, '$http_timeout', 2)) finish(s, msg[1] as number, 'timeout', false);
    else if (Array.isArray(msg) && msg.length === 3 && isTagged(msg[0], '$http', 2)) {
      finish(s, (msg[0] as Term[])[1] as number, msg[2], msg[1] === 'ok');
    }
    return ['noreply', s];
  },
};
