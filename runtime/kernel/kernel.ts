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
  /** @internal Call hand-off (see Kernel.handOff). Default true; false only to compare traces in tests. */
  handOff?: boolean;
  /** Real clock: run effects for real (their `real` function: a fetch, a file read…) or simulate them as the virtual
   *  clock does (latency and failures drawn from the seeded PRNG, the latency waited in real time). Default 'real'.
   *  The virtual clock always simulates. */
  effects?: 'real' | 'simulated';
}

export interface SimulatedEffect {
  /** Virtual latency range in ms (inclusive). Default [10, 100]. */
  latency?: readonly [number, number];
  /** Probability of failure in [0, 1]. Default 0. */
  failureRate?: number;
  value?: Term;
  error?: Term;
}

// process modes (the low 3 bits of Proc.mf) and flags (the bits above)
const M_INIT = 0, M_RECV = 1, M_WAIT = 2, M_SLEEP = 3, M_RESUME = 4, M_IDLE = 5, M_DONE = 6;
const MODE = 7;
const F_TRAP = 8, F_DEAD = 16, F_QUEUED = 32;
// timer kinds
const T_WAKE = 0, T_SEND = 1, T_FN = 2;
// Kernel.handed: what step() does after a handler returns from a call hand-off
const H_NONE = 0, H_END = 1, H_NEW_TURN = 2;

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

/**
 * @internal A selective wait written as one object instead of a matcher closure plus a continuation closure (the
 * GenServer call and start paths): `match` decides which message ends the wait, `resume` gets that message (or
 * TIMEOUT) in the waiting process.
 */
export interface Waiter {
  match(m: Term): boolean;
  resume(self: Proc, v: unknown): void;
}

/** @internal Returned by HandOff.serve when the server did not reply with a plain `{:reply, v, state}`. */
export const NO_REPLY: unique symbol = Symbol('NO_REPLY');

/**
 * @internal A call handed straight to an idle server (Kernel.handOff): the caller's wait (a Waiter, whose `resume`
 * also accepts the HandOff itself, meaning "the reply value is in `value`"), and how to serve it.
 */
export interface HandOff extends Waiter {
  /** The value of a reply taken without a message (read by `resume` when it is given the HandOff itself). */
  value: Term;
  /** Run the server's handling of the call, in the server, as its mailbox handler would for the call message. If
   *  the handler's result was exactly a reply whose send was traced (and nothing ran after it), return the value
   *  (the reply is not delivered yet: the kernel delivers `replyMsg(v)` or hands the value over); else NO_REPLY. */
  serve(server: Proc): unknown;
  /** The reply message `{ref, v}` (one object per call, the same one its send event carried). */
  replyMsg(v: Term): Term;
}

/**
 * A monitor reference. While the monitor is active it sits in two circular doubly linked lists: the watcher's
 * (`mNext`/`mPrev`) and the target's (`wNext`/`wPrev`, in creation order, so DOWNs go out oldest first). Adding and
 * removing a monitor is a few pointer writes: no map, no hashing, no allocation besides the ref itself.
 */
export class MonitorRef extends Ref {
  /** The watched process while the monitor is active, else null. */
  target: Proc | null;
  mNext: MonitorRef | null = null;
  mPrev: MonitorRef | null = null;
  wNext: MonitorRef | null = null;
  wPrev: MonitorRef | null = null;
  constructor(
    id: number,
    readonly watcher: Proc,
    target: Proc,
  ) {
    super(id);
    this.target = target;
  }
}

/** Per-process data most processes never need (a registered name, a label, monitors, a receive mark), allocated on
 *  first use so that an idle process stays small. */
class ProcExt {
  name: string | null = null;
  label: string | null = null;
  /** Selective receive: mailbox index where the current wait starts scanning (see Kernel.markMailbox). */
  scan = 0;
  /** Monitors this process holds (circular list through mNext/mPrev), all older than `monitor1`. */
  monitors: MonitorRef | null = null;
  /** The newest monitor this process holds, kept out of the list until a newer one comes (a GenServer call's
   *  monitor usually ends before that, so it costs two slot writes instead of list surgery). */
  monitor1: MonitorRef | null = null;
  /** Monitors on this process, oldest first (circular list through wNext/wPrev), all older than `watcher1`. */
  watchers: MonitorRef | null = null;
  /** The newest monitor on this process, kept out of the list until a newer one comes (see monitor1). */
  watcher1: MonitorRef | null = null;
  /** The OTP layer's slot (Proc.supRec): the record a supervisor keeps about this process. */
  supRec: unknown = null;
}

function extOf(p: Proc): ProcExt {
  return p.ext ?? (p.ext = new ProcExt());
}

// Each end keeps its newest monitor in a slot (monitor1 / watcher1) and the older ones in a list in creation order:
// adding one moves the slot's occupant to the list's tail (it is newer than everything there) and puts the new one in
// the slot, so "list, then slot" is always creation order (the order DOWNs go out in and monitoring() lists).
function addWatcher(x: ProcExt, r: MonitorRef): void {
  const w = x.watcher1;
  if (w !== null) pushWatcher(x, w);
  x.watcher1 = r;
}
function removeWatcher(x: ProcExt, r: MonitorRef): void {
  if (x.watcher1 === r) x.watcher1 = null;
  else dropWatcher(x, r);
}
function addMonitorTo(x: ProcExt, r: MonitorRef): void {
  const m = x.monitor1;
  if (m !== null) pushMonitor(x, m);
  x.monitor1 = r;
}
function removeMonitor(x: ProcExt, r: MonitorRef): void {
  if (x.monitor1 === r) x.monitor1 = null;
  else dropMonitor(x, r);
}

