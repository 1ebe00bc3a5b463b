// The trace store: the full event log of a run in columns (typed arrays + one string table), periodic snapshots of
// the derived process table, and the derivation itself. `viewAt(i)` = nearest snapshot at or before i + replay of
// the events after it, so any instant of a long run is shown quickly; the live view is the same derivation kept at
// the end. Plain TypeScript (no React, no DOM): the worker protocol, the timeline, the log and the tests share it.
//
// Derived objects are copy-on-write: the process table is chunked (a snapshot copies the chunk list; a chunk and an
// object are cloned before their first write after it, tracked by an epoch stamp), and a snapshot is taken every
// max(4096, 2 × design paths) events — amortized O(1) per event, however many processes ever ran.
import { RUN_EVENT_TYPES, isNormalReason, type RunEvent, type RunEventType } from './events';

export type Restart = 'permanent' | 'transient' | 'temporary';
/** `stopping`: alive, but a supervisor above it gave up and is shutting its children down; `stopped`: a load source
 *  while the whole application (every root) is down. */
export type NodeStatus = 'not_started' | 'running' | 'restarting' | 'stopping' | 'stopped' | 'dead' | 'terminated';
export type MarkerKind = 'crash' | 'restart' | 'escalation';

/** What the store knows of one process at an instant. */
export interface ProcState {
  readonly pid: number;
  readonly parent: number;
  readonly label: string | null;
  path: string | null;
  alive: boolean;
  reason: string | null;
  readonly spawnT: number;
  exitT: number;
  /** Messages sent to it and not yet received (needs message tracing). */
  mailbox: number;
  /** Live processes it spawned (for a dynamic supervisor: its children). */
  children: number;
  /** Supervisor: restarts in the current window and the allowed maximum (from the last `intensity` event). */
  windowRestarts: number;
  maxRestarts: number;
  lastDecision: string | null;
  /** Restarted by its supervisor as this pid (-1: not restarted). */
  restartedAs: number;
  /** How many restarts led to this process (0 for a first start; from the supervisor's `restart` events). */
  restarts: number;
  /** @internal copy-on-write epoch */ e: number;
}

/** One child of a supervisor, as the collapsed group lists it. */
export interface ChildEntry {
  pid: number;
  path: string | null;
  label: string | null;
  state: 'running' | 'stopping' | 'restarting' | 'dead' | 'terminated';
  restarts: number;
  reason: string | null;
}

/** What the store knows of one design path (a child slot that is restarted with new pids). */
export interface PathState {
  readonly path: string;
  pid: number;
  /** The supervisor that started the current pid (-1 when bound otherwise). */
  sup: number;
  /** 1 for the first pid, +1 per restart. */
  generation: number;
  restarts: number;
  crashes: number;
  lastReason: string | null;
  /** Last domain note per event name (e.g. `breaker` → `%{from: :closed, to: :open}`). */
  notes: Record<string, string>;
  /** @internal */ e: number;
}

/** A node's live state as the canvas shows it. */
export interface NodeLive {
  status: NodeStatus;
  pid: number | null;
  label: string | null;
  generation: number;
  restarts: number;
  mailbox: number;
  children: number;
  /** Supervisors: restarts in the window ÷ max restarts (null before the first restart). */
  intensity: { restarts: number; max: number } | null;
  lastReason: string | null;
  notes: Readonly<Record<string, string>>;
}

export const NOT_STARTED: NodeLive = Object.freeze({
  status: 'not_started', pid: null, label: null, generation: 0, restarts: 0, mailbox: 0, children: 0, intensity: null,
  lastReason: null, notes: Object.freeze({}),
}) as NodeLive;

export interface StoreOptions {
  /** Paths of the design (spec.nodeIdByPath keys). A supervisor child outside it (a dynamic child) is not bound. */
  knownPaths?: Iterable<string>;
  /** Restart type of a path, for telling `restarting` from `dead`/`terminated`. Default permanent. */
  restartOf?: (path: string) => Restart;
  /** The design's top-level paths: when every one of them is dead the application is down (load sources stop). */
  rootPaths?: readonly string[];
  /** Fewest events between snapshots (default 4096). */
  snapshotMin?: number;
}

