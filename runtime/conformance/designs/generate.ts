// Random *designs* (`.suptree` documents) with a fault schedule, for the design-level differential test: each one
// runs on the simulator and, exported to Elixir, on real OTP; their supervision projections must be identical
// (./project.ts, docs/fuzz-designs.md).
//
// `generateDesign(seed)` is a pure function of the seed. What it covers: static supervisors with every strategy,
// intensity 0-4 and periods of 5-30 s, nested up to three levels, auto_shutdown with significant children;
// DynamicSupervisors with max_children (also fewer than their design children); Task.Supervisors; Registries
// (unique/duplicate, partitions) with workers registered through them; every restart type; shutdowns brutal_kill,
// infinity and timeouts; the library behaviours that run the same on both sides (no random draws, no run-time
// children); and 3-8 commands: kills, exits with every reason kind, messages and calls that crash or answer.
//
// Staying deterministic on real OTP (which runs in parallel, in real time):
// * Commands are >= GAP_MS apart and a run is much shorter than every supervisor's period, so every restart counts
//   on both sides; `settleTimes` (./project.ts) widens the gaps until the simulator is quiet for QUIET_MS before
//   each command, so no command lands in the middle of a restart cascade.
// * At most one worker per design crashes on its own timer (crasher `crashAfterMs`), so two timers never race.
// * Workers that trap exits (and may still run terminate when a new incarnation starts) are never registered by
//   name: the new one would find the name taken, a start failure whose timing decides the outcome.
// * Registries start before every worker that may register through one: top-level processes started first, or
//   the first children of the first root supervisor. Only top-level ones are killed.
import { createEdge, createNode, CURRENT_VERSION, FORMAT, type DesignDocument, type DesignEdge, type DesignNode, type Shutdown } from '../../design/document';
import { Rng } from '../fuzz/scenario';

/** The behaviours the generator uses: every library behaviour whose run does not depend on random draws, real
 *  HTTP, or children it starts itself (pools, caches and coalescers need more of a design than a random one has). */
export const FUZZ_BEHAVIOURS = [
  'echo', 'counter', 'crasher', 'trapper', 'watcher', 'slow_init', 'slow_terminate', 'flaky', 'database',
  'graceful_shutdown', 'telemetry_collector', 'priority_queue', 'circuit_breaker',
] as const;
export type FuzzBehaviour = (typeof FUZZ_BEHAVIOURS)[number];
const TRAPS = new Set<string>(['trapper', 'slow_terminate', 'database', 'graceful_shutdown']);

/** The scenario every generated design carries. */
export const FUZZ_SCENARIO = 'fuzz';
/** Smallest time between two commands (ms of real time on OTP). */
export const GAP_MS = 150;

export interface GenOptions {
  /** Largest number of process nodes (default 14). */
  maxNodes?: number;
}

interface Ctx {
  rng: Rng;
  nodes: DesignNode[];
  edges: DesignEdge[];
  count: Record<string, number>;
  budget: number;
  timerUsed: boolean;
  registries: string[];
}

const name = (c: Ctx, prefix: string) => `${prefix}${(c.count[prefix] = (c.count[prefix] ?? 0) + 1)}`;

function supervise(c: Ctx, parent: string, child: string, order: number): void {
  c.edges.push(createEdge('supervision', { id: `e_${parent}_${child}`, source: parent, target: child, order }));
}

const SHUTDOWNS: Shutdown[] = ['brutal_kill', 'infinity', 100, 1000, 5000];

