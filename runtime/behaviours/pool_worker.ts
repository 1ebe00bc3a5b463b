// pool_worker: does one job at a time; each takes `workMs` (the worker is busy meanwhile, jobs queue in its
// mailbox). Replies `{:done, job}`.
import type { Behaviour } from './lib';

export const pool_worker: Behaviour<{ workMs: number }, { workMs: number }> = {
  init(env) {
    return ['ok', { workMs: env.params.workMs }];
  },
  handleCall(job, _from, s, self) {
    return self.sleep(s.workMs).then(() => ['reply', ['done', job], s] as const);
  },
};
