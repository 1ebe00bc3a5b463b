// Starting a RuntimeSpec on a Kernel, running scenario commands against it, and summarising what happened.
//
// Every process that runs for a design node is *bound* to it when it starts (workers in their init, supervisors and
// registries when their start returns), so the run keeps `pid ↔ node` for every generation of every node. Roots are
// started from the host process (the host is their parent, like an application master), load sources run as
// unsupervised processes, and commands are host timers at virtual times. Nothing here is a separate model of OTP:
// restarts, escalations and deaths are read from the kernel's trace.
import {
  Kernel, Later, Op, exitReasonOf, fmt, isTagged, kont, sequence, traceLine,
  type Labeler, type Proc, type Term, type TraceEvent,
} from '../kernel/index';
import {
  DynamicSupervisor, GenServer, Registry, Supervisor,
  type ChildSpec as OtpChildSpec, type DynamicSupervisorInit, type GenServerModule, type SupervisorInit,
} from '../otp/index';
import { defaultParams, getBehaviour } from '../behaviours/catalog';
import { behaviourResolver, type Behaviour, type BehaviourEnv, type ChildOptions } from '../behaviours/index';
import { load_source, type LoadParams } from '../behaviours/load_source';
import type { ChildSpec, LoadSourceSpec, Registration, RuntimeSpec, SpecCommand } from '../design/spec';
import { jsonToTerm } from './terms';
import { Chaos, applyCommand, type CommandHost, type Outcome } from './commands';
import { LiveSet } from './live-set';
import { dict } from '../dict';

export interface SimOptions {
  seed?: number;
  clock?: 'virtual' | 'real';
  /** Record send/receive events too (bigger traces). */
  traceMessages?: boolean;
  /** A scenario without `untilMs` runs until its last command plus this (default 2000 ms). */
  settleMs?: number;
  /** Start the design's load sources (default true; blast radius leaves them off to see one failure alone). */
  loads?: boolean;
  /** Keep the whole trace (default true). false keeps only what the summary needs (exits, supervisor decisions):
   *  less memory for long or many runs (campaigns, a live run whose trace is stored elsewhere). */
  keepTrace?: boolean;
}

interface NodeInfo {
  nodeId: string;
  path: string;
  name: string;
  kind: string;
  behaviour?: string;
  /** Child paths (supervisors). */
  children: string[];
  root: boolean;
  /** Started by a static supervisor: the trace's `restart` event names it (others need a bind of their own). */
  named?: boolean;
}

export interface CallRecord {
  /** Order in which the calls were made. */
  seq: number;
  /** Virtual time the call was made / answered. */
  at: number;
  doneAt: number;
  target: string;
  message: string;
  /** false when the call exited (timeout, noproc, the server died). */
  ok: boolean;
  /** The reply, or the exit reason, printed as Elixir (`:timeout`, not the whole exit). */
  result: string;
  /** A failed call's whole exit, as OTP's caller gets it (`{:timeout, {GenServer, :call, [pid, msg, ms]}}`). */
  exit?: string;
  value: Term;
}
export interface Note {
  t: number;
  nodeId: string;
  event: string;
  data: Record<string, string | number | boolean | null>;
  /** The data as the behaviour gave it (terms), for the exports' event lines (codegen/events.ts). */
  terms?: Record<string, Term>;
}
export interface NodeSummary {
  nodeId: string;
  path: string;
  /** Processes started for the node (first start + restarts + fresh starts by a restarted parent). */
  starts: number;
  /** starts - 1: every start after the first (by its supervisor, or as a fresh child of a restarted parent). */
  restarts: number;
  exits: { t: number; reason: string }[];
  status: 'running' | 'stopped' | 'never_started';
}
export interface Escalation {
  t: number;
  /** The supervisor that gave up. */
  nodeId: string;
  child: string;
  reason: string;
}
export interface RunSummary {
  endMs: number;
  nodes: Record<string, NodeSummary>;
  escalations: Escalation[];
  /** A root supervisor gave up (exceeded its restart intensity). */
  rootGaveUp: boolean;
  counters: Record<string, Record<string, number>>;
  /** Answered calls, in the order they were made. */
  calls: CallRecord[];
  /** Calls still waiting for an answer when the run ended. */
  unanswered: { seq: number; at: number; target: string; message: string }[];
  notes: Note[];
}
export interface RunResult {
  trace: TraceEvent[];
  /** The trace as deterministic text lines (pids labelled with node paths). */
  lines: string[];
  summary: RunSummary;
}

