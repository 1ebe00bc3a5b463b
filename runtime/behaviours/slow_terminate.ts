// slow_terminate: traps exits and spends `terminateMs` in terminate/2. With a child-spec `shutdown` shorter than
// that the supervisor kills it half-way (`:killed`); with `:infinity` it waits; `:brutal_kill` skips terminate.
import type { Behaviour, BehaviourEnv } from './lib';

export const slow_terminate: Behaviour<BehaviourEnv<{ terminateMs: number }>, { terminateMs: number }> = {
  init(env, self) {
    self.trapExit(true);
    return ['ok', env];
  },
  handleCall(req, _from, s) {
    return ['reply', req, s];
  },
  terminate(reason, env, self) {
    env.note('terminate_started', { reason });
    return self.sleep(env.params.terminateMs).then(() => env.note('terminate_finished', { reason }));
  },
};
