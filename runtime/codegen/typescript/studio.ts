// The generic part of an exported TypeScript project: `src/studio.ts`. It gives the library behaviours the design
// around them (BehaviourEnv: calls, pids by name, children, dynamic starts, the registry, notes, counters), binds
// every process to its design path, starts the roots (on the virtual clock for scenarios and tests, in real time for
// `npm start`), replays a scenario's commands, shuts the tree down in reverse start order, and reports supervision
// events — start, exit, note, reply — in the one event format of every export (runtime/codegen/events.ts). The
// generated modules (`design.ts`, `supervisors/*`, `roots.ts`, `scenarios.ts`, `behaviours.ts`) sit on top of it.
export const STUDIO_TS = String.raw`// Runs the design on @supervisor-studio/runtime (the kernel and its OTP layer): the design around each process,
// start-up, scenario commands, shutdown, and the supervision events. Generated, and generic: the same for every
// design (design.ts, roots.ts and supervisors/ hold what is particular to this one).
import {
  Chaos, DynamicSupervisor, GenServer, Kernel, LIBRARY, Later, Registry, Supervisor, applyCommand, exitReasonOf, fmt, isTagged,
  kont, sequence, Op,
  type Behaviour, type BehaviourEnv, type ChildOptions, type ChildSpec, type Command, type CommandHost, type DynamicSupervisorInit,
  type GenServerModule, type Proc, type SupervisorInit, type Term,
} from '@supervisor-studio/runtime';
import { CUSTOM } from './behaviours';
import { DEFAULT_PARAMS, NODES, PATHS, REGISTRIES, REGISTRY, type DesignNode } from './design';

export type Restart = 'permanent' | 'transient' | 'temporary';
export type Shutdown = number | 'brutal_kill' | 'infinity';
/** The child-spec fields every design child has. */
export interface Child {
  id: string;
  path: string;
  restart: Restart;
  shutdown: Shutdown;
}
export type Registration = { name: string } | { registry: string; key: string } | null;

/** A scenario step: a command of the studio's run-command catalog, applied by the runtime's own code (terms in it
 *  written as JSON: "atom", ["tuple", 1]). */
export type { Command };
export interface ScenarioDef {
  name: string;
  description: string;
  untilMs: number;
  commands: Command[];
}
/** A supervision event: a process of the design started or exited (with its reason), a behaviour noted something
 *  (\`{event, data}\`), or a scenario call was answered (\`{:ok, reply}\` / \`{:exit, reason}\`, path = the target). */
export interface StudioEvent {
  /** Milliseconds since the tree was started. */
  t: number;
  /** Scenario commands issued before it (a command's own effects come after it). */
  n: number;
  kind: 'start' | 'exit' | 'note' | 'reply';
  path: string;
  detail: string;
}
/** A top-level process: how to spawn it from the host (its parent); returns its pid. */
export type Root = (studio: Studio) => Proc;

/** Events in the order every export prints them: the order they happened (the order they were recorded: a process's
 *  start at its spawn, before its init runs; a note or an answer after the trace events before it). */
export function ordered(events: readonly StudioEvent[]): StudioEvent[] {
  return [...events];
}

/** One event as a line: ms, commands issued before it, kind, path, detail (TAB-separated; every export's format). */
export function eventLine(e: StudioEvent): string {
  return [Math.round(e.t), e.n, e.kind, e.path, e.detail].join('\t');
}

const ANONYMOUS = { pid: () => '#PID', ref: () => '#Reference' };

export interface StudioOptions {
  /** 'virtual' (default): time moves only as run() advances it — a scenario of seconds takes milliseconds and prints
   *  the same every time; 'real': the kernel runs in real time (start(), then it keeps running). */
  clock?: 'virtual' | 'real';
  seed?: number;
  /** Real clock: 'simulated' (default) runs effects as the studio does — a request's latency and failure drawn from
   *  the seed, the latency waited in real time; 'real' runs them for real (http_worker fetches its url). */
  effects?: 'real' | 'simulated';
  /** Called with every event as it happens. */
  onEvent?: (e: StudioEvent) => void;
  /** The design's scenarios (a scenario step runs one of them). */
  scenarios?: readonly ScenarioDef[];
}

export class Studio implements CommandHost {
  readonly kernel: Kernel;
  /** Random kills (the chaos command): the same stream of the seed as in the studio. */
  readonly chaos: Chaos;
  private readonly scenarios: readonly ScenarioDef[];
  /** Every event so far, in the order they happened (the order they are printed in). */
  readonly events: StudioEvent[] = [];
  private readonly onEvent?: (e: StudioEvent) => void;
  private readonly rootPids: Proc[] = [];
  /** Scenario commands issued so far. */
  private issued = 0;
  private readonly exited = new Map<number, (() => void)[]>();
  private readonly pidPath = new Map<number, string>();
  /** Processes whose spawn the trace reported before they were bound to a path (a supervisor is bound when its
   *  start_link returns): pid → when, the commands issued then, and where its start goes in the events. */
  private readonly unbound = new Map<number, { t: number; n: number; seq: number; at: number }>();
  private readonly current = new Map<string, Proc>();
  private readonly envs = new Map<string, BehaviourEnv>();
  private readonly counters: Record<string, Record<string, number>> = Object.create(null); // keyed by node id: no prototype
  private readonly dynamicCount = new Map<string, number>();
  private readonly loads = new Map<string, Proc>();

  constructor(opts: StudioOptions = {}) {
    this.kernel = new Kernel({ clock: opts.clock ?? 'virtual', seed: opts.seed ?? 1, effects: opts.effects ?? 'simulated' });
    this.chaos = new Chaos(opts.seed ?? 1);
    this.scenarios = opts.scenarios ?? [];
    this.onEvent = opts.onEvent;
    this.kernel.subscribe((batch) => {
      for (const e of batch) {
        if (e.type !== 'spawn' && e.type !== 'exit') continue;
        const path = this.pidPath.get(e.pid);
        if (e.type === 'exit') {
          for (const f of this.exited.get(e.pid) ?? []) f();
          this.exited.delete(e.pid);
        }
        if (path === undefined) {
          if (e.type === 'spawn') this.unbound.set(e.pid, { t: e.t, n: this.issued, seq: e.seq, at: this.events.length });
          else this.unbound.delete(e.pid);
          continue;
        }
        this.record(e.type === 'spawn' ? { t: e.t, kind: 'start', path, detail: '' } : { t: e.t, kind: 'exit', path, detail: fmt(e.reason, ANONYMOUS) });
      }
    });
  }

  private record(event: Omit<StudioEvent, 'n'>): void {
    const e = { ...event, n: this.issued };
    this.events.push(e);
    this.onEvent?.(e);
  }

  /** A custom behaviour by id (src/behaviours.ts). */
  custom(id: string): Behaviour {
    const b = CUSTOM[id];
    if (!b) throw new Error('no custom behaviour "' + id + '" in src/behaviours.ts');
    return b;
  }

  // ---- the design around a process ------------------------------------------------------------------------------

  private node(ref: string): DesignNode | undefined {
    return NODES[ref] ?? NODES[PATHS[ref] ?? ''];
  }

  pidOf(ref: string): Proc | undefined {
    const path = this.node(ref) ? (NODES[ref] ? ref : PATHS[ref]) : ref;
    const p = this.current.get(path);
    return p && p.alive ? p : undefined;
  }

  private bind(path: string, pid: Proc): void {
    this.current.set(path, pid);
    this.pidPath.set(pid.id, path);
    const u = this.unbound.get(pid.id);
    if (u === undefined) return;
    // its start goes where its spawn was in the trace (events recorded since come after it)
    this.unbound.delete(pid.id);
    const e: StudioEvent = { t: u.t, n: u.n, kind: 'start', path, detail: '' };
    this.events.splice(u.at, 0, e);
    for (const v of this.unbound.values()) if (v.at > u.at || (v.at === u.at && v.seq > u.seq)) v.at++;
    this.onEvent?.(e);
  }

  private env(path: string, params: Record<string, unknown>, node?: DesignNode): BehaviourEnv {
    let env = this.envs.get(path);
    if (env) return env;
    const counters = (this.counters[path] ??= {});
    env = {
      nodeId: path,
      name: node?.name ?? path.slice(path.lastIndexOf('/') + 1),
      params,
      calls: node?.calls ?? [],
      monitors: node?.monitors ?? [],
      pidOf: (ref) => this.pidOf(ref),
      nameOf: (pid) => {
        const p = this.pidPath.get(pid.id);
        return p === undefined ? undefined : (NODES[p]?.name ?? p);
      },
      childrenOf: (ref) => this.node(ref)?.children ?? [],
      kindOf: (ref) => {
        const n = this.node(ref);
        return n && { kind: n.kind, behaviour: n.behaviour };
      },
      startChild: (sup, behaviour, p, opts) => this.startDynamicChild(sup, behaviour, p, opts),
      lookup: (key) => this.lookup(key),
      note: (event, data = {}) => {
        this.kernel.flushTrace();
        this.record({ t: this.kernel.now(), kind: 'note', path, detail: fmt([event, new Map(Object.entries(data) as [Term, Term][])], ANONYMOUS) });
      },
      count: (name, by = 1) => {
        counters[name] = (counters[name] ?? 0) + by;
      },
      counters: () => counters,
    };
    this.envs.set(path, env);
    return env;
  }

  /** A key in the design's registries (in start order), if a live process holds it. */
  private lookup(key: string): Proc | undefined {
    for (const reg of REGISTRIES) {
      if (!this.kernel.whereis(reg)) continue;
      const pid = Registry.lookup(this.kernel, reg, key)[0]?.[0];
      if (pid && pid.alive) return pid;
    }
    return undefined;
  }

  /** The behaviour wrapped so its process binds itself to its path and wires its links and monitors first. */
  private bound(path: string, beh: Behaviour): GenServerModule {
    const node = NODES[path];
    const links = node?.links ?? [];
    // a watcher makes the monitors of its edges itself (env.monitors); any other process gets them at start
    const monitors = node?.behaviour === 'watcher' ? [] : (node?.monitors ?? []);
    return {
      ...beh,
      init: (env: BehaviourEnv, self: Proc) => {
        this.bind(path, self);
        for (const other of links) {
          const p = this.pidOf(other);
          if (p) self.link(p);
        }
        for (const target of monitors) {
          const p = this.pidOf(target);
          if (p) self.monitor(p);
        }
        return beh.init(env, self);
      },
    };
  }

  private nameOf(r: Registration): Term | undefined {
    if (!r) return undefined;
    return 'name' in r ? r.name : Registry.via(r.registry, r.key);
  }

  private boundStart(path: string, start: Later<Term>): Later<Term> {
    return start.then((r) => {
      if (isTagged(r, 'ok') && r[1] && typeof r[1] === 'object') this.bind(path, r[1] as Proc);
      return r;
    });
  }

  // ---- child specs (used by the generated supervisor modules) --------------------------------------------------

  worker(c: Child, behaviour: Behaviour, params: Record<string, unknown>, registration: Registration): ChildSpec {
    const mod = this.bound(c.path, behaviour);
    const env = this.env(c.path, params, NODES[c.path]);
    const name = this.nameOf(registration) as never;
    return { id: c.id, restart: c.restart, shutdown: c.shutdown, type: 'worker', start: () => GenServer.startLink(mod, env, { name }) };
  }

  supervisor(c: Child, init: (studio: Studio) => SupervisorInit): ChildSpec {
    return { id: c.id, restart: c.restart, shutdown: c.shutdown, type: 'supervisor', start: () => this.boundStart(c.path, Supervisor.startLink(() => init(this), undefined, { name: c.id })) };
  }

  dynamicSupervisor(c: Child, init: DynamicSupervisorInit, children: (studio: Studio) => ChildSpec[]): ChildSpec {
    return {
      id: c.id, restart: c.restart, shutdown: c.shutdown, type: 'supervisor',
      start: () => this.boundStart(c.path, DynamicSupervisor.startLink(init, { name: c.id })).then((r): Term | Later<Term> => {
        if (!isTagged(r, 'ok')) return r;
        const pid = r[1] as Proc;
        return sequence(children(this).map((x) => () => DynamicSupervisor.startChild(pid, x))).then((): Term => r);
      }),
    };
  }

  registry(c: Child, keys: 'unique' | 'duplicate'): ChildSpec {
    return { id: c.id, restart: c.restart, shutdown: c.shutdown, type: 'supervisor', start: () => this.boundStart(c.path, Registry.startLink({ keys, name: c.id })) };
  }

  // ---- top-level processes (spawned by the host, their parent) --------------------------------------------------

  rootWorker(c: Child, behaviour: Behaviour, params: Record<string, unknown>, registration: Registration): Proc {
    return GenServer.spawn(this.kernel, this.bound(c.path, behaviour), this.env(c.path, params, NODES[c.path]), { name: this.nameOf(registration) as never, link: true });
  }

  rootSupervisor(c: Child, init: (studio: Studio) => SupervisorInit): Proc {
    const pid = Supervisor.spawn(this.kernel, () => init(this), undefined, { name: c.id as never, link: true });
    this.bind(c.path, pid);
    return pid;
  }

  rootDynamicSupervisor(c: Child, init: DynamicSupervisorInit, children: (studio: Studio) => ChildSpec[]): Proc {
    const pid = DynamicSupervisor.spawn(this.kernel, init, { name: c.id as never, link: true });
    this.bind(c.path, pid);
    const specs = children(this);
    if (specs.length) {
      this.kernel.spawn({
        init: (self: Proc) => sequence(specs.map((x) => () => DynamicSupervisor.startChild(pid, x))).then(() => self.kernel.die(self, 'normal')),
      }, undefined, { label: 'start:' + c.path });
    }
    return pid;
  }

  rootRegistry(c: Child, keys: 'unique' | 'duplicate'): Proc {
    const pid = Registry.spawn(this.kernel, { keys, name: c.id });
    this.bind(c.path, pid);
    return pid;
  }

  /** A load source: a process sending requests to its target while switched on. */
  loadSource(id: string, name: string, params: Record<string, unknown>): void {
    const pid = GenServer.spawn(this.kernel, this.bound(name, LIBRARY.load_source), this.env(name, params));
    this.loads.set(id, pid);
  }

  private startDynamicChild(supRef: string, behaviour: string, params: Record<string, unknown>, opts: ChildOptions = {}): Later<Term> {
    const supPath = NODES[supRef] ? supRef : PATHS[supRef];
    const supPid = supPath === undefined ? undefined : this.pidOf(supPath);
    if (supPath === undefined || !supPid) return Later.of(['error', 'noproc']);
    const n = this.dynamicCount.get(supPath) ?? 0;
    this.dynamicCount.set(supPath, n + 1);
    const path = supPath + '/' + (opts.key ?? behaviour + '_' + (n + 1));
    const beh = (Object.hasOwn(LIBRARY, behaviour) ? LIBRARY[behaviour] : undefined) ?? CUSTOM[behaviour];
    if (!beh) return Later.of(['error', 'unknown_behaviour']);
    const env = this.env(path, { ...(DEFAULT_PARAMS[behaviour] ?? {}), ...params });
    const name = opts.key !== undefined && REGISTRY ? Registry.via(REGISTRY, opts.key) : undefined;
    const mod = this.bound(path, beh);
    return DynamicSupervisor.startChild(supPid, {
      id: undefined, restart: opts.restart ?? 'permanent', shutdown: 5000, type: 'worker',
      start: () => GenServer.startLink(mod, env, { name: name as never }),
    });
  }

  // ---- scenarios ------------------------------------------------------------------------------------------------

  targetPid(target: string): Proc | undefined {
    return this.pidOf(target) ?? this.lookup(target) ?? this.kernel.whereis(target);
  }

  loadPids(): Iterable<readonly [string, Proc]> {
    return this.loads;
  }

  /** A running design worker, the pick(n)-th of the n running in design order (chaos). */
  chaosVictim(pick: (n: number) => number): Proc | undefined {
    const running = Object.keys(NODES).filter((path) => NODES[path].kind === 'worker' && this.pidOf(path));
    return running.length ? this.pidOf(running[pick(running.length)]) : undefined;
  }

  chaosKilled(victim: Proc): void {
    const path = this.pidPath.get(victim.id);
    if (path !== undefined) this.record({ t: this.kernel.now(), kind: 'note', path, detail: fmt(['chaos_kill', new Map()], ANONYMOUS) });
  }

  scenarioSteps(name: string): readonly Command[] {
    const sc = this.scenarios.find((s) => s.name === name);
    if (!sc) throw new Error('no scenario named ' + JSON.stringify(name));
    return sc.commands;
  }

  /** What a name reaches now, as OTP resolves it (a scenario's call or send): the process's registered name or its
   *  Registry key — an unregistered process cannot be reached by name, and a name whose process died reaches nothing
   *  until the restarted process registers again. A name that is not a design process: a Registry key or a name. */
  resolveName(ref: string): Proc | undefined {
    const path = NODES[ref] ? ref : PATHS[ref];
    const n = path === undefined ? undefined : NODES[path];
    if (!n) return this.lookup(ref) ?? this.kernel.whereis(ref);
    const reg = n.registration;
    if (!reg) return undefined;
    if ('name' in reg) return this.kernel.whereis(reg.name);
    if (!this.kernel.whereis(reg.registry)) return undefined;
    const pid = Registry.lookup(this.kernel, reg.registry, reg.key)[0]?.[0];
    return pid && pid.alive ? pid : undefined;
  }

  command(c: Command): void {
    this.kernel.flushTrace(); // what happened before the command counts as before it
    this.issued++;
    this.apply(c);
  }

  /** One command, applied by the runtime's run-command catalog: exactly what the studio does with it. */
  private apply(c: Command): void {
    applyCommand(this, c);
  }

  call(target: string, msg: Term, timeoutMs: number): void {
    const pid = this.resolveName(target);
    const record = (result: Term) => {
      this.kernel.flushTrace();
      this.record({ t: this.kernel.now(), kind: 'reply', path: target, detail: fmt(result, ANONYMOUS) });
    };
    this.kernel.spawn({
      init(self: Proc) {
        if (!pid) {
          record(['exit', 'noproc']);
          return self.kernel.die(self, 'normal');
        }
        return new Op<void>((me, done) => {
          GenServer.call(pid, msg, timeoutMs).run(me, kont(
            (v: Term) => {
              record(['ok', v]);
              done(undefined);
            },
            (e: unknown) => {
              const r = exitReasonOf(e);
              record(['exit', Array.isArray(r) && r.length === 2 ? r[0] : r]);
              done(undefined);
            },
          ));
        }).then(() => self.kernel.die(self, 'normal'));
      },
    }, undefined, { label: 'call:' + target });
  }

  /** Start the roots in order (each one up before the next, as an application starts its children) and the load
   *  sources, then return with the tree up (what waits for a timer, a slow init, is still starting). Real clock: the
   *  kernel keeps running then. */
  start(roots: readonly Root[], startLoads: (studio: Studio) => void): void {
    const k = this.kernel;
    for (const root of roots) {
      this.rootPids.push(root(this));
      k.runReady();
    }
    startLoads(this);
    k.runReady();
    if (!k.clock.virtual) k.start();
  }

  /** Schedule a scenario's commands (times in ms from now): one timer per time; commands at the same time in their
   *  order, each followed by what it made ready (as in the studio, where each command's timer fires on its own). */
  schedule(commands: readonly Command[]): void {
    const k = this.kernel;
    const t0 = k.now();
    const byTime = new Map<number, Command[]>();
    for (const c of commands) byTime.set(c.at, [...(byTime.get(c.at) ?? []), c]);
    for (const [at, group] of [...byTime].sort((a, b) => a[0] - b[0])) {
      k.callAfter(Math.max(0, t0 + at - k.now()), () => group.forEach((c, i) => {
        if (i > 0) k.runReady();
        this.command(c);
      }));
    }
  }

  /** Virtual clock: run a scenario from start-up to its end and return its events in print order. */
  run(roots: readonly Root[], startLoads: (studio: Studio) => void, scenario: ScenarioDef): StudioEvent[] {
    const k = this.kernel;
    this.start(roots, startLoads);
    this.schedule(scenario.commands);
    if (scenario.untilMs > k.now()) k.advance(scenario.untilMs - k.now());
    k.flushTrace();
    return ordered(this.events);
  }

  /** Stop the tree as OTP stops an application: the load sources, then the roots in reverse start order, each sent
   *  a :shutdown exit and waited for (a supervisor stops its children in reverse order first). Resolves when all
   *  are gone; the kernel is stopped then. */
  async shutdown(): Promise<void> {
    const k = this.kernel;
    const pids = [...[...this.loads.values()].reverse(), ...[...this.rootPids].reverse()];
    for (const pid of pids) {
      if (!pid.alive) continue;
      const gone = new Promise<void>((resolve) => this.exited.set(pid.id, [...(this.exited.get(pid.id) ?? []), resolve]));
      k.exit(pid, 'shutdown'); // real time: the kernel wakes for a signal from host code
      if (k.clock.virtual) k.runUntilIdle({ maxTime: k.now() + 60_000 });
      k.flushTrace();
      await gone;
    }
    if (!k.clock.virtual) {
      k.flushTrace();
      k.stop();
    }
  }
}
`;