export const DEFAULT_SETTLE_MS = 2000;

const plain = (v: unknown): string | number | boolean | null =>
  v === null || v === undefined ? null : typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' ? v : fmt(v as Term);

export class Simulation implements CommandHost {
  readonly kernel: Kernel;
  /** The trace so far (only exits and decisions with `keepTrace: false`). */
  readonly trace: TraceEvent[] = [];
  readonly notes: Note[] = [];
  /** Answered scenario calls, in the order the answers came. */
  readonly calls: CallRecord[] = [];
  private readonly unanswered = new Map<number, RunSummary['unanswered'][number]>();
  private callSeq = 0;
  readonly counters: Record<string, Record<string, number>> = dict();
  /** pid id → node id, for every process ever bound. */
  readonly pidNode = new Map<number, string>();
  private readonly current = new Map<string, Proc>();
  /** Processes whose init has finished (a slow init is bound at once but not ready). */
  private readonly ready = new WeakSet<Proc>();
  private readonly starts = new Map<string, number>();
  private readonly dynamicCount = new Map<string, number>();
  private readonly byPath = new Map<string, NodeInfo>();
  private readonly byName = new Map<string, NodeInfo>();
  private readonly byId = new Map<string, NodeInfo>();
  /** How each design process node is registered (what its name reaches). */
  private readonly registrationOf = new Map<string, Registration>();
  private readonly resolve: (id: string) => Behaviour;
  private readonly modules = new Map<string, GenServerModule>();
  private readonly envs = new Map<string, BehaviourEnv>();
  private readonly loadProcs = new Map<string, Proc>();
  private readonly settleMs: number;
  /** The run's random kills (their own stream from the seed: runtime/sim/commands.ts). */
  readonly chaos: Chaos;
  /** The design's workers in design order (chaos victims), their slots, and which of them run now. */
  private readonly workerIds: string[] = [];
  private readonly workerSlot = new Map<string, number>();
  private readonly runningWorkers: LiveSet;
  /** Where the kernel's trace was (kernel.traceCount()) when a note was made, a call answered or a pid bound: a
   *  reader places each right after that trace event, so its position does not depend on when it was read. */
  readonly traceMark = new WeakMap<object, number>();
  /** The order notes were made and calls answered, across both lists (two of them can share a trace mark). */
  readonly recordOrder = new WeakMap<object, number>();
  private records = 0;
  /** The pid a call went to (null: nothing ran under its target when it was made). */
  readonly callee = new WeakMap<CallRecord, number | null>();
  private readonly bindMarks: { t: number; after: number; named: boolean }[] = [];
  /** pids in the order they were bound (readers keep their own cursor; see `boundSince`). */
  private readonly bindLog: number[] = [];
  private started = false;
  private readonly loads: boolean;
  readonly labeler: Labeler = {
    pid: (p) => {
      const n = this.pidNode.get(p.id);
      return n === undefined ? undefined : `#PID<${this.byId.get(n)?.path ?? n}.${p.id}>`;
    },
  };