function pushWatcher(x: ProcExt, r: MonitorRef): void {
  const h = x.watchers;
  if (h === null) {
    r.wNext = r.wPrev = r;
    x.watchers = r;
  } else {
    const tail = h.wPrev!;
    r.wPrev = tail;
    r.wNext = h;
    tail.wNext = r;
    h.wPrev = r;
  }
}
function dropWatcher(x: ProcExt, r: MonitorRef): void {
  if (r.wNext === r) x.watchers = null;
  else {
    r.wPrev!.wNext = r.wNext;
    r.wNext!.wPrev = r.wPrev;
    if (x.watchers === r) x.watchers = r.wNext;
  }
  r.wNext = r.wPrev = null;
}
function pushMonitor(x: ProcExt, r: MonitorRef): void {
  const h = x.monitors;
  if (h === null) {
    r.mNext = r.mPrev = r;
    x.monitors = r;
  } else {
    const tail = h.mPrev!;
    r.mPrev = tail;
    r.mNext = h;
    tail.mNext = r;
    h.mPrev = r;
  }
}
function dropMonitor(x: ProcExt, r: MonitorRef): void {
  if (r.mNext === r) x.monitors = null;
  else {
    r.mPrev!.mNext = r.mNext;
    r.mNext!.mPrev = r.mPrev;
    if (x.monitors === r) x.monitors = r.mNext;
  }
  r.mNext = r.mPrev = null;
}

/** Remove message `i` from a mailbox: the head is cleared in place (the array is reset once drained), the last one
 *  is popped, any other index is shifted out (selective receive; no array allocated, unlike splice). */
function takeMessage(p: Proc, mq: Term[], i: number): void {
  if (i === p.mqHead) {
    mq[p.mqHead++] = undefined;
    if (p.mqHead === mq.length) {
      if (mq.length === 1) mq.pop(); // (cheaper than a length store for the usual single message)
      else mq.length = 0;
      p.mqHead = 0;
    }
  } else if (i === mq.length - 1) mq.pop();
  else {
    const n = mq.length - 1;
    for (let j = i; j < n; j++) mq[j] = mq[j + 1];
    mq.pop();
  }
}

/** Does message `msg` end p's current selective wait? (p.wv is a matcher function or a Waiter.) */
function matches(p: Proc, msg: Term): boolean {
  const m = p.wv;
  return typeof m === 'function' ? (m as (t: Term) => boolean)(msg) : (m as Waiter).match(msg);
}

/** Continue p with `v` (a K closure or a Waiter). */
function resumeWith(p: Proc, k: K<any> | Waiter, v: unknown): void {
  if (typeof k === 'function') k(v);
  else k.resume(p, v);
}

/**
 * A process. The object is also the pid term (printed `#PID<0.N.0>` or by a label). Methods act *as this
 * process*: call them only from inside its own handlers (ctx), except the read-only ones (alive, trapping).
 *
 * Kept to 12 fields (an idle process is ~120 bytes): what is rarely used lives in `ext`, allocated on first use.
 */
export class Proc {
  declare readonly isPid: true;
  /** Behaviour-owned state: the one field a behaviour keeps its data in. */
  state: any;
  /** @internal mode (low 3 bits) | flags */ mf = M_INIT;
  /** @internal */ mq: Term[] | null = null;
  /** @internal */ mqHead = 0;
  /** @internal continuation of a wait, sleep or idle wait */ cont: K<any> | Waiter | null = null;
  /** @internal waiting: the matcher (function or Waiter); resuming: the value to resume with; dead: the reason */
  wv: unknown = undefined;
  /** @internal */ timer: Timer | null = null;
  /** @internal links: the first of this process's link records (a circular list, oldest first), or null */
  links: LinkNode | null = null;
  /** @internal */ ext: ProcExt | null = null;

  constructor(
    readonly id: number,
    readonly kernel: Kernel,
    /** @internal */ public beh: ProcessBehaviour | null,
  ) {}

  /** Registered name, if any. */
  get name(): string | null {
    return this.ext === null ? null : this.ext.name;
  }
  /** A label for traces and printing (not a registered name). */
  get label(): string | null {
    return this.ext === null ? null : this.ext.label;
  }
  set label(l: string | null) {
    if (l !== null || this.ext !== null) extOf(this).label = l;
  }
  /** @internal A slot for the OTP layer: the child record of a supervisor holding this process (see supervisor.ts), so
   *  an EXIT finds its child without a pid → child table. Stays set after death (the EXIT is handled later). */
  get supRec(): unknown {
    return this.ext === null ? null : this.ext.supRec;
  }
  set supRec(v: unknown) {
    if (v !== null || this.ext !== null) extOf(this).supRec = v;
  }
  /** Exit reason once dead (undefined while alive). */
  get reason(): Term {
    return this.mf & F_DEAD ? (this.wv as Term) : undefined;
  }

  /** The processes linked to this one. */
  linkedTo(): Proc[] {
    const out: Proc[] = [];
    const h = this.links;
    if (h !== null) {
      let n = h;
      do {
        out.push(linkPeer(n, this));
        n = linkNext(n, this);
      } while (n !== h);
    }
    return out;
  }
  /** The processes this one monitors, oldest monitor first. */
  monitoring(): Proc[] {
    const out: Proc[] = [];
    const h = this.ext === null ? null : this.ext.monitors;
    if (h !== null) {
      let r = h;
      do {
        out.push(r.target!);
        r = r.mNext!;
      } while (r !== h);
    }
    if (this.ext !== null && this.ext.monitor1 !== null) out.push(this.ext.monitor1.target!);
    return out;
  }
  /** The processes monitoring this one, oldest first (an inspector's "monitored by"). */
  monitoredBy(): Proc[] {
    const out: Proc[] = [];
    const x = this.ext;
    if (x === null) return out;
    const h = x.watchers;
    if (h !== null) {
      let r = h;
      do {
        if (r.target !== null) out.push(r.watcher);
        r = r.wNext!;
      } while (r !== h);
    }
    if (x.watcher1 !== null && x.watcher1.target !== null) out.push(x.watcher1.watcher);
    return out;
  }
  /** @internal (for inspectors written against the old ref → target map; prefer monitoring()) */
  get monitors(): Map<Ref, Proc> | null {
    const x = this.ext;
    if (x === null || (x.monitors === null && x.monitor1 === null)) return null;
    const m = new Map<Ref, Proc>();
    const h = x.monitors;
    if (h !== null) {
      let r = h;
      do {
        m.set(r, r.target!);
        r = r.mNext!;
      } while (r !== h);
    }
    if (x.monitor1 !== null) m.set(x.monitor1, x.monitor1.target!);
    return m;
  }

