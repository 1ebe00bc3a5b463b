// Random conformance scenarios from a seed, kept inside what FORMAT.md says is deterministic on real OTP.
//
// A scenario mixes up to three independent parts:
//  - supervision trees (static supervisors of every strategy, nested, random child specs),
//  - a dynamic supervisor with started children,
//  - a "web" of plain processes and GenServers joined by links and monitors.
// After a setup phase come random disruptions (casts/calls that crash, exit signals of every reason kind,
// kills, links and monitors from the driver, child management, settles).
//
// Determinism rules (why the generator looks the way it does):
//  - Fan-out (one death observed by several processes that then log) is concurrent in OTP. Every web step and
//    every step that can stop a dynamic supervisor or kill a supervisor is wrapped in `sorted` with a `settle`
//    inside, so only the multiset of lines is compared there. Supervisor restarts and shutdowns are sequential in
//    OTP and are compared in order.
//  - In the web only trapping processes (and the driver) monitor, a pair of processes is joined at most once, and
//    reactive handlers only log, so whether a line is printed never depends on a race.
//  - Restart-intensity windows: either all supervisors use max_seconds >= 5 and the whole scenario stays far
//    below that, or ("gap" mode) they use max_seconds 1 and one settle of 2200 ms splits the scenario in two
//    short segments (restarts within a segment always count, across the gap never).
//  - All sleeps/timeouts differ by >= 100 ms from what they race against.
//  - Operations that need a live process (`link`/`monitor` from a process, supervisor management calls) are only
//    issued when the generator can be sure the process is alive: process-initiated wiring happens in the setup
//    phase, and a supervisor whose subtree has seen more disruptions than its max_restarts is treated as possibly
//    dead from then on.
import { Rng, type Action, type Behaviour, type Json, type Scenario, type Step } from './scenario';

const REASONS: Json[] = ['normal', 'kill', 'shutdown', ['shutdown', 'bye'], 'boom', ['custom', 42], 'oops'];
const ABNORMAL: Json[] = ['boom', ['custom', 42], 'oops', 'shutdown', ['shutdown', 'bye']];

interface SupNode {
  base: string;
  dynamic: boolean;
  maxRestarts: number;
  risk: number;
  uncertain: boolean;
  flaky: number; // workers in this subtree whose init fails on some restart (each restart may count several times)
  parent: SupNode | null;
  subs: SupNode[];
  ids: string[]; // static child ids (for management ops)
  dynCount: number;
}

interface Target {
  base: string; // label base (resolves to the latest generation)
  sup: SupNode | null; // owning supervisor, null for web processes
  genServer: boolean;
}

export interface GenerateOptions {
  /** Upper bound on disruption steps (default 14). */
  maxSteps?: number;
}

export function generateScenario(seed: number, opts: GenerateOptions = {}): Scenario {
  return new Generator(seed, opts.maxSteps ?? 14).build();
}

class Generator {
  private readonly r: Rng;
  private readonly behaviours: Record<string, Behaviour> = {};
  private readonly steps: Step[] = [];
  private readonly sups: SupNode[] = [];
  private readonly targets: Target[] = [];
  private readonly web: Target[] = [];
  private readonly workerPool: string[] = [];
  /** Registry keys given to children (`via: ["reg", key]`), when the scenario starts a registry. */
  private readonly keys: string[] = [];
  private readonly keyOwner = new Map<string, SupNode>();
  private registry = false;
  private readonly gapMode: boolean;
  private readonly sleepy: boolean;
  private refs = 0;
  private spawned = 0;
  private hits = 0;
  private hitterSpawned = false;
  private driverRefs: string[] = [];
  private dsup: SupNode | null = null;
  private dsupMaxChildren = Infinity;

  constructor(
    private readonly seed: number,
    private readonly maxSteps: number,
  ) {
    this.r = new Rng(seed ^ 0x5eed);
    this.gapMode = this.r.chance(0.06);
    this.sleepy = !this.gapMode && this.r.chance(0.3);
  }

