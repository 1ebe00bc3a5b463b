// try/catch/rescue/after for behaviour code. Plain JS try/catch works too, but must rethrow the kernel's UNWIND
// (thrown when the running process itself was killed); this helper does that for you.
import { toErlError, type ErrorKind } from './errors';
import { isUnwind } from './kernel';
import type { Term } from './terms';

export type Catchers<T> = Partial<Record<ErrorKind, (value: Term) => T>>;

/**
 * `try fn() catch kind, value -> on[kind](value) after after()`. Kinds without a handler propagate (so does UNWIND).
 *
 *   tryCatch(() => risky(), { throw: (v) => v, exit: (r) => ['exited', r] }, () => cleanup())
 */
export function tryCatch<T>(fn: () => T, on: Catchers<T>, after?: () => void): T {
  try {
    return fn();
  } catch (e) {
    if (isUnwind(e)) throw e;
    const err = toErlError(e);
    const h = on[err.kind];
    if (!h) throw err;
    return h(err.value);
  } finally {
    after?.();
  }
}
