// watcher: monitors the process named by `target` and records each DOWN message without dying. After a DOWN it
// watches again once the target is back (a monitor ends with the process it watched). `:downs` lists
// `{target, reason}` pairs.
import { isTagged, list, type Ref, type Term } from '../kernel/index';
import type { Behaviour, BehaviourEnv } from './lib';

interface S {
  env: BehaviourEnv<{ target: string }>;
  ref: Ref | null;
  downs: Term[];
}

const RETRY_MS = 20;

function watch(s: S, self: import('../kernel/index').Proc): S {
  const pid = s.env.pidOf(s.env.params.target);
  if (pid && pid.alive) return { ...s, ref: self.monitor(pid) };
  self.sendAfter(RETRY_MS, '$watch');
  return { ...s, ref: null };
}

export const watcher: Behaviour<S, { target: string }> = {
  init(env, self) {
    return ['ok', watch({ env, ref: null, downs: [] }, self)];
  },
  handleCall(req, _from, s) {
    return ['reply', req === 'downs' ? list(s.downs) : req, s];
  },
  handleInfo(msg, s, self) {
    if (msg === '$watch') return ['noreply', s.ref ? s : watch(s, self)];
    if (isTagged(msg, 'DOWN', 5) && msg[1] === s.ref) {
      s.env.note('down', { target: s.env.params.target, reason: msg[4] });
      self.sendAfter(RETRY_MS, '$watch');
      return ['noreply', { ...s, ref: null, downs: [...s.downs, [s.env.params.target, msg[4]]] }];
    }
    return ['noreply', s];
  },
};