  get alive(): boolean {
    return (this.mf & F_DEAD) === 0;
  }
  get trapping(): boolean {
    return (this.mf & F_TRAP) !== 0;
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
    if (on) this.mf |= F_TRAP;
    else this.mf &= ~F_TRAP;
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
  const kernel = self.kernel;
  // called as the tail of the turn step (see Kernel.tail)? then so is the yielded Later's run
  const tail = kernel.tail === resume && !thrown;
  kernel.tail = null;
  const r = thrown ? g.throw(v) : g.next(v);
  if (r.done) {
    kernel.die(self, 'normal');
    return;
  }
  const y = r.value;
  if (!(y instanceof Later)) throw new Error('a generator process must yield Laters (ctx.receive(), ctx.sleep(), ...)');
  if (tail) kernel.tail = y;
  y.run(self, resume);
}

// ---- links: one LinkNode per link, in a circular doubly linked list at each end ----
// A link record is shared by both ends (a's list runs through an/ap, b's through bn/bp), so removing a link when one
// end dies is a few pointer writes at the other end — no hashing, whatever the size of that end's list (a
// supervisor with 10,000 children). Each list is in link-creation order (what a Set's iteration order was).

/** @internal */
export class LinkNode {
  an: LinkNode;
  ap: LinkNode;
  bn: LinkNode;
  bp: LinkNode;
  constructor(
    readonly a: Proc,
    readonly b: Proc,
  ) {
    this.an = this.ap = this.bn = this.bp = this;
  }
}

function linkNext(n: LinkNode, p: Proc): LinkNode {
  return n.a === p ? n.an : n.bn;
}
function linkPeer(n: LinkNode, p: Proc): Proc {
  return n.a === p ? n.b : n.a;
}
function setNext(n: LinkNode, p: Proc, x: LinkNode): void {
  if (n.a === p) n.an = x;
  else n.bn = x;
}
function setPrev(n: LinkNode, p: Proc, x: LinkNode): void {
  if (n.a === p) n.ap = x;
  else n.bp = x;
}

/** Append n to p's list (n is p's end of the link; its own pointers at that end are set here). */
function pushLink(p: Proc, n: LinkNode): void {
  const h = p.links;
  if (h === null) {
    setNext(n, p, n);
    setPrev(n, p, n);
    p.links = n;
    return;
  }
  const t = h.a === p ? h.ap : h.bp;
  setNext(t, p, n);
  setPrev(n, p, t);
  setNext(n, p, h);
  setPrev(h, p, n);
}

/** Unhook n from p's list. */
function dropLink(p: Proc, n: LinkNode): void {
  const nx = linkNext(n, p);
  if (nx === n) {
    p.links = null;
    return;
  }
  const pv = n.a === p ? n.ap : n.bp;
  setNext(pv, p, nx);
  setPrev(nx, p, pv);
  if (p.links === n) p.links = nx;
}

/** The link between a and b, if any: both lists are walked in step, so this costs O(the shorter list). */
function findLink(a: Proc, b: Proc): LinkNode | null {
  const ha = a.links;
  const hb = b.links;
  if (ha === null || hb === null) return null;
  let x = ha;
  let y = hb;
  for (;;) {
    if (linkPeer(x, a) === b) return x;
    if (linkPeer(y, b) === a) return y;
    x = linkNext(x, a);
    y = linkNext(y, b);
    if (x === ha || y === hb) return null;
  }
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
  /** Effects run for real (real clock, `effects: 'real'`) or are simulated. */
  readonly realEffects: boolean;
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
  /** A cancelled wake-up timer no longer referenced anywhere, reused by the next wait (a call's timeout). */
  private spareTimer: Timer | null = null;
  private rqHead = 0;
  /** rq[rqHead..rqTail) are ready; the array is reused (never shrunk), so scheduling allocates nothing */
  private rqTail = 0;
  private heap: Timer[] = [];
  /** The newest timer, not yet in the heap: a timer is pushed only when the heap is next read (peek/pop) or a
   *  newer one comes, so a call's timeout that its reply cancels first costs no heap work at all. The heap's order
   *  (time, then creation seq) is total, so when a timer enters it does not change which one fires first. */
  private newest: Timer | null = null;
  private liveTimers = 0;
  private idleWaiters: Proc[] = [];
  /** Processes whose death is being propagated (slots cleared, never shrunk: a death allocates nothing here). */
  private dying: (Proc | null)[] = [];
  private dyingN = 0;
  private propagating = false;
  private readonly names = new Map<string, Proc>();
  private listeners: TraceListener[] = [];
  private traceBuf: TraceEvent[] = [];
  private traceSeq = 0;
  private readonly sliceMs: number;
  private running = false;
  /** runReady is running without a turn limit (runUntilIdle, advance): turns may be taken in a nested way. */
  private unbounded = false;
  /** Hand-off (see handOff): enabled; inside one; what the caller's step does next. */
  private readonly handOffOn: boolean;
  private handing = false;
  private handed = H_NONE;
  /** @internal Calls handed off, and those whose reply was taken without a message (for tests). */
  handOffCount = 0;
  handOffTaken = 0;
  /** @internal Tail token: the continuation (or Later) that is being called as the very last thing of the running
   *  process's turn step, i.e. nothing of that process runs after it returns. Each certified link (step → a K or
   *  Waiter → a generator's resume → the Later it yields) consumes the token and passes it on. */
  tail: unknown = null;
  /** Budget left in the running process's turn when its current continuation was called (see handOff). */
  private turnLeft = 0;

  constructor(opts: KernelOptions = {}) {
    const c = opts.clock ?? 'virtual';
    this.clock = c === 'virtual' ? new VirtualClock() : c === 'real' ? new RealClock() : c;
    this.prng = new Prng(opts.seed ?? 1);
    this.reductions = opts.reductions ?? 100;
    this.traceMessages = opts.traceMessages ?? false;
    this.sliceMs = opts.sliceMs ?? 4;
    this.handOffOn = opts.handOff ?? true;
    this.realEffects = !this.clock.virtual && (opts.effects ?? 'real') === 'real';
    this.host = new Proc(this.nextId++, this, null);
    this.host.mf = M_WAIT | F_TRAP;
    this.host.wv = NEVER;
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
      if (opts.trapExit) p.mf |= F_TRAP;
      if (opts.label) p.label = opts.label;
    }
    this.processCount++;
    if (this.tracing) this.emit({ type: 'spawn', pid: p.id, parent: this.current ? this.current.id : null, label: p.label });
    if (opts.link) this.link(opts.link, p);
    if (b.init) {
      this.enqueue(p);
      if (this.live) this.wake();
    } else p.mf |= M_RECV; // nothing to run until a message arrives: the run queue is not touched
    return p;
  }

