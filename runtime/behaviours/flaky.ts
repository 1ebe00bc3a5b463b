// flaky: answers like echo, but crashes now and then — on each message with probability `crashProbability`
// (drawn from the run's seeded PRNG, so a seed always crashes at the same messages) and/or on every
// `crashEvery`-th message. The message count restarts with the process.
import { raise, type Proc, type Term } from '../kernel/index';
import type { Behaviour } from './lib';

interface P {
  crashProbability: number;
  crashEvery: number;
}
interface S {
  p: P;
  seen: number;
}

function maybeCrash(s: S, self: Proc): S {
  const seen = s.seen + 1;
  if (s.p.crashEvery > 0 && seen % s.p.crashEvery === 0) raise(`flaky: crash on message ${seen}`);
  if (s.p.crashProbability > 0 && self.random() < s.p.crashProbability) raise('flaky: random crash');
  return { ...s, seen };
}

export const flaky: Behaviour<S, P> = {
  init(env) {
    return ['ok', { p: env.params, seen: 0 }];
  },
  handleCall(req: Term, _from, s, self) {
    return ['reply', req, maybeCrash(s, self)];
  },
  handleCast(_req, s, self) {
    return ['noreply', maybeCrash(s, self)];
  },
  handleInfo(_msg, s, self) {
    return ['noreply', maybeCrash(s, self)];
  },
};