function workerParams(c: Ctx, b: FuzzBehaviour): Record<string, unknown> {
  const r = c.rng;
  switch (b) {
    case 'crasher': {
      const p: Record<string, unknown> = { mode: r.pick(['raise', 'exit', 'throw']), reason: r.pick(['boom', 'oops', 'normal', 'shutdown']) };
      if (!c.timerUsed && r.chance(0.15)) {
        c.timerUsed = true;
        p.crashAfterMs = r.pick([230, 370]);
      }
      return p;
    }
    case 'counter': return { initial: r.int(0, 3), step: r.int(1, 2) };
    case 'slow_init': return { initMs: r.pick([40, 90]) };
    case 'slow_terminate': return { terminateMs: r.pick([60, 300]) };
    case 'flaky': return { crashProbability: 0, crashEvery: r.int(1, 3) };
    case 'graceful_shutdown': return { drainTimeoutMs: r.pick([50, 400]) };
    case 'circuit_breaker': return { failureThreshold: r.int(1, 3), timeoutMs: 60_000 };
    case 'echo': return r.chance(0.2) ? { replyDelayMs: 40 } : {};
    case 'database': return { writeDelayMs: 0 };
    default: return {};
  }
}

function addWorker(c: Ctx, parent: string | null, order: number, underDynamic: boolean): string {
  const r = c.rng;
  const id = name(c, 'w');
  const behaviour = r.pick(FUZZ_BEHAVIOURS.filter((b) => b !== 'watcher' || c.nodes.some((n) => n.kind === 'worker')));
  const params = workerParams(c, behaviour);
  if (behaviour === 'watcher') params.target = r.pick(c.nodes.filter((n) => n.kind === 'worker')).name;
  let register: 'name' | 'registry' | 'none' = TRAPS.has(behaviour) ? 'none' : r.pick(['name', 'name', 'none', 'registry']);
  // a via name needs a unique-keys Registry (OTP refuses a duplicate one: {:via_needs_unique_registry, name})
  const unique = c.registries.filter((id) => (c.nodes.find((n) => n.id === id) as { keys?: string }).keys === 'unique');
  if (register === 'registry' && unique.length === 0) register = 'name';
  const restart = r.pick(['permanent', 'permanent', 'transient', 'temporary'] as const);
  c.nodes.push(createNode('worker', {
    id, name: id, behaviour, params, register, restart,
    ...(register === 'registry' && { registry: r.pick(unique), ...(r.chance(0.3) && { registryKey: `k_${id}` }) }),
    shutdown: r.pick(SHUTDOWNS),
  }));
  if (parent) supervise(c, parent, id, order);
  void underDynamic;
  return id;
}

function addSupervisor(c: Ctx, parent: string | null, order: number, depth: number): string {
  const r = c.rng;
  const id = name(c, 's');
  const autoShutdown = parent && r.chance(0.2) ? r.pick(['any_significant', 'all_significant'] as const) : 'never';
  c.nodes.push(createNode('supervisor', {
    id, name: id, strategy: r.pick(['one_for_one', 'one_for_all', 'rest_for_one'] as const),
    maxRestarts: r.pick([0, 1, 2, 3, 3, 4]), maxSeconds: r.pick([5, 10, 30]), autoShutdown,
    restart: parent ? r.pick(['permanent', 'permanent', 'transient', 'temporary'] as const) : 'permanent',
    shutdown: r.pick(['infinity', 'infinity', 5000, 'brutal_kill'] as Shutdown[]),
  }));
  if (parent) supervise(c, parent, id, order);
  const n = r.int(1, depth >= 2 ? 3 : 4);
  const kids: string[] = [];
  for (let i = 0; i < n && c.budget > 0; i++) {
    c.budget--;
    const roll = r.next();
    if (depth < 2 && roll < 0.18) kids.push(addSupervisor(c, id, i, depth + 1));
    else if (depth < 2 && roll < 0.27) kids.push(addDynamic(c, id, i, 'dynamic_supervisor'));
    else if (depth < 2 && roll < 0.32) kids.push(addDynamic(c, id, i, 'task_supervisor'));
    else kids.push(addWorker(c, id, i, false));
  }
  // a supervisor that is brutally killed by its parent orphans the supervisors below it, the same race as an
  // untrappable kill (see commands): only supervisors of workers alone may have shutdown brutal_kill
  const self = c.nodes.find((x) => x.id === id)! as DesignNode & { shutdown: Shutdown };
  if (self.shutdown === 'brutal_kill' && kids.some((k) => c.nodes.find((x) => x.id === k)!.kind !== 'worker')) self.shutdown = 'infinity';
  if (autoShutdown !== 'never') {
    // significant children must be transient or temporary; at least one, so the flag matters
    const sig = kids.filter(() => r.chance(0.6));
    if (sig.length === 0 && kids.length) sig.push(kids[kids.length - 1]);
    for (const k of sig) {
      const node = c.nodes.find((x) => x.id === k)! as DesignNode & { significant: boolean; restart: string };
      node.significant = true;
      if (node.restart === 'permanent') node.restart = r.pick(['transient', 'temporary']);
    }
  }
  return id;
}