  build(): Scenario {
    const r = this.r;
    let parts = { tree: r.chance(0.75), dyn: r.chance(0.35), web: r.chance(0.45) };
    if (!parts.tree && !parts.dyn && !parts.web) parts = { ...parts, tree: true };
    for (let i = r.int(2, 3); i > 0; i--) this.workerPool.push(this.workerBehaviour(`w${this.workerPool.length + 1}`));

    if ((parts.tree || parts.dyn) && r.chance(0.3)) {
      this.registry = true;
      this.steps.push({ op: 'start_registry', name: 'reg' });
    }
    if (parts.tree) {
      this.startSupervisor('s1');
      if (r.chance(0.25)) this.startSupervisor('s2');
    }
    if (parts.dyn) this.startDynamic('d1');
    if (parts.web) this.buildWeb();

    const n = r.int(4, this.maxSteps);
    const gapAt = this.gapMode ? r.int(1, n - 1) : -1;
    for (let i = 0; i < n; i++) {
      if (i === gapAt) this.steps.push({ op: 'settle', ms: 2200 });
      this.disrupt();
    }
    for (const s of this.sups) if (!s.uncertain && r.chance(0.5)) this.steps.push({ op: 'which_children', sup: s.base });
    if (r.chance(0.15)) this.failingSupervisor();

    return {
      name: `fuzz-${this.seed}`,
      description: `generated by the differential fuzzer from seed ${this.seed}`,
      behaviours: this.behaviours,
      steps: this.steps,
    };
  }

  // ---- behaviours -------------------------------------------------------------------------------

  private crashAction(): Action[] {
    const r = this.r;
    switch (r.int(0, 5)) {
      case 0: return [{ raise: 'boom' }];
      case 1: return [{ exit: r.pick(REASONS) }];
      case 2: return [{ throw: 'oops' }];
      case 3: return [{ stop: r.pick(REASONS) }];
      case 4: return [{ exit_signal: { to: 'self', reason: r.pick(['normal', 'kill', 'boom']) } }];
      default: return [{ log: 'about to fail' }, { exit: r.pick(ABNORMAL) }];
    }
  }

  private workerBehaviour(name: string): string {
    const r = this.r;
    const trap = r.chance(0.5);
    const b: Behaviour = { init: trap ? [{ trap_exit: true }] : [] };
    if (r.chance(0.15)) b.init!.push({ log: 'ready' });
    b.handlers = {
      crash: this.crashAction(),
      ping: [{ reply: 'pong' }],
      quit: [{ stop: r.pick(['normal', 'shutdown', ['shutdown', 'bye']] as Json[]) }],
      bye: [{ reply: 'later' }, { stop: r.pick(['normal', 'boom'] as Json[]) }],
    };
    if (!this.gapMode) b.handlers.slow = [{ sleep: 300 }, { reply: 'late' }];
    if (trap && r.chance(0.4)) b.handlers.EXIT = [{ log: 'saw exit' }];
    if (this.sleepy && r.chance(0.5)) b.terminate = [{ sleep: 200 }, { log: 'cleaned up' }];
    else if (r.chance(0.3)) b.terminate = [{ log: 'bye' }];
    if (r.chance(0.18)) {
      const at = r.int(2, 3);
      b.init_by_start = { [String(at)]: [this.failingInit()] };
      // ignoring twice in a row: restart_child of an ignored child gives {:ok, :undefined}
      if (r.chance(0.3)) b.init_by_start[String(at + 1)] = [{ ignore: true }];
    }
    if (r.chance(0.08)) b.quiet = true;
    this.behaviours[name] = b;
    return name;
  }

  private failingInit(): Action {
    return this.r.pick<Action>([
      { raise: 'init fail' }, { exit: 'init_exit' }, { stop: 'no' }, { error: 'nope' }, { ignore: true }, { throw: 'odd' },
    ]);
  }

  private isFlaky(beh: string): boolean {
    return this.behaviours[beh].init_by_start !== undefined;
  }

  // ---- supervision trees ---------------------------------------------------------------------------

  private maxSeconds(): number {
    return this.gapMode ? 1 : this.sleepy ? 30 : this.r.pick([5, 10]);
  }

  private shutdown(): Json | undefined {
    return this.r.pick<Json | undefined>([undefined, undefined, 'brutal_kill', 100, 1000, 'infinity']);
  }

  private restartType(): string | undefined {
    return this.r.pick<string | undefined>([undefined, 'permanent', 'transient', 'transient', 'temporary']);
  }

  private newSup(base: string, dynamic: boolean, maxRestarts: number, parent: SupNode | null): SupNode {
    const s: SupNode = { base, dynamic, maxRestarts, risk: 0, uncertain: false, flaky: 0, parent, subs: [], ids: [], dynCount: 0 };
    parent?.subs.push(s);
    this.sups.push(s);
    return s;
  }

