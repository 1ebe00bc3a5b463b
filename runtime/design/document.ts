// The design document (`.suptree`): its zod schema, the TypeScript types inferred from it, and small pure helpers.
//
// Every object schema is *loose*: fields this version does not know are kept, so a file written by a newer minor
// tool or edited by hand round-trips through parse → serialize without loss. Value ranges (a negative max_restarts,
// a fractional shutdown) are NOT enforced here but reported by `validate`, so a half-edited design still opens.
//
// Child-spec fields (restart, shutdown, significant) live on the child node, not on the supervision edge: a node has
// at most one supervisor, the inspector edits one object, and re-parenting a node (delete edge, draw a new one) keeps
// its child spec. The supervision edge only carries the child's position among its siblings (`order`).
import { z } from 'zod';
import { DEFAULT_BEHAVIOUR, ParamFieldSchema } from '../behaviours/catalog';
import { COMMAND_TYPES, type Command } from '../sim/commands';
import { CommandSchema } from '../sim/command-schema';
import { ExpectationSchema } from './expectations';

export const FORMAT = 'supervisor-studio';
/** The document version this build writes. Bump only together with a new entry in `MIGRATIONS` (parse.ts). */
export const CURRENT_VERSION = 2;
export const FILE_EXTENSION = '.suptree';

export const RESTARTS = ['permanent', 'transient', 'temporary'] as const;
export const STRATEGIES = ['one_for_one', 'one_for_all', 'rest_for_one'] as const;
export const AUTO_SHUTDOWNS = ['never', 'any_significant', 'all_significant'] as const;
export const NODE_KINDS = ['supervisor', 'dynamic_supervisor', 'worker', 'registry', 'task_supervisor', 'load_source', 'note'] as const;
export const EDGE_KINDS = ['supervision', 'link', 'monitor', 'calls'] as const;
/** Run commands (scenario steps, recordings) are defined in runtime/sim/commands.ts, the run-command catalog. */
export { COMMAND_TYPES, CommandSchema };

export type NodeKind = (typeof NODE_KINDS)[number];
export type EdgeKind = (typeof EDGE_KINDS)[number];
export type Restart = (typeof RESTARTS)[number];
export type Strategy = (typeof STRATEGIES)[number];
export type AutoShutdown = (typeof AUTO_SHUTDOWNS)[number];

const enumOf = <const T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, { error: (iss) => `${what} must be one of: ${values.join(', ')}${iss.input === undefined ? '' : ` (got ${JSON.stringify(iss.input)})`}` });

const Num = (what: string) => z.number({ error: `${what} must be a number` });
const Str = (what: string) => z.string({ error: `${what} must be text` });

export const PositionSchema = z.looseObject({ x: Num('x'), y: Num('y') });
/** Milliseconds (a non-negative integer, checked by validate), or the atoms `brutal_kill` / `infinity`. */
export const ShutdownSchema = z.union([z.literal('brutal_kill'), z.literal('infinity'), z.number()], {
  error: 'shutdown must be a number of milliseconds, "brutal_kill" or "infinity"',
});
export type Shutdown = z.infer<typeof ShutdownSchema>;
export const MaxChildrenSchema = z.union([z.number(), z.literal('infinity')], { error: 'maxChildren must be a number or "infinity"' });

const nodeBase = {
  /** Stable unique id; edges, scenarios and diagnostics refer to it. Never shown as a process name. */
  id: Str('id').min(1, { error: 'id must not be empty' }),
  /** The child id / process name; must be a valid identifier for the export targets (checked by validate). */
  name: Str('name'),
  position: PositionSchema.default({ x: 0, y: 0 }),
  collapsed: z.boolean().optional(),
};

export const CHILD_TYPES = ['worker', 'supervisor'] as const;
export type ChildType = (typeof CHILD_TYPES)[number];
/** OTP's default shutdown for a child spec without one: `infinity` for a supervisor, 5000 ms for a worker. */
export const defaultShutdownOf = (type: ChildType): Shutdown => (type === 'supervisor' ? 'infinity' : 5000);

/** Child-spec fields of a node that can run under a supervisor. `type` defaults to the kind's (`childType`); a file
 *  that gives a `type` but no `shutdown` gets that type's default shutdown (`withTypeDefaults`, applied by parse). */
const childSpec = (shutdown: Shutdown) => ({
  restart: enumOf(RESTARTS, 'restart').default('permanent'),
  shutdown: ShutdownSchema.default(shutdown),
  significant: z.boolean().default(false),
  /** The child spec's `type` (absent: `supervisor` for supervisor kinds and Registry, `worker` for a worker). */
  type: enumOf(CHILD_TYPES, 'type').optional(),
});

