// load_source: sends requests to `target` at `rate` per second while it is on (`:on` / `:off`, any message kind;
// `{:rate, n}` sets the rate).
// Extra load: `burstSize` requests at once every `burstEveryMs`, and/or `bursts` windows
// ([{atMs, durationMs, rate}], measured from when the load was switched on) that add to the rate.
// In `call` mode it waits for no one: each answer (or error, or timeout after `timeoutMs`) is counted — the
// node's counters `sent`, `ok`, `error` are the load test's result. Also used for the design's load-source nodes.
import { isTagged, type Ref, type Term } from '../kernel/index';
import { GenServer } from '../otp/genserver';
import { checkResponse, sendRequest, statsOf, type Behaviour, type BehaviourEnv } from './lib';

export interface LoadParams {
  target: string;
  rate: number;
  burstSize: number;
  burstEveryMs: number;
  mode: 'call' | 'cast';
  message?: Term;
  timeoutMs?: number;
  bursts?: readonly { atMs: number; durationMs: number; rate: number }[];
  enabled?: boolean;
}
interface S {
  env: BehaviourEnv<LoadParams>;
  on: boolean;
  since: number;
  /** When the next request is due: ticks come at exact multiples of the interval (real time does not drift). */
  due: number;
  epoch: number;
  pending: Set<Ref>;
}

const IDLE_POLL_MS = 50;

function rateAt(p: LoadParams, elapsed: number): number {
  let r = p.rate;
  for (const b of p.bursts ?? []) if (elapsed >= b.atMs && elapsed < b.atMs + b.durationMs) r += b.rate;
  return r;
}

function fire(s: S, self: import('../kernel/index').Proc, n: number): void {
  const p = s.env.params;
  const pid = s.env.pidOf(p.target);
  for (let i = 0; i < n; i++) {
    s.env.count('sent');
    if (!pid) s.env.count('error');
    else if (p.mode === 'cast') GenServer.cast(self, pid, p.message ?? 'request');
    else s.pending.add(sendRequest(self, pid, p.message ?? 'request', p.timeoutMs ?? 5000));
  }
}

function schedule(s: S, self: import('../kernel/index').Proc): void {
  // due a whole interval after the previous request was due, not after this tick ran: on the real clock a tick
  // comes a little late, and counting from it would send fewer requests than the rate asks for (virtual: the same)
  const r = rateAt(s.env.params, s.due - s.since);
  s.due += r > 0 ? Math.max(1, Math.round(1000 / r)) : IDLE_POLL_MS;
  self.sendAfter(Math.max(0, s.due - self.kernel.now()), ['$tick', s.epoch]);
}

function switchTo(s: S, on: boolean, self: import('../kernel/index').Proc): void {
  if (s.on === on) return;
  s.on = on;
  s.epoch++;
  s.env.note(on ? 'load_on' : 'load_off');
  if (!on) return;
  s.since = self.kernel.now();
  s.due = s.since;
  self.send(self, ['$tick', s.epoch]); // the first request goes out at once; then one every 1000/rate ms
  const p = s.env.params;
  if (p.burstSize > 0) self.sendAfter(p.burstEveryMs, ['$burst', s.epoch]);
}

function control(s: S, msg: Term, self: import('../kernel/index').Proc): boolean {
  if (msg === 'on' || msg === 'off') {
    switchTo(s, msg === 'on', self);
    return true;
  }
  // the run command `load` with a rate (runtime/sim/commands.ts): requests per second from the next one on
  if (isTagged(msg, 'rate', 2) && typeof msg[1] === 'number') {
    s.env = { ...s.env, params: { ...s.env.params, rate: msg[1] } };
    return true;
  }
  return false;
}

export const load_source: Behaviour<S, LoadParams> = {
  init(env, self) {
    const s: S = { env, on: false, since: 0, due: 0, epoch: 0, pending: new Set() };
    if (env.params.enabled) switchTo(s, true, self);
    return ['ok', s];
  },
  handleCall(req, _from, s, self) {
    if (req === 'stats') return ['reply', statsOf(s.env), s];
    return ['reply', control(s, req, self) ? 'ok' : ['error', 'unknown_request'], s];
  },
  handleCast(req, s, self) {
    control(s, req, self);
    return ['noreply', s];
  },
  handleInfo(msg, s, self) {
    if (control(s, msg, self)) return ['noreply', s];
    if (isTagged(msg, '$tick', 2)) {
      if (s.on && msg[1] === s.epoch) {
        fire(s, self, 1);
        schedule(s, self);
      }
      return ['noreply', s];
    }
    if (isTagged(msg, '$burst', 2)) {
      if (s.on && msg[1] === s.epoch) {
        fire(s, self, s.env.params.burstSize);
        self.sendAfter(s.env.params.burstEveryMs, ['$burst', s.epoch]);
      }
      return ['noreply', s];
    }
    const r = checkResponse(self, msg, s.pending);
    if (r && r !== 'stale') {
      s.pending.delete(r.ref);
      s.env.count(!r.ok ? (r.reason === 'timeout' ? 'timeout' : 'error') : isTagged(r.value, 'error') ? 'error' : 'ok');
    }
    return ['noreply', s];
  },
};