  private workerChild(sup: SupNode, id: string, target = true): { [k: string]: Json } {
    const r = this.r;
    const beh = r.pick(this.workerPool);
    // a failing init may be retried several times, and a sub-supervisor restart restarts every child below it
    if (this.isFlaky(beh)) for (let x: SupNode | null = sup; x; x = x.parent) x.flaky++;
    const c: { [k: string]: Json } = { id, behaviour: beh };
    const restart = this.restartType();
    if (restart) c.restart = restart;
    const sd = this.shutdown();
    if (sd !== undefined) c.shutdown = sd;
    // unique keys only: a restart re-registers its own key (the registry drops a dead owner's entry). Only children
    // of top-level supervisors: under a sub-supervisor that gets killed, the restarted child would race the old
    // one (still running terminate after :killed) for the key
    if (this.registry && sup.parent === null && r.chance(0.35)) {
      const key = `k${this.keys.length + 1}`;
      this.keys.push(key);
      this.keyOwner.set(key, sup);
      c.via = ['reg', key];
    }
    if (target) this.targets.push({ base: `${sup.base}/${id}`, sup, genServer: true });
    return c;
  }

  /** Child specs of a supervisor at `depth` (fills in the SupNode tree and the target list). */
  private children(sup: SupNode, depth: number): Json[] {
    const r = this.r;
    const out: Json[] = [];
    const n = r.int(1, depth === 0 ? 4 : 3);
    for (let i = 0; i < n; i++) {
      const id = String.fromCharCode(97 + i); // a, b, c, d
      sup.ids.push(id);
      if (depth < 2 && r.chance(depth === 0 ? 0.25 : 0.1)) {
        const mr = r.pick([0, 1, 2, 3]);
        const sub = this.newSup(`${sup.base}/${id}`, false, mr, sup);
        const c: { [k: string]: Json } = {
          id, type: 'supervisor', strategy: r.pick(['one_for_one', 'one_for_all', 'rest_for_one']),
          max_restarts: mr, max_seconds: this.maxSeconds(), children: [],
        };
        const restart = this.restartType();
        if (restart) c.restart = restart;
        c.children = this.children(sub, depth + 1);
        if (restart === 'temporary') this.markUncertain(sub); // dropped by any sibling-restarting strategy
        this.targets.push({ base: sub.base, sup, genServer: false });
        out.push(c);
      } else {
        out.push(this.workerChild(sup, id));
      }
    }
    return out;
  }

  private startSupervisor(name: string): void {
    const r = this.r;
    const mr = r.pick([0, 1, 2, 3, 3, 5]);
    const sup = this.newSup(name, false, mr, null);
    const step: Step = { op: 'start_supervisor', name, strategy: r.pick(['one_for_one', 'one_for_all', 'rest_for_one']), max_restarts: mr, max_seconds: this.maxSeconds(), children: [] };
    step.children = this.children(sup, 0);
    this.steps.push(step);
  }

  /** A supervisor whose second child fails to start: start_link returns {:error, {:shutdown,
   *  {:failed_to_start_child, id, reason}}}, the first child is stopped, and the driver gets the stray EXIT. Its
   *  children are never targeted (labels of children after the failing one never exist). */
  private failingSupervisor(): void {
    const r = this.r;
    const bad: Behaviour = { init: [r.chance(0.5) ? { trap_exit: true } : { log: 'starting' }, this.failingInit()] };
    this.behaviours.bad = bad;
    this.steps.push({
      op: 'start_supervisor', name: 's9', strategy: r.pick(['one_for_one', 'one_for_all', 'rest_for_one']),
      children: [{ id: 'ok', behaviour: r.pick(this.workerPool) }, { id: 'bad', behaviour: 'bad' }, { id: 'never', behaviour: r.pick(this.workerPool) }],
    });
  }

  private startDynamic(name: string): void {
    const r = this.r;
    const mr = r.pick([1, 2, 3]);
    const sup = this.newSup(name, true, mr, null);
    this.dsup = sup;
    const step: Step = { op: 'start_dynamic_supervisor', name, max_restarts: mr, max_seconds: this.maxSeconds() };
    if (r.chance(0.3)) step.max_children = this.dsupMaxChildren = r.int(1, 3);
    this.steps.push(step);
    for (let i = r.int(1, 3); i > 0; i--) this.dynStartChild(sup);
  }

  private dynStartChild(sup: SupNode): void {
    sup.dynCount++;
    // past max_children a start may be refused before init runs: then the label never exists, so only the first
    // max_children children (which always start) become targets
    const child = this.workerChild(sup, `c${sup.dynCount}`, sup.dynCount <= this.dsupMaxChildren);
    this.steps.push({ op: 'start_child', sup: sup.base, child });
  }