/** How the Elixir export writes a worker in its supervisor's child list (Elixir in Action ch. 9): `map` (absent) —
 *  `%{id: …, start: {M, F, A}, …}`; `module` — `MyWorker`; `tuple` — `{MyWorker, arg}`; `child_spec` —
 *  `Supervisor.child_spec({MyWorker, arg}, id: …, restart: …)`. All four give the supervisor the same child spec. */
export const SPEC_FORMATS = ['map', 'module', 'tuple', 'child_spec'] as const;
export type SpecFormat = (typeof SPEC_FORMATS)[number];
/** A worker's `start: {module, function, args}` as the Elixir export writes it (module: an Elixir alias such as
 *  `MyWorker`; function: the start function; args: its arguments, JSON terms as in runtime/sim/terms.ts). */
export const StartSchema = z.looseObject({
  module: Str('start.module').optional(),
  function: Str('start.function').optional(),
  args: z.array(z.unknown(), { error: 'start.args must be a list' }).optional(),
});
export type StartMfa = z.infer<typeof StartSchema>;
/** OTP's defaults: intensity 3 restarts in a period of 5 seconds. */
const intensity = { maxRestarts: Num('maxRestarts').default(3), maxSeconds: Num('maxSeconds').default(5) };

export const SupervisorNodeSchema = z.looseObject({
  kind: z.literal('supervisor'), ...nodeBase, ...childSpec('infinity'), ...intensity,
  strategy: enumOf(STRATEGIES, 'strategy').default('one_for_one'),
  autoShutdown: enumOf(AUTO_SHUTDOWNS, 'autoShutdown').default('never'),
});
export const DynamicSupervisorNodeSchema = z.looseObject({
  kind: z.literal('dynamic_supervisor'), ...nodeBase, ...childSpec('infinity'), ...intensity,
  maxChildren: MaxChildrenSchema.default('infinity'),
});
export const TaskSupervisorNodeSchema = z.looseObject({
  kind: z.literal('task_supervisor'), ...nodeBase, ...childSpec('infinity'), ...intensity,
  maxChildren: MaxChildrenSchema.default('infinity'),
});
export const RegistryNodeSchema = z.looseObject({
  kind: z.literal('registry'), ...nodeBase, ...childSpec('infinity'),
  keys: enumOf(['unique', 'duplicate'], 'keys').default('unique'),
  partitions: Num('partitions').default(1),
});
export const WorkerNodeSchema = z.looseObject({
  kind: z.literal('worker'), ...nodeBase, ...childSpec(5000),
  /** A catalog behaviour id (runtime/behaviours/catalog.ts) or the id of one of the document's customBehaviours. */
  behaviour: Str('behaviour').default(DEFAULT_BEHAVIOUR),
  params: z.record(z.string(), z.unknown(), { error: 'params must be an object' }).default({}),
  /** `name`: registered locally under its name; `registry`: `{:via, Registry, {registry, registryKey ?? name}}`; `none`: reached by pid only. */
  register: enumOf(['name', 'registry', 'none'], 'register').default('name'),
  /** Node id of the Registry used when `register` is `registry` (optional when the tree has exactly one). */
  registry: Str('registry').optional(),
  registryKey: Str('registryKey').optional(),
  specFormat: enumOf(SPEC_FORMATS, 'specFormat').optional(),
  start: StartSchema.optional(),
});
export const BurstSchema = z.looseObject({ atMs: Num('atMs'), durationMs: Num('durationMs'), rate: Num('rate') });
export const LoadSourceNodeSchema = z.looseObject({
  kind: z.literal('load_source'), ...nodeBase,
  /** Node id of the process that receives the requests. */
  target: Str('target').optional(),
  /** Requests per second. */
  rate: Num('rate').default(10),
  /** Extra load on top of `rate` between atMs and atMs + durationMs (time since the load was switched on). */
  bursts: z.array(BurstSchema).default([]),
  mode: enumOf(['call', 'cast'], 'mode').default('call'),
  message: z.unknown().default('request'),
  timeoutMs: Num('timeoutMs').default(5000),
  /** Whether the load runs from the start (else a scenario's `load` command switches it on). */
  enabled: z.boolean().default(false),
});
export const NoteNodeSchema = z.looseObject({
  kind: z.literal('note'), ...nodeBase,
  name: Str('name').default(''),
  text: Str('text').default(''),
  width: Num('width').optional(),
  height: Num('height').optional(),
});

