// The behaviour catalog: metadata only (ids, titles, parameter fields, defaults, and the facts the design lint needs).
// The implementations live next to this file (`<id>.ts`, on the kernel); the inspector renders `fields` as a form.
//
// Parameters are declared once, as a small JSON-schema-ish field list (serializable: custom behaviours stored in a
// document use the very same shape), and the zod schema is derived from it by `paramsSchema`.
import { z } from 'zod';

export const PARAM_TYPES = ['integer', 'number', 'string', 'boolean', 'enum', 'process'] as const;
export type ParamType = (typeof PARAM_TYPES)[number];

/** One parameter of a behaviour. `process` is the name of another process in the design (e.g. a watcher's target). */
export const ParamFieldSchema = z.looseObject({
  name: z.string(),
  type: z.enum(PARAM_TYPES),
  label: z.string().optional(),
  help: z.string().default(''),
  min: z.number().optional(),
  max: z.number().optional(),
  options: z.array(z.string()).optional(),
  unit: z.string().optional(),
  /** Absent = the parameter is required (the design is invalid until it is set). */
  default: z.union([z.number(), z.string(), z.boolean()]).optional(),
  /** Shown on the canvas node, not only in the inspector. */
  key: z.boolean().optional(),
});
export type ParamField = z.infer<typeof ParamFieldSchema>;
export type ParamValue = number | string | boolean;

export type PoolRole =
  | { role: 'worker' }
  /** Owns a pool whose size is the parameter `sizeParam`; its workers live under the supervisor it has a `calls` edge to. */
  | { role: 'manager'; sizeParam: string };

export interface BehaviourInfo {
  id: string;
  title: string;
  description: string;
  fields: readonly ParamField[];
  /** Runs cleanup in terminate/2 (so `brutal_kill` skips real work). */
  hasTerminate: boolean;
  /** Calls process_flag(:trap_exit, true) in init. */
  trapsExits: boolean;
  pool?: PoolRole;
  circuitBreaker: boolean;
  /** Registers itself through a Registry (`{:via, Registry, ...}`), so a Registry must be running first. */
  usesRegistryName: boolean;
  /** Does something with the DOWN messages of its monitor edges (others get them and drop them: the lint says so). */
  handlesDown: boolean;
}

type FieldInput = Omit<ParamField, 'help'> & { help: string };
type BehaviourInput = Omit<BehaviourInfo, 'hasTerminate' | 'trapsExits' | 'circuitBreaker' | 'usesRegistryName' | 'handlesDown' | 'fields'> &
  Partial<Pick<BehaviourInfo, 'hasTerminate' | 'trapsExits' | 'circuitBreaker' | 'usesRegistryName' | 'handlesDown'>> & { fields: FieldInput[] };

const int = (name: string, dflt: number | undefined, help: string, extra: Partial<ParamField> = {}): FieldInput => ({
  name, type: 'integer', default: dflt, help, min: 0, ...extra,
});
const ms = (name: string, dflt: number, help: string, extra: Partial<ParamField> = {}): FieldInput =>
  int(name, dflt, help, { unit: 'ms', max: 3_600_000, ...extra });
const prob = (name: string, dflt: number, help: string, extra: Partial<ParamField> = {}): FieldInput => ({
  name, type: 'number', default: dflt, min: 0, max: 1, help, ...extra,
});
const proc = (name: string, dflt: string | undefined, help: string, extra: Partial<ParamField> = {}): FieldInput => ({
  name, type: 'process', default: dflt, help, ...extra,
});

const define = (b: BehaviourInput): BehaviourInfo => ({
  hasTerminate: false, trapsExits: false, circuitBreaker: false, usesRegistryName: false, handlesDown: false, ...b,
  fields: b.fields.map((f) => ParamFieldSchema.parse(f)),
});

