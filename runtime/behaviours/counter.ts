// counter: a number in the state. `increment` (call or cast) adds `step`, `get` reads it. A restart starts again
// from `initial`: state lives and dies with the process.
import { fmt, raise } from '../kernel/index';
import type { Behaviour } from './lib';

interface S {
  n: number;
  step: number;
}

export const counter: Behaviour<S, { initial: number; step: number }> = {
  init(env) {
    return ['ok', { n: env.params.initial, step: env.params.step }];
  },
  handleCall(req, _from, s) {
    if (req === 'get') return ['reply', s.n, s];
    if (req === 'increment') return ['reply', s.n + s.step, { ...s, n: s.n + s.step }];
    return raise(`counter: unknown call ${fmt(req)}`); // as Elixir's inspect prints it (the export's twin)
  },
  handleCast(req, s) {
    return ['noreply', req === 'increment' ? { ...s, n: s.n + s.step } : s];
  },
};
