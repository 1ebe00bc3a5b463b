// Public surface of the kernel.
export { Kernel, Proc, MonitorRef, NO_REPLY, TIMEOUT, UNWIND, isUnwind } from './kernel';
export type { ProcessBehaviour, GeneratorBody, SpawnOptions, KernelOptions, SimulatedEffect, TimerRef, Timeout, Waiter, HandOff } from './kernel';
export { Later, Op, kont, failK, resolveK, sequence } from './later';
export type { K } from './later';
export { VirtualClock, RealClock } from './clock';
export type { Clock, HostTimers } from './clock';
export { Prng } from './prng';
export { ErlError, raise, exit, throwValue, toErlError, exitReasonOf } from './errors';
export { tryCatch } from './catch';
export type { Catchers } from './catch';
export type { ErrorKind } from './errors';
export {
  Ref, Bin, List, ErlStruct, Stack, STACK, ANY, bin, list, tuple, runtimeError, isPid, isTuple, isTagged, termEq,
  compareTerms, fmt, fmtAtom, match,
} from './terms';
export type { Term, Atom, Tuple, PidLike, Labeler, Pattern } from './terms';
export { traceLine } from './trace';
export type { TraceEvent, TraceInput, TraceListener, SignalOutcome } from './trace';
