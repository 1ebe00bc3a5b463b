// `Later<T>`: a blocking operation (sleep, selective receive, a GenServer call, starting a child, ...) written so that
// no JS stack is kept while it waits. A handler that must block returns a Later; the kernel parks the process and
// resumes the continuation when the message/timer arrives. Generator processes `yield` Laters instead.
//
//   return ctx.sleep(500).then(() => ['reply', 'late', state]);
//
// No promise per message: a Later is a plain object, continuations are plain functions (only built when blocking).
import type { Proc } from './kernel';

/** A continuation. `fail` receives an exception the operation raised in the process (e.g. a call timeout exit). */
export type K<T> = ((v: T) => unknown) & { fail?: (e: unknown) => unknown };

export function kont<T>(ok: (v: T) => unknown, fail?: (e: unknown) => unknown): K<T> {
  const k = ok as K<T>;
  if (fail) k.fail = fail;
  return k;
}

/** Raise `e` through the continuation: to its `fail` handler if it has one, else as a crash of the process. */
export function failK(k: K<any>, e: unknown): unknown {
  if (k.fail) return k.fail(e);
  throw e;
}

export abstract class Later<T> {
  abstract run(self: Proc, k: K<T>): void;

  then<U>(f: (v: T) => U | Later<U>): Later<U> {
    return new Then(this, f);
  }

  static of<T>(v: T): Later<T> {
    return new Now(v);
  }
}

/** Continue with `r`: a plain value goes straight to `k`, a Later runs first. */
export function resolveK<T>(self: Proc, r: T | Later<T>, k: K<T>): unknown {
  if (r instanceof Later) {
    r.run(self, k);
    return undefined;
  }
  return k(r);
}

class Now<T> extends Later<T> {
  constructor(private readonly v: T) {
    super();
  }
  run(_self: Proc, k: K<T>): void {
    k(this.v);
  }
}

class Then<T, U> extends Later<U> {
  constructor(
    private readonly inner: Later<T>,
    private readonly f: (v: T) => U | Later<U>,
  ) {
    super();
  }
  run(self: Proc, k: K<U>): void {
    const f = this.f;
    this.inner.run(
      self,
      kont(
        (v: T) => {
          let r: U | Later<U>;
          try {
            r = f(v);
          } catch (e) {
            return failK(k, e);
          }
          return resolveK(self, r, k);
        },
        (e) => failK(k, e),
      ),
    );
  }
}

/** A Later from a function `(self, k) => void` that must eventually call k (or failK). */
export class Op<T> extends Later<T> {
  constructor(private readonly fn: (self: Proc, k: K<T>) => void) {
    super();
  }
  run(self: Proc, k: K<T>): void {
    this.fn(self, k);
  }
}

/** Run Laters (or values) one after the other, collecting results. */
export function sequence<T>(items: readonly (() => T | Later<T>)[]): Later<T[]> {
  return new Op<T[]>((self, k) => {
    const out: T[] = [];
    const next = (i: number): unknown => {
      if (i === items.length) return k(out);
      let r: T | Later<T>;
      try {
        r = items[i]();
      } catch (e) {
        return failK(k, e);
      }
      return resolveK(self, r, kont((v: T) => { out.push(v); return next(i + 1); }, (e) => failK(k, e)));
    };
    next(0);
  });
}