  constructor(
    readonly spec: RuntimeSpec,
    opts: SimOptions = {},
  ) {
    this.kernel = new Kernel({ clock: opts.clock ?? 'virtual', seed: opts.seed ?? 1, traceMessages: opts.traceMessages });
    this.chaos = new Chaos(opts.seed ?? 1);
    const all = opts.keepTrace ?? true;
    this.kernel.subscribe((batch) => {
      for (const e of batch) {
        if (e.type === 'exit') this.workerExited(e.pid);
        if (all || e.type === 'exit' || e.type === 'decision') this.trace.push(e);
      }
    });
    this.settleMs = opts.settleMs ?? DEFAULT_SETTLE_MS;
    this.loads = opts.loads ?? true;
    this.resolve = behaviourResolver(spec.customBehaviours);
    const index = (c: ChildSpec, root: boolean, named = false) => {
      this.registrationOf.set(c.nodeId, c.registration);
      const info: NodeInfo = {
        nodeId: c.nodeId, path: c.path, name: c.id, kind: c.kind, root, named,
        behaviour: c.kind === 'worker' ? c.behaviour : undefined,
        children: 'children' in c ? c.children.map((x) => x.path) : [],
      };
      this.addNode(info);
      if ('children' in c) c.children.forEach((x) => index(x, false, c.kind === 'supervisor'));
    };
    spec.roots.forEach((r) => index(r, true));
    // compile the custom behaviours the design uses now, so a syntax error is reported here (with its line), not as
    // the crash of whichever supervisor would start the worker
    for (const info of this.byId.values()) if (info.behaviour !== undefined) this.resolve(info.behaviour);
    for (const l of spec.loadSources) this.addNode({ nodeId: l.nodeId, path: l.name, name: l.name, kind: 'load_source', children: [], root: false });
    for (const info of this.byId.values()) {
      if (info.kind !== 'worker') continue;
      this.workerSlot.set(info.nodeId, this.workerIds.length);
      this.workerIds.push(info.nodeId);
    }
    this.runningWorkers = new LiveSet(this.workerIds.length);
  }

  private addNote(n: Note): void {
    this.traceMark.set(n, this.kernel.traceCount());
    this.recordOrder.set(n, this.records++);
    this.notes.push(n);
  }

  /** A process ended (from the trace): if it was the current process of a design worker, that worker is down. */
  private workerExited(pid: number): void {
    const id = this.pidNode.get(pid);
    if (id === undefined) return;
    const slot = this.workerSlot.get(id);
    if (slot !== undefined && this.current.get(id)?.id === pid) this.runningWorkers.set(slot, false);
  }

  private addNode(info: NodeInfo): void {
    this.byId.set(info.nodeId, info);
    this.byPath.set(info.path, info);
    if (!this.byName.has(info.name)) this.byName.set(info.name, info);
  }

  /** A node by path, name or node id. */
  node(ref: string): NodeInfo | undefined {
    return this.byPath.get(ref) ?? this.byName.get(ref) ?? this.byId.get(ref);
  }

