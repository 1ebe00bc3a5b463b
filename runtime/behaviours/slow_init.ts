// slow_init: spends `initMs` in init/1. A supervisor starts children one after the other, so every later
// sibling waits for it.
import type { Behaviour } from './lib';

export const slow_init: Behaviour<null, { initMs: number }> = {
  init(env, self) {
    return self.sleep(env.params.initMs).then(() => ['ok', null] as const);
  },
  handleCall(req, _from, s) {
    return ['reply', req, s];
  },
};
