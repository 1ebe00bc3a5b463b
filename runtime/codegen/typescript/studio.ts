// The generic part of an exported TypeScript project: `src/studio.ts`. It gives the library behaviours the design
// around them (BehaviourEnv: calls, pids by name, children, dynamic starts, the registry, notes, counters), binds
// every process to its design path, starts the roots, replays a scenario's commands at their virtual times and
// turns the kernel's trace into supervision events. The generated modules (`design.ts`, `supervisors/*`,
// `roots.ts`, `scenarios.ts`) are data and child specs on top of it.
export const STUDIO_TS = String.raw`// Runs the design on the supervisor-studio runtime (the kernel and its OTP layer). Generated; generic.
import {
  Chaos, DynamicSupervisor, GenServer, Kernel, LIBRARY, Later, Registry, Supervisor, applyCommand, exitReasonOf, fmt, isTagged,
  kont, sequence, Op,
  type Behaviour, type BehaviourEnv, type ChildOptions, type ChildSpec, type Command, type CommandHost, type DynamicSupervisorInit,
  type GenServerModule, type Proc, type SupervisorInit, type Term, type TraceEvent,
} from 'supervisor-studio/runtime';
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

/** A scenario step: a command of the studio's run-command catalog (terms in it written as JSON: "atom", [tuple]). */
export type { Command };
export interface ScenarioDef {
  name: string;
  description: string;
  untilMs: number;
  commands: Command[];
}
export interface SupervisionEvent {
  t: number;
  kind: 'start' | 'exit';
  path: string;
  reason?: string;
}
/** A top-level process: how to spawn it from the host (its parent). */
export type Root = (studio: Studio) => void;

const ANONYMOUS = { pid: () => '#PID', ref: () => '#Reference' };

export class Studio implements CommandHost {
  readonly kernel: Kernel;
  readonly trace: TraceEvent[] = [];
  readonly replies: { t: number; target: string; result: string }[] = [];
  private readonly pidPath = new Map<number, string>();
  private readonly current = new Map<string, Proc>();
  private readonly envs = new Map<string, BehaviourEnv>();
  private readonly counters: Record<string, Record<string, number>> = {};
  private readonly dynamicCount = new Map<string, number>();
  private readonly loads = new Map<string, Proc>();
  /** The design's custom behaviours (compiled from their TypeScript source by main.ts). */
  readonly customBehaviours = new Map<string, Behaviour>();

  /** Random kills (the chaos command), from the run's seed exactly as in the studio. */
  readonly chaos: Chaos;
  /** The design's scenarios (a scenario step runs one of them). */
  scenarios: readonly ScenarioDef[] = [];

  constructor(seed = 1) {
    this.kernel = new Kernel({ clock: 'virtual', seed });
    this.chaos = new Chaos(seed);
    this.kernel.subscribe((batch) => {
      for (const e of batch) this.trace.push(e);
    });
  }

  /** A custom behaviour by id. */
  custom(id: string): Behaviour {
    const b = this.customBehaviours.get(id);
    if (!b) throw new Error('custom behaviour "' + id + '" was not loaded');
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
      childrenOf: (ref) => this.node(ref)?.children ?? [],
      kindOf: (ref) => {
        const n = this.node(ref);
        return n && { kind: n.kind, behaviour: n.behaviour };
      },
      startChild: (sup, behaviour, p, opts) => this.startDynamicChild(sup, behaviour, p, opts),
      lookup: (key) => this.lookup(key),
      note: () => undefined,
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
    const monitors = node?.monitors ?? [];
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

  rootWorker(c: Child, behaviour: Behaviour, params: Record<string, unknown>, registration: Registration): void {
    GenServer.spawn(this.kernel, this.bound(c.path, behaviour), this.env(c.path, params, NODES[c.path]), { name: this.nameOf(registration) as never, link: true });
  }

  rootSupervisor(c: Child, init: (studio: Studio) => SupervisorInit): void {
    this.bind(c.path, Supervisor.spawn(this.kernel, () => init(this), undefined, { name: c.id as never, link: true }));
  }

  rootDynamicSupervisor(c: Child, init: DynamicSupervisorInit, children: (studio: Studio) => ChildSpec[]): void {
    const pid = DynamicSupervisor.spawn(this.kernel, init, { name: c.id as never, link: true });
    this.bind(c.path, pid);
    const specs = children(this);
    if (specs.length) {
      this.kernel.spawn({
        init: (self: Proc) => sequence(specs.map((x) => () => DynamicSupervisor.startChild(pid, x))).then(() => self.kernel.die(self, 'normal')),
      }, undefined, { label: 'start:' + c.path });
    }
  }

  rootRegistry(c: Child, keys: 'unique' | 'duplicate'): void {
    this.bind(c.path, Registry.spawn(this.kernel, { keys, name: c.id }));
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
    const beh = LIBRARY[behaviour] ?? this.customBehaviours.get(behaviour);
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

  resolveName(target: string): Proc | undefined {
    return this.targetPid(target);
  }

  loadPids(): Iterable<readonly [string, Proc]> {
    return this.loads;
  }

  chaosVictim(pick: (n: number) => number): Proc | undefined {
    const running = Object.keys(NODES).filter((path) => NODES[path].kind === 'worker' && this.pidOf(path));
    return running.length ? this.pidOf(running[pick(running.length)]) : undefined;
  }

  scenarioSteps(name: string): readonly Command[] {
    const sc = this.scenarios.find((s) => s.name === name);
    if (!sc) throw new Error('no scenario named ' + JSON.stringify(name));
    return sc.commands;
  }

  /** Apply one command now, as the studio does (the catalog's own code, from the runtime). */
  command(c: Command): void {
    applyCommand(this, c);
  }

  call(target: string, msg: Term, timeoutMs: number): void {
    const pid = this.targetPid(target);
    const record = (result: Term) => this.replies.push({ t: this.kernel.now(), target, result: fmt(result, ANONYMOUS) });
    this.kernel.spawn({
      init(self: Proc) {
        if (!pid) {
          record(['exit', 'noproc']);
          return self.kernel.die(self, 'normal');
        }
        return new Op<void>((me, done) => {
          GenServer.call(pid, msg, timeoutMs).run(me, kont(
            (v: Term) => {
              record(v);
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

  /** Start the roots (in order) and the load sources, replay the scenario, and return its supervision events. */
  run(roots: readonly Root[], startLoads: (studio: Studio) => void, scenario: ScenarioDef): SupervisionEvent[] {
    const k = this.kernel;
    for (const root of roots) {
      root(this);
      k.runReady();
    }
    startLoads(this);
    for (const c of scenario.commands) k.callAfter(Math.max(0, c.at - k.now()), () => this.command(c));
    if (scenario.untilMs > k.now()) k.advance(scenario.untilMs - k.now());
    k.flushTrace();
    const events: SupervisionEvent[] = [];
    for (const e of this.trace) {
      if (e.type !== 'spawn' && e.type !== 'exit') continue;
      const path = this.pidPath.get(e.pid);
      if (path === undefined) continue;
      events.push(e.type === 'spawn' ? { t: e.t, kind: 'start', path } : { t: e.t, kind: 'exit', path, reason: fmt(e.reason, ANONYMOUS) });
    }
    return events;
  }
}
`;