  /** Record a possible restart in `sup`'s subtree; past its intensity it (and everything under it) may be dead. */
  private addRisk(sup: SupNode | null): void {
    for (let s = sup; s; s = s.parent) {
      s.risk += 1 + 2 * s.flaky;
      if (s.risk <= s.maxRestarts) return;
      this.markUncertain(s);
    }
  }

  private markUncertain(s: SupNode): void {
    s.uncertain = true;
    for (const c of s.subs) this.markUncertain(c);
  }

  private liveSups(): SupNode[] {
    return this.sups.filter((s) => !s.uncertain);
  }

  // ---- the web of plain processes ----------------------------------------------------------------------

  private buildWeb(): void {
    const r = this.r;
    const n = r.int(2, 4);
    const trapping = new Set<string>();
    const alive: string[] = [];
    for (let i = 1; i <= n; i++) {
      const name = `p${i}`;
      const kind = r.chance(0.6) ? 'process' : 'gen_server';
      const trap = r.chance(0.45);
      const beh: Behaviour = { kind, init: trap ? [{ trap_exit: true }] : [], handlers: { die: this.crashAction() } };
      if (trap && r.chance(0.5)) beh.handlers!.EXIT = [{ log: 'exit seen' }];
      if (r.chance(0.3)) beh.handlers!.DOWN = [{ log: 'down seen' }];
      // a link/unlink made by the process itself, to any web process (a dead one: noproc error or EXIT noproc)
      if (n > 1 && r.chance(0.35)) {
        const other = `p${r.pick(Array.from({ length: n }, (_, j) => j + 1).filter((j) => j !== i))}`;
        beh.handlers!.linkto = [{ [r.chance(0.8) ? 'link' : 'unlink']: other }];
      }
      // a GenServer whose init fails (start returns the error; a linked driver also gets the stray EXIT)
      const fails = kind === 'gen_server' && r.chance(0.2);
      if (fails) beh.init!.push(this.failingInit());
      this.behaviours[`web_${name}`] = beh;
      if (trap) trapping.add(name);
      if (!fails) alive.push(name);
      this.steps.push({ op: 'spawn', name, behaviour: `web_${name}`, link: r.chance(0.5) });
      this.web.push({ base: name, sup: null, genServer: kind === 'gen_server' });
    }
    // wiring while everything is alive: at most one relation per pair; only trappers (and the driver) monitor; only
    // live processes act (a `from` process must answer the driver)
    const joined = new Set<string>();
    for (let k = r.int(1, n + 1); k > 0 && alive.length; k--) {
      const a = r.pick(alive);
      const b = r.pick(this.web).base;
      const key = [a, b].sort().join('~');
      if (a === b || joined.has(key)) continue;
      joined.add(key);
      if (trapping.has(a) && r.chance(0.4)) this.monitorStep(a, b);
      else this.steps.push({ op: 'link', from: a, to: b });
    }
  }

  private monitorStep(from: string, to: string): void {
    this.refs++;
    if (from === 'driver') this.driverRefs.push(`ref${this.refs}`);
    this.steps.push(from === 'driver' ? { op: 'monitor', to } : { op: 'monitor', from, to });
  }

  private sortedStep(...steps: Step[]): void {
    this.steps.push({ op: 'sorted', steps: [...steps, { op: 'settle', ms: 0 }] });
  }

  // ---- disruptions -------------------------------------------------------------------------------------

  private disrupt(): void {
    const r = this.r;
    const choices: Array<() => void> = [];
    if (this.targets.length) choices.push(() => this.treeDisruption(), () => this.treeDisruption(), () => this.treeDisruption());
    if (this.liveSups().some((s) => !s.dynamic)) choices.push(() => this.management());
    if (this.dsup && !this.dsup.uncertain) choices.push(() => this.dynamicOp());
    if (this.web.length) choices.push(() => this.webDisruption(), () => this.webDisruption());
    choices.push(() => this.steps.push(r.chance(0.7) || this.gapMode ? { op: 'settle', ms: 0 } : { op: 'settle', ms: r.pick([100, 200]) }));
    r.pick(choices)();
  }

  /** Would a restart in this supervisor's subtree possibly stop a dynamic supervisor (a concurrent shutdown)? */
  private endangersDynamic(sup: SupNode | null): boolean {
    for (let s = sup; s; s = s.parent) {
      if (s.dynamic && s.risk + 1 + 2 * s.flaky > s.maxRestarts) return true;
    }
    return false;
  }