const CODE = new Map<RunEventType, number>(RUN_EVENT_TYPES.map((t, i) => [t, i]));
const T = Object.fromEntries(RUN_EVENT_TYPES.map((t, i) => [t, i])) as Record<RunEventType, number>;
/** Which of the c, d, e columns hold string ids, per type code (bit 0 = c, 1 = d, 2 = e). */
const STR_COLS: number[] = RUN_EVENT_TYPES.map((t) => ({
  spawn: 1, exit: 1, link: 0, unlink: 0, monitor: 0, demonitor: 0, down: 2, signal: 3, send: 1, receive: 1,
  restart: 1, intensity: 0, decision: 7, bind: 1, note: 7, command: 1,
} satisfies Record<RunEventType, number>)[t]);

const CHUNK_BITS = 10;
const CHUNK_MASK = (1 << CHUNK_BITS) - 1;

/**
 * pid → ProcState in chunks of 1024, copy-on-write per chunk: forking copies only the chunk list, and a chunk is
 * cloned on its first write after a fork. Snapshots therefore cost O(pids / 1024), however many processes ever ran.
 */
class ProcTable {
  constructor(
    private chunks: (ProcState | undefined)[][] = [],
    private owner: number[] = [],
  ) {}
  get(pid: number): ProcState | undefined {
    return pid < 0 ? undefined : this.chunks[pid >> CHUNK_BITS]?.[pid & CHUNK_MASK];
  }
  set(pid: number, p: ProcState, epoch: number): void {
    const ci = pid >> CHUNK_BITS;
    let ch = this.chunks[ci];
    if (!ch) {
      ch = new Array<ProcState | undefined>(CHUNK_MASK + 1);
      this.chunks[ci] = ch;
    } else if (this.owner[ci] !== epoch) {
      ch = ch.slice();
      this.chunks[ci] = ch;
    }
    this.owner[ci] = epoch;
    ch[pid & CHUNK_MASK] = p;
  }
  /** A table sharing every chunk (nobody owns them: both sides clone before writing). */
  fork(): ProcTable {
    return new ProcTable(this.chunks.slice(), []);
  }
  *values(): Generator<ProcState> {
    for (const ch of this.chunks) if (ch) for (const p of ch) if (p) yield p;
  }
  /** Every entry, in pid order (a plain loop: several times cheaper than `values()` over 10,000s of processes). */
  forEach(f: (p: ProcState) => void): void {
    const chunks = this.chunks;
    for (let c = 0; c < chunks.length; c++) {
      const ch = chunks[c];
      if (ch) for (let i = 0; i < ch.length; i++) { const p = ch[i]; if (p) f(p); }
    }
  }
}

/** Children of every supervisor at one instant, computed in one scan and shared by all the groups drawn from the same
 *  derived state and event index (ten groups in a frame cost one scan, not ten). */
const childIndex = new WeakMap<object, { index: number; t: number; recentMs: number; bySup: Map<number, ChildEntry[]> }>();

interface Derived {
  procs: ProcTable;
  paths: Map<string, PathState>;
  alive: number;
  epoch: number;
}

interface Snapshot {
  index: number;
  procs: ProcTable;
  paths: Map<string, PathState>;
  alive: number;
}

let epochCounter = 0;