export const NodeSchema = z.discriminatedUnion('kind', [
  SupervisorNodeSchema, DynamicSupervisorNodeSchema, WorkerNodeSchema, RegistryNodeSchema, TaskSupervisorNodeSchema,
  LoadSourceNodeSchema, NoteNodeSchema,
], { error: `node kind must be one of: ${NODE_KINDS.join(', ')}` });

const edgeBase = { id: Str('id').min(1, { error: 'id must not be empty' }), source: Str('source'), target: Str('target') };
export const SupervisionEdgeSchema = z.looseObject({
  kind: z.literal('supervision'), ...edgeBase,
  /** The child's position among its siblings (start order); ties are broken by edge id. */
  order: Num('order').default(0),
});
export const LinkEdgeSchema = z.looseObject({ kind: z.literal('link'), ...edgeBase });
/** `source` monitors `target`. */
export const MonitorEdgeSchema = z.looseObject({ kind: z.literal('monitor'), ...edgeBase });
/** `source` calls (depends on) `target`. */
export const CallsEdgeSchema = z.looseObject({ kind: z.literal('calls'), ...edgeBase, label: Str('label').optional() });
export const EdgeSchema = z.discriminatedUnion('kind', [SupervisionEdgeSchema, LinkEdgeSchema, MonitorEdgeSchema, CallsEdgeSchema], {
  error: `edge kind must be one of: ${EDGE_KINDS.join(', ')}`,
});

export const ScenarioSchema = z.looseObject({
  name: Str('name'),
  description: Str('description').default(''),
  /** Run length in ms (virtual time); absent = until the last command plus a settle time chosen by the runner. */
  untilMs: Num('untilMs').optional(),
  commands: z.array(CommandSchema).default([]),
  /** What the run must show (checked by `supervisor-studio test` and the app's test panel): runtime/design/expectations.ts. */
  expect: z.array(ExpectationSchema, { error: 'expect must be a list of expectations' }).optional(),
});
export const RecordingSchema = z.looseObject({
  name: Str('name'),
  seed: Num('seed'),
  clock: enumOf(['virtual', 'real'], 'clock').default('virtual'),
  commands: z.array(CommandSchema).default([]),
  durationMs: Num('durationMs').optional(),
});
export const CustomBehaviourSchema = z.looseObject({
  id: Str('id'),
  title: Str('title').default(''),
  description: Str('description').default(''),
  /** TypeScript source with GenServer-shaped callbacks; transpiled in the run worker, exported as written. */
  source: Str('source').default(''),
  fields: z.array(ParamFieldSchema).default([]),
});
/** A lesson's "Try this" step as a task that ticks itself when the learner does it in run mode (renderer/lessons/tasks.ts).
 *  With only `scenario`: done when the learner plays that scenario in the run and its expectations hold there. With
 *  `expect`: done when the live run shows those (a hands-on step: kill, call…); `scenario` then names the scenario that
 *  shows it (the templates' test plays it to prove the task can be done). */
export const LessonTaskSchema = z.looseObject({
  /** The step, as Markdown. */
  text: Str('text'),
  scenario: Str('scenario').optional(),
  expect: z.array(ExpectationSchema, { error: 'expect must be a list of expectations' }).optional(),
});
/** A question of the lesson (a drill's questions from the book) with its answer, shown on demand. Both Markdown. */
export const LessonQuestionSchema = z.looseObject({
  question: Str('question'),
  answer: Str('answer'),
});
export const ViewportSchema = z.looseObject({ x: Num('x').default(0), y: Num('y').default(0), zoom: Num('zoom').default(1) });

export const DocumentSchema = z.looseObject({
  format: z.literal(FORMAT, { error: `format must be "${FORMAT}"` }),
  version: z.literal(CURRENT_VERSION),
  title: Str('title').default('Untitled design'),
  /** Markdown shown next to a template: what it shows, what to try. */
  lesson: Str('lesson').default(''),
  /** The lesson's "Try this" steps as self-ticking tasks (optional). */
  tasks: z.array(LessonTaskSchema, { error: 'tasks must be a list' }).optional(),
  /** The lesson's questions with answers revealed on demand (optional). */
  questions: z.array(LessonQuestionSchema, { error: 'questions must be a list' }).optional(),
  nodes: z.array(NodeSchema, { error: 'nodes must be a list' }).default([]),
  edges: z.array(EdgeSchema, { error: 'edges must be a list' }).default([]),
  scenarios: z.array(ScenarioSchema).default([]),
  recordings: z.array(RecordingSchema).optional(),
  customBehaviours: z.array(CustomBehaviourSchema).default([]),
  viewport: ViewportSchema.default({ x: 0, y: 0, zoom: 1 }),
  meta: z.looseObject({}).default({}),
});

