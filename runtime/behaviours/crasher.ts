// crasher: fails on command (`:crash`, or `{:crash, reason}` to pick the reason) by call, cast or plain message —
// `raise` (an error), `exit` (an exit reason) or `throw`. In a GenServer a throw is not an error: the thrown value
// becomes the callback's return value, so the server stops with `{:bad_return_value, value}` (OTP's rule).
// An error is of the kind `error` names, and its exit reason is what real OTP gives (checked on Elixir 1.14):
// Elixir's own exceptions keep their struct (`raise "boom"` → `{%RuntimeError{message: "boom"}, stack}`,
// `raise ArgumentError, "boom"` → `{%ArgumentError{...}, stack}`), while errors raised by the VM are Erlang terms in
// the exit reason — `1 / 0` → `{:badarith, stack}`, `{:ok, _} = :boom` → `{{:badmatch, :boom}, stack}`, a call no
// clause matches → `{:function_clause, stack}` — and only become ArithmeticError, MatchError, FunctionClauseError
// when code rescues them.
import { ErlError, ErlStruct, bin, exit, isTagged, raise, throwValue, type Term } from '../kernel/index';
import type { Behaviour } from './lib';

export const ERROR_KINDS = ['RuntimeError', 'ArgumentError', 'ArithmeticError', 'MatchError', 'FunctionClauseError'] as const;

interface P {
  mode: 'raise' | 'exit' | 'throw';
  error: (typeof ERROR_KINDS)[number];
  reason: string;
  crashAfterMs: number;
}

function crash(p: P, reason: string): never {
  if (p.mode === 'exit') return exit(reason);
  if (p.mode === 'throw') return throwValue(reason);
  switch (p.error ?? 'RuntimeError') {
    case 'RuntimeError':
      return raise(reason);
    case 'ArgumentError':
      return raise(new ErlStruct('ArgumentError', { message: bin(reason) }));
    case 'ArithmeticError':
      throw new ErlError('error', 'badarith');
    case 'MatchError':
      return raise(['badmatch', reason]);
    case 'FunctionClauseError':
      throw new ErlError('error', 'function_clause');
  }
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