/** A derived state at one event index: read-only for its users. */
export class View {
  constructor(
    /** Number of events applied (the instant is just after event index-1). */
    readonly index: number,
    readonly t: number,
    private readonly d: Derived,
    private readonly store: TraceStore,
  ) {}
  get aliveCount(): number {
    return this.d.alive;
  }
  proc(pid: number): Readonly<ProcState> | undefined {
    return this.d.procs.get(pid);
  }
  path(path: string): Readonly<PathState> | undefined {
    return this.d.paths.get(path);
  }
  paths(): IterableIterator<Readonly<PathState>> {
    return this.d.paths.values();
  }
  /** Every process known at this instant (dead ones included). */
  *procs(): Generator<Readonly<ProcState>> {
    yield* this.d.procs.values();
  }
  /**
   * The children of a supervisor process at this instant, as the collapsed group lists them: the running ones; a
   * design child (it has a path) in its node's status (`restarting` / `dead` / `terminated` until it is restarted);
   * a child started at run time (no path), once dead and not restarted, only for `recentMs` after its exit (a
   * dynamic supervisor forgets a temporary child at once; the list keeps it a moment so the crash can be seen).
   * Scans the process table: meant for the few large groups the canvas collapses.
   */
  childrenOf(sup: number, recentMs = 2000): ChildEntry[] {
    let c = childIndex.get(this.d);
    if (!c || c.index !== this.index || c.t !== this.t || c.recentMs !== recentMs) {
      c = { index: this.index, t: this.t, recentMs, bySup: this.allChildren(recentMs) };
      childIndex.set(this.d, c);
    }
    return c.bySup.get(sup) ?? [];
  }
  private allChildren(recentMs: number): Map<number, ChildEntry[]> {
    const bySup = new Map<number, ChildEntry[]>();
    const procs = this.d.procs;
    procs.forEach((p) => {
      if (p.parent < 0 || p.restartedAs >= 0) return;
      let state: ChildEntry['state'];
      if (p.alive) state = this.givingUpAbove(p.pid) ? 'stopping' : 'running';
      else if (p.path !== null && this.d.paths.get(p.path)?.pid === p.pid) {
        const st = this.node(p.path).status;
        state = st === 'restarting' || st === 'terminated' ? st : 'dead';
      } else if (this.t - p.exitT <= recentMs) {
        const supAlive = procs.get(p.parent)?.alive ?? false;
        state = !supAlive || p.reason === null || !isNormalReason(p.reason) ? 'dead' : 'terminated';
      } else return;
      let out = bySup.get(p.parent);
      if (!out) bySup.set(p.parent, (out = []));
      out.push({ pid: p.pid, path: p.path, label: p.label, state, restarts: p.restarts, reason: p.reason });
    });
    return bySup;
  }
  /** A live supervisor above `pid` that gave up (its last decision was `intensity_exceeded`) and is shutting down. */
  private givingUpAbove(pid: number): boolean {
    let p = this.d.procs.get(pid);
    for (let guard = 0; p && p.parent >= 0 && guard < 256; guard++) {
      const up = this.d.procs.get(p.parent);
      if (!up) return false;
      if (up.alive && up.lastDecision === 'intensity_exceeded') return true;
      p = up;
    }
    return false;
  }

  /** Every top-level process of the design has started and is dead now (null: the store does not know the roots). */
  get applicationDown(): boolean | null {
    const roots = this.store.rootPaths;
    if (!roots || roots.length === 0) return null;
    return roots.every((r) => {
      const ps = this.d.paths.get(r);
      return !!ps && !this.d.procs.get(ps.pid)?.alive;
    });
  }

  node(path: string): NodeLive {
    const ps = this.d.paths.get(path);
    if (!ps) return NOT_STARTED;
    const p = this.d.procs.get(ps.pid)!;
    let status: NodeStatus;
    if (p.alive) {
      status = this.givingUpAbove(p.pid) ? 'stopping' : 'running';
      if (path.startsWith('load:') && this.applicationDown) status = 'stopped';
    } else {
      const sup = this.d.procs.get(ps.sup);
      const normal = p.reason !== null && isNormalReason(p.reason);
      const restart = this.store.restartOf(path);
      const willRestart = !!sup?.alive && sup.lastDecision !== 'intensity_exceeded' && !this.givingUpAbove(sup.pid) &&
        restart !== 'temporary' && !(restart === 'transient' && normal);
      status = willRestart ? 'restarting' : normal ? 'terminated' : 'dead';
    }
    return {
      status, pid: p.pid, label: p.label, generation: ps.generation, restarts: ps.restarts, mailbox: p.mailbox,
      children: p.children, intensity: p.maxRestarts >= 0 ? { restarts: p.windowRestarts, max: p.maxRestarts } : null,
      lastReason: ps.lastReason, notes: ps.notes,
    };
  }
}