function addDynamic(c: Ctx, parent: string | null, order: number, kind: 'dynamic_supervisor' | 'task_supervisor'): string {
  const r = c.rng;
  const id = name(c, kind === 'dynamic_supervisor' ? 'd' : 't');
  c.nodes.push(createNode(kind, {
    id, name: id, maxRestarts: r.pick([0, 1, 2, 3]), maxSeconds: r.pick([5, 10]),
    maxChildren: r.pick(['infinity', 'infinity', 1, 2, 3] as const),
    restart: parent ? r.pick(['permanent', 'permanent', 'transient', 'temporary'] as const) : 'permanent',
    shutdown: r.pick(['infinity', 5000] as Shutdown[]),
  }));
  if (parent) supervise(c, parent, id, order);
  const node = c.nodes.at(-1) as Extract<DesignNode, { kind: typeof kind }>;
  // more design children than max_children is a design error (validate), so the limit is reached at most
  const n = Math.min(r.int(kind === 'task_supervisor' ? 0 : 1, 3), node.maxChildren === 'infinity' ? 3 : node.maxChildren);
  for (let i = 0; i < n && c.budget > 0; i++) {
    c.budget--;
    addWorker(c, id, i, true);
  }
  return id;
}

/** The reasons an `exit` command sends. */
const EXIT_REASONS = ['normal', 'shutdown', 'kill', 'boom', 'oops'];

function commands(c: Ctx): DesignDocument['scenarios'][number]['commands'] {
  const r = c.rng;
  const procs = c.nodes.filter((n) => n.kind !== 'note' && n.kind !== 'load_source');
  const workers = procs.filter((n) => n.kind === 'worker') as Extract<DesignNode, { kind: 'worker' }>[];
  // an untrappable kill of a supervisor whose children include supervisors orphans their subtrees: they shut down
  // while the killed one's parent restarts it with the same names, and on OTP who wins that race is a matter of
  // scheduling ({:already_started, pid} or not). Roots are not restarted, so any root may be killed.
  const parent = new Map(c.edges.map((e) => [e.target, e.source]));
  const hasSupChild = (id: string) => c.edges.some((e) => e.source === id && c.nodes.find((n) => n.id === e.target)?.kind !== 'worker');
  // Nor a supervisor with a Registry child: the Registry (stopping its owners with :shutdown) and the owners' own
  // supervisors would shut the same workers down at once.
  const hasRegistryChild = (id: string) => c.edges.some((e) => e.source === id && c.nodes.find((n) => n.id === e.target)?.kind === 'registry');
  const killable = procs.filter((n) => n.kind !== 'registry' && (!parent.has(n.id) || !hasSupChild(n.id)) && !hasRegistryChild(n.id));
  const nonRegistry = procs.filter((n) => n.kind !== 'registry');
  // messages and calls go by name, as OTP resolves them (an unregistered process cannot be reached by name)
  const named = workers.filter((w) => w.register !== 'none');
  const out: DesignDocument['scenarios'][number]['commands'] = [];
  const n = r.int(3, 8);
  let at = GAP_MS;
  for (let i = 0; i < n; i++, at += GAP_MS) {
    const roll = r.next();
    const w = workers.length ? r.pick(workers) : undefined;
    const m = named.length ? r.pick(named) : undefined;
    if (roll < 0.3 || !w || (roll >= 0.5 && !m)) {
      if (!killable.length) continue;
      // a supervised Registry killed would race its restart against its old partitions' names, like a supervisor
      const t = r.chance(0.9) ? r.pick(killable) : r.pick(procs.filter((n) => (n.kind === 'registry' && !parent.has(n.id)) || killable.includes(n)));
      out.push({ type: 'kill', at, target: t.name });
    } else if (roll < 0.5) {
      const t = r.chance(0.8) ? w : r.pick(nonRegistry);
      const reason = r.pick(EXIT_REASONS);
      out.push({ type: 'exit', at, target: (reason === 'kill' && !killable.includes(t) ? w : t).name, reason });
    } else if (roll < 0.75) {
      out.push({ type: 'send', at, target: m!.name, message: message(c, m!) });
    } else {
      out.push({ type: 'call', at, target: m!.name, message: message(c, m!), timeoutMs: r.pick([1000, 5000]) });
    }
  }
  return out;
}