const LIST: BehaviourInfo[] = [
  define({
    id: 'echo', title: 'Echo worker', description: 'A plain GenServer worker: replies to every call with the message it got.',
    fields: [ms('replyDelayMs', 0, 'How long each reply takes.', { key: true })],
  }),
  define({
    id: 'counter', title: 'Counter', description: 'Keeps a number in its state; `increment` and `get`. Shows that state is lost on restart.',
    fields: [
      int('initial', 0, 'The value after (re)start.', { key: true, min: -1e9, max: 1e9 }),
      int('step', 1, 'How much `increment` adds.', { min: -1e6, max: 1e6 }),
    ],
  }),
  define({
    id: 'crasher', title: 'Crasher', description: 'Crashes on command: raise an error, exit with a reason, or throw.',
    fields: [
      { name: 'mode', type: 'enum', options: ['raise', 'exit', 'throw'], default: 'raise', key: true, help: 'How it fails.' },
      {
        name: 'error', type: 'enum', options: ['RuntimeError', 'ArgumentError', 'ArithmeticError', 'MatchError', 'FunctionClauseError'], default: 'RuntimeError',
        help: 'With mode raise: which error. RuntimeError/ArgumentError are raised (the struct is the exit reason); the others come from the VM (1 / 0, a failed match, no matching clause) and exit as :badarith, {:badmatch, reason}, :function_clause.',
      },
      { name: 'reason', type: 'string', default: 'boom', help: 'The error message or exit reason.' },
      ms('crashAfterMs', 0, 'Crash on its own this long after start (0 = only on command).'),
    ],
  }),
  define({
    id: 'trapper', title: 'Trapper', description: 'Traps exits and reports every exit signal it receives instead of dying.',
    hasTerminate: true, trapsExits: true,
    fields: [{ name: 'trapExit', type: 'boolean', default: true, key: true, help: 'Turn exit signals into messages.' }],
  }),
  define({
    id: 'watcher', title: 'Watcher', description: 'Monitors the processes its monitor edges point to and records their DOWN messages (without dying).',
    handlesDown: true,
    fields: [
      proc('target', '', 'One more process to monitor, besides the monitor edges (optional).'),
      { name: 'rewatch', type: 'boolean', default: true, key: true, help: 'Monitor a target again once it is back after a DOWN.' },
    ],
  }),
  define({
    id: 'client', title: 'Client',
    description: 'Passes every call on to its target: by name (looked up on each call) or by the pid it found at start.',
    fields: [
      proc('target', undefined, 'The process it calls.', { key: true }),
      { name: 'address', type: 'enum', options: ['name', 'pid'], default: 'name', key: true, help: 'name: look the name up on every call (survives restarts); pid: keep the pid found at start (dies with it).' },
      ms('timeoutMs', 5000, 'How long it waits for an answer.'),
    ],
  }),
  define({
    id: 'todo_server', title: 'Todo server', description: 'One to-do list; loads from and stores to the database worker.',
    usesRegistryName: true,
    fields: [
      { name: 'listName', type: 'string', default: 'default', key: true, help: 'The list this server owns (its registry key).' },
      proc('database', 'database', 'The database process that keeps the entries across restarts.'),
    ],
  }),
  define({
    id: 'todo_cache', title: 'Todo cache', description: 'Finds or starts the todo server of a list (under a dynamic supervisor).',
    fields: [proc('serverSupervisor', 'todo_servers', 'The dynamic supervisor that starts todo servers.', { key: true })],
  }),
  define({
    id: 'database', title: 'Database', description: 'Keeps data outside the servers, so their state survives a server restart.',
    hasTerminate: true, trapsExits: true,
    fields: [
      ms('writeDelayMs', 5, 'Simulated time per write.', { key: true }),
      { name: 'folder', type: 'string', default: 'persist', help: 'Where the data would live on disk (export only).' },
    ],
  }),
  define({
    id: 'pool_worker', title: 'Pool worker', description: 'Does one job at a time for the pool manager.',
    pool: { role: 'worker' },
    fields: [ms('workMs', 50, 'Time each job takes.', { key: true })],
  }),
  define({
    id: 'pool_manager', title: 'Pool manager', description: 'Checks workers out and in; picks the least-loaded one.',
    pool: { role: 'manager', sizeParam: 'size' },
    fields: [
      int('size', 5, 'How many workers the pool runs.', { key: true, min: 1, max: 1000 }),
      { name: 'strategy', type: 'enum', options: ['least_loaded', 'round_robin'], default: 'least_loaded', key: true, help: 'How a worker is chosen.' },
      ms('checkoutTimeoutMs', 5000, 'How long a caller waits for a free worker.'),
    ],
  }),
  define({
    id: 'http_worker', title: 'HTTP worker', description: 'Serves requests by call with a timeout; simulated latency and failure rate under the virtual clock.',
    pool: { role: 'worker' },
    fields: [
      { name: 'url', type: 'string', default: 'https://example.com/', help: 'Fetched for real only under the real-time clock.' },
      ms('latencyMs', 100, 'Simulated response time.', { key: true }),
      prob('failRate', 0, 'Share of requests that fail.', { key: true }),
      ms('timeoutMs', 5000, 'Call timeout.'),
    ],
  }),
  define({
    id: 'circuit_breaker', title: 'Circuit breaker', description: 'closed → open after `failureThreshold` failures, open → half_open after `timeoutMs`, half_open → closed on success / open on failure.',
    circuitBreaker: true,
    fields: [
      int('failureThreshold', 5, 'Failures in a row that open the circuit.', { key: true, min: 1, max: 1000 }),
      ms('timeoutMs', 30_000, 'How long the circuit stays open before a trial call.', { key: true }),
    ],
  }),
  define({
    id: 'http_client_system', title: 'HTTP client system', description: 'Front door of the capstone: sends a request through the breaker to the pool, with retries.',
    fields: [
      int('retries', 3, 'Retries after a failed request.', { key: true, max: 20 }),
      ms('backoffMs', 100, 'Wait before the first retry (doubles each time).'),
      ms('timeoutMs', 5000, 'Timeout per attempt.'),
    ],
  }),
  define({
    id: 'flaky', title: 'Flaky worker', description: 'Crashes now and then: with a probability per message, or every N messages.',
    fields: [
      prob('crashProbability', 0.1, 'Chance each message crashes it.', { key: true }),
      int('crashEvery', 0, 'Crash on every N-th message (0 = off).', { max: 1e6 }),
    ],
  }),
  define({
    id: 'slow_init', title: 'Slow init', description: 'Takes a while in init/1 — the supervisor waits before starting the next child.',
    fields: [ms('initMs', 1000, 'Time spent in init.', { key: true })],
  }),
  define({
    id: 'slow_terminate', title: 'Slow terminate', description: 'Takes a while in terminate/2 — shows how shutdown timeouts end in a kill.',
    hasTerminate: true, trapsExits: true,
    fields: [ms('terminateMs', 2000, 'Time spent in terminate.', { key: true })],
  }),
  define({
    id: 'load_source', title: 'Load source', description: 'A process that sends requests to a target at a rate, with optional bursts.',
    fields: [
      proc('target', undefined, 'Who receives the requests.', { key: true }),
      { name: 'rate', type: 'number', default: 10, min: 0, max: 100_000, unit: 'req/s', key: true, help: 'Requests per second.' },
      int('burstSize', 0, 'Extra requests sent at once every burst interval (0 = no bursts).', { max: 100_000 }),
      ms('burstEveryMs', 1000, 'Time between bursts.', { min: 1 }),
      { name: 'mode', type: 'enum', options: ['call', 'cast'], default: 'call', help: 'call waits for a reply, cast does not.' },
    ],
  }),
  define({
    id: 'telemetry_collector', title: 'Telemetry collector', description: 'Counts successes and failures reported to it; rates per window.',
    fields: [ms('windowMs', 1000, 'Length of the rate window.', { key: true, min: 1 })],
  }),
  define({
    id: 'adaptive_pool', title: 'Adaptive pool', description: 'Grows its workers with the queue length and shrinks them when idle.',
    pool: { role: 'manager', sizeParam: 'maxSize' },
    fields: [
      int('minSize', 1, 'Workers kept when idle.', { key: true, min: 1, max: 1000 }),
      int('maxSize', 10, 'Most workers it grows to.', { key: true, min: 1, max: 1000 }),
      int('scaleUpAt', 5, 'Queued requests per worker that add a worker.', { min: 1, max: 1e6 }),
      ms('scaleDownAfterMs', 5000, 'Idle time before a worker is removed.'),
    ],
  }),
  define({
    id: 'priority_queue', title: 'Priority queue', description: 'Serves high-priority requests first.',
    fields: [
      int('levels', 3, 'Number of priority levels.', { min: 1, max: 16 }),
      int('capacity', 100, 'Most queued requests; more are rejected.', { key: true, min: 1, max: 1e6 }),
    ],
  }),
  define({
    id: 'request_coalescer', title: 'Request coalescer', description: 'Identical in-flight requests share one upstream call and one result.',
    fields: [proc('upstream', undefined, 'The process that does the real work.', { key: true })],
  }),
  define({
    id: 'graceful_shutdown', title: 'Graceful shutdown', description: 'On shutdown, drains in-flight requests before terminate returns.',
    hasTerminate: true, trapsExits: true,
    fields: [ms('drainTimeoutMs', 5000, 'Most time spent draining.', { key: true })],
  }),
];