export class TraceStore {
  private cap = 1024;
  private n = 0;
  private tCol = new Float64Array(this.cap);
  private typeCol = new Uint8Array(this.cap);
  private aCol = new Int32Array(this.cap);
  private bCol = new Int32Array(this.cap);
  private cCol = new Int32Array(this.cap);
  private dCol = new Int32Array(this.cap);
  private eCol = new Int32Array(this.cap);
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  private readonly snapshots: Snapshot[] = [];
  private readonly live: Derived;
  private sinceSnapshot = 0;
  private markerIdx: number[] = [];
  private markerKind: MarkerKind[] = [];
  private cache: { view: View; d: Derived } | null = null;
  private readonly known: Set<string> | null;
  private readonly snapshotMin: number;
  readonly restartOf: (path: string) => Restart;
  readonly rootPaths: readonly string[] | null;

  constructor(opts: StoreOptions = {}) {
    this.known = opts.knownPaths ? new Set(opts.knownPaths) : null;
    this.restartOf = opts.restartOf ?? (() => 'permanent');
    this.rootPaths = opts.rootPaths ?? null;
    this.snapshotMin = opts.snapshotMin ?? 4096;
    this.live = { procs: new ProcTable(), paths: new Map(), alive: 0, epoch: ++epochCounter };
    this.snapshots.push({ index: 0, procs: new ProcTable(), paths: new Map(), alive: 0 });
  }

  get length(): number {
    return this.n;
  }
  /** Virtual time of the last event (0 when empty). */
  get endTime(): number {
    return this.n === 0 ? 0 : this.tCol[this.n - 1];
  }
  get snapshotCount(): number {
    return this.snapshots.length;
  }

  // ---- writing ------------------------------------------------------------------------------------------------------

  /** Appends events (in order) and advances the live derivation. Each event's seq becomes its index + 1. */
  append(events: readonly RunEvent[]): void {
    if (this.n + events.length > this.cap) this.grow(this.n + events.length);
    for (const e of events) {
      const i = this.n;
      if (i > 0 && e.t < this.tCol[i - 1]) throw new Error(`Trace event ${e.seq} (${e.type}) goes back in time: ${e.t} < ${this.tCol[i - 1]}`);
      this.encode(i, e);
      this.n++;
      this.apply(this.live, i);
      this.mark(i);
      if (++this.sinceSnapshot >= Math.max(this.snapshotMin, 2 * this.live.paths.size)) this.snapshot();
    }
  }

  private grow(min: number): void {
    let cap = this.cap;
    while (cap < min) cap *= 2;
    const g = <A extends Float64Array | Uint8Array | Int32Array>(a: A): A => {
      const b = new (a.constructor as new (n: number) => A)(cap);
      b.set(a);
      return b;
    };
    this.tCol = g(this.tCol); this.typeCol = g(this.typeCol); this.aCol = g(this.aCol); this.bCol = g(this.bCol);
    this.cCol = g(this.cCol); this.dCol = g(this.dCol); this.eCol = g(this.eCol);
    this.cap = cap;
  }