  /** The live process of a node (path, name or id — also the id of a child started at run time), if it runs now;
   *  `#<pid>` names a bound process by its pid number (a run's UI targets a dynamic child that way). */
  pidOf(ref: string): Proc | undefined {
    const n = this.node(ref);
    if (!n && ref.startsWith('#') && /^#\d+$/.test(ref)) return this.boundPid(Number(ref.slice(1)));
    const p = this.current.get(n ? n.nodeId : ref);
    return p && p.alive ? p : undefined;
  }

  /** A live process bound to a node (design or dynamic child) by its pid number. */
  boundPid(id: number): Proc | undefined {
    const nodeId = this.pidNode.get(id);
    const p = nodeId === undefined ? undefined : this.current.get(nodeId);
    return p && p.id === id && p.alive ? p : undefined;
  }

  /** Node ids of the design's process nodes, in start order. */
  processNodeIds(): string[] {
    return [...this.byId.values()].filter((n) => n.kind !== 'load_source').map((n) => n.nodeId);
  }

  /** The pids bound since `from` (an index into the bind order; pass the returned `next` next time). */
  boundSince(from: number): { pids: readonly number[]; marks: readonly { t: number; after: number; named: boolean }[]; next: number } {
    return { pids: this.bindLog.slice(from), marks: this.bindMarks.slice(from), next: this.bindLog.length };
  }

  /** The node's process runs and has finished its init. */
  isReady(ref: string): boolean {
    const p = this.pidOf(ref);
    return p !== undefined && this.ready.has(p);
  }

  private bind(nodeId: string, pid: Proc, ready = true): void {
    if (ready) this.ready.add(pid);
    this.current.set(nodeId, pid);
    this.pidNode.set(pid.id, nodeId);
    this.bindLog.push(pid.id);
    this.bindMarks.push({ t: this.kernel.now(), after: this.kernel.traceCount(), named: this.byId.get(nodeId)?.named ?? false });
    const slot = this.workerSlot.get(nodeId);
    if (slot !== undefined) this.runningWorkers.set(slot, pid.alive);
    this.starts.set(nodeId, (this.starts.get(nodeId) ?? 0) + 1);
  }

  // ---- starting ---------------------------------------------------------------------------------------------------

  private envFor(info: NodeInfo, params: Record<string, unknown>): BehaviourEnv {
    let env = this.envs.get(info.nodeId);
    if (env) return env;
    const counters = (this.counters[info.nodeId] ??= {});
    env = {
      nodeId: info.nodeId,
      name: info.name,
      params,
      calls: this.spec.calls.filter((c) => c.from === info.path).map((c) => c.to),
      monitors: this.spec.monitors.filter((m) => m.watcher === info.path).map((m) => m.target),
      pidOf: (ref) => this.pidOf(ref),
      whereName: (ref) => this.resolveName(ref),
      nameOf: (pid) => {
        const id = this.pidNode.get(pid.id);
        return id === undefined ? undefined : (this.byId.get(id)?.name ?? id);
      },
      childrenOf: (ref) => this.node(ref)?.children ?? [],
      kindOf: (ref) => {
        const n = this.node(ref);
        return n && { kind: n.kind, behaviour: n.behaviour };
      },
      startChild: (sup, behaviour, p, opts) => this.startDynamicChild(sup, behaviour, p, opts),
      lookup: (key) => this.registryLookup(key),
      note: (event, data = {}) => {
        const d: Note['data'] = dict();
        for (const k of Object.keys(data)) d[k] = plain(data[k]);
        this.addNote({ t: this.kernel.now(), nodeId: info.nodeId, event, data: d, terms: { ...data } as Record<string, Term> });
      },
      count: (name, by = 1) => {
        counters[name] = (counters[name] ?? 0) + by;
      },
      counters: () => counters,
    };
    this.envs.set(info.nodeId, env);
    return env;
  }

  /** The behaviour of a node, wrapped so its process binds itself and wires the node's link/monitor edges. */
  private moduleFor(info: NodeInfo, beh: Behaviour): GenServerModule {
    let mod = this.modules.get(info.nodeId);
    if (mod) return mod;
    const bind = (self: Proc) => this.bind(info.nodeId, self, false);
    const markReady = (self: Proc) => this.ready.add(self);
    const pidOf = (ref: string) => this.pidOf(ref);
    const links = this.spec.links.flatMap((l) => (l.a === info.path ? [l.b] : l.b === info.path ? [l.a] : []));
    // a watcher makes the monitors of its edges itself (by name, a `:noproc` DOWN for a target that does not run, again
    // after a restart); any other process gets its edges' monitors at start
    const monitors = info.behaviour === 'watcher' ? [] : this.spec.monitors.filter((m) => m.watcher === info.path).map((m) => m.target);
    mod = {
      ...beh,
      init(env: BehaviourEnv, self: Proc) {
        bind(self);
        for (const other of links) {
          const p = pidOf(other);
          if (p) self.link(p);
        }
        for (const target of monitors) {
          const p = pidOf(target);
          if (p) self.monitor(p);
        }
        const r = beh.init(env, self);
        if (r instanceof Later) return r.then((v) => (markReady(self), v));
        markReady(self);
        return r;
      },
    };
    this.modules.set(info.nodeId, mod);
    return mod;
  }

  private nameOf(r: Registration): Term | undefined {
    if (r.kind === 'name') return r.name;
    if (r.kind === 'registry' && r.registryName) return Registry.via(r.registryName, r.key);
    return undefined;
  }

  private boundStart(nodeId: string, start: Later<Term>): Later<Term> {
    return start.then((r) => {
      if (isTagged(r, 'ok') && r[1] && typeof r[1] === 'object') this.bind(nodeId, r[1] as Proc);
      return r;
    });
  }

  /** The OTP child spec of a design child. */
  private otpChild(c: ChildSpec): OtpChildSpec {
    const base = { id: c.id, restart: c.restart, shutdown: c.shutdown, type: c.type, significant: c.significant };
    const info = this.byId.get(c.nodeId)!;
    const name = this.nameOf(c.registration) as never;
    switch (c.kind) {
      case 'worker': {
        const mod = this.moduleFor(info, this.resolve(c.behaviour));
        const env = this.envFor(info, c.params);
        return { ...base, start: () => GenServer.startLink(mod, env, { name }) };
      }
      case 'supervisor':
        return {
          ...base,
          start: () => this.boundStart(c.nodeId, Supervisor.startLink(() => this.supervisorInit(c), undefined, { name })),
        };
      case 'dynamic_supervisor':
      case 'task_supervisor':
        return {
          ...base,
          start: () => this.boundStart(c.nodeId, DynamicSupervisor.startLink(this.dynamicInit(c), { name })).then((r): Term | Later<Term> => {
            if (!isTagged(r, 'ok')) return r;
            const pid = r[1] as Proc;
            return sequence(c.children.map((x) => () => DynamicSupervisor.startChild(pid, this.otpChild(x)))).then((): Term => r);
          }),
        };
      case 'registry':
        return { ...base, start: () => this.boundStart(c.nodeId, Registry.startLink({ keys: c.keys, name: c.id })) };
    }
  }

  private supervisorInit(c: Extract<ChildSpec, { kind: 'supervisor' }>): SupervisorInit {
    return {
      strategy: c.strategy, maxRestarts: c.intensity, maxSeconds: c.period, autoShutdown: c.autoShutdown,
      children: c.children.map((x) => this.otpChild(x)),
    };
  }

  private dynamicInit(c: Extract<ChildSpec, { kind: 'dynamic_supervisor' | 'task_supervisor' }>): DynamicSupervisorInit {
    return { maxChildren: c.maxChildren === 'infinity' ? undefined : c.maxChildren, maxRestarts: c.intensity, maxSeconds: c.period };
  }

  private startDynamicChild(supRef: string, behaviour: string, params: Record<string, unknown>, opts: ChildOptions = {}): Later<Term> {
    const sup = this.node(supRef);
    const supPid = sup && this.pidOf(sup.nodeId);
    if (!sup || !supPid) return Later.of(['error', 'noproc']);
    const n = (this.dynamicCount.get(sup.nodeId) ?? 0) + 1;
    this.dynamicCount.set(sup.nodeId, n);
    // not a design node: it gets a path-like id under its supervisor (its counters and notes use it)
    const id = `${sup.path}/${opts.key ?? `${behaviour}_${n}`}`;
    const info: NodeInfo = { nodeId: id, path: id, name: opts.key ?? behaviour, kind: 'worker', behaviour, children: [], root: false };
    const info0 = getBehaviour(behaviour);
    const env = this.envFor(info, { ...(info0 ? defaultParams(info0.fields) : {}), ...params });
    const reg = this.spec.registries[0];
    const name = opts.key !== undefined && reg ? Registry.via(reg.name, opts.key) : undefined;
    const mod = this.moduleFor(info, this.resolve(behaviour));
    return DynamicSupervisor.startChild(supPid, {
      id: undefined, restart: opts.restart ?? 'permanent', shutdown: 5000, type: 'worker',
      start: () => GenServer.startLink(mod, env, { name }),
    });
  }

  /** Start the roots (in order; the host is their parent, like OTP's application master) and the load sources.
   *  Virtual time does not move until run/advance. */
  start(): this {
    if (this.started) return this;
    this.started = true;
    const k = this.kernel;
    for (const c of this.spec.roots) {
      const opts = { name: this.nameOf(c.registration) as never, link: true };
      const info = this.byId.get(c.nodeId)!;
      switch (c.kind) {
        case 'worker':
          GenServer.spawn(k, this.moduleFor(info, this.resolve(c.behaviour)), this.envFor(info, c.params), opts);
          break;
        case 'supervisor':
          this.bind(c.nodeId, Supervisor.spawn(k, () => this.supervisorInit(c), undefined, opts));
          break;
        case 'dynamic_supervisor':
        case 'task_supervisor': {
          const pid = DynamicSupervisor.spawn(k, this.dynamicInit(c), opts);
          this.bind(c.nodeId, pid);
          const children = c.children.map((x) => this.otpChild(x));
          if (children.length) {
            k.spawn({
              init: (self: Proc) => sequence(children.map((x) => () => DynamicSupervisor.startChild(pid, x))).then(() => self.kernel.die(self, 'normal')),
            }, undefined, { label: `start:${c.path}` });
          }
          break;
        }
        case 'registry':
          this.bind(c.nodeId, Registry.spawn(k, { keys: c.keys, name: c.id }));
          break;
      }
      k.runReady();
    }
    if (this.loads) for (const l of this.spec.loadSources) this.startLoad(l);
    return this;
  }

  private startLoad(l: LoadSourceSpec): void {
    const info = this.byId.get(l.nodeId)!;
    const params: LoadParams = {
      target: l.target, rate: l.rate, burstSize: 0, burstEveryMs: 1000, mode: l.mode, message: jsonToTerm(l.message),
      timeoutMs: l.timeoutMs, bursts: l.bursts, enabled: l.enabled,
    };
    const pid = GenServer.spawn(this.kernel, this.moduleFor(info, load_source), this.envFor(info, params as never));
    this.loadProcs.set(l.nodeId, pid);
  }

  // ---- commands -----------------------------------------------------------------------------------------------------

  /** A key in the design's registries (in start order), if a live process holds it. */
  private registryLookup(key: string): Proc | undefined {
    for (const reg of this.spec.registries) {
      if (!this.kernel.whereis(reg.name)) continue;
      const pid = Registry.lookup(this.kernel, reg.name, key)[0]?.[0];
      if (pid && pid.alive) return pid;
    }
    return undefined;
  }

  /** A command target: a node (path, name, id), else a registry key, else a registered name. */
  private targetPidOf(target: string): Proc | undefined {
    return this.pidOf(target) ?? this.registryLookup(target) ?? this.kernel.whereis(target);
  }

  /** A command target (CommandHost): a node (path, name, id, `#pid`), else a registry key, else a registered name. */
  targetPid(target: string): Proc | undefined {
    return this.targetPidOf(target);
  }

  /** What a node's name reaches now, as OTP resolves it (a scenario's call or send goes this way): the node's
   *  registered name, or its key in its Registry — so an unregistered node (`register: "none"`) cannot be reached
   *  by name, and a name whose process died answers nothing until the restarted process registers again.
   *  `#<pid>` is a pid; anything that is not a node is a registry key or a registered name. */
  resolveName(ref: string): Proc | undefined {
    const n = this.node(ref);
    if (!n) return ref.startsWith('#') && /^#\d+$/.test(ref) ? this.boundPid(Number(ref.slice(1))) : (this.registryLookup(ref) ?? this.kernel.whereis(ref));
    const reg = this.registrationOf.get(n.nodeId);
    if (!reg) return this.pidOf(n.nodeId); // load sources and children started at run time: their node is their name
    switch (reg.kind) {
      case 'name':
        return this.kernel.whereis(reg.name);
      case 'registry': {
        if (!reg.registryName || !this.kernel.whereis(reg.registryName)) return undefined;
        const pid = Registry.lookup(this.kernel, reg.registryName, reg.key)[0]?.[0];
        return pid && pid.alive ? pid : undefined;
      }
      case 'none':
        return undefined;
    }
  }

  /** The load sources' processes by node id (CommandHost). */
  loadPids(): Iterable<readonly [string, Proc]> {
    return this.loadProcs;
  }

  /** The steps of a named scenario (CommandHost). */
  scenarioSteps(name: string): readonly SpecCommand[] {
    const sc = this.spec.scenarios.find((s) => s.name === name);
    if (!sc) throw new Error(`There is no scenario "${name}" (scenarios: ${this.spec.scenarios.map((s) => `"${s.name}"`).join(', ') || 'none'}).`);
    return sc.commands;
  }

  /** Apply one command now (runtime/sim/commands.ts). Returns why nothing was done, or undefined. */
  command(c: SpecCommand): Outcome {
    return applyCommand(this, c);
  }

  /** Make a call from a fresh process; its answer goes to `calls` (CommandHost). */
  call(target: string, msg: Term, timeoutMs: number): void {
    // `calls` lists answered calls in the order the answers came; the summary sorts them by when they were made
    const seq = this.callSeq++;
    const at = this.kernel.now();
    this.unanswered.set(seq, { seq, at, target, message: fmt(msg) });
    const record = (ok: boolean, value: Term, exit?: Term) => {
      this.unanswered.delete(seq);
      const rec: CallRecord = { seq, at, doneAt: this.kernel.now(), target, message: fmt(msg), ok, result: fmt(value, this.labeler), value };
      if (exit !== undefined) rec.exit = fmt(exit, this.labeler);
      this.traceMark.set(rec, this.kernel.traceCount());
      this.recordOrder.set(rec, this.records++);
      this.callee.set(rec, pid?.id ?? null);
      this.calls.push(rec);
    };
    const pid = this.resolveName(target);
    this.kernel.spawn({
      init(self: Proc) {
        if (!pid) {
          record(false, 'noproc');
          return self.kernel.die(self, 'normal');
        }
        return new Op<void>((me, done) => {
          GenServer.call(pid, msg, timeoutMs).run(me, kont(
            (v: Term) => {
              record(true, v);
              done(undefined);
            },
            (e: unknown) => {
              const r = exitReasonOf(e);
              record(false, Array.isArray(r) && r.length === 2 ? r[0] : r, r); // {reason, {GenServer, :call, ...}} → reason
              done(undefined);
            },
          ));
        }).then(() => self.kernel.die(self, 'normal'));
      },
    }, undefined, { label: `call:${target}` });
  }

  /** A chaos kill (CommandHost): noted for the summary and the event log. */
  chaosKilled(victim: Proc): void {
    const id = this.pidNode.get(victim.id);
    if (id !== undefined) this.addNote({ t: this.kernel.now(), nodeId: id, event: 'chaos_kill', data: {} });
  }

  /** The live process of a random running design worker (CommandHost), or none when none runs. */
  chaosVictim(pick: (n: number) => number): Proc | undefined {
    const id = this.chaosVictimId(pick);
    return id === undefined ? undefined : this.pidOf(id);
  }

  /** A random running design worker: the k-th in design order, k drawn uniformly (one draw; none when none runs).
   *  O(log n): the running set is kept up to date from binds and the trace's exits (flushed first). */
  protected chaosVictimId(pick: (n: number) => number): string | undefined {
    this.kernel.flushTrace();
    const n = this.runningWorkers.size;
    if (n === 0) return undefined;
    return this.workerIds[this.runningWorkers.nth(pick(n))];
  }

  /** The same choice by scanning every node (the reference the tests compare chaosVictim with). */
  protected chaosVictimByScan(pick: (n: number) => number): string | undefined {
    const victims = this.processNodeIds().filter((id) => this.byId.get(id)!.kind === 'worker' && this.pidOf(id));
    return victims.length ? victims[pick(victims.length)] : undefined;
  }

  // ---- running ------------------------------------------------------------------------------------------------------

  /** Schedule `commands` (times relative to t = 0), run until `untilMs`, and summarise. `probes` run at their times,
   *  before the commands of the same ms (a scenario's expectations look at the run through them). A scenario's commands
   *  are timers set at the start, so each comes before the timers the run sets later for the same millisecond. (A live
   *  run's command — and a recording's, replayed by runtime/sim/recording.ts — comes after everything due at its time.) */
  run(commands: readonly SpecCommand[], untilMs?: number, probes: readonly { at: number; fn: () => void }[] = []): RunResult {
    const k = this.kernel;
    if (!k.clock.virtual) throw new Error('run() needs the virtual clock; with the real-time clock use start(), kernel.start() and command().');
    this.start();
    const end = untilMs ?? Math.max(0, ...commands.map((c) => c.at)) + this.settleMs;
    for (const p of probes) k.callAfter(Math.max(0, p.at - k.now()), p.fn);
    for (const c of commands) k.callAfter(Math.max(0, c.at - k.now()), () => this.command(c));
    if (end > k.now()) k.advance(end - k.now());
    else k.runUntilIdle({ maxTime: k.now() });
    return this.result();
  }

  /** Run one of the spec's named scenarios. */
  runScenario(name: string, untilMs?: number): RunResult {
    const sc = this.spec.scenarios.find((s) => s.name === name);
    if (!sc) throw new Error(`There is no scenario "${name}" (scenarios: ${this.spec.scenarios.map((s) => `"${s.name}"`).join(', ') || 'none'}).`);
    return this.run(sc.commands, untilMs ?? sc.untilMs);
  }

  result(): RunResult {
    this.kernel.flushTrace();
    return { trace: [...this.trace], lines: this.trace.map((e) => traceLine(e, this.labeler)), summary: this.summary() };
  }

  /** A node's status and start count now (what the summary reports at the end). */
  statusOf(ref: string): { status: NodeSummary['status']; starts: number } | undefined {
    const info = this.node(ref);
    if (!info) return undefined;
    const cur = this.current.get(info.nodeId);
    return { status: cur ? (cur.alive ? 'running' : 'stopped') : 'never_started', starts: this.starts.get(info.nodeId) ?? 0 };
  }

  summary(): RunSummary {
    const nodes = dict<NodeSummary>();
    for (const id of [...this.processNodeIds(), ...this.spec.loadSources.map((l) => l.nodeId)]) {
      const info = this.byId.get(id)!;
      const cur = this.current.get(id);
      nodes[id] = {
        nodeId: id, path: info.path, starts: this.starts.get(id) ?? 0, restarts: Math.max(0, (this.starts.get(id) ?? 0) - 1), exits: [],
        status: cur ? (cur.alive ? 'running' : 'stopped') : 'never_started',
      };
    }
    const escalations: Escalation[] = [];
    for (const e of this.trace) {
      if (e.type === 'exit') {
        const n = nodes[this.pidNode.get(e.pid) ?? ''];
        if (n) n.exits.push({ t: e.t, reason: fmt(e.reason, this.labeler) });
      } else if (e.type === 'decision' && e.decision === 'intensity_exceeded') {
        escalations.push({ t: e.t, nodeId: this.pidNode.get(e.sup) ?? String(e.sup), child: fmt(e.child), reason: fmt(e.reason, this.labeler) });
      }
    }
    const rootIds = new Set([...this.byId.values()].filter((n) => n.root).map((n) => n.nodeId));
    return {
      endMs: this.kernel.now(),
      nodes,
      escalations,
      rootGaveUp: escalations.some((e) => rootIds.has(e.nodeId)),
      counters: this.counters,
      calls: [...this.calls].sort((a, b) => a.seq - b.seq),
      unanswered: [...this.unanswered.values()],
      notes: this.notes,
    };
  }
}

/** Compile-free entry: start a spec and run one of its scenarios. */
export function runScenario(spec: RuntimeSpec, name: string, opts: SimOptions & { untilMs?: number } = {}): RunResult {
  return new Simulation(spec, opts).runScenario(name, opts.untilMs);
}
