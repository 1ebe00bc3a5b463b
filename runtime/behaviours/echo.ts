// echo: replies to every call with the message it got (after `replyDelayMs`, during which it is busy).
import type { Behaviour } from './lib';

export const echo: Behaviour<{ delay: number }, { replyDelayMs: number }> = {
  init(env) {
    return ['ok', { delay: env.params.replyDelayMs }];
  },
  handleCall(req, _from, s, self) {
    return s.delay > 0 ? self.sleep(s.delay).then(() => ['reply', req, s] as const) : ['reply', req, s];
  },
  handleCast(_req, s) {
    return ['noreply', s];
  },
};