  /** @internal spawn(beh, arg, { link: parent }) without the options object (GenServer.start_link). */
  spawnLinked<A>(beh: ProcessBehaviour<A>, arg: A, parent: Proc): Proc {
    const p = new Proc(this.nextId++, this, beh as ProcessBehaviour);
    p.state = arg;
    this.processCount++;
    if (this.tracing) this.emit({ type: 'spawn', pid: p.id, parent: this.current ? this.current.id : null, label: null });
    this.link(parent, p);
    if (beh.init) {
      this.enqueue(p);
      if (this.live) this.wake();
    } else p.mf |= M_RECV;
    return p;
  }

  alive(p: Proc): boolean {
    return (p.mf & F_DEAD) === 0;
  }

  register(name: string, p: Proc): void {
    const old = this.names.get(name);
    if ((old && old.alive) || p.name !== null || !p.alive) throw new ErlError('error', 'badarg');
    this.names.set(name, p);
    extOf(p).name = name;
  }
  unregister(name: string): void {
    const p = this.names.get(name);
    if (p) {
      this.names.delete(name);
      if (p.ext !== null) p.ext.name = null;
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

  /** Put a message in a mailbox as a send from `from` (`null`: the runtime itself, e.g. a timer or an effect's
   *  result), traced like `send` when messages are traced. OTP's own protocol messages (replies, casts, init acks)
   *  come this way, so a sequence diagram shows a call's reply and the trace's mailbox counts balance. */
  post(from: Proc | null, p: Proc, msg: Term): void {
    if (this.tracing && this.traceMessages) this.emit({ type: 'send', from: from === null ? null : from.id, to: p.id, msg });
    this.deliver(p, msg);
  }

  /** Put a message in a mailbox (no trace: for EXIT and DOWN messages, which their signal/down events trace). */
  deliver(p: Proc, msg: Term): void {
    const mf = p.mf;
    if (mf & F_DEAD) return;
    if (p.mq === null) p.mq = [msg];
    else p.mq.push(msg);
    const mode = mf & MODE;
    if (mode === M_RECV) {
      if (!(mf & F_QUEUED) && p !== this.current) this.enqueue(p);
    } else if (mode === M_WAIT) {
      if (!(mf & F_QUEUED) && p !== this.current && matches(p, msg)) this.enqueue(p);
    }
    if (this.live) this.wake();
  }

  /** Process.exit(to, reason) from host code. */
  exit(to: Proc, reason: Term): void {
    this.exitSignal(this.host, to, reason);
  }

  /** @internal Process.exit/2 semantics. */
  exitSignal(from: Proc, to: Proc, reason: Term): void {
    if (to.mf & F_DEAD) return;
    if (reason === 'kill') {
      if (this.tracing) this.emit({ type: 'signal', from: from.id, to: to.id, reason, outcome: 'killed' });
      this.die(to, 'killed');
    } else if (to.mf & F_TRAP) {
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
    if (to.mf & F_DEAD) return;
    if (to.mf & F_TRAP) {
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
    if (c !== null && c.mf & F_DEAD) throw UNWIND;
  }

  /** End a process now with `reason`: links get exit signals, monitors get DOWN. */
  die(p: Proc, reason: Term): void {
    if (p.mf & F_DEAD) return;
    p.mf = (p.mf & ~MODE) | M_DONE | F_DEAD;
    p.wv = reason; // (p.reason)
    p.cont = null;
    p.mq = null;
    p.mqHead = 0;
    if (p.timer) {
      this.cancelTimer(p.timer);
      p.timer = null;
    }
    const x = p.ext;
    if (x !== null && x.name !== null) {
      if (this.names.get(x.name) === p) this.names.delete(x.name);
    }
    this.processCount--;
    if (this.tracing) this.emit({ type: 'exit', pid: p.id, reason });
    this.dying[this.dyingN++] = p;
    if (this.propagating) return;
    this.propagating = true;
    try {
      for (let i = 0; i < this.dyingN; i++) this.notifyDeath(this.dying[i]!);
    } finally {
      for (let i = 0; i < this.dyingN; i++) this.dying[i] = null;
      this.dyingN = 0;
      this.propagating = false;
    }
  }

  private notifyDeath(p: Proc): void {
    const reason = p.wv as Term;
    const links = p.links;
    if (links !== null) {
      p.links = null;
      let n = links;
      do {
        const next = linkNext(n, p);
        const l = linkPeer(n, p);
        dropLink(l, n);
        this.linkSignal(p, l, reason);
        n = next;
      } while (n !== links);
    }
    const x = p.ext;
    if (x === null) return;
    // DOWNs in creation order: the list, then the slot (the newest)
    const watchers = x.watchers;
    const w1 = x.watcher1;
    x.watchers = null;
    x.watcher1 = null;
    if (watchers !== null) {
      let r = watchers;
      do {
        const next = r.wNext!;
        r.wNext = r.wPrev = null;
        this.down(p, r, reason);
        r = next;
      } while (r !== watchers);
    }
    if (w1 !== null) this.down(p, w1, reason);
    const mons = x.monitors;
    if (mons !== null) {
      x.monitors = null;
      let r = mons;
      do {
        const next = r.mNext!;
        r.mNext = r.mPrev = null;
        removeWatcher(r.target!.ext!, r);
        r.target = null;
        r = next;
      } while (r !== mons);
    }
    const m1 = x.monitor1;
    if (m1 !== null) {
      x.monitor1 = null;
      removeWatcher(m1.target!.ext!, m1);
      m1.target = null;
    }
  }

  /** The monitor `r` on `p` (already out of p's watcher list/slot) fires: DOWN to its watcher. */
  private down(p: Proc, r: MonitorRef, reason: Term): void {
    const w = r.watcher;
    removeMonitor(w.ext!, r);
    r.target = null;
    if (this.tracing) this.emit({ type: 'down', ref: r.id, watcher: w.id, target: p.id, reason });
    this.deliver(w, ['DOWN', r, 'process', p, reason]);
  }

  // ---- links and monitors ----------------------------------------------------------------------------------------

  /** @internal */
  link(a: Proc, b: Proc): true {
    if (a === b) return true;
    if (b.mf & F_DEAD) {
      if (a.mf & F_TRAP) {
        this.deliver(a, ['EXIT', b, 'noproc']);
        return true;
      }
      throw new ErlError('error', 'noproc');
    }
    if (findLink(a, b) !== null) return true;
    const n = new LinkNode(a, b);
    pushLink(a, n);
    pushLink(b, n);
    if (this.tracing) this.emit({ type: 'link', a: a.id, b: b.id });
    return true;
  }

  /** @internal */
  unlink(a: Proc, b: Proc): void {
    const n = findLink(a, b);
    if (n !== null) {
      dropLink(a, n);
      dropLink(b, n);
      if (this.tracing) this.emit({ type: 'unlink', a: a.id, b: b.id });
    }
  }

  makeRef(): Ref {
    return new Ref(++this.nextRef);
  }

  /** @internal */
  monitor(watcher: Proc, target: Proc): Ref {
    return this.addMonitor(new MonitorRef(++this.nextRef, watcher, target));
  }

  /** @internal The next reference number (for a MonitorRef subclass made outside, then given to addMonitor). */
  newRefId(): number {
    return ++this.nextRef;
  }

  /** @internal Activate the monitor `ref` (of ref.watcher on ref.target), made with an id from newRefId — a
   *  subclass can carry more (a GenServer call's ref is also the caller's Waiter, so a call allocates one object for
   *  both). Same events and effects as monitor(). */
  addMonitor<R extends MonitorRef>(ref: R): R {
    const watcher = ref.watcher;
    const target = ref.target!;
    if (this.tracing) this.emit({ type: 'monitor', ref: ref.id, watcher: watcher.id, target: target.id });
    if (target.mf & F_DEAD) {
      ref.target = null;
      if (this.tracing) this.emit({ type: 'down', ref: ref.id, watcher: watcher.id, target: target.id, reason: 'noproc' });
      this.deliver(watcher, ['DOWN', ref, 'process', target, 'noproc']);
      return ref;
    }
    addMonitorTo(extOf(watcher), ref);
    addWatcher(extOf(target), ref);
    return ref;
  }

  /** @internal */
  demonitor(watcher: Proc, ref: Ref, flush: boolean, fromMark = false): void {
    if (ref instanceof MonitorRef && ref.watcher === watcher) {
      const target = ref.target;
      if (target !== null) {
        removeMonitor(watcher.ext!, ref);
        removeWatcher(target.ext!, ref);
        ref.target = null;
        if (this.tracing) this.emit({ type: 'demonitor', ref: ref.id, watcher: watcher.id, target: target.id });
      }
    }
    if (flush) this.flushDown(watcher, ref, fromMark);
  }

  /** Remove the DOWN message of `ref` from the mailbox, if any (at most one exists). */
  private flushDown(p: Proc, ref: Ref, fromMark: boolean): void {
    const mq = p.mq;
    if (mq === null) return;
    const x = extOf(p);
    const start = fromMark ? Math.min(Math.max(p.mqHead, x.scan), mq.length) : p.mqHead;
    for (let i = start; i < mq.length; i++) {
      const m = mq[i];
      if (Array.isArray(m) && m[0] === 'DOWN' && m[1] === ref) {
        takeMessage(p, mq, i);
        // OTP's flush is a receive of that DOWN; traced as one so the trace's mailbox counts balance
        if (this.tracing && this.traceMessages) this.emit({ type: 'receive', pid: p.id, msg: m });
        break;
      }
    }
    x.scan = p.mqHead;
  }

  /** Remove every message matching `pred` from p's mailbox (only those after the receive mark if `fromMark`). */
  removeMessages(p: Proc, pred: (m: Term) => boolean, fromMark = false): void {
    const mq = p.mq;
    if (mq === null) return;
    const x = extOf(p);
    const start = fromMark ? Math.min(Math.max(p.mqHead, x.scan), mq.length) : p.mqHead;
    let w = start;
    for (let r = start; r < mq.length; r++) {
      const m = mq[r];
      if (!pred(m)) mq[w++] = m;
      else if (this.tracing && this.traceMessages) this.emit({ type: 'receive', pid: p.id, msg: m }); // a flush is a receive
    }
    mq.length = w;
    x.scan = p.mqHead;
  }

  // ---- call hand-off ----------------------------------------------------------------------------------------------

  /**
   * @internal May a call from c (the running process) to s be handed off? `tail`: the call's Later was run as the
   * tail of c's turn step (the caller took the `tail` token). True when the normal course would be: c parks and its turn ends with nothing else
   * done (budget left, nothing else in the run queue), then s — idle, in its receive loop with an empty mailbox,
   * not queued — takes the next turn with the call as its first message. Only under the virtual clock, inside
   * runReady without a turn limit (no timer can fire and no host code runs between turns), never nested.
   */
  canHandOff(c: Proc, s: Proc, tail: boolean): boolean {
    return (
      tail &&
      this.handOffOn &&
      !this.handing &&
      this.current === c &&
      this.unbounded &&
      this.running &&
      this.clock.virtual &&
      this.turnLeft > 0 &&
      this.rqHead === this.rqTail &&
      s !== c &&
      (s.mf & (MODE | F_DEAD | F_QUEUED)) === M_RECV &&
      (s.mq === null || s.mqHead >= s.mq.length)
    );
  }

  /**
   * @internal The call hand-off. After canHandOff(c, s, ...) and after c made the call's monitor `w` (and marked its
   * mailbox), this does what the normal course does, in the same order, without the scheduler round trips:
   *  1. the send event of `msg` (c → s; msg is only built when messages are traced) and c's park on `w` with
   *     `timeout` — its timer gets its sequence number now but is only made if c still waits after s's turn (no
   *     timer can fire before then, and the number keeps its place in the timer order);
   *  2. s's turn: the receive event, then `w.serve(s)` as the first handler (instead of s's receive of the message,
   *     which was never put in its mailbox: nothing could see it there), then the rest of the turn as step() would;
   *  3. when the handler replied `{:reply, v, state}` and s's turn would end right there (s idle, nothing else
   *     ready, c still waiting with no new message since its mark), c's turn is next and would take the reply
   *     first: the reply is not put in c's mailbox; its receive event is emitted and c's own step starts a new turn
   *     (H_NEW_TURN) that resumes `w` with `w` itself (value in w.value). Otherwise the reply is delivered as
   *     post() would have done when it was sent, and c's turn ends (H_END): runReady goes on from there.
   */
  handOff(c: Proc, s: Proc, w: HandOff, timeout: number, msg: Term): void {
    this.handOffCount++;
    const traced = this.tracing && this.traceMessages;
    if (traced) this.emit({ type: 'send', from: c.id, to: s.id, msg });
    // park c as waitWith(c, w, timeout, true) (c is running, its receive mark stays)
    c.mf = (c.mf & ~MODE) | M_WAIT;
    c.wv = w;
    c.cont = w;
    const tSeq = timeout !== Infinity ? this.nextTimerSeq++ : -1;
    const tAt = tSeq < 0 ? 0 : this.clock.now() + Math.max(0, timeout);
    // s's turn (runReady would dequeue s and call step(s)): its first message is the call
    this.handing = true;
    this.current = s;
    let took = false;
    try {
      let v: unknown = NO_REPLY;
      if (traced) this.emit({ type: 'receive', pid: s.id, msg });
      try {
        v = w.serve(s);
      } catch (e) {
        this.crash(s, e);
      }
      if (v !== NO_REPLY) {
        const cx = c.ext!;
        if (
          (s.mf & (MODE | F_DEAD)) === M_RECV &&
          (s.mq === null || s.mqHead >= s.mq.length) &&
          this.rqHead === this.rqTail &&
          (c.mf & (MODE | F_DEAD | F_QUEUED)) === M_WAIT &&
          c.wv === w &&
          (c.mq === null ? 0 : c.mq.length) === cx.scan
        ) {
          took = true;
          w.value = v as Term;
        } else this.deliver(c, w.replyMsg(v as Term));
      }
      if (!took) this.step(s, this.reductions - 1);
    } finally {
      this.handing = false;
      this.current = c;
    }
    if (took) {
      this.handOffTaken++;
      // c's next turn takes the reply: receive event, then resume w with itself
      if (this.tracing && this.traceMessages) this.emit({ type: 'receive', pid: c.id, msg: w.replyMsg(w.value) });
      c.mf = (c.mf & ~MODE) | M_RESUME;
      c.wv = w;
      this.handed = H_NEW_TURN;
      return;
    }
    if (tSeq >= 0 && !(c.mf & F_DEAD) && (c.mf & MODE) === M_WAIT && c.wv === w) {
      c.timer = this.addTimerAt(tAt, tSeq, T_WAKE, c, undefined, null);
    }
    this.handed = H_END;
  }

  // ---- blocking primitives -----------------------------------------------------------------------------------------

  /**
   * @internal Like OTP's receive marker: remember the current end of p's mailbox before creating a fresh
   * reference or process, so that a following `waitFor(..., marked = true)` that can only match messages mentioning
   * it skips the older messages (a supervisor with 100k EXITs queued does not rescan them for every start ack).
   */
  markMailbox(p: Proc): void {
    extOf(p).scan = p.mq === null ? 0 : p.mq.length;
  }

  /** @internal Park `p` until a message matching `m` arrives (or the timeout passes). `marked`: scan only from the
   *  position saved by markMailbox (messages before it cannot match). */
  waitFor(p: Proc, m: (t: Term) => boolean, timeout: number, k: K<any>, marked = false): void {
    this.park(p, m, k, timeout, marked);
  }

  /** @internal waitFor with a Waiter object (its match and resume methods) instead of two closures. */
  waitWith(p: Proc, w: Waiter, timeout: number, marked: boolean): void {
    this.park(p, w, w, timeout, marked);
  }

  private park(p: Proc, m: ((t: Term) => boolean) | Waiter, k: K<any> | Waiter, timeout: number, marked: boolean): void {
    if (p.mf & F_DEAD) return;
    const x = extOf(p);
    if (!marked || x.scan < p.mqHead) x.scan = p.mqHead;
    p.mf = (p.mf & ~MODE) | M_WAIT;
    p.wv = m;
    p.cont = k;
    if (timeout !== Infinity) p.timer = this.addTimer(timeout, T_WAKE, p, undefined, null);
    if (p !== this.current && p.mq !== null && p.mq.length > p.mqHead) this.enqueue(p);
  }

  /** @internal */
  sleepFor(p: Proc, ms: number, k: K<void>): void {
    if (p.mf & F_DEAD) return;
    p.mf = (p.mf & ~MODE) | M_SLEEP;
    p.cont = k;
    p.timer = this.addTimer(ms, T_WAKE, p, undefined, null);
  }

  /** @internal */
  awaitIdle(p: Proc, k: K<void>): void {
    p.mf = (p.mf & ~MODE) | M_IDLE;
    p.wv = undefined;
    p.cont = k;
    this.idleWaiters.push(p);
  }

  // ---- timers ------------------------------------------------------------------------------------------------------

  sendAfter(to: Proc, ms: number, msg: Term): TimerRef {
    return this.addTimer(ms, T_SEND, to, msg, null);
  }

  /** How many timers are pending (armed and not yet fired or cancelled): a stepper uses it to tell "a timer fired"
   *  from "nothing happened". */
  pendingTimers(): number {
    return this.liveTimers;
  }

  // ---- fault injection (public: the run commands of runtime/sim/commands.ts use these, never the fields) ---------

  /** Fault: `p` stops taking messages. It waits for one that never comes (its mailbox grows), whatever it was doing —
   *  idle in its receive loop, asleep inside a handler, or waiting for the reply to a call of its own. The timer it
   *  had (the sleep, its own call's timeout) is cancelled, so it never runs again: a call it was handling is never
   *  answered. Exit signals still reach it (a trapped one becomes a message it never reads). No-op on a dead one. */
  hang(p: Proc): void {
    if (p.mf & F_DEAD) return;
    if (p.timer) {
      this.cancelTimer(p.timer);
      p.timer = null;
    }
    this.park(p, NEVER, () => undefined, Infinity, false);
  }

  /** Fault: every message `p` handles from now on takes `ms` longer (its behaviour sleeps before each one). Returns
   *  false, doing nothing, for a process without a message handler (a generator body or a dead process). */
  slow(p: Proc, ms: number): boolean {
    const beh = p.beh;
    if (p.mf & F_DEAD || !beh?.receive) return false;
    const receive = beh.receive;
    p.beh = { init: beh.init, receive: (self, msg) => self.sleep(ms).then(() => receive(self, msg)) };
    return true;
  }

  /** Run `fn` (host code, not inside a process) after `ms`. */
  callAfter(ms: number, fn: () => void): TimerRef {
    return this.addTimer(ms, T_FN, null, undefined, fn);
  }

  cancelTimer(t: TimerRef): boolean {
    if (t.cancelled) return false;
    t.cancelled = true;
    this.liveTimers--;
    if (t === this.newest) {
      // never entered the heap (a call's timeout cancelled by its reply, the usual case): nothing to remove
      this.newest = null;
      if (t.kind === T_WAKE) this.spareTimer = t;
      return true;
    }
    const h = this.heap;
    // the newest timer is usually the last heap slot (a call's timeout, cancelled by its reply): drop it at once;
    // a wake-up timer is internal (only p.timer, which the caller clears, refers to it), so it can be reused
    if (h[h.length - 1] === t) {
      h.pop();
      if (t.kind === T_WAKE) this.spareTimer = t;
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
    return this.addTimerAt(this.clock.now() + Math.max(0, ms), this.nextTimerSeq++, kind, p, msg, fn);
  }

  private addTimerAt(at: number, seq: number, kind: number, p: Proc | null, msg: Term, fn: (() => void) | null): Timer {
    let t = this.spareTimer;
    if (t !== null && kind === T_WAKE) {
      this.spareTimer = null;
      t.at = at;
      t.seq = seq;
      t.p = p;
      t.cancelled = false;
    } else t = { at, seq, kind, p, msg, fn, cancelled: false };
    // the new timer waits outside the heap until the heap is next read or another timer comes (see `newest`)
    if (this.newest !== null) this.heapPush(this.newest);
    this.newest = t;
    this.liveTimers++;
    if (this.live) this.wake();
    return t;
  }

  private heapPush(t: Timer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  private peekTimer(): Timer | undefined {
    if (this.newest !== null) {
      this.heapPush(this.newest);
      this.newest = null;
    }
    const h = this.heap;
    while (h.length > 0 && h[0].cancelled) this.popTimer();
    return h[0];
  }

  /** A live timer that keeps the system busy: a process sleeping, or host code due (only asked while a process
   *  waits for idle, so the scan stays off the hot path). */
  private busyTimerPending(): boolean {
    const busy = (t: Timer): boolean => !t.cancelled && (t.kind === T_FN || (t.kind === T_WAKE && t.p !== null && (t.p.mf & MODE) === M_SLEEP));
    if (this.newest !== null && busy(this.newest)) return true;
    for (const t of this.heap) if (busy(t)) return true;
    return false;
  }

  /** Resume the oldest process waiting for the system to go idle (`ctx.idle()`); false when none waits. */
  private wakeIdleWaiter(): boolean {
    if (this.idleWaiters.length === 0) return false;
    const p = this.idleWaiters.shift()!;
    if (!(p.mf & F_DEAD) && (p.mf & MODE) === M_IDLE) {
      p.mf = (p.mf & ~MODE) | M_RESUME;
      this.enqueue(p);
    }
    return true;
  }

  private popTimer(): Timer {
    if (this.newest !== null) {
      this.heapPush(this.newest);
      this.newest = null;
    }
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
        if (p === null || p.timer !== t || p.mf & F_DEAD) return;
        p.timer = null;
        if ((p.mf & MODE) === M_SLEEP) p.wv = undefined;
        else if ((p.mf & MODE) === M_WAIT) p.wv = TIMEOUT;
        else return;
        p.mf = (p.mf & ~MODE) | M_RESUME;
        this.enqueue(p);
        return;
      case T_SEND:
        if (p !== null) this.post(null, p, t.msg);
        return;
      case T_FN:
        t.fn!();
        return;
    }
  }

  // ---- effects -------------------------------------------------------------------------------------------------------

  /** @internal */
  effect(p: Proc, tag: Term, real: (() => Promise<Term>) | null, sim: SimulatedEffect): void {
    if (!this.realEffects || real === null) {
      const [lo, hi] = sim.latency ?? [10, 100];
      const ms = this.prng.int(lo, hi);
      const failed = this.prng.next() < (sim.failureRate ?? 0);
      this.sendAfter(p, ms, failed ? [tag, 'error', sim.error ?? 'effect_failed'] : [tag, 'ok', sim.value ?? 'ok']);
      return;
    }
    real().then(
      (v) => this.post(null, p, [tag, 'ok', v]),
      (e) => this.post(null, p, [tag, 'error', exitReasonOf(e)]),
    );
  }

  // ---- scheduler ---------------------------------------------------------------------------------------------------

  private enqueue(p: Proc): void {
    if (p.mf & F_QUEUED) return;
    p.mf |= F_QUEUED;
    this.rq[this.rqTail++] = p;
  }

  /** Run ready processes until none is ready (or `maxProcs` turns were taken). Returns true if work remains. */
  runReady(maxProcs = Infinity): boolean {
    const wasRunning = this.running;
    const wasUnbounded = this.unbounded;
    this.running = true;
    this.unbounded = maxProcs === Infinity;
    try {
      let n = 0;
      const rq = this.rq;
      while (this.rqHead < this.rqTail) {
        if (n++ >= maxProcs) return true;
        const p = rq[this.rqHead];
        rq[this.rqHead++] = undefined as unknown as Proc;
        if (this.rqHead > 1024 && this.rqHead * 2 > this.rqTail) {
          // move the live part to the front (in place) and clear the slots it left
          const live = this.rqTail - this.rqHead;
          rq.copyWithin(0, this.rqHead, this.rqTail);
          rq.fill(undefined as unknown as Proc, live, this.rqTail);
          this.rqHead = 0;
          this.rqTail = live;
        }
        p.mf &= ~F_QUEUED;
        if (!(p.mf & F_DEAD)) this.step(p, this.reductions);
      }
      this.rqHead = 0;
      this.rqTail = 0;
      return false;
    } finally {
      this.running = wasRunning;
      this.unbounded = wasUnbounded;
    }
  }

  /** One turn of p: handle up to `budget` messages / resumptions (a hand-off continues a turn with what is left). */
  private step(p: Proc, budget: number): void {
    this.current = p;
    try {
      while (budget-- > 0) {
        const mf = p.mf;
        if (mf & F_DEAD) break;
        const mode = mf & MODE;
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
            mq.copyWithin(0, p.mqHead);
            mq.length -= p.mqHead;
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
          const v = p.wv;
          p.cont = null;
          p.wv = undefined;
          p.mf = (mf & ~MODE) | M_RECV;
          this.tail = k;
          this.turnLeft = budget;
          try {
            resumeWith(p, k, v);
          } catch (e) {
            this.crash(p, e);
          }
          this.tail = null;
          if (this.handed !== H_NONE) {
            if (this.handed === H_END) {
              this.handed = H_NONE;
              break;
            }
            this.handed = H_NONE;
            budget = this.reductions;
          }
        } else if (mode === M_WAIT) {
          const mq = p.mq;
          if (mq === null) break;
          const x = p.ext!;
          const m = p.wv;
          let i = x.scan > p.mqHead ? x.scan : p.mqHead;
          if (typeof m === 'function') {
            while (i < mq.length && !(m as (t: Term) => boolean)(mq[i])) i++;
          } else {
            while (i < mq.length && !(m as Waiter).match(mq[i])) i++;
          }
          // messages up to here did not match this wait's (unchanging) pattern: the next scan starts after them
          x.scan = i;
          if (i >= mq.length) break;
          const msg = mq[i];
          takeMessage(p, mq, i);
          if (p.timer) {
            this.cancelTimer(p.timer);
            p.timer = null;
          }
          const k = p.cont!;
          p.cont = null;
          p.wv = undefined;
          p.mf = (mf & ~MODE) | M_RECV;
          if (this.tracing && this.traceMessages) this.emit({ type: 'receive', pid: p.id, msg });
          this.tail = k;
          this.turnLeft = budget;
          try {
            resumeWith(p, k, msg);
          } catch (e) {
            this.crash(p, e);
          }
          this.tail = null;
          if (this.handed !== H_NONE) {
            if (this.handed === H_END) {
              this.handed = H_NONE;
              break;
            }
            this.handed = H_NONE;
            budget = this.reductions;
          }
        } else if (mode === M_INIT) {
          p.mf = (mf & ~MODE) | M_RECV;
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
    const mf = p.mf;
    if (mf & F_DEAD) return;
    const mode = mf & MODE;
    if (mode === M_RECV ? p.mq !== null && p.mqHead < p.mq.length : mode === M_RESUME || (mode === M_WAIT && budget < 0)) {
      this.enqueue(p);
    }
  }

  private crash(p: Proc, e: unknown): void {
    if (e === UNWIND || p.mf & F_DEAD) return;
    this.die(p, exitReasonOf(e));
  }

  /** Virtual clock: run until nothing is ready and no timer is pending (or virtual time would pass `until`). */
  runUntilIdle(opts: { maxTime?: number } = {}): void {
    const limit = opts.maxTime ?? Infinity;
    const clock = this.clock as VirtualClock;
    for (;;) {
      this.runReady();
      const t = this.liveTimers > 0 ? this.peekTimer() : undefined;
      // quiescence (idle()): a process waiting in a receive with a timeout, or a pending message timer, is idle as
      // on OTP (the conformance runner polls processes); only a sleep (or host code due) keeps the system busy
      if (t && this.idleWaiters.length > 0 && !this.busyTimerPending() && this.wakeIdleWaiter()) continue;
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
      const more = this.runReady(256);
      if (this.clock.now() >= end) {
        this.flushTrace();
        this.schedulePump(0);
        return;
      }
      if (more) continue;
      // one due timer at a time, then what it made ready, as advance() does on the virtual clock: when the pump
      // runs late and several timers are due, each one's consequences still come before the next one fires
      const t = this.liveTimers > 0 ? this.peekTimer() : undefined;
      if (t) {
        const wait = t.at - this.clock.now();
        if (wait <= 0) {
          this.fire(this.popTimer());
          continue;
        }
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
    // real time: an event caused from outside the pump (host code killing a process nothing links to or monitors)
    // wakes it, so listeners get the event now rather than with whatever runs next
    else if (this.live) this.wake();
  }

  /** How many trace events have been emitted so far (the seq of the newest one): a host that keeps its own records
   *  (notes, replies) stamps them with it to place them in the trace, however the trace was batched. */
  traceCount(): number {
    return this.traceSeq;
  }
  flushTrace(): void {
    if (this.traceBuf.length === 0) return;
    const batch = this.traceBuf;
    this.traceBuf = [];
    for (const l of this.listeners) l(batch);
  }
}