/** A message the worker's behaviour understands (often one that makes it crash). */
function message(c: Ctx, w: Extract<DesignNode, { kind: 'worker' }>): unknown {
  const r = c.rng;
  switch (w.behaviour) {
    case 'crasher': return r.pick(['crash', ['crash', 'bad'], 'hello']);
    case 'counter': return r.pick(['increment', 'get', 'bogus']);
    case 'database': return r.pick([['put', 'k', 1], ['get', 'k'], 'what']);
    case 'graceful_shutdown': return r.pick([['work', 20], 'ping']);
    case 'trapper': return r.pick(['exits', 'ping']);
    case 'watcher': return r.pick(['downs', 'ping']);
    case 'priority_queue': return r.pick(['size', ['push', 1, 'job'], 'pop']);
    case 'circuit_breaker': return r.pick(['state', 'ping']);
    default: return r.pick(['ping', 'crash', 'get']);
  }
}

/** A random design with one scenario (`fuzz`), a function of `seed`. Command times are a first guess: the runner
 *  spreads them (settleTimes) before running both sides. */
export function generateDesign(seed: number, opts: GenOptions = {}): DesignDocument {
  const rng = new Rng(seed);
  const c: Ctx = { rng, nodes: [], edges: [], count: {}, budget: opts.maxNodes ?? 14, timerUsed: false, registries: [] };
  // registries before every worker that may register through them: top-level processes started first, or the
  // first children of the first root supervisor
  const nReg = rng.chance(0.3) ? rng.int(1, 2) : 0;
  const supervised = rng.chance(0.5);
  for (let i = 0; i < nReg; i++) {
    const id = name(c, 'r');
    c.registries.push(id);
    c.nodes.push(createNode('registry', {
      id, name: id, keys: rng.pick(['unique', 'unique', 'duplicate'] as const), partitions: rng.pick([1, 1, 2]),
      ...(supervised && { restart: rng.pick(['permanent', 'transient'] as const), shutdown: rng.pick(['infinity', 5000] as Shutdown[]) }),
    }));
  }
  const roots = rng.chance(0.75) ? 1 : 2;
  for (let i = 0; i < roots && c.budget > 0; i++) {
    const roll = rng.next();
    c.budget--;
    if (i === 0 || roll < 0.5) {
      const sup = addSupervisor(c, null, 0, 0);
      if (i === 0 && supervised && c.registries.length) {
        c.registries.forEach((r, k) => supervise(c, sup, r, k - c.registries.length));
        const node = c.nodes.find((x) => x.id === sup)! as DesignNode & { shutdown: Shutdown };
        if (node.shutdown === 'brutal_kill') node.shutdown = 'infinity'; // (see addSupervisor)
      }
    } else if (roll < 0.7) addDynamic(c, null, 0, 'dynamic_supervisor');
    else if (roll < 0.8) addDynamic(c, null, 0, 'task_supervisor');
    else addWorker(c, null, 0, false);
  }
  return {
    format: FORMAT, version: CURRENT_VERSION, title: `fuzz ${seed}`, lesson: '', nodes: c.nodes, edges: c.edges,
    scenarios: [{ name: FUZZ_SCENARIO, description: `generated from seed ${seed}`, commands: commands(c) }],
    customBehaviours: [], viewport: { x: 0, y: 0, zoom: 1 }, meta: {},
  } as DesignDocument;
}
