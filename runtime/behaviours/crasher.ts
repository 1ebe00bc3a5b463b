// crasher: fails on command (`:crash`, or `{:crash, reason}` to pick the reason) by call, cast or plain message —
// `raise` (an error), `exit` (an exit reason) or `throw`. In a GenServer a throw is not an error: the thrown value
// becomes the callback's return value, so the server stops with `{:bad_return_value, value}` (OTP's rule).
import { exit, isTagged, raise, throwValue, type Term } from '../kernel/index';
import type { Behaviour } from './lib';

interface P {
  mode: 'raise' | 'exit' | 'throw';
  reason: string;
  crashAfterMs: number;
}

function crash(p: P, reason: string): never {
  if (p.mode === 'exit') return exit(reason);
  if (p.mode === 'throw') return throwValue(reason);
  return raise(reason);
}

function handle(req: Term, p: P): boolean {
  if (req === 'crash') crash(p, p.reason);
  if (isTagged(req, 'crash', 2)) crash(p, String(req[1]));
  return false;
}

export const crasher: Behaviour<P, P> = {
  init(env, self) {
    if (env.params.crashAfterMs > 0) self.sendAfter(env.params.crashAfterMs, 'crash');
    return ['ok', env.params];
  },
  handleCall(req, _from, p) {
    handle(req, p);
    return ['reply', 'ok', p];
  },
  handleCast(req, p) {
    handle(req, p);
    return ['noreply', p];
  },
  handleInfo(msg, p) {
    handle(msg, p);
    return ['noreply', p];
  },
};
