// trapper: traps exits, so an exit signal from a linked process becomes an `{:EXIT, pid, reason}` message that it
// records instead of dying. `:exits` (call) returns the reasons seen so far.
import { isTagged, list, type Term } from '../kernel/index';
import type { Behaviour, BehaviourEnv } from './lib';

interface S {
  env: BehaviourEnv;
  exits: Term[];
}

export const trapper: Behaviour<S, { trapExit: boolean }> = {
  init(env, self) {
    self.trapExit(env.params.trapExit);
    return ['ok', { env, exits: [] }];
  },
  handleCall(req, _from, s) {
    return ['reply', req === 'exits' ? list(s.exits) : req, s];
  },
  handleInfo(msg, s) {
    if (isTagged(msg, 'EXIT', 3)) {
      s.env.note('trapped_exit', { reason: msg[2] });
      return ['noreply', { ...s, exits: [...s.exits, msg[2]] }];
    }
    return ['noreply', s];
  },
  terminate(reason, s) {
    s.env.note('terminate', { reason });
  },
};