export const BEHAVIOURS: ReadonlyMap<string, BehaviourInfo> = new Map(LIST.map((b) => [b.id, b]));
export const BEHAVIOUR_IDS: readonly string[] = LIST.map((b) => b.id);
/** The behaviour a new worker gets. */
export const DEFAULT_BEHAVIOUR = 'echo';

export function getBehaviour(id: string): BehaviourInfo | undefined {
  return BEHAVIOURS.get(id);
}

/** The parameters shown on a canvas node. */
export function keyFields(fields: readonly ParamField[]): ParamField[] {
  return fields.filter((f) => f.key);
}

/** Default values of the fields that have one. */
export function defaultParams(fields: readonly ParamField[]): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const f of fields) if (f.default !== undefined) out[f.name] = f.default;
  return out;
}

function fieldSchema(f: ParamField): z.ZodType<ParamValue> {
  const what = f.label ?? f.name;
  // zod calls this for a wrong type and for a missing value alike; tell them apart for the learner
  const typeError = (expected: string) => (iss: { input?: unknown }) =>
    iss.input === undefined ? `${what} is required` : `${what} must be ${expected}`;
  switch (f.type) {
    case 'integer':
    case 'number': {
      let s = f.type === 'integer' ? z.number({ error: typeError('a whole number') }).int({ error: `${what} must be a whole number` })
        : z.number({ error: typeError('a number') });
      if (f.min !== undefined) s = s.min(f.min, { error: `${what} must be at least ${f.min}` });
      if (f.max !== undefined) s = s.max(f.max, { error: `${what} must be at most ${f.max}` });
      return s;
    }
    case 'boolean':
      return z.boolean({ error: typeError('true or false') });
    case 'enum':
      return z.enum((f.options ?? []) as [string, ...string[]], { error: typeError(`one of: ${(f.options ?? []).join(', ')}`) });
    case 'string':
      return z.string({ error: typeError('text') });
    case 'process':
      return z.string({ error: typeError('the name of a process') }).min(1, { error: `${what} must name a process` });
  }
}

const schemaCache = new WeakMap<readonly ParamField[], ReturnType<typeof buildParamsSchema>>();

/** The zod schema of a field list; fields with a default are optional, unknown extra params are kept. Cached per list. */
export function paramsSchema(fields: readonly ParamField[]) {
  let s = schemaCache.get(fields);
  if (!s) schemaCache.set(fields, (s = buildParamsSchema(fields)));
  return s;
}

function buildParamsSchema(fields: readonly ParamField[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const f of fields) {
    const s = fieldSchema(f);
    shape[f.name] = f.default === undefined ? s : s.default(f.default as never);
  }
  return z.looseObject(shape);
}
