// The kernel: processes, mailboxes, the scheduler, exit signals, links, monitors, timers, clocks, PRNG and trace.
//
// Speed notes (see docs/kernel.md): a process is one small object (the pid *is* the process object); its mailbox,
// link set and monitor maps are allocated only when first needed; a message send is an array push plus, at most,
// putting the receiver on the run queue; the scheduler is a plain loop over the run queue giving each process a
// budget of `reductions` messages per turn. Exit signals are applied at once (the receiver is never running at that
// moment, since JS is single-threaded), so the order of deaths is deterministic.
import { VirtualClock, RealClock, type Clock } from './clock';
import { ErlError, exitReasonOf } from './errors';
import { Later, type K, kont } from './later';
import { Prng } from './prng';
import { ANY, Ref, match, type Pattern, type Term } from './terms';
import type { TraceEvent, TraceInput, TraceListener } from './trace';

/** Delivered to a receive continuation when its timeout passes. */
export const TIMEOUT: unique symbol = Symbol('TIMEOUT');
export type Timeout = typeof TIMEOUT;

/** Thrown through a handler when its own process was killed while the handler was running; never catch it. */
export const UNWIND = { unwind: true } as const;
export function isUnwind(e: unknown): boolean {
  return e === UNWIND;
}

/**
 * A process behaviour: a plain object shared by every process of its kind (no closure per process).
 * `init` runs first; `receive` is called for each message while the process is in its default receive mode.
 * Either may return a Later to block (the process handles nothing else until it resolves).
 */
export interface ProcessBehaviour<A = any> {
  init?(self: Proc, arg: A): void | Later<unknown>;
  receive?(self: Proc, msg: Term): void | Later<unknown>;
}

export type GeneratorBody = (self: Proc) => Generator<Later<any>, unknown, any>;

export interface SpawnOptions {
  /** Link the new process to this one (spawn_link). */
  link?: Proc | null;
  trapExit?: boolean;
  /** A label for traces and printing (not a registered name). */
  label?: string;
}

export interface KernelOptions {
  clock?: 'virtual' | 'real' | Clock;
  seed?: number;
  /** Messages a process may handle per scheduler turn before others run (fairness). Default 100. */
  reductions?: number;
  /** Record send/receive events in the trace (for sequence diagrams). Default false. */
  traceMessages?: boolean;
  /** Real clock: longest stretch (ms) the kernel runs before yielding to the host event loop. Default 4. */
  sliceMs?: number;
}

export interface SimulatedEffect {
  /** Virtual latency range in ms (inclusive). Default [10, 100]. */
  latency?: readonly [number, number];
  /** Probability of failure in [0, 1]. Default 0. */
  failureRate?: number;
  value?: Term;
  error?: Term;
}

// process modes
const M_INIT = 0, M_RECV = 1, M_WAIT = 2, M_SLEEP = 3, M_RESUME = 4, M_IDLE = 5, M_DONE = 6;
// flags
const F_TRAP = 1, F_DEAD = 2, F_QUEUED = 4;
// timer kinds
const T_WAKE = 0, T_SEND = 1, T_FN = 2;

const ALWAYS = (): boolean => true;
const NEVER = (): boolean => false;
const NOOP_K: K<unknown> = () => undefined;
const NO_OPTS: SpawnOptions = {};

interface Timer {
  at: number;
  seq: number;
  kind: number;
  p: Proc | null;
  msg: Term;
  fn: (() => void) | null;
  cancelled: boolean;
}

/** A timer handle returned by sendAfter (for cancelTimer). */
export type TimerRef = Timer;

/** Remove message `i` from a mailbox: the head is cleared in place (the array is reset once drained), any other
 *  index is spliced out (selective receive). */
function takeMessage(p: Proc, mq: Term[], i: number): void {
  if (i === p.mqHead) {
    mq[p.mqHead++] = undefined;
    if (p.mqHead === mq.length) {
      if (mq.length === 1) mq.pop(); // (cheaper than a length store for the usual single message)
      else mq.length = 0;
      p.mqHead = 0;
    }
  } else mq.splice(i, 1);
}

/**
 * A process. The object is also the pid term (printed `#PID<0.N.0>` or by a label). Methods act *as this
 * process*: call them only from inside its own handlers (ctx), except the read-only ones (alive, trapping).
 */
