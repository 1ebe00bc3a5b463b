// trapper: traps exits, so an exit signal from a linked process becomes an `{:EXIT, pid, reason}` message that it
// records instead of dying. `:exits` (call) returns `{from, reason}` for each one so far (from: the node's name).
import { isTagged, list, type Proc, type Term } from '../kernel/index';
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
      const from = s.env.nameOf?.(msg[1] as Proc) ?? msg[1];
      s.env.note('trapped_exit', { from, reason: msg[2] });
      return ['noreply', { ...s, exits: [...s.exits, [from, msg[2]]] }];
    }
    return ['noreply', s];
  },
  terminate(reason, s) {
    s.env.note('terminate', { reason });
  },
};
