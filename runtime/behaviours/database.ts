// database: keeps data outside the servers that use it, so their state survives their restarts. `{:get, key}`
// answers the value (nil when absent), `{:put, key, value}` (call or cast) stores it after `writeDelayMs`.
// It traps exits and reports the flush in terminate.
import { fmt, isTagged, type Term } from '../kernel/index';
import type { Behaviour, BehaviourEnv } from './lib';

interface S {
  env: BehaviourEnv<{ writeDelayMs: number }>;
  /** Keyed by the printed key: terms (tuples are JS arrays) compare by value, not by reference. */
  data: Map<string, Term>;
}

export const database: Behaviour<S, { writeDelayMs: number }> = {
  init(env, self) {
    self.trapExit(true);
    return ['ok', { env, data: new Map() }];
  },
  handleCall(req, _from, s, self) {
    if (isTagged(req, 'get', 2)) return ['reply', s.data.get(fmt(req[1])) ?? null, s];
    if (isTagged(req, 'put', 3)) {
      s.data.set(fmt(req[1]), req[2]);
      const delay = s.env.params.writeDelayMs;
      return delay > 0 ? self.sleep(delay).then(() => ['reply', 'ok', s] as const) : ['reply', 'ok', s];
    }
    return ['reply', ['error', 'unknown_request'], s];
  },
  handleCast(req, s) {
    if (isTagged(req, 'put', 3)) s.data.set(fmt(req[1]), req[2]);
    return ['noreply', s];
  },
  terminate(reason, s) {
    s.env.note('database_flush', { reason, keys: s.data.size });
  },
};