export class Proc {
  declare readonly isPid: true;
  /** Behaviour-owned state: the one field a behaviour keeps its data in. */
  state: any;
  /** @internal */ mode = M_INIT;
  /** @internal */ flags = 0;
  /** @internal */ mq: Term[] | null = null;
  /** @internal */ mqHead = 0;
  /** Selective receive: mailbox index where the current wait starts scanning (see Kernel.markMailbox). */
  /** @internal */ scan = 0;
  /** @internal */ match: ((m: Term) => boolean) | null = null;
  /** @internal */ cont: K<any> | null = null;
  /** @internal */ resumeVal: unknown = undefined;
  /** @internal */ timer: Timer | null = null;
  /** links: none, one process (the common case: no Set allocated), or a Set */
  /** @internal */ links: Proc | Set<Proc> | null = null;
  /** monitors this process holds: ref → target */
  /** @internal */ monitors: Map<Ref, Proc> | null = null;
  /** monitors on this process: ref → watcher */
  /** @internal */ watchers: Map<Ref, Proc> | null = null;
  /** Registered name, if any. */
  name: string | null = null;
  /** Exit reason once dead. */
  reason: Term = undefined;
  label: string | null = null;

  constructor(
    readonly id: number,
    readonly kernel: Kernel,
    /** @internal */ public beh: ProcessBehaviour | null,
  ) {}

  /** The processes linked to this one. */
  linkedTo(): Proc[] {
    const l = this.links;
    return l === null ? [] : l instanceof Set ? [...l] : [l];
  }

  get alive(): boolean {
    return (this.flags & F_DEAD) === 0;
  }
  get trapping(): boolean {
    return (this.flags & F_TRAP) !== 0;
  }
  /** Number of messages waiting in the mailbox. */
  get queueLength(): number {
    return this.mq ? this.mq.length - this.mqHead : 0;
  }
  /** The waiting messages, oldest first (a copy). */
  messages(): Term[] {
    return this.mq ? this.mq.slice(this.mqHead) : [];
  }

  // ---- process operations (as this process) ----
  send(to: Proc | string, msg: Term): void {
    this.kernel.sendFrom(this, to, msg);
  }
  /** Process.exit(to, reason): send an exit signal. */
  exitSignal(to: Proc, reason: Term): void {
    this.kernel.exitSignal(this, to, reason);
  }
  /** exit(reason): end this process (throws; the rest of the handler does not run). */
  exit(reason: Term): never {
    throw new ErlError('exit', reason);
  }
  trapExit(on: boolean): boolean {
    const old = this.trapping;
    if (on) this.flags |= F_TRAP;
    else this.flags &= ~F_TRAP;
    return old;
  }
  link(other: Proc): true {
    return this.kernel.link(this, other);
  }
  unlink(other: Proc): true {
    this.kernel.unlink(this, other);
    return true;
  }
  monitor(target: Proc): Ref {
    return this.kernel.monitor(this, target);
  }
  demonitor(ref: Ref, flush = false): true {
    this.kernel.demonitor(this, ref, flush);
    return true;
  }
  spawn<A>(beh: ProcessBehaviour<A> | GeneratorBody, arg?: A, opts: SpawnOptions = {}): Proc {
    return this.kernel.spawn(beh, arg, opts);
  }
  spawnLink<A>(beh: ProcessBehaviour<A> | GeneratorBody, arg?: A, opts: SpawnOptions = {}): Proc {
    return this.kernel.spawn(beh, arg, { ...opts, link: this });
  }
  spawnMonitor<A>(beh: ProcessBehaviour<A> | GeneratorBody, arg?: A, opts: SpawnOptions = {}): [Proc, Ref] {
    const p = this.kernel.spawn(beh, arg, opts);
    return [p, this.kernel.monitor(this, p)];
  }
  register(name: string): true {
    this.kernel.register(name, this);
    return true;
  }
  sendAfter(ms: number, msg: Term, to: Proc = this): TimerRef {
    return this.kernel.sendAfter(to, ms, msg);
  }
  cancelTimer(t: TimerRef): boolean {
    return this.kernel.cancelTimer(t);
  }
  random(): number {
    return this.kernel.prng.next();
  }
  /** Start an async effect whose result arrives as a message `{tag, :ok, value}` or `{tag, :error, reason}`. */
  effect(tag: Term, real: (() => Promise<Term>) | null, sim: SimulatedEffect = {}): void {
    this.kernel.effect(this, tag, real, sim);
  }

  // ---- blocking operations: return a Later (return it from a handler, or yield it in a generator) ----
  /** Selective receive: the first message matching `pattern` (ANY by default), or TIMEOUT after `timeout` ms. */
  receive(pattern: Pattern = ANY, timeout = Infinity): Later<any> {
    return new ReceiveL(pattern, timeout);
  }
  /** Stay busy for `ms` (messages queue meanwhile; signals still apply). */
  sleep(ms: number): Later<void> {
    return new SleepL(ms);
  }
  /** Virtual clock: resume once every other process is idle and no timer is pending. */
  idle(): Later<void> {
    return IDLE_L;
  }
}
Object.defineProperty(Proc.prototype, 'isPid', { value: true });

