// The three Erlang error kinds as one JS exception class, and how each becomes an exit reason.
import { Bin, ErlStruct, STACK, bin, runtimeError, type Term } from './terms';

export type ErrorKind = 'error' | 'exit' | 'throw';

/** An Erlang-style exception: `raise`/`error` (kind 'error'), `exit(r)` (kind 'exit'), `throw(v)` (kind 'throw'). */
export class ErlError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly value: Term,
  ) {
    super(`${kind}: ${describe(value)}`);
  }
}

function describe(v: Term): string {
  if (v instanceof ErlStruct) {
    const m = v.fields.message;
    return m instanceof Bin ? m.s : v.module; // %KeyError{message: nil, ...} has no message text
  }
  return typeof v === 'string' ? v : Array.isArray(v) ? 'tuple' : typeof v;
}

/** `raise "msg"` (RuntimeError) or `:erlang.error(term)`. */
export function raise(reason: string | Term): never {
  throw new ErlError('error', typeof reason === 'string' ? runtimeError(reason) : reason);
}
/** `exit(reason)` from the running process. */
export function exit(reason: Term): never {
  throw new ErlError('exit', reason);
}
/** `throw(value)`. */
export function throwValue(value: Term): never {
  throw new ErlError('throw', value);
}

/** Any thrown JS value as an ErlError: a JS Error becomes a RuntimeError with its message; any other thrown value
 *  is an Erlang throw of that value (JS `throw x` is the closest thing to Erlang's `throw(x)`). */
export function toErlError(e: unknown): ErlError {
  if (e instanceof ErlError) return e;
  if (e instanceof Error) return new ErlError('error', new ErlStruct('RuntimeError', { message: bin(e.message) }));
  return new ErlError('throw', (e === undefined ? null : e) as Term);
}

/** The exit reason of a process that did not catch `e`: {exception, stack}, the exit term, or {{:nocatch, v}, stack}. */
export function exitReasonOf(e: unknown): Term {
  const err = toErlError(e);
  switch (err.kind) {
    case 'exit': return err.value;
    case 'error': return [err.value, STACK];
    case 'throw': return [['nocatch', err.value], STACK];
  }
}