  private emitMaybeSorted(step: Step, sorted: boolean): void {
    if (sorted) this.sortedStep(step);
    else this.steps.push(step);
  }

  private treeDisruption(): void {
    const r = this.r;
    const t = r.pick(this.targets);
    const sorted = this.endangersDynamic(t.sup);
    if (!t.genServer) {
      // a nested supervisor: a driver signal that is not :kill is ignored (the driver is not its parent);
      // :kill fans out to its children at once
      if (r.chance(0.5)) {
        this.addRisk(t.sup);
        this.markUncertainBase(t.base);
        this.sortedStep({ op: 'exit', to: t.base, reason: 'kill' });
      } else {
        this.steps.push({ op: 'exit', to: t.base, reason: r.pick(['shutdown', 'normal', 'boom']) });
      }
      return;
    }
    if (this.keys.length && r.chance(0.15)) return this.registryOp();
    if (r.chance(0.08)) return this.midHandlerKill(t);
    switch (r.int(0, 9)) {
      case 0:
      case 1:
        this.addRisk(t.sup);
        this.emitMaybeSorted({ op: 'cast', to: t.base, msg: 'crash' }, sorted);
        break;
      case 2: {
        const reason = r.pick(REASONS);
        this.addRisk(t.sup);
        this.emitMaybeSorted({ op: 'exit', to: t.base, reason }, sorted);
        break;
      }
      case 3:
        this.addRisk(t.sup);
        this.emitMaybeSorted({ op: 'call', to: t.base, msg: r.pick(['crash', 'bye', 'quit']) }, sorted);
        break;
      case 4:
        if (this.gapMode) this.steps.push({ op: 'call', to: t.base, msg: 'ping' });
        else this.steps.push({ op: 'call', to: t.base, msg: 'slow', timeout: r.pick([100, 500]) });
        break;
      case 5:
        this.steps.push(r.chance(0.5) ? { op: 'call', to: t.base, msg: 'ping' } : { op: 'send', to: t.base, msg: r.pick(['hello', ['data', 7]] as Json[]) });
        break;
      case 6:
        this.monitorStep('driver', t.base);
        break;
      case 7:
        if (this.driverRefs.length) this.steps.push({ op: 'demonitor', ref: r.pick(this.driverRefs), flush: r.chance(0.5) });
        else this.steps.push({ op: 'check_alive', target: t.base });
        break;
      case 8:
        this.steps.push({ op: r.chance(0.7) ? 'link' : 'unlink', to: t.base });
        break;
      default:
        this.steps.push({ op: 'check_alive', target: t.base });
    }
  }

  /** A kill at a moment no driver step can reach: a helper process makes the target busy (`slow`: a 300 ms
   *  sleep, or a crash whose terminate may sleep 200 ms), waits 100 ms and then signals it, so the signal lands in
   *  the middle of the handler or of terminate. */
  private midHandlerKill(t: Target): void {
    const r = this.r;
    this.hits++;
    const reason = r.pick(['kill', 'shutdown', 'boom', 'normal'] as Json[]);
    const busy = r.pick(['slow', 'crash']);
    if (!this.behaviours.hitter) this.behaviours.hitter = { kind: 'process', handlers: {} };
    this.behaviours.hitter.handlers![`hit${this.hits}`] = [
      { send: { to: t.base, msg: busy } }, { sleep: 100 }, { exit_signal: { to: t.base, reason } },
    ];
    if (!this.hitterSpawned) {
      this.hitterSpawned = true;
      this.steps.push({ op: 'spawn', name: 'hitter', behaviour: 'hitter' });
    }
    this.addRisk(t.sup);
    if (busy === 'crash') this.addRisk(t.sup);
    this.emitMaybeSorted({ op: 'send', to: 'hitter', msg: `hit${this.hits}` }, this.endangersDynamic(t.sup));
  }

