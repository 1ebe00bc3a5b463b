// The run as the renderer sees it: the worker client, the trace store, the time cursor (live or a past instant),
// the watchdog, and a per-node status store the canvas subscribes to node by node. Plain TypeScript; React reads it
// through useSyncExternalStore (see hooks.ts). Trace batches are appended as they arrive; derived status is
// recomputed at most once per animation frame.
import { CompileError, compile, type RuntimeSpec } from '../../runtime/design/spec';
import type { DesignDocument } from '../../runtime/design/document';
import type { ChildSpec } from '../../runtime/design/spec';
import { RUN_EVENT_TYPES, eventLine, type RunEvent } from './events';
import { TraceStore, type NodeLive, type Restart, type View } from './trace-store';
import type { KernelClient } from './kernel-client';
import { runPaths, type CommandInput, type ProcessDetails, type RunCommand, type SuRun } from './session';
import { SURUN_VERSION } from '../../runtime/sim/recording';
import { Metrics } from './metrics';
import { Watchdog } from './watchdog';
import type { ProcessInfo } from './process-info';
import type { KernelCommands, LiveVerdict } from './protocol';

/** idle: no run; paused/playing: a run in the worker; stopped: the run ended (its trace stays to read and scrub,
 *  the nodes show no live status); failed/hung: the run ended on an error or was stopped by the watchdog. */
export type RunPhase = 'idle' | 'paused' | 'playing' | 'stopped' | 'failed' | 'hung';

/** A supervisor that gave up (its restart intensity was exceeded), as the escalation banner tells it. */
export interface Escalation {
  /** Index of the `decision intensity_exceeded` event (jump there with scrub(index + 1)). */
  index: number;
  t: number;
  sup: number;
  path: string;
  /** The child whose exit was one too many, and its reason. */
  child: string;
  reason: string;
  /** Restarts counted in the window (including the one refused) and the limit: `max` in `period` seconds. */
  restarts: number;
  max: number;
  period: number;
  /** Run time from the first restart counted in the window to the refused one (ms). */
  spanMs: number;
  /** Every top-level process is dead at the instant shown. */
  applicationDown: boolean;
}

export interface RunState {
  phase: RunPhase;
  seed: number;
  clock: 'virtual' | 'real';
  /** Virtual ms per real ms. */
  speed: number;
  /** The run's present (virtual ms). */
  now: number;
  /** Events in the store. */
  length: number;
  /** Time travel: the event index shown (null = live). */
  cursor: number | null;
  /** Why the run stopped (failed / hung), for people. Belongs to this run: a new run or document clears it. */
  message: string | null;
  /** Which run this is (bumped by every start, replay and discard). */
  run: number;
  /** The document the run (and its trace) belongs to (see bindTo); null when there is none. */
  owner: unknown;
  /** Bumped whenever the store or cursor changes (for panels that re-read the store). */
  version: number;
}

/** Per design node live status, with one subscription list per node. */
export class NodeStatusStore {
  private values = new Map<string, NodeLive>();
  private listeners = new Map<string, Set<() => void>>();
  private all = new Set<() => void>();

  subscribe = (nodeId: string, fn: () => void): (() => void) => {
    let set = this.listeners.get(nodeId);
    if (!set) this.listeners.set(nodeId, (set = new Set()));
    set.add(fn);
    return () => set!.delete(fn);
  };
  /** Listen to every change (edge heat, charts). */
  subscribeAll = (fn: () => void): (() => void) => {
    this.all.add(fn);
    return () => this.all.delete(fn);
  };
  get = (nodeId: string): NodeLive | undefined => this.values.get(nodeId);

  /** Recompute from a view (all paths, or only `only`); notifies only the nodes whose status changed. */
  update(view: View, nodeIdByPath: Record<string, string>, only?: Iterable<string> | null): number {
    let changed = 0;
    for (const path of only ?? Object.keys(nodeIdByPath)) {
      const id = nodeIdByPath[path];
      if (id === undefined) continue;
      const next = view.node(path);
      const prev = this.values.get(id);
      if (prev && sameLive(prev, next)) continue;
      this.values.set(id, next);
      changed++;
      this.listeners.get(id)?.forEach((f) => f());
    }
    if (changed) this.all.forEach((f) => f());
    return changed;
  }

