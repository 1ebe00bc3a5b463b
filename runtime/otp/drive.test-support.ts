// Test support shared by otp.test.ts and task.test.ts (not part of the library; imported only by tests).
import { fmt, toErlError, type GeneratorBody, type Kernel, type Later, type Proc } from '../kernel/index';

/** Run a generator "driver" process (trapping exits, like the conformance driver) until the kernel is idle; its
 * result, or what it threw. */
export function drive(k: Kernel,
  body: (self: Proc) => Generator<Later<any>, any, any>): any {
  let out: any;
  let err: unknown;
  k.spawn(function* (self) {
    try {
      out = yield* body(self);
    } catch (e) {
      err = e;
    }
    yield self.receive(() => false);
  } as GeneratorBody, undefined, { trapExit: true });
  k.runUntilIdle();
  if (err) throw err;
  return out;
}

/** `ok <value>` for a Later that returns, `<kind> <value>` for one that raises, exits or throws. */
export function* attempt(l: Later<any>): Generator<Later<any>, string, any> {
  try {
    return 'ok ' + fmt(yield l);
  } catch (e) {
    const x = toErlError(e);
    return `${x.kind} ${fmt(x.value)}`;
  }
}