  /** Calls through a via name, lookups (after quiescence, so never racing the registry's cleanup), and a spawn
   *  that tries to take a key (refused before init while the owner lives). */
  private registryOp(): void {
    const r = this.r;
    const key = r.pick(this.keys);
    switch (r.int(0, 3)) {
      case 0:
        this.steps.push({ op: 'lookup', registry: 'reg', key });
        break;
      case 1:
        this.steps.push({ op: 'call', to: { via: ['reg', key] }, msg: 'ping' });
        break;
      case 2: {
        const owner = this.keyOwner.get(key)!;
        this.addRisk(owner);
        this.emitMaybeSorted({ op: 'call', to: { via: ['reg', key] }, msg: r.pick(['crash', 'bye']) }, this.endangersDynamic(owner));
        break;
      }
      default: {
        // a server under a fresh key (children's keys are left alone: a stranger holding one would make the
        // child's restarts fail), then maybe a second one refused with {:already_started, pid} before its init
        this.spawned++;
        const name = `x${this.spawned}`;
        const via = ['reg', `free${this.spawned}`];
        this.steps.push({ op: 'spawn', name, behaviour: r.pick(this.workerPool), via });
        if (r.chance(0.5)) this.steps.push({ op: 'spawn', name: `${name}b`, behaviour: r.pick(this.workerPool), via });
        if (r.chance(0.5)) this.steps.push({ op: 'call', to: { via }, msg: 'ping' });
      }
    }
  }

  private markUncertainBase(base: string): void {
    const s = this.sups.find((x) => x.base === base);
    if (s) this.markUncertain(s);
  }

  private management(): void {
    const r = this.r;
    const sup = r.pick(this.liveSups().filter((s) => !s.dynamic));
    const id = r.chance(0.1) ? 'zz' : r.pick(sup.ids);
    const childSup = this.sups.find((s) => s.base === `${sup.base}/${id}`);
    switch (r.int(0, 8)) {
      case 8:
        if (sup.parent === null) {
          // the driver is its parent: any reason stops it (in order); :kill fans out to its children at once
          const reason = r.pick(['shutdown', 'normal', 'boom', 'kill']);
          this.markUncertain(sup);
          this.emitMaybeSorted({ op: 'exit', to: sup.base, reason }, reason === 'kill');
        } else {
          this.steps.push({ op: 'count_children', sup: sup.base });
        }
        break;
      case 0:
      case 1:
        this.steps.push({ op: 'which_children', sup: sup.base });
        break;
      case 2:
        this.steps.push({ op: 'count_children', sup: sup.base });
        break;
      case 3:
        if (childSup) this.markUncertain(childSup);
        this.steps.push({ op: 'terminate_child', sup: sup.base, id });
        break;
      case 4:
        this.steps.push({ op: 'restart_child', sup: sup.base, id });
        break;
      case 5:
        this.steps.push({ op: 'delete_child', sup: sup.base, id });
        break;
      default: {
        const fresh = r.chance(0.7);
        const newId = fresh ? `n${sup.ids.length + 1}` : r.pick(sup.ids);
        if (fresh) sup.ids.push(newId);
        const child = this.workerChild(sup, newId);
        if (!fresh && childSup) child.behaviour = this.workerPool[0];
        this.steps.push({ op: 'start_child', sup: sup.base, child });
      }
    }
  }

  private dynamicOp(): void {
    const r = this.r;
    const d = this.dsup!;
    switch (r.int(0, 4)) {
      case 0:
        this.dynStartChild(d);
        break;
      case 1:
        this.steps.push({ op: r.chance(0.5) ? 'which_children' : 'count_children', sup: d.base });
        break;
      case 2: {
        const kids = this.targets.filter((t) => t.sup === d);
        if (kids.length) this.steps.push({ op: 'terminate_child', sup: d.base, id: r.pick(kids).base });
        break;
      }
      case 3:
        // an exit signal from the driver (its parent) stops it; children go down concurrently
        d.uncertain = true;
        this.sortedStep({ op: 'exit', to: d.base, reason: r.pick(['shutdown', 'normal', 'kill', 'boom']) });
        break;
      default:
        this.sortedStep({ op: 'check_alive', target: d.base });
    }
  }

  private webDisruption(): void {
    const r = this.r;
    const t = r.pick(this.web);
    let step: Step;
    switch (r.int(0, 6)) {
      case 0:
      case 1:
        step = { op: 'exit', to: t.base, reason: r.pick(REASONS) };
        break;
      case 2:
      case 3:
        step = { op: 'send', to: t.base, msg: r.pick(['die', 'die', 'hello', 'linkto'] as Json[]) };
        break;
      case 4:
        this.refs++;
        this.driverRefs.push(`ref${this.refs}`);
        step = { op: 'monitor', to: t.base };
        break;
      case 5:
        step = { op: r.chance(0.7) ? 'link' : 'unlink', to: t.base };
        break;
      default:
        step = { op: 'check_alive', target: t.base };
    }
    this.sortedStep(step);
  }
}