  clear(): void {
    const ids = [...this.values.keys()];
    this.values.clear();
    for (const id of ids) this.listeners.get(id)?.forEach((f) => f());
    this.all.forEach((f) => f());
  }
}

function sameLive(a: NodeLive, b: NodeLive): boolean {
  return a.status === b.status && a.pid === b.pid && a.generation === b.generation && a.restarts === b.restarts &&
    a.mailbox === b.mailbox && a.children === b.children && a.lastReason === b.lastReason && a.notes === b.notes &&
    a.intensity?.restarts === b.intensity?.restarts && a.intensity?.max === b.intensity?.max;
}

function restartMap(spec: RuntimeSpec): Map<string, Restart> {
  const m = new Map<string, Restart>();
  const walk = (c: ChildSpec) => {
    m.set(c.path, c.restart);
    if ('children' in c) c.children.forEach(walk);
  };
  spec.roots.forEach(walk);
  return m;
}

export interface ControllerOptions {
  startWorker(): KernelClient;
  /** Silence allowed from a busy worker before it is stopped (ms). Default 4000. */
  budgetMs?: number;
  /** Per-frame scheduling (requestAnimationFrame in the app). */
  schedule?(fn: () => void): void;
}

export class RunController {
  readonly status = new NodeStatusStore();
  store: TraceStore | null = null;
  spec: RuntimeSpec | null = null;
  /** Bound path → design node id (processes and load sources). */
  paths: Record<string, string> = {};
  metrics = new Metrics(250);
  /** The recording saved last in this session (the toolbar's Replay uses it). */
  lastRecording: SuRun | null = null;
  private client: KernelClient | null = null;
  private state: RunState = { phase: 'idle', seed: 1, clock: 'virtual', speed: 1, now: 0, length: 0, cursor: null, message: null, run: 0, owner: null, version: 0 };
  private listeners = new Set<() => void>();
  private framePending = false;
  /** What the status store shows: from which store, up to which event, live or not. */
  private shown: { store: TraceStore | null; index: number; cursor: number | null } = { store: null, index: 0, cursor: null };
  private watchdog: Watchdog;
  private lastChunk: { from: number; to: number } = { from: 0, to: 0 };
  private commands: RunCommand[] = [];
  private busy = 0;
  private booted: Promise<void> = Promise.resolve();
  /** The run the worker's events belong to (its last `started` event). */
  private workerRun = -1;
  private offEvents: (() => void) | null = null;
  private readonly schedule: (fn: () => void) => void;

  constructor(private readonly opts: ControllerOptions) {
    this.schedule = opts.schedule ?? ((fn) => requestAnimationFrame(() => fn()));
    this.watchdog = this.makeWatchdog();
  }

  private makeWatchdog(): Watchdog {
    return new Watchdog({
      budgetMs: this.opts.budgetMs ?? 4000,
      onExpire: () => void this.onHang(),
      // silence is confirmed by a ping with the same budget: a worker that answers is busy, not stuck
      confirm: () => {
        const c = this.client;
        if (!c) return Promise.resolve(true);
        return c.request('ping', { nonce: Date.now() }, { timeoutMs: this.opts.budgetMs ?? 4000 }).then(() => true, () => false);
      },
    });
  }