export type DesignDocument = z.infer<typeof DocumentSchema>;
/** What a file may contain (defaults not yet filled) — handy for writing templates and tests. */
export type DesignDocumentInput = z.input<typeof DocumentSchema>;
export type DesignNode = z.infer<typeof NodeSchema>;
export type DesignEdge = z.infer<typeof EdgeSchema>;
export type NodeOf<K extends NodeKind> = Extract<DesignNode, { kind: K }>;
export type EdgeOf<K extends EdgeKind> = Extract<DesignEdge, { kind: K }>;
export type SupervisorNode = NodeOf<'supervisor'>;
export type DynamicSupervisorNode = NodeOf<'dynamic_supervisor'>;
export type TaskSupervisorNode = NodeOf<'task_supervisor'>;
export type RegistryNode = NodeOf<'registry'>;
export type WorkerNode = NodeOf<'worker'>;
export type LoadSourceNode = NodeOf<'load_source'>;
export type NoteNode = NodeOf<'note'>;
export type SupervisionEdge = EdgeOf<'supervision'>;
export type { Command };
export type Scenario = z.infer<typeof ScenarioSchema>;
export type Recording = z.infer<typeof RecordingSchema>;
export type LessonTask = z.infer<typeof LessonTaskSchema>;
export type LessonQuestion = z.infer<typeof LessonQuestionSchema>;
export type CustomBehaviour = z.infer<typeof CustomBehaviourSchema>;

/** A node that is (or starts) a process: it can be a supervision child and can be linked/monitored/called. */
export type ProcessNode = Exclude<DesignNode, LoadSourceNode | NoteNode>;
export type SupervisorLikeNode = SupervisorNode | DynamicSupervisorNode | TaskSupervisorNode;

export const isProcessNode = (n: DesignNode): n is ProcessNode => n.kind !== 'load_source' && n.kind !== 'note';
/** Kinds that can have supervision children. */
export const isSupervisorLike = (n: DesignNode): n is SupervisorLikeNode =>
  n.kind === 'supervisor' || n.kind === 'dynamic_supervisor' || n.kind === 'task_supervisor';
/** The child-spec `type` the kind implies: supervisors, and Registry (a supervisor of its partitions in Elixir), are `supervisor`. */
export const kindChildType = (kind: ProcessNode['kind']): ChildType => (kind === 'worker' ? 'worker' : 'supervisor');
/** The child-spec `type`: the node's own, else the one its kind implies. */
export const childType = (n: ProcessNode): ChildType => n.type ?? kindChildType(n.kind);

/** A raw node (from a file or an init) that gives a `type` but no `shutdown` gets OTP's default shutdown for that
 *  type, as a child spec without `shutdown` does; anything else is returned as it is. */
export function withTypeDefaults(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const r = raw as Record<string, unknown>;
  if ((r.type !== 'worker' && r.type !== 'supervisor') || 'shutdown' in r) return raw;
  return { ...r, shutdown: defaultShutdownOf(r.type) };
}
/** A raw document with `withTypeDefaults` applied to each node (before DocumentSchema fills the kinds' defaults). */
export function documentTypeDefaults<T>(raw: T): T {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const nodes = (raw as Record<string, unknown>).nodes;
  return Array.isArray(nodes) ? { ...raw, nodes: nodes.map(withTypeDefaults) } : raw;
}

// ---------------------------------------------------------------------------------------------------------------
// Construction helpers (pure)

export function createEmptyDocument(title = 'Untitled design'): DesignDocument {
  return DocumentSchema.parse({ format: FORMAT, version: CURRENT_VERSION, title });
}

type NodeInit<K extends NodeKind> = Partial<Extract<z.input<typeof NodeSchema>, { kind: K }>> & { id: string; name?: string };
/** A node of `kind` with every default filled in; `init` overrides any field. */
export function createNode<K extends NodeKind>(kind: K, init: NodeInit<K>): NodeOf<K> {
  return NodeSchema.parse(withTypeDefaults({ name: init.id, ...init, kind })) as NodeOf<K>;
}
export function createEdge<K extends EdgeKind>(kind: K, init: Partial<Extract<z.input<typeof EdgeSchema>, { kind: K }>> & { id: string; source: string; target: string }): EdgeOf<K> {
  return EdgeSchema.parse({ ...init, kind }) as EdgeOf<K>;
}

/**
 * Deterministic ids: `prefix` + the smallest counter above every id already in the document with that prefix
 * (so two calls on the same document give the same id; ids are never reused while their node exists).
 */