class ReceiveL extends Later<any> {
  constructor(
    readonly pattern: Pattern,
    readonly timeout: number,
  ) {
    super();
  }
  run(self: Proc, k: K<any>): void {
    const p = this.pattern;
    const m = p === ANY ? ALWAYS : typeof p === 'function' ? (p as (t: Term) => boolean) : (t: Term) => match(p, t);
    self.kernel.waitFor(self, m, this.timeout, k);
  }
}
class SleepL extends Later<void> {
  constructor(readonly ms: number) {
    super();
  }
  run(self: Proc, k: K<void>): void {
    self.kernel.sleepFor(self, this.ms, k);
  }
}
class IdleL extends Later<void> {
  run(self: Proc, k: K<void>): void {
    self.kernel.awaitIdle(self, k);
  }
}
const IDLE_L = new IdleL();

// Generator processes: the body yields Laters; the kernel resumes it with their results.
const GEN_BEH: ProcessBehaviour<GeneratorBody> = {
  init(self, body) {
    const g = body(self);
    const resume: K<any> = kont(
      (x: unknown) => genStep(self, g, x, false, resume),
      (e: unknown) => genStep(self, g, e, true, resume),
    );
    self.state = g;
    genStep(self, g, undefined, false, resume);
  },
};
function genStep(self: Proc, g: Generator<Later<any>, unknown, any>, v: unknown, thrown: boolean, resume: K<any>): void {
  const r = thrown ? g.throw(v) : g.next(v);
  if (r.done) {
    self.kernel.die(self, 'normal');
    return;
  }
  const y = r.value;
  if (!(y instanceof Later)) throw new Error('a generator process must yield Laters (ctx.receive(), ctx.sleep(), ...)');
  y.run(self, resume);
}

// ---- link sets: null, a single process, or a Set ----
function addLink(a: Proc, b: Proc): boolean {
  const l = a.links;
  if (l === null) {
    a.links = b;
    return true;
  }
  if (l instanceof Set) {
    if (l.has(b)) return false;
    l.add(b);
    return true;
  }
  if (l === b) return false;
  a.links = new Set([l, b]);
  return true;
}
function delLink(a: Proc, b: Proc): boolean {
  const l = a.links;
  if (l === null) return false;
  if (l instanceof Set) return l.delete(b);
  if (l !== b) return false;
  a.links = null;
  return true;
}