  // ---- external store ------------------------------------------------------------------------------------------------

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };
  getState = (): RunState => this.state;
  /** A run is in the worker (paused or playing). */
  isLive(): boolean {
    return this.state.phase === 'playing' || this.state.phase === 'paused';
  }

  private set(patch: Partial<RunState>): void {
    this.state = { ...this.state, ...patch, version: this.state.version + 1 };
    this.listeners.forEach((f) => f());
  }

  /** The view being shown: the live one, or the instant under the cursor. */
  view(): View | null {
    if (!this.store) return null;
    return this.state.cursor === null ? this.store.liveView : this.store.viewAt(this.state.cursor);
  }

  private frame(): void {
    if (this.framePending) return;
    this.framePending = true;
    this.schedule(() => {
      this.framePending = false;
      const v = this.view();
      const store = this.store;
      if (this.state.phase === 'stopped' && this.state.cursor === null) {
        // a stopped run shows no live status (a past instant under the cursor is still shown)
        this.status.clear();
        this.shown = { store: null, index: 0, cursor: null };
      } else if (v && store) {
        // live and moving forward: only the paths the new events touched; otherwise everything
        const incremental = this.state.cursor === null && this.shown.cursor === null && this.shown.store === store && this.shown.index <= store.length;
        const only = incremental ? store.touched(this.shown.index, store.length, v) : null;
        this.status.update(v, this.paths, only);
        this.shown = { store, index: v.index, cursor: this.state.cursor };
      }
      this.set({ length: this.store?.length ?? 0 });
    });
  }

  // ---- worker ---------------------------------------------------------------------------------------------------------

  private ensureClient(): KernelClient {
    if (this.client) return this.client;
    const c = this.opts.startWorker();
    this.client = c;
    if (this.watchdog.hasExpired) this.watchdog = this.makeWatchdog();
    this.booted = c.request('version', undefined, { timeoutMs: 60_000 }).then(() => undefined);
    this.offEvents = c.onEvents((events) => {
      this.watchdog.beat();
      for (const ev of events) {
        if (ev.type === 'started') this.workerRun = ev.data.run;
        // events of an earlier run (still in flight when it was stopped or discarded) are not this run's
        if (this.workerRun !== this.state.run || !this.isLive()) continue;
        if (ev.type === 'trace') this.append(ev.data);
        else if (ev.type === 'clock') {
          this.set({ now: ev.data.now, phase: ev.data.playing ? 'playing' : 'paused' });
          if (!ev.data.playing && this.busy === 0) this.watchdog.disarm();
        } else if (ev.type === 'chunk') this.lastChunk = ev.data;
        // ('busy': a heartbeat from inside a long batch; the beat above is all it is for)
        else if (ev.type === 'failed') {
          this.watchdog.disarm();
          this.set({ phase: 'failed', message: ev.data.message });
        }
      }
    });
    return c;
  }

  private async request<K extends keyof import('./protocol').KernelCommands & string>(cmd: K, arg: import('./protocol').KernelCommands[K][0]): Promise<import('./protocol').KernelCommands[K][1]> {
    const c = this.ensureClient();
    await this.booted; // a worker's start-up (loading its code) is not a hang
    this.busy++;
    this.watchdog.arm();
    try {
      const r = await c.request(cmd, arg);
      this.watchdog.beat();
      return r;
    } finally {
      this.busy--;
      if (this.busy === 0 && this.state.phase !== 'playing') this.watchdog.disarm();
    }
  }

  private append(events: RunEvent[]): void {
    if (!this.store) return;
    this.store.append(events);
    if (this.waiters.size) for (const w of [...this.waiters]) for (const e of events) if (w.test(e)) { w.done(e); break; }
    this.frame();
  }

  private waiters = new Set<{ test(e: RunEvent): boolean; done(e: RunEvent | null): void }>();

  /** Resolves with the first event of this run from now on that passes `test` (a call's reply, a restart…), or null
   *  when the run ends first or `timeoutMs` of real time pass. Awaited on the trace, not polled. */
  nextEvent(test: (e: RunEvent) => boolean, timeoutMs = 10_000): Promise<RunEvent | null> {
    return new Promise((resolve) => {
      const run = this.state.run;
      const w = {
        test,
        done: (e: RunEvent | null) => {
          this.waiters.delete(w);
          clearTimeout(timer);
          off();
          resolve(e);
        },
      };
      const timer = setTimeout(() => w.done(null), timeoutMs);
      const off = this.subscribe(() => { if (this.state.run !== run || !this.isLive()) w.done(null); });
      this.waiters.add(w);
    });
  }

  private fresh(spec: RuntimeSpec): void {
    this.spec = spec;
    const restarts = restartMap(spec);
    this.paths = runPaths(spec);
    this.store = new TraceStore({ knownPaths: Object.keys(this.paths), restartOf: (p) => restarts.get(p) ?? 'permanent', rootPaths: spec.roots.map((r) => r.path) });
    this.metrics = new Metrics(250);
    this.commands = [];
    this.status.clear();
  }

  // ---- run controls ---------------------------------------------------------------------------------------------------

  /** Compiles the document and starts a run (paused at t = 0). Throws CompileError while the design has errors. */
  async run(doc: DesignDocument, opts: { seed?: number; clock?: 'virtual' | 'real' } = {}): Promise<void> {
    const spec = compile(doc); // throws CompileError with the diagnostics
    await this.startSpec(spec, opts);
  }

  async startSpec(spec: RuntimeSpec, opts: { seed?: number; clock?: 'virtual' | 'real' } = {}): Promise<void> {
    const seed = opts.seed ?? this.state.seed;
    const clock = opts.clock ?? this.state.clock;
    this.fresh(spec);
    this.set({ phase: 'paused', seed, clock, now: 0, cursor: null, message: null, length: 0, run: this.state.run + 1 });
    const r = await this.request('start', { spec, seed, clock, run: this.state.run });
    this.set({ now: r.now });
    this.frame();
  }

  async play(): Promise<void> {
    if (this.state.cursor !== null) this.set({ cursor: null }); // playing resumes the present
    this.watchdog.arm();
    this.set({ phase: 'playing' });
    await this.request('play', { speed: this.state.speed });
  }
  async pause(): Promise<void> {
    const r = await this.request('pause', undefined);
    this.set({ phase: 'paused', now: r.now });
  }
  async step(): Promise<void> {
    const r = await this.request('step', undefined);
    this.set({ phase: 'paused', now: r.now, cursor: null });
  }
  async advance(ms: number): Promise<void> {
    const r = await this.request('advance', { ms });
    this.set({ now: r.now });
  }
  async setSpeed(speed: number): Promise<void> {
    const s = Math.min(1000, Math.max(0.1, speed));
    this.set({ speed: s });
    if (this.client) await this.request('speed', { speed: s });
  }
  /** Start the same design again from t = 0 (same seed unless given). */
  async reset(seed?: number): Promise<void> {
    if (!this.spec) return;
    await this.startSpec(this.spec, { seed: seed ?? this.state.seed });
  }
  setSeed(seed: number): void {
    if (!Number.isInteger(seed) || seed < 0) throw new Error(`A seed is a whole number of 0 or more, got ${seed}`);
    this.set({ seed });
  }
  setClock(clock: 'virtual' | 'real'): void {
    this.set({ clock });
  }

  async command(c: CommandInput): Promise<void> {
    const r = await this.request('command', c);
    this.commands.push({ ...c, at: r.now } as RunCommand);
  }

  /** The commands applied to this run so far, with their times (the test panel's "Expect this" reads them). */
  appliedCommands(): readonly RunCommand[] {
    return this.commands;
  }

  async inspect(ref: string | number): Promise<ProcessDetails | null> {
    if (!this.client || this.state.phase === 'hung') return null;
    return this.request('inspect', { ref });
  }

  /** The process panel's live view of a process (null when there is no live run or no such process). */
  async processInfo(ref: string | number): Promise<ProcessInfo | null> {
    if (!this.client || !this.isLive()) return null;
    return this.request('process', { ref });
  }

  /** Checks groups of expectations against the live run (lesson tasks); null when nothing is live. */
  async checkLive(checks: KernelCommands['check'][0]['checks']): Promise<LiveVerdict[] | null> {
    if (!this.client || !this.isLive()) return null;
    return this.request('check', { checks });
  }

  async recording(name: string): Promise<SuRun> {
    return this.request('recording', { name });
  }

  /** Replays a recording (from a file or the document) and shows its trace. */
  async replay(rec: SuRun, spec?: RuntimeSpec): Promise<void> {
    const s = spec ?? rec.spec ?? this.spec;
    if (!s) throw new Error(`Recording "${rec.name}" has no design with it; open its design and run it first.`);
    this.fresh(s);
    this.set({ phase: 'paused', seed: rec.seed, now: 0, cursor: null, message: null, length: 0, run: this.state.run + 1 });
    const r = await this.request('replay', { spec: s, rec, run: this.state.run });
    this.set({ now: r.now });
    this.frame();
  }

  /** Ends the run. Its trace stays (to read, scrub and export) but nothing is live any more: the nodes lose their
   *  status and the watchdog has nothing to watch. */
  async stop(): Promise<void> {
    const live = this.isLive();
    this.watchdog.disarm(); // stopping is not a hang, however long the run was
    if (live) this.set({ phase: 'stopped', cursor: null });
    this.frame();
    const c = this.client;
    if (c) await c.request('stop', undefined, { timeoutMs: this.opts.budgetMs ?? 4000 }).catch(() => this.restartWorker());
  }

  /** The document the next run belongs to. A different owner than the current run's discards that run. */
  bindTo(owner: unknown): void {
    if (owner === this.state.owner) return;
    if (this.store || this.state.phase !== 'idle') this.discard();
    this.set({ owner });
  }

  /** Forgets the run: stops it in the worker, drops its trace, status, messages and cursor (New, Open, a template). */
  discard(): void {
    this.watchdog.disarm();
    const c = this.client;
    if (c && this.isLive()) void c.request('stop', undefined, { timeoutMs: this.opts.budgetMs ?? 4000 }).catch(() => this.restartWorker());
    if (this.state.phase === 'hung') this.restartWorker(); // a diagnosis may still be under way: it belongs to the old run
    this.store = null;
    this.spec = null;
    this.paths = {};
    this.metrics = new Metrics(250);
    this.commands = [];
    this.lastChunk = { from: 0, to: 0 };
    this.shown = { store: null, index: 0, cursor: null };
    this.status.clear();
    this.set({ phase: 'idle', now: 0, length: 0, cursor: null, message: null, run: this.state.run + 1 });
  }

  private restartWorker(): void {
    this.offEvents?.();
    this.offEvents = null;
    this.client?.terminate();
    this.client = null;
    this.watchdog = this.makeWatchdog();
  }

  dispose(): void {
    this.watchdog.disarm();
    this.offEvents?.();
    this.client?.terminate();
    this.client = null;
  }

  // ---- time travel ----------------------------------------------------------------------------------------------------

  /** Show the instant after event `index` events (null = live). */
  scrub(index: number | null): void {
    if (!this.store) return;
    const cursor = index === null || index >= this.store.length ? null : Math.max(0, Math.floor(index));
    this.set({ cursor });
    this.frame();
  }
  scrubToTime(t: number): void {
    if (this.store) this.scrub(this.store.indexAtTime(t));
  }
  /** Move to the next/previous crash from the cursor; returns false when there is none. */
  jumpToCrash(dir: 1 | -1): boolean {
    if (!this.store) return false;
    const at = this.state.cursor ?? this.store.length;
    const i = this.store.nextMarker(dir === 1 ? at - 1 : at - 1, dir);
    if (i < 0) return false;
    this.scrub(i + 1);
    return true;
  }

  // ---- escalation ----------------------------------------------------------------------------------------------------

  /** The supervisors that gave up, up to the instant shown (oldest first). */
  escalations(): Escalation[] {
    const store = this.store;
    const v = this.view();
    if (!store || !v) return [];
    const end = this.state.cursor ?? store.length;
    const down = v.applicationDown ?? false;
    const out: Escalation[] = [];
    for (const m of store.markers()) {
      if (m.kind !== 'escalation' || m.index >= end) continue;
      const e = store.get(m.index);
      if (e.type !== 'decision') continue;
      const path = v.proc(e.sup)?.path ?? `pid ${e.sup}`;
      // the intensity events the supervisor emitted before deciding (newest first): the last one holds the count
      const ints = store.query({ types: new Set(['intensity']), pids: new Set([e.sup]) }, m.index, 256, -1)
        .map((i) => store.get(i)).filter((x): x is Extract<RunEvent, { type: 'intensity' }> => x.type === 'intensity');
      const last = ints[0];
      const restarts = last?.restarts ?? 0;
      const first = ints.slice(0, Math.max(1, restarts)).at(-1);
      out.push({
        index: m.index, t: e.t, sup: e.sup, path, child: e.child, reason: e.reason, restarts, max: last?.max ?? 0,
        period: last?.period ?? 0, spanMs: first ? e.t - first.t : 0, applicationDown: down,
      });
    }
    return out;
  }

  // ---- export ---------------------------------------------------------------------------------------------------------

  exportJSON(): string {
    const events = this.store ? [...this.store.events()] : [];
    return JSON.stringify({ format: 'suptrace', version: 1, seed: this.state.seed, events }, null, 0);
  }

  exportCSV(): string {
    const cols = ['seq', 't', 'type', 'pid', 'other', 'detail'];
    const rows = [cols.join(',')];
    const q = (v: unknown) => {
      const s = v === null || v === undefined ? '' : String(v);
      return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    };
    if (this.store) {
      for (const e of this.store.events()) {
        const line = eventLine(e).split(' ').slice(3).join(' ');
        const [pid, other] = pidPair(e);
        rows.push([e.seq, e.t, e.type, pid, other, line].map(q).join(','));
      }
    }
    return rows.join('\n') + '\n';
  }

  // ---- watchdog -------------------------------------------------------------------------------------------------------

  private async onHang(): Promise<void> {
    const run = this.state.run;
    const chunk = this.lastChunk;
    const spec = this.spec;
    const seed = this.state.seed;
    const commands = this.commands.slice();
    this.offEvents?.();
    this.client?.terminate();
    this.client = null;
    const base = `The run stopped answering while running virtual time ${Math.round(chunk.from)}–${Math.round(chunk.to)} ms, so it was stopped.`;
    this.set({ phase: 'hung', message: `${base} Finding the handler that did not return…` });
    if (!spec || this.state.clock !== 'virtual') {
      this.set({ message: `${base} Your design is unchanged; press Run to start again.` });
      return;
    }
    const where = await diagnose(this.opts.startWorker, spec, { format: 'suprun', version: SURUN_VERSION, name: 'hang', seed, clock: 'virtual', durationMs: chunk.from, commands }, chunk, this.opts.budgetMs ?? 4000);
    if (this.state.run !== run) return; // the run was discarded meanwhile: the message belonged to it
    this.set({ message: `${base} ${where} Your design is unchanged; press Run to start again.` });
  }
}