export function nextId(doc: Pick<DesignDocument, 'nodes' | 'edges'>, prefix = 'n'): string {
  let max = 0;
  const re = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\d+)$`);
  for (const item of [...doc.nodes, ...doc.edges]) {
    const m = re.exec(item.id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return `${prefix}${max + 1}`;
}

/** A counter-based id generator for building many items at once (templates, paste): `gen()` → p1, p2, ... */
export function idGenerator(prefix = 'n', start = 1): () => string {
  let i = start;
  return () => `${prefix}${i++}`;
}

/** `base` if no node uses it as name, else base_2, base_3, ... */
export function uniqueName(doc: Pick<DesignDocument, 'nodes'>, base: string): string {
  const used = new Set(doc.nodes.map((n) => n.name));
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}_${i}`)) return `${base}_${i}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Queries (pure; linear in the document — build `indexDocument` once when asking many questions)

export interface DocumentIndex {
  node: ReadonlyMap<string, DesignNode>;
  /** Supervision edges out of a node, in child order (order, then edge id). */
  childEdges: ReadonlyMap<string, SupervisionEdge[]>;
  /** Supervision edges into a node (more than one is a validation error), by edge id. */
  parentEdges: ReadonlyMap<string, SupervisionEdge[]>;
}

export const compareChildEdges = (a: SupervisionEdge, b: SupervisionEdge) =>
  a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function indexDocument(doc: Pick<DesignDocument, 'nodes' | 'edges'>): DocumentIndex {
  const node = new Map<string, DesignNode>();
  for (const n of doc.nodes) if (!node.has(n.id)) node.set(n.id, n);
  const childEdges = new Map<string, SupervisionEdge[]>();
  const parentEdges = new Map<string, SupervisionEdge[]>();
  const push = (m: Map<string, SupervisionEdge[]>, k: string, e: SupervisionEdge) => {
    const list = m.get(k);
    if (list) list.push(e);
    else m.set(k, [e]);
  };
  for (const e of doc.edges) {
    if (e.kind !== 'supervision') continue;
    push(childEdges, e.source, e);
    push(parentEdges, e.target, e);
  }
  for (const list of childEdges.values()) list.sort(compareChildEdges);
  for (const list of parentEdges.values()) list.sort(compareChildEdges);
  return { node, childEdges, parentEdges };
}

export function nodeById(doc: Pick<DesignDocument, 'nodes'>, id: string): DesignNode | undefined {
  return doc.nodes.find((n) => n.id === id);
}

/** The children of a supervisor in start order. */
export function childrenOf(doc: Pick<DesignDocument, 'nodes' | 'edges'>, supId: string): DesignNode[] {
  const ix = indexDocument(doc);
  return (ix.childEdges.get(supId) ?? []).map((e) => ix.node.get(e.target)).filter((n): n is DesignNode => n !== undefined);
}

/** The supervision edge into `nodeId` (the first one when the document wrongly has several). */
export function parentEdgeOf(doc: Pick<DesignDocument, 'edges'>, nodeId: string): SupervisionEdge | undefined {
  let best: SupervisionEdge | undefined;
  for (const e of doc.edges) if (e.kind === 'supervision' && e.target === nodeId && (!best || compareChildEdges(e, best) < 0)) best = e;
  return best;
}

export function parentOf(doc: Pick<DesignDocument, 'nodes' | 'edges'>, nodeId: string): DesignNode | undefined {
  const e = parentEdgeOf(doc, nodeId);
  return e && nodeById(doc, e.source);
}

/** Ancestors from the parent up to the root (stops on a cycle). */
export function ancestorsOf(doc: Pick<DesignDocument, 'nodes' | 'edges'>, nodeId: string): DesignNode[] {
  const out: DesignNode[] = [];
  const seen = new Set([nodeId]);
  for (let p = parentOf(doc, nodeId); p && !seen.has(p.id); p = parentOf(doc, p.id)) {
    seen.add(p.id);
    out.push(p);
  }
  return out;
}

/** Process nodes without a supervisor, in document order: the top of each tree (or unsupervised processes). */
export function rootsOf(doc: Pick<DesignDocument, 'nodes' | 'edges'>): ProcessNode[] {
  const ix = indexDocument(doc);
  return doc.nodes.filter((n): n is ProcessNode => isProcessNode(n) && !ix.parentEdges.get(n.id)?.length);
}

/** The `order` for a child appended after the existing children of `supId`. */
export function nextChildOrder(doc: Pick<DesignDocument, 'edges'>, supId: string): number {
  let max = -1;
  for (const e of doc.edges) if (e.kind === 'supervision' && e.source === supId) max = Math.max(max, e.order);
  return max + 1;
}