  private str(s: string | null): number {
    if (s === null) return -1;
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.stringIds.set(s, id);
    }
    return id;
  }

  private encode(i: number, e: RunEvent): void {
    const code = CODE.get(e.type);
    if (code === undefined) throw new Error(`Unknown trace event type "${String(e.type)}"`);
    this.tCol[i] = e.t;
    this.typeCol[i] = code;
    let a = -1, b = -1, c = -1, d = -1, x = -1;
    switch (e.type) {
      case 'spawn': a = e.pid; b = e.parent ?? -1; c = this.str(e.label); break;
      case 'exit': a = e.pid; c = this.str(e.reason); break;
      case 'link': case 'unlink': a = e.a; b = e.b; break;
      case 'monitor': case 'demonitor': a = e.watcher; b = e.target; c = e.ref; break;
      case 'down': a = e.watcher; b = e.target; c = e.ref; d = this.str(e.reason); break;
      case 'signal': a = e.from; b = e.to; c = this.str(e.reason); d = this.str(e.outcome); break;
      case 'send': a = e.from ?? -1; b = e.to; c = this.str(e.msg); break;
      case 'receive': a = e.pid; c = this.str(e.msg); break;
      case 'restart': a = e.sup; b = e.pid ?? -1; c = this.str(e.child); d = e.old ?? -1; break;
      case 'intensity': a = e.sup; c = e.restarts; d = e.max; x = e.period; break;
      case 'decision': a = e.sup; c = this.str(e.decision); d = this.str(e.child); x = this.str(e.reason); break;
      case 'bind': a = e.pid; c = this.str(e.path); break;
      case 'note': c = this.str(e.event); d = this.str(e.data); x = this.str(e.path); break;
      case 'command': a = e.pid ?? -1; c = this.str(e.text); break;
    }
    this.aCol[i] = a; this.bCol[i] = b; this.cCol[i] = c; this.dCol[i] = d; this.eCol[i] = x;
  }

  /** The event at index i (0-based), rebuilt from the columns. */
  get(i: number): RunEvent {
    if (i < 0 || i >= this.n) throw new RangeError(`No event at index ${i} (the trace has ${this.n})`);
    const at = { seq: i + 1, t: this.tCol[i] };
    const a = this.aCol[i], b = this.bCol[i], c = this.cCol[i], d = this.dCol[i], x = this.eCol[i];
    const s = (id: number) => (id < 0 ? null : this.strings[id]);
    const ss = (id: number) => this.strings[id];
    const pidOrNull = (p: number) => (p < 0 ? null : p);
    const type = RUN_EVENT_TYPES[this.typeCol[i]];
    switch (type) {
      case 'spawn': return { ...at, type, pid: a, parent: pidOrNull(b), label: s(c) };
      case 'exit': return { ...at, type, pid: a, reason: ss(c) };
      case 'link': case 'unlink': return { ...at, type, a, b };
      case 'monitor': case 'demonitor': return { ...at, type, watcher: a, target: b, ref: c };
      case 'down': return { ...at, type, watcher: a, target: b, ref: c, reason: ss(d) };
      case 'signal': return { ...at, type, from: a, to: b, reason: ss(c), outcome: ss(d) };
      case 'send': return { ...at, type, from: pidOrNull(a), to: b, msg: ss(c) };
      case 'receive': return { ...at, type, pid: a, msg: ss(c) };
      case 'restart': return { ...at, type, sup: a, child: ss(c), old: pidOrNull(d), pid: pidOrNull(b) };
      case 'intensity': return { ...at, type, sup: a, restarts: c, max: d, period: x };
      case 'decision': return { ...at, type, sup: a, decision: ss(c), child: ss(d), reason: ss(x) };
      case 'bind': return { ...at, type, pid: a, path: ss(c) };
      case 'note': return { ...at, type, path: ss(x), event: ss(c), data: ss(d) };
      case 'command': return { ...at, type, pid: pidOrNull(a), text: ss(c) };
    }
  }

  timeOf(i: number): number {
    return i <= 0 ? 0 : this.tCol[Math.min(i, this.n) - 1];
  }
  typeOf(i: number): RunEventType {
    return RUN_EVENT_TYPES[this.typeCol[i]];
  }

  /** Number of events with t <= time (the index of the view "at" that time). */
  indexAtTime(time: number): number {
    let lo = 0, hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.tCol[mid] <= time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  // ---- derivation -----------------------------------------------------------------------------------------------------

  private own<X extends { e: number }>(d: Derived, x: X): X {
    return x.e === d.epoch ? x : { ...x, e: d.epoch };
  }
  private procW(d: Derived, pid: number): ProcState | undefined {
    const p = d.procs.get(pid);
    if (!p) return undefined;
    const w = this.own(d, p);
    if (w !== p) d.procs.set(pid, w, d.epoch);
    return w;
  }
  private pathW(d: Derived, path: string): PathState | undefined {
    const p = d.paths.get(path);
    if (!p) return undefined;
    const w = this.own(d, p);
    if (w !== p) d.paths.set(path, w);
    return w;
  }

  private bind(d: Derived, pid: number, path: string, sup: number): void {
    if (this.known && !this.known.has(path)) return;
    const p = this.procW(d, pid);
    if (!p) return;
    const prev = d.paths.get(path);
    if (prev && prev.pid === pid) return;
    p.path = path;
    d.paths.set(path, {
      path, pid, sup, generation: (prev?.generation ?? 0) + 1, restarts: prev ? prev.restarts + 1 : 0,
      crashes: prev?.crashes ?? 0, lastReason: prev?.lastReason ?? null, notes: prev?.notes ?? {}, e: d.epoch,
    });
  }

  private apply(d: Derived, i: number): void {
    const a = this.aCol[i], b = this.bCol[i], c = this.cCol[i];
    switch (this.typeCol[i]) {
      case T.spawn: {
        const label = c < 0 ? null : this.strings[c];
        d.procs.set(a, {
          pid: a, parent: b, label, path: null, alive: true, reason: null, spawnT: this.tCol[i], exitT: -1, mailbox: 0,
          children: 0, windowRestarts: 0, maxRestarts: -1, lastDecision: null, restartedAs: -1, restarts: 0, e: d.epoch,
        }, d.epoch);
        d.alive++;
        if (b >= 0) { const par = this.procW(d, b); if (par) par.children++; }
        if (label !== null) this.bind(d, a, label, -1); // bind() ignores labels outside the known paths
        break;
      }
      case T.exit: {
        const p = this.procW(d, a);
        if (!p || !p.alive) break;
        p.alive = false;
        p.reason = this.strings[c];
        p.exitT = this.tCol[i];
        p.mailbox = 0;
        d.alive--;
        if (p.parent >= 0) { const par = this.procW(d, p.parent); if (par) par.children--; }
        if (p.path !== null && d.paths.get(p.path)?.pid === a) {
          const ps = this.pathW(d, p.path)!;
          ps.lastReason = p.reason;
          if (!isNormalReason(p.reason)) ps.crashes++;
        }
        break;
      }
      case T.send: { const p = this.procW(d, b); if (p?.alive) p.mailbox++; break; }
      case T.signal: { // a trapped exit signal becomes a message
        if (this.strings[this.dCol[i]] !== 'message') break;
        const p = this.procW(d, b);
        if (p?.alive) p.mailbox++;
        break;
      }
      case T.receive: { const p = this.procW(d, a); if (p && p.mailbox > 0) p.mailbox--; break; }
      case T.down: { const p = this.procW(d, a); if (p?.alive) p.mailbox++; break; } // the DOWN message
      case T.restart: {
        if (b < 0) break;
        // the pid it replaces: from the event, else (the kernel's supervisors leave it out) the path's previous pid
        const childPath = d.procs.get(a)?.path;
        const prev = childPath != null ? d.paths.get(`${childPath}/${this.strings[c]}`)?.pid : undefined;
        const oldPid = this.dCol[i] >= 0 ? this.dCol[i] : prev !== undefined && prev !== b ? prev : -1;
        if (oldPid >= 0) {
          const old = this.procW(d, oldPid);
          const now = this.procW(d, b);
          if (old) old.restartedAs = b;
          if (old && now) now.restarts = old.restarts + 1;
        }
        const sup = d.procs.get(a);
        const child = this.strings[c];
        const path = sup?.path != null ? `${sup.path}/${child}` : null;
        if (path !== null) this.bind(d, b, path, a);
        break;
      }
      case T.intensity: {
        const p = this.procW(d, a);
        if (p) { p.windowRestarts = c; p.maxRestarts = this.dCol[i]; }
        break;
      }
      case T.decision: { const p = this.procW(d, a); if (p) p.lastDecision = this.strings[c]; break; }
      case T.bind: this.bind(d, a, this.strings[c], -1); break;
      case T.note: {
        const ps = this.pathW(d, this.strings[this.eCol[i]]);
        if (!ps) break;
        ps.notes = { ...ps.notes, [this.strings[c]]: this.strings[this.dCol[i]] };
        break;
      }
      default: break;
    }
  }

  private mark(i: number): void {
    const type = this.typeCol[i];
    let kind: MarkerKind | null = null;
    if (type === T.exit && !isNormalReason(this.strings[this.cCol[i]])) kind = 'crash';
    else if (type === T.restart && this.bCol[i] >= 0) {
      const path = this.live.procs.get(this.bCol[i])?.path;
      if (path != null && (this.live.paths.get(path)?.generation ?? 0) > 1) kind = 'restart';
    } else if (type === T.decision && this.strings[this.cCol[i]] === 'intensity_exceeded') kind = 'escalation';
    if (kind) {
      this.markerIdx.push(i);
      this.markerKind.push(kind);
    }
  }

  private snapshot(): void {
    const d = this.live;
    this.snapshots.push({ index: this.n, procs: d.procs.fork(), paths: new Map(d.paths), alive: d.alive });
    d.epoch = ++epochCounter; // from now on the live state clones before writing
    this.sinceSnapshot = 0;
  }

  /** The live state (after every event appended so far). */
  get liveView(): View {
    return new View(this.n, this.endTime, this.live, this);
  }

  /** The state after the first `index` events (0 = before anything happened). */
  viewAt(index: number): View {
    index = Math.max(0, Math.min(this.n, Math.floor(index)));
    if (index === this.n) return this.liveView;
    const c = this.cache;
    let d: Derived;
    let from: number;
    // nearest snapshot at or before index
    let lo = 0, hi = this.snapshots.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.snapshots[mid].index <= index) lo = mid;
      else hi = mid - 1;
    }
    const s = this.snapshots[lo];
    if (c && c.view.index <= index && c.view.index >= s.index) {
      // moving forward from the cached view (playback, forward scrub) is cheaper than a restore
      d = c.d;
      from = c.view.index;
    } else {
      d = { procs: s.procs.fork(), paths: new Map(s.paths), alive: s.alive, epoch: ++epochCounter };
      from = s.index;
    }
    for (let i = from; i < index; i++) this.apply(d, i);
    const view = new View(index, this.timeOf(index), d, this);
    this.cache = { view, d };
    return view;
  }

  /** The state at virtual time `time` (after every event at or before it). */
  viewAtTime(time: number): View {
    return this.viewAt(this.indexAtTime(time));
  }

  // ---- markers, search -------------------------------------------------------------------------------------------------

  markers(): { index: number; t: number; kind: MarkerKind }[] {
    return this.markerIdx.map((index, k) => ({ index, t: this.tCol[index], kind: this.markerKind[k] }));
  }

  /** Index of the first marker event of `kind` after (dir 1) or before (dir -1) event index `from`, or -1. */
  nextMarker(from: number, dir: 1 | -1, kind: MarkerKind = 'crash'): number {
    const idx = this.markerIdx;
    if (dir === 1) {
      for (let k = 0; k < idx.length; k++) if (idx[k] > from && this.markerKind[k] === kind) return idx[k];
    } else {
      for (let k = idx.length - 1; k >= 0; k--) if (idx[k] < from && this.markerKind[k] === kind) return idx[k];
    }
    return -1;
  }

  /**
   * Indices of events matching a filter, starting at `from` (inclusive), at most `limit`. `pids`: events concerning
   * one of them; `types`: of these kinds; `text`: case-insensitive substring of a printed field or the type name.
   */
  query(f: { pids?: ReadonlySet<number>; types?: ReadonlySet<RunEventType>; text?: string }, from = 0, limit = Infinity, dir: 1 | -1 = 1): number[] {
    const out: number[] = [];
    const typeOk = f.types ? RUN_EVENT_TYPES.map((t) => f.types!.has(t)) : null;
    let textIds: Set<number> | null = null;
    let typeText: boolean[] | null = null;
    if (f.text) {
      const q = f.text.toLowerCase();
      textIds = new Set();
      for (let k = 0; k < this.strings.length; k++) if (this.strings[k].toLowerCase().includes(q)) textIds.add(k);
      typeText = RUN_EVENT_TYPES.map((t) => t.includes(q));
    }
    const pids = f.pids;
    for (let i = from; dir === 1 ? i < this.n : i >= 0; i += dir) {
      const type = this.typeCol[i];
      if (typeOk && !typeOk[type]) continue;
      if (pids) {
        const a = this.aCol[i], b = this.bCol[i];
        const bIsPid = type !== T.intensity && type !== T.decision && type !== T.bind && type !== T.note && type !== T.command && type !== T.exit && type !== T.receive;
        if (!pids.has(a) && !(bIsPid && pids.has(b))) continue;
      }
      if (textIds) {
        const m = STR_COLS[type];
        const hit = typeText![type] || ((m & 1) !== 0 && textIds.has(this.cCol[i])) || ((m & 2) !== 0 && textIds.has(this.dCol[i])) || ((m & 4) !== 0 && textIds.has(this.eCol[i]));
        if (!hit) continue;
      }
      out.push(i);
      if (out.length >= limit) break;
    }
    return out;
  }

  /**
   * Design paths whose derived state may differ between events `from` and `to` (as seen in `view`), or null when
   * everything must be recomputed (a process with children exited: its children's restarting/dead status changes).
   */
  touched(from: number, to: number, view: View): Set<string> | null {
    const out = new Set<string>();
    const add = (pid: number) => {
      const p = view.proc(pid);
      if (!p) return;
      if (p.path !== null) out.add(p.path);
      const parent = view.proc(p.parent);
      if (parent?.path) out.add(parent.path);
    };
    for (let i = Math.max(0, from); i < Math.min(to, this.n); i++) {
      const type = this.typeCol[i];
      if (type === T.note) { out.add(this.strings[this.eCol[i]]); continue; }
      if (type === T.bind) out.add(this.strings[this.cCol[i]]);
      if (type === T.exit && (view.proc(this.aCol[i])?.children ?? 0) > 0) return null;
      if (type === T.decision && this.strings[this.cCol[i]] === 'intensity_exceeded') return null; // its subtree is stopping
      if (type === T.exit && (view.proc(this.aCol[i])?.parent ?? 0) < 0) return null; // a root: the application may be down
      if (type === T.exit) {
        const p = view.proc(this.aCol[i]);
        if (p?.path != null && view.path(p.path)?.sup !== undefined) { const sup = view.proc(view.path(p.path)!.sup); if (sup?.path) out.add(sup.path); }
      }
      add(this.aCol[i]);
      const bIsPid = type !== T.intensity && type !== T.decision && type !== T.bind && type !== T.command && type !== T.exit && type !== T.receive;
      if (bIsPid) add(this.bCol[i]);
    }
    return out;
  }

  /** Message counts between pids over events [from, to): key `from>to` (sends only; needs message tracing). */
  traffic(from: number, to: number): Map<string, number> {
    const m = new Map<string, number>();
    for (let i = Math.max(0, from); i < Math.min(to, this.n); i++) {
      if (this.typeCol[i] !== T.send || this.aCol[i] < 0) continue;
      const k = `${this.aCol[i]}>${this.bCol[i]}`;
      m.set(k, (m.get(k) ?? 0) + 1);
    }
    return m;
  }

  /** Every event, in order. */
  *events(from = 0, to = this.n): Generator<RunEvent> {
    for (let i = from; i < Math.min(to, this.n); i++) yield this.get(i);
  }
}