/** Replays up to a hung stretch in a fresh worker and reports the last handler entered before it went silent. */
async function diagnose(startWorker: () => KernelClient, spec: RuntimeSpec, rec: SuRun, chunk: { from: number; to: number }, budgetMs: number): Promise<string> {
  const w = startWorker();
  let last: { path: string | null; pid: number; what: string; t: number } | null = null;
  const off = w.onEvents((evs) => {
    for (const e of evs) if (e.type === 'entering') last = e.data;
  });
  try {
    await w.request('version', undefined, { timeoutMs: 60_000 });
  } catch {
    w.terminate();
    return 'The handler could not be found (the diagnosis worker did not start).';
  }
  try {
    await w.request('diagnose', { spec, rec, from: chunk.from, to: chunk.to }, { timeoutMs: budgetMs });
    return 'Running it again, every handler returned (the worker may have been too busy rather than stuck).';
  } catch {
    const l = last as { path: string | null; pid: number; what: string; t: number } | null;
    if (!l) return 'The handler could not be found.';
    return `The handler that did not return: ${l.path ?? `pid ${l.pid}`} (pid ${l.pid}) in ${l.what} at ${Math.round(l.t)} ms.`;
  } finally {
    off();
    w.terminate();
  }
}

function pidPair(e: RunEvent): [number | null, number | null] {
  switch (e.type) {
    case 'spawn': return [e.pid, e.parent];
    case 'exit': case 'receive': case 'bind': return [e.pid, null];
    case 'link': case 'unlink': return [e.a, e.b];
    case 'monitor': case 'demonitor': case 'down': return [e.watcher, e.target];
    case 'signal': return [e.from, e.to];
    case 'send': return [e.from, e.to];
    case 'restart': return [e.sup, e.pid];
    case 'intensity': case 'decision': return [e.sup, null];
    case 'note': return [null, null];
    case 'command': return [e.pid, null];
  }
}

export { CompileError, RUN_EVENT_TYPES };