// ---- timer heap (ordered by time, then creation) ----
function less(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

export class Kernel {
  readonly clock: Clock;
  readonly prng: Prng;
  readonly reductions: number;
  readonly traceMessages: boolean;
  /** A process that is never scheduled; messages and signals sent from host code come from it. */
  readonly host: Proc;
  /** The process whose handler is running, if any. */
  current: Proc | null = null;
  /** Live process count. */
  processCount = 0;
  /** True while somebody listens to the trace; emit sites check it first. */
  tracing = false;

  private nextId = 0;
  private nextRef = 0;
  private nextTimerSeq = 0;
  private rq: Proc[] = [];
  private rqHead = 0;
  private heap: Timer[] = [];
  private liveTimers = 0;
  private idleWaiters: Proc[] = [];
  private dying: Proc[] = [];
  private propagating = false;
  private readonly names = new Map<string, Proc>();
  private listeners: TraceListener[] = [];
  private traceBuf: TraceEvent[] = [];
  private traceSeq = 0;
  private readonly sliceMs: number;
  private running = false;

  constructor(opts: KernelOptions = {}) {
    const c = opts.clock ?? 'virtual';
    this.clock = c === 'virtual' ? new VirtualClock() : c === 'real' ? new RealClock() : c;
    this.prng = new Prng(opts.seed ?? 1);
    this.reductions = opts.reductions ?? 100;
    this.traceMessages = opts.traceMessages ?? false;
    this.sliceMs = opts.sliceMs ?? 4;
    this.host = new Proc(this.nextId++, this, null);
    this.host.mode = M_WAIT;
    this.host.match = NEVER;
    this.host.flags |= F_TRAP;
    this.host.label = 'host';
  }

  now(): number {
    return this.clock.now();
  }

  // ---- processes -------------------------------------------------------------------------------------------------

  /** Spawn a process from a behaviour object or a generator function. It runs when the scheduler gets to it. */
  spawn<A>(beh: ProcessBehaviour<A> | GeneratorBody, arg?: A, opts: SpawnOptions = NO_OPTS): Proc {
    const isGen = typeof beh === 'function';
    const b = isGen ? GEN_BEH : (beh as ProcessBehaviour);
    const p = new Proc(this.nextId++, this, b);
    p.state = isGen ? beh : arg;
    if (opts !== NO_OPTS) {
      if (opts.trapExit) p.flags |= F_TRAP;
      if (opts.label) p.label = opts.label;
    }
    this.processCount++;
    if (this.tracing) this.emit({ type: 'spawn', pid: p.id, parent: this.current ? this.current.id : null, label: p.label });
    if (opts.link) this.link(opts.link, p);
    if (b.init) {
      this.enqueue(p);
      if (this.live) this.wake();
    } else p.mode = M_RECV; // nothing to run until a message arrives: the run queue is not touched
    return p;
  }

  alive(p: Proc): boolean {
    return (p.flags & F_DEAD) === 0;
  }

  register(name: string, p: Proc): void {
    const old = this.names.get(name);
    if ((old && old.alive) || p.name !== null || !p.alive) throw new ErlError('error', 'badarg');
    this.names.set(name, p);
    p.name = name;
  }
  unregister(name: string): void {
    const p = this.names.get(name);
    if (p) {
      this.names.delete(name);
      p.name = null;
    }
  }
  whereis(name: string): Proc | undefined {
    const p = this.names.get(name);
    return p && p.alive ? p : undefined;
  }

  /** Send from host code. */
  send(to: Proc | string, msg: Term): void {
    this.sendFrom(this.host, to, msg);
  }

  /** @internal */
  sendFrom(from: Proc, to: Proc | string, msg: Term): void {
    let p: Proc | undefined;
    if (typeof to === 'string') {
      p = this.whereis(to);
      if (!p) throw new ErlError('error', 'badarg');
    } else p = to;
    if (this.tracing && this.traceMessages) this.emit({ type: 'send', from: from.id, to: p.id, msg });
    this.deliver(p, msg);
  }

  /** Put a message in a mailbox (no trace). */
  deliver(p: Proc, msg: Term): void {
    if (p.flags & F_DEAD) return;
    if (p.mq === null) p.mq = [msg];
    else p.mq.push(msg);
    const mode = p.mode;
    if (mode === M_RECV) {
      if (!(p.flags & F_QUEUED) && p !== this.current) this.enqueue(p);
    } else if (mode === M_WAIT) {
      if (p.match!(msg) && !(p.flags & F_QUEUED) && p !== this.current) this.enqueue(p);
    }
    if (this.live) this.wake();
  }

  /** Process.exit(to, reason) from host code. */
  exit(to: Proc, reason: Term): void {
    this.exitSignal(this.host, to, reason);
  }

  /** @internal Process.exit/2 semantics. */
  exitSignal(from: Proc, to: Proc, reason: Term): void {
    if (to.flags & F_DEAD) return;
    if (reason === 'kill') {
      if (this.tracing) this.emit({ type: 'signal', from: from.id, to: to.id, reason, outcome: 'killed' });
      this.die(to, 'killed');
    } else if (to.flags & F_TRAP) {
      if (this.tracing) this.emit({ type: 'signal', from: from.id, to: to.id, reason, outcome: 'message' });
      this.deliver(to, ['EXIT', from, reason]);
    } else if (reason === 'normal' && from !== to) {
      if (this.tracing) this.emit({ type: 'signal', from: from.id, to: to.id, reason, outcome: 'ignored' });
    } else {
      if (this.tracing) this.emit({ type: 'signal', from: from.id, to: to.id, reason, outcome: 'killed' });
      this.die(to, reason);
    }
    this.checkUnwind();
  }

  private linkSignal(from: Proc, to: Proc, reason: Term): void {
    if (to.flags & F_DEAD) return;
    if (to.flags & F_TRAP) {
      if (this.tracing) this.emit({ type: 'signal', from: from.id, to: to.id, reason, outcome: 'message' });
      this.deliver(to, ['EXIT', from, reason]);
    } else if (reason === 'normal') {
      if (this.tracing) this.emit({ type: 'signal', from: from.id, to: to.id, reason, outcome: 'ignored' });
    } else {
      if (this.tracing) this.emit({ type: 'signal', from: from.id, to: to.id, reason, outcome: 'killed' });
      this.die(to, reason);
    }
  }

  /** If the running process died during a kernel call, unwind its handler. */
  private checkUnwind(): void {
    const c = this.current;
    if (c !== null && c.flags & F_DEAD) throw UNWIND;
  }

  /** End a process now with `reason`: links get exit signals, monitors get DOWN. */
  die(p: Proc, reason: Term): void {
    if (p.flags & F_DEAD) return;
    p.flags |= F_DEAD;
    p.reason = reason;
    p.mode = M_DONE;
    p.cont = null;
    p.match = null;
    p.mq = null;
    p.mqHead = 0;
    if (p.timer) {
      this.cancelTimer(p.timer);
      p.timer = null;
    }
    if (p.name !== null) {
      if (this.names.get(p.name) === p) this.names.delete(p.name);
    }
    this.processCount--;
    if (this.tracing) this.emit({ type: 'exit', pid: p.id, reason });
    this.dying.push(p);
    if (this.propagating) return;
    this.propagating = true;
    try {
      for (let i = 0; i < this.dying.length; i++) this.notifyDeath(this.dying[i]);
    } finally {
      this.dying.length = 0;
      this.propagating = false;
    }
  }

  private notifyDeath(p: Proc): void {
    const reason = p.reason;
    const links = p.links;
    if (links !== null) {
      p.links = null;
      if (links instanceof Set) {
        for (const l of links) {
          delLink(l, p);
          this.linkSignal(p, l, reason);
        }
      } else {
        delLink(links, p);
        this.linkSignal(p, links, reason);
      }
    }
    const watchers = p.watchers;
    if (watchers !== null) {
      p.watchers = null;
      for (const [ref, w] of watchers) {
        w.monitors?.delete(ref);
        if (this.tracing) this.emit({ type: 'down', ref: ref.id, watcher: w.id, target: p.id, reason });
        this.deliver(w, ['DOWN', ref, 'process', p, reason]);
      }
    }
    const mons = p.monitors;
    if (mons !== null) {
      p.monitors = null;
      for (const [ref, t] of mons) t.watchers?.delete(ref);
    }
  }

  // ---- links and monitors ----------------------------------------------------------------------------------------

  /** @internal */
  link(a: Proc, b: Proc): true {
    if (a === b) return true;
    if (b.flags & F_DEAD) {
      if (a.flags & F_TRAP) {
        this.deliver(a, ['EXIT', b, 'noproc']);
        return true;
      }
      throw new ErlError('error', 'noproc');
    }
    if (!addLink(a, b)) return true;
    addLink(b, a);
    if (this.tracing) this.emit({ type: 'link', a: a.id, b: b.id });
    return true;
  }

  /** @internal */
  unlink(a: Proc, b: Proc): void {
    if (delLink(a, b)) {
      delLink(b, a);
      if (this.tracing) this.emit({ type: 'unlink', a: a.id, b: b.id });
    }
  }

  makeRef(): Ref {
    return new Ref(++this.nextRef);
  }

  /** @internal */
  monitor(watcher: Proc, target: Proc): Ref {
    const ref = new Ref(++this.nextRef);
    if (this.tracing) this.emit({ type: 'monitor', ref: ref.id, watcher: watcher.id, target: target.id });
    if (target.flags & F_DEAD) {
      if (this.tracing) this.emit({ type: 'down', ref: ref.id, watcher: watcher.id, target: target.id, reason: 'noproc' });
      this.deliver(watcher, ['DOWN', ref, 'process', target, 'noproc']);
      return ref;
    }
    if (watcher.monitors === null) watcher.monitors = new Map();
    watcher.monitors.set(ref, target);
    if (target.watchers === null) target.watchers = new Map();
    target.watchers.set(ref, watcher);
    return ref;
  }

  /** @internal */
  demonitor(watcher: Proc, ref: Ref, flush: boolean, fromMark = false): void {
    const target = watcher.monitors?.get(ref);
    if (target) {
      watcher.monitors!.delete(ref);
      target.watchers?.delete(ref);
      if (this.tracing) this.emit({ type: 'demonitor', ref: ref.id, watcher: watcher.id, target: target.id });
    }
    if (flush) this.flushDown(watcher, ref, fromMark);
  }

  /** Remove the DOWN message of `ref` from the mailbox, if any (at most one exists). */
  private flushDown(p: Proc, ref: Ref, fromMark: boolean): void {
    const mq = p.mq;
    if (mq === null) return;
    const start = fromMark ? Math.min(Math.max(p.mqHead, p.scan), mq.length) : p.mqHead;
    for (let i = start; i < mq.length; i++) {
      const m = mq[i];
      if (Array.isArray(m) && m[0] === 'DOWN' && m[1] === ref) {
        takeMessage(p, mq, i);
        break;
      }
    }
    p.scan = p.mqHead;
  }

  /** Remove every message matching `pred` from p's mailbox (only those after the receive mark if `fromMark`). */
  removeMessages(p: Proc, pred: (m: Term) => boolean, fromMark = false): void {
    const mq = p.mq;
    if (mq === null) return;
    const start = fromMark ? Math.min(Math.max(p.mqHead, p.scan), mq.length) : p.mqHead;
    let w = start;
    for (let r = start; r < mq.length; r++) {
      const m = mq[r];
      if (!pred(m)) mq[w++] = m;
    }
    mq.length = w;
    p.scan = p.mqHead;
  }

  // ---- blocking primitives -----------------------------------------------------------------------------------------

  /**
   * @internal Like OTP's receive marker: remember the current end of p's mailbox before creating a fresh
   * reference or process, so that a following `waitFor(..., marked = true)` that can only match messages mentioning
   * it skips the older messages (a supervisor with 100k EXITs queued does not rescan them for every start ack).
   */
  markMailbox(p: Proc): void {
    p.scan = p.mq === null ? 0 : p.mq.length;
  }

  /** @internal Park `p` until a message matching `m` arrives (or the timeout passes). `marked`: scan only from the
   *  position saved by markMailbox (messages before it cannot match). */
  waitFor(p: Proc, m: (t: Term) => boolean, timeout: number, k: K<any>, marked = false): void {
    if (p.flags & F_DEAD) return;
    if (!marked || p.scan < p.mqHead) p.scan = p.mqHead;
    p.mode = M_WAIT;
    p.match = m;
    p.cont = k;
    if (timeout !== Infinity) p.timer = this.addTimer(timeout, T_WAKE, p, undefined, null);
    if (p !== this.current && p.mq !== null && p.mq.length > p.mqHead) this.enqueue(p);
  }

  /** @internal */
  sleepFor(p: Proc, ms: number, k: K<void>): void {
    if (p.flags & F_DEAD) return;
    p.mode = M_SLEEP;
    p.cont = k;
    p.timer = this.addTimer(ms, T_WAKE, p, undefined, null);
  }

  /** @internal */
  awaitIdle(p: Proc, k: K<void>): void {
    p.mode = M_IDLE;
    p.cont = k;
    this.idleWaiters.push(p);
  }

  // ---- timers ------------------------------------------------------------------------------------------------------

  sendAfter(to: Proc, ms: number, msg: Term): TimerRef {
    return this.addTimer(ms, T_SEND, to, msg, null);
  }

  /** Run `fn` (host code, not inside a process) after `ms`. */
  callAfter(ms: number, fn: () => void): TimerRef {
    return this.addTimer(ms, T_FN, null, undefined, fn);
  }

  cancelTimer(t: TimerRef): boolean {
    if (t.cancelled) return false;
    t.cancelled = true;
    this.liveTimers--;
    const h = this.heap;
    // the newest timer is usually the last heap slot (a call's timeout, cancelled by its reply): drop it at once
    if (h[h.length - 1] === t) {
      h.pop();
      return true;
    }
    // call timeouts are mostly cancelled: rebuild the heap when cancelled entries dominate (amortised O(1))
    if (h.length > 1024 && this.liveTimers * 2 < h.length) {
      const live = h.filter((x) => !x.cancelled);
      h.length = 0;
      for (const x of live) h.push(x);
      for (let i = (h.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
    }
    return true;
  }

  private siftDown(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < h.length && less(h[l], h[m])) m = l;
      if (r < h.length && less(h[r], h[m])) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }

  private addTimer(ms: number, kind: number, p: Proc | null, msg: Term, fn: (() => void) | null): Timer {
    const t: Timer = { at: this.clock.now() + Math.max(0, ms), seq: this.nextTimerSeq++, kind, p, msg, fn, cancelled: false };
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
    this.liveTimers++;
    if (this.live) this.wake();
    return t;
  }

  private peekTimer(): Timer | undefined {
    const h = this.heap;
    while (h.length > 0 && h[0].cancelled) this.popTimer();
    return h[0];
  }

  /** Resume the oldest process waiting for the system to go idle (`ctx.idle()`); false when none waits. */
  private wakeIdleWaiter(): boolean {
    if (this.idleWaiters.length === 0) return false;
    const p = this.idleWaiters.shift()!;
    if (p.alive && p.mode === M_IDLE) {
      p.mode = M_RESUME;
      this.enqueue(p);
    }
    return true;
  }

  private popTimer(): Timer {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  private fire(t: Timer): void {
    t.cancelled = true;
    this.liveTimers--;
    const p = t.p;
    switch (t.kind) {
      case T_WAKE:
        if (p === null || p.timer !== t || p.flags & F_DEAD) return;
        p.timer = null;
        if (p.mode === M_SLEEP) p.resumeVal = undefined;
        else if (p.mode === M_WAIT) {
          p.resumeVal = TIMEOUT;
          p.match = null;
        } else return;
        p.mode = M_RESUME;
        this.enqueue(p);
        return;
      case T_SEND:
        if (p !== null) this.deliver(p, t.msg);
        return;
      case T_FN:
        t.fn!();
        return;
    }
  }

  // ---- effects -------------------------------------------------------------------------------------------------------

  /** @internal */
  effect(p: Proc, tag: Term, real: (() => Promise<Term>) | null, sim: SimulatedEffect): void {
    if (this.clock.virtual || real === null) {
      const [lo, hi] = sim.latency ?? [10, 100];
      const ms = this.prng.int(lo, hi);
      const failed = this.prng.next() < (sim.failureRate ?? 0);
      this.sendAfter(p, ms, failed ? [tag, 'error', sim.error ?? 'effect_failed'] : [tag, 'ok', sim.value ?? 'ok']);
      return;
    }
    real().then(
      (v) => this.deliver(p, [tag, 'ok', v]),
      (e) => this.deliver(p, [tag, 'error', exitReasonOf(e)]),
    );
  }

  // ---- scheduler ---------------------------------------------------------------------------------------------------

  private enqueue(p: Proc): void {
    if (p.flags & F_QUEUED) return;
    p.flags |= F_QUEUED;
    this.rq.push(p);
  }

  /** Run ready processes until none is ready (or `maxProcs` turns were taken). Returns true if work remains. */
  runReady(maxProcs = Infinity): boolean {
    const wasRunning = this.running;
    this.running = true;
    try {
      let n = 0;
      while (this.rqHead < this.rq.length) {
        if (n++ >= maxProcs) return true;
        const p = this.rq[this.rqHead];
        this.rq[this.rqHead++] = undefined as unknown as Proc;
        if (this.rqHead > 1024 && this.rqHead * 2 > this.rq.length) {
          this.rq = this.rq.slice(this.rqHead);
          this.rqHead = 0;
        }
        p.flags &= ~F_QUEUED;
        if (!(p.flags & F_DEAD)) this.step(p);
      }
      this.rq.length = 0;
      this.rqHead = 0;
      return false;
    } finally {
      this.running = wasRunning;
    }
  }

  private step(p: Proc): void {
    this.current = p;
    let budget = this.reductions;
    try {
      while (budget-- > 0 && !(p.flags & F_DEAD)) {
        const mode = p.mode;
        if (mode === M_RECV) {
          const mq = p.mq;
          if (mq === null || p.mqHead >= mq.length) break;
          const msg = mq[p.mqHead];
          mq[p.mqHead++] = undefined;
          if (p.mqHead === mq.length) {
            if (mq.length === 1) mq.pop(); // (cheaper than a length store for the usual single message)
            else mq.length = 0;
            p.mqHead = 0;
          } else if (p.mqHead > 1024 && p.mqHead * 2 > mq.length) {
            mq.splice(0, p.mqHead);
            p.mqHead = 0;
          }
          if (this.tracing && this.traceMessages) this.emit({ type: 'receive', pid: p.id, msg });
          try {
            const r = p.beh!.receive!(p, msg);
            if (r instanceof Later) r.run(p, NOOP_K);
          } catch (e) {
            this.crash(p, e);
          }
        } else if (mode === M_RESUME) {
          const k = p.cont!;
          const v = p.resumeVal;
          p.cont = null;
          p.resumeVal = undefined;
          p.mode = M_RECV;
          try {
            k(v);
          } catch (e) {
            this.crash(p, e);
          }
        } else if (mode === M_WAIT) {
          const mq = p.mq;
          if (mq === null) break;
          const m = p.match!;
          let i = p.scan > p.mqHead ? p.scan : p.mqHead;
          while (i < mq.length && !m(mq[i])) i++;
          // messages up to here did not match this wait's (unchanging) pattern: the next scan starts after them
          p.scan = i;
          if (i >= mq.length) break;
          const msg = mq[i];
          takeMessage(p, mq, i);
          if (p.timer) {
            this.cancelTimer(p.timer);
            p.timer = null;
          }
          const k = p.cont!;
          p.cont = null;
          p.match = null;
          p.mode = M_RECV;
          if (this.tracing && this.traceMessages) this.emit({ type: 'receive', pid: p.id, msg });
          try {
            k(msg);
          } catch (e) {
            this.crash(p, e);
          }
        } else if (mode === M_INIT) {
          p.mode = M_RECV;
          const arg = p.state;
          p.state = undefined;
          try {
            const r = p.beh!.init ? p.beh!.init(p, arg) : undefined;
            if (r instanceof Later) r.run(p, NOOP_K);
          } catch (e) {
            this.crash(p, e);
          }
        } else break;
      }
    } finally {
      this.current = null;
    }
    if (p.flags & F_DEAD) return;
    if (p.mode === M_RECV ? p.mq !== null && p.mqHead < p.mq.length : p.mode === M_RESUME || (p.mode === M_WAIT && budget < 0)) {
      this.enqueue(p);
    }
  }

  private crash(p: Proc, e: unknown): void {
    if (e === UNWIND || p.flags & F_DEAD) return;
    this.die(p, exitReasonOf(e));
  }

  /** Virtual clock: run until nothing is ready and no timer is pending (or virtual time would pass `until`). */
  runUntilIdle(opts: { maxTime?: number } = {}): void {
    const limit = opts.maxTime ?? Infinity;
    const clock = this.clock as VirtualClock;
    for (;;) {
      this.runReady();
      const t = this.liveTimers > 0 ? this.peekTimer() : undefined;
      if (t) {
        if (t.at > limit) break;
        if (clock.virtual && t.at > clock.t) clock.t = t.at;
        else if (!clock.virtual && t.at > this.clock.now()) break;
        this.fire(this.popTimer());
        continue;
      }
      if (this.wakeIdleWaiter()) continue;
      break;
    }
    this.flushTrace();
  }

  /** Virtual clock: let `ms` of virtual time pass, running everything due in that window. */
  advance(ms: number): void {
    const clock = this.clock as VirtualClock;
    if (!clock.virtual) throw new Error('advance() needs the virtual clock');
    const target = clock.t + ms;
    for (;;) {
      this.runReady();
      const t = this.liveTimers > 0 ? this.peekTimer() : undefined;
      if (!t || t.at > target) break;
      if (t.at > clock.t) clock.t = t.at;
      this.fire(this.popTimer());
    }
    clock.t = target;
    this.runReady();
    this.flushTrace();
  }

  // ---- real-time pump ------------------------------------------------------------------------------------------------

  private pumpHandle: unknown = null;
  private pumpDelay = -1;
  private live = false;

  /** Real clock: keep running in slices of at most `sliceMs`, yielding to the host event loop in between. */
  start(): void {
    if (this.clock.virtual) throw new Error('start() needs the real clock; use runUntilIdle()/advance() with the virtual one');
    this.live = true;
    this.schedulePump(0);
  }

  /** Real clock: stop pumping (processes stay as they are; start() resumes). */
  stop(): void {
    this.live = false;
    if (this.pumpHandle !== null) (this.clock as RealClock).host.clearTimeout(this.pumpHandle);
    this.pumpHandle = null;
    this.pumpDelay = -1;
  }

  private wake(): void {
    if (!this.live || this.running || this.pumpDelay === 0) return;
    this.schedulePump(0);
  }

  private schedulePump(ms: number): void {
    const host = (this.clock as RealClock).host;
    if (this.pumpHandle !== null) host.clearTimeout(this.pumpHandle);
    this.pumpDelay = ms;
    this.pumpHandle = host.setTimeout(() => this.pump(), ms);
  }

  private pump(): void {
    this.pumpHandle = null;
    this.pumpDelay = -1;
    if (!this.live) return;
    const end = this.clock.now() + this.sliceMs;
    for (;;) {
      let t = this.liveTimers > 0 ? this.peekTimer() : undefined;
      while (t && t.at <= this.clock.now()) {
        this.fire(this.popTimer());
        t = this.liveTimers > 0 ? this.peekTimer() : undefined;
      }
      const more = this.runReady(256);
      if (this.clock.now() >= end) {
        this.flushTrace();
        this.schedulePump(0);
        return;
      }
      if (more) continue;
      t = this.liveTimers > 0 ? this.peekTimer() : undefined;
      if (t) {
        const wait = t.at - this.clock.now();
        if (wait <= 0) continue;
        this.flushTrace();
        this.schedulePump(wait);
        return;
      }
      if (this.wakeIdleWaiter()) continue;
      this.flushTrace();
      return;
    }
  }

  // ---- trace -------------------------------------------------------------------------------------------------------

  /** Listen to trace events (delivered in batches). Returns the unsubscribe function. */
  subscribe(listener: TraceListener): () => void {
    this.listeners.push(listener);
    this.tracing = true;
    return () => {
      this.flushTrace();
      this.listeners = this.listeners.filter((l) => l !== listener);
      this.tracing = this.listeners.length > 0;
    };
  }

  /** Record a trace event (callers check `kernel.tracing` first to keep the silent path free). */
  emit(e: TraceInput): void {
    const ev = e as TraceEvent;
    (ev as { seq: number }).seq = ++this.traceSeq;
    (ev as { t: number }).t = this.clock.now();
    this.traceBuf.push(ev);
    if (this.traceBuf.length >= 4096) this.flushTrace();
  }

  flushTrace(): void {
    if (this.traceBuf.length === 0) return;
    const batch = this.traceBuf;
    this.traceBuf = [];
    for (const l of this.listeners) l(batch);
  }
}
