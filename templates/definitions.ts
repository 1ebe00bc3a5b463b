// The chapter's templates as compact definitions: a nested tree of nodes, extra edges, a lesson and scenarios.
// `renderTemplate` turns one into `.suptree` JSON (node id = node name, a top-down tidy layout, stable key order).
import { CURRENT_VERSION, type DesignDocumentInput } from '../runtime/design/document';

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
type Fields = Record<string, Json>;

export interface NodeDef {
  kind: 'supervisor' | 'dynamic_supervisor' | 'worker' | 'registry' | 'task_supervisor';
  name: string;
  fields: Fields;
  children: NodeDef[];
}
export interface LoadDef {
  name: string;
  fields: Fields;
}
export interface CommandDef {
  at: number;
  type: 'kill' | 'exit' | 'send' | 'call' | 'load' | 'chaos';
  [k: string]: Json;
}
export interface ScenarioDef {
  name: string;
  description: string;
  untilMs?: number;
  commands: CommandDef[];
}
export interface TemplateDef {
  file: string;
  title: string;
  lesson: string;
  roots: NodeDef[];
  loads?: LoadDef[];
  links?: [string, string][];
  monitors?: [string, string][];
  calls?: [string, string][];
  scenarios: ScenarioDef[];
  customBehaviours?: { id: string; title: string; description: string; source: string; fields?: Json[] }[];
}

// ---- the little DSL ---------------------------------------------------------------------------------------------

const sup = (name: string, fields: Fields, children: NodeDef[]): NodeDef => ({ kind: 'supervisor', name, fields, children });
const dsup = (name: string, fields: Fields, children: NodeDef[] = []): NodeDef => ({ kind: 'dynamic_supervisor', name, fields, children });
const reg = (name: string, fields: Fields = {}): NodeDef => ({ kind: 'registry', name, fields, children: [] });
const w = (name: string, behaviour: string, params: Fields = {}, fields: Fields = {}): NodeDef => ({
  kind: 'worker', name, fields: { behaviour, params, ...fields }, children: [],
});
const load = (name: string, fields: Fields): LoadDef => ({ name, fields });

const kill = (at: number, target: string): CommandDef => ({ at, type: 'kill', target });
const exit = (at: number, target: string, reason: string): CommandDef => ({ at, type: 'exit', target, reason });
const send = (at: number, target: string, message: Json): CommandDef => ({ at, type: 'send', target, message });
const call = (at: number, target: string, message: Json, timeoutMs?: number): CommandDef =>
  timeoutMs === undefined ? { at, type: 'call', target, message } : { at, type: 'call', target, message, timeoutMs };
const loadOn = (at: number, on: boolean, source?: string): CommandDef => (source ? { at, type: 'load', source, on } : { at, type: 'load', on });

// ---- layout -------------------------------------------------------------------------------------------------------

const COL = 190;
const ROW = 140;

/** Tidy top-down layout: leaves take consecutive columns, a parent sits centred over its children. */
function layout(roots: NodeDef[]): Map<string, { x: number; y: number }> {
  const pos = new Map<string, { x: number; y: number }>();
  let col = 0;
  const place = (n: NodeDef, depth: number): number => {
    let x: number;
    if (n.children.length === 0) x = col++ * COL;
    else {
      const xs = n.children.map((c) => place(c, depth + 1));
      x = (xs[0] + xs[xs.length - 1]) / 2;
    }
    pos.set(n.name, { x, y: depth * ROW });
    return x;
  };
  for (const r of roots) {
    place(r, 0);
    col++; // a gap between separate trees
  }
  return pos;
}

// ---- rendering ----------------------------------------------------------------------------------------------------

export function templateDocument(t: TemplateDef): DesignDocumentInput {
  const pos = layout(t.roots);
  const nodes: Fields[] = [];
  const edges: Fields[] = [];
  const visit = (n: NodeDef) => {
    nodes.push({ id: n.name, kind: n.kind, name: n.name, position: pos.get(n.name)!, ...n.fields });
    n.children.forEach((c, order) => {
      edges.push({ id: `sup_${n.name}_${c.name}`, kind: 'supervision', source: n.name, target: c.name, order });
      visit(c);
    });
  };
  t.roots.forEach(visit);
  (t.loads ?? []).forEach((l, i) => nodes.push({ id: l.name, kind: 'load_source', name: l.name, position: { x: -COL * (i + 1.2), y: 0 }, ...l.fields }));
  for (const [a, b] of t.links ?? []) edges.push({ id: `link_${a}_${b}`, kind: 'link', source: a, target: b });
  for (const [a, b] of t.monitors ?? []) edges.push({ id: `mon_${a}_${b}`, kind: 'monitor', source: a, target: b });
  for (const [a, b] of t.calls ?? []) edges.push({ id: `calls_${a}_${b}`, kind: 'calls', source: a, target: b });
  return {
    format: 'supervisor-studio',
    version: CURRENT_VERSION,
    title: t.title,
    lesson: t.lesson.trim() + '\n',
    nodes: nodes as DesignDocumentInput['nodes'],
    edges: edges as DesignDocumentInput['edges'],
    scenarios: t.scenarios as DesignDocumentInput['scenarios'],
    customBehaviours: (t.customBehaviours ?? []) as DesignDocumentInput['customBehaviours'],
    meta: { template: t.file },
  };
}

export function renderTemplate(t: TemplateDef): string {
  return JSON.stringify(templateDocument(t), null, 2) + '\n';
}

// ---- the templates ------------------------------------------------------------------------------------------------

const careSource = `// A GenServer that protects itself: every risky step runs inside try / catch / finally
// (Elixir: try / rescue / catch / after). The process never crashes, it replies with the error instead.
export default {
  init(_params) {
    return { ok: { cleanups: 0, handled: 0 } };
  },
  handleCall(msg, _from, state) {
    if (msg === 'stats') return { reply: ['stats', state.handled, state.cleanups], state };
    try {
      if (msg === 'risky') throw new Error('boom');
      return { reply: ['ok', msg], state };
    } catch (e) {
      state = { ...state, handled: state.handled + 1 };
      return { reply: ['error', String(e.message)], state };
    } finally {
      // "after": runs whether the step failed or not (like Elixir's, it does not change the result)
      state.cleanups += 1;
    }
  },
};
`;

export const TEMPLATES: TemplateDef[] = [
  {
    file: 'drill-1-error-kinds',
    title: 'Drill 1 — the three kinds of errors',
    lesson: `
## What it shows
Elixir has three ways for code to fail, and each one ends a process with a different **exit reason**:

- \`raise "boom"\` (an *error*) → \`{%RuntimeError{message: "boom"}, stacktrace}\`
- \`exit(:boom)\` (an *exit*) → \`:boom\`
- \`throw(:boom)\` (a *throw* nobody catches) → \`{{:nocatch, :boom}, stacktrace}\` in a plain process. Inside a
  GenServer callback a throw is not an error at all: the thrown value is taken as the callback's return value, so
  the server stops with \`{:bad_return_value, :boom}\` — that is what \`thrower\` shows here.

Three crasher workers sit under a \`one_for_one\` supervisor. Each scenario sends \`:crash\` to one of them; watch the
exit reason in the event log and the supervisor restart only that worker.

## Try this
- Run **all three kinds** and compare the three exit reasons.
- Change one crasher's \`mode\` in the inspector and run again.
- Send four crashes to one worker within five seconds: the fourth exceeds the supervisor's intensity (3 in 5 s).
`,
    roots: [
      sup('errors_sup', { strategy: 'one_for_one' }, [
        w('raiser', 'crasher', { mode: 'raise', reason: 'boom' }),
        w('exiter', 'crasher', { mode: 'exit', reason: 'boom' }),
        w('thrower', 'crasher', { mode: 'throw', reason: 'boom' }),
      ]),
    ],
    scenarios: [
      {
        name: 'all three kinds',
        description: 'Each crasher fails once, each in its own way; each is restarted once.',
        untilMs: 1000,
        commands: [send(100, 'raiser', 'crash'), send(200, 'exiter', 'crash'), send(300, 'thrower', 'crash')],
      },
      {
        name: 'too many crashes',
        description: 'Four crashes within a second: the supervisor gives up after the third restart.',
        untilMs: 1000,
        commands: [send(100, 'raiser', 'crash'), send(200, 'raiser', 'crash'), send(300, 'raiser', 'crash'), send(400, 'raiser', 'crash')],
      },
    ],
  },
  {
    file: 'drill-2-try-rescue-after',
    title: 'Drill 2 — try / catch / rescue / after',
    lesson: `
## What it shows
A crash is only a crash if nobody handles it. \`careful\` is a custom behaviour (its TypeScript source is in this
document) that wraps its risky step in \`try … catch … finally\` — Elixir's \`try/rescue/catch/after\`. It answers
\`{:error, :boom}\` and keeps running; its \`finally\` (\`after\`) block runs every time. \`reckless\` does the same
step without protection and is restarted by the supervisor.

## Try this
- Run **rescued vs crashed** and compare the restart counts of the two workers.
- Open the \`careful\` behaviour's source and remove the \`catch\`: now it crashes like \`reckless\`.
- "Let it crash" is the default in OTP: rescue only what you can really handle.
`,
    roots: [
      sup('try_sup', { strategy: 'one_for_one' }, [
        w('careful', 'careful'),
        w('reckless', 'crasher', { mode: 'raise', reason: 'boom' }),
      ]),
    ],
    customBehaviours: [
      { id: 'careful', title: 'Careful worker', description: 'Rescues its own errors and replies with them.', source: careSource },
    ],
    scenarios: [
      {
        name: 'rescued vs crashed',
        description: 'careful rescues the error and replies; reckless crashes and is restarted.',
        untilMs: 1000,
        commands: [call(100, 'careful', 'risky'), call(200, 'careful', 'stats'), send(300, 'reckless', 'crash')],
      },
    ],
  },
  {
    file: 'drill-3-links',
    title: 'Drill 3 — links',
    lesson: `
## What it shows
A **link** ties two processes together: when one dies abnormally, the exit signal kills the other one too.

- **both die**: \`left\` and \`right\` are linked; killing one takes the other down, the supervisor restarts both.
- **trapping survives**: \`guard\` traps exits; when its partner \`victim\` crashes, \`guard\` gets an
  \`{:EXIT, pid, reason}\` message instead of dying.
- **chain reaction**: \`first\`–\`second\`–\`third\` are linked in a chain; one crash spreads along it.
- **normal exit**: \`quitter\` stops with reason \`:normal\`. A normal exit does not kill its linked \`bystander\`,
  and \`quitter\` is \`transient\`, so it is not restarted either.

## Try this
- Turn off \`trapExit\` on \`guard\` and run **trapping survives** again.
- Delete the link between \`second\` and \`third\` and run **chain reaction**.
`,
    roots: [
      sup('links_sup', { strategy: 'one_for_one', maxRestarts: 10 }, [
        w('left', 'echo'),
        w('right', 'echo'),
        w('guard', 'trapper', { trapExit: true }),
        w('victim', 'crasher', { mode: 'raise', reason: 'boom' }),
        w('first', 'echo'),
        w('second', 'echo'),
        w('third', 'echo'),
        w('quitter', 'crasher', { mode: 'exit', reason: 'normal' }, { restart: 'transient' }),
        w('bystander', 'echo'),
      ]),
    ],
    links: [['left', 'right'], ['guard', 'victim'], ['first', 'second'], ['second', 'third'], ['quitter', 'bystander']],
    scenarios: [
      { name: 'both die', description: 'Kill left: right dies with it; both are restarted.', untilMs: 1000, commands: [kill(100, 'left')] },
      { name: 'trapping survives', description: 'victim crashes; guard traps the exit and lives on.', untilMs: 1000, commands: [send(100, 'victim', 'crash'), call(300, 'guard', 'exits')] },
      { name: 'chain reaction', description: 'Kill first: second and third follow along the chain.', untilMs: 1000, commands: [kill(100, 'first')] },
      { name: 'normal exit', description: 'quitter exits normally: bystander lives, quitter is not restarted.', untilMs: 1000, commands: [send(100, 'quitter', 'crash')] },
    ],
  },
  {
    file: 'drill-4-monitors-vs-links',
    title: 'Drill 4 — monitors vs links',
    lesson: `
## What it shows
A **monitor** is a one-way, harmless link: the watcher gets a \`{:DOWN, ref, :process, pid, reason}\` message and
keeps running. A **link** is two-way and deadly (unless the other side traps exits).

\`service\` is linked to \`partner\` and monitored by \`watcher\`. Kill \`service\`: \`partner\` dies with it (and both
are restarted), \`watcher\` only takes note.

## Try this
- Run **kill the service** and compare \`partner\` (restarted) with \`watcher\` (still the same pid).
- Ask the watcher what it saw: the scenario calls \`:downs\` at the end.
`,
    roots: [
      sup('monitors_sup', { strategy: 'one_for_one' }, [
        w('service', 'echo'),
        w('partner', 'echo'),
        w('watcher', 'watcher', { target: 'service' }),
      ]),
    ],
    links: [['partner', 'service']],
    monitors: [['watcher', 'service']],
    scenarios: [
      { name: 'kill the service', description: 'partner dies by the link, watcher gets a DOWN message.', untilMs: 1000, commands: [kill(100, 'service'), call(500, 'watcher', 'downs')] },
    ],
  },
  {
    file: 'drill-5-supervisor-registry',
    title: 'Drill 5 — a basic supervisor with a Registry',
    lesson: `
## What it shows
Pids change on every restart, so callers should use **names**. Here two counters register themselves in a
\`Registry\` (\`{:via, Registry, {counters, key}}\`). After a crash the supervisor starts a new counter, which
registers under the same key — callers keep working. The counter's *state* is lost, though: it starts again at 0.

The Registry is started **first**: the workers need it to register.

## Try this
- Run **restart keeps the name**: the call after the kill reaches the new process, and the count is back to 0.
- Move the Registry after the workers (change the order) and see validation complain.
`,
    roots: [
      sup('app_sup', { strategy: 'one_for_one' }, [
        reg('counters', { keys: 'unique' }),
        w('clicks', 'counter', { initial: 0, step: 1 }, { register: 'registry', registry: 'counters' }),
        w('visits', 'counter', { initial: 0, step: 1 }, { register: 'registry', registry: 'counters' }),
      ]),
    ],
    scenarios: [
      {
        name: 'restart keeps the name',
        description: 'Increment clicks twice, kill it, then ask it again by its registry name.',
        untilMs: 1000,
        commands: [call(100, 'clicks', 'increment'), call(150, 'clicks', 'increment'), kill(200, 'clicks'), call(400, 'clicks', 'get')],
      },
    ],
  },
  {
    file: 'drill-6-child-specs',
    title: 'Drill 6 — child specs and restart types',
    lesson: `
## What it shows
A child spec tells the supervisor how to start a child and **when to restart it**:

- \`:permanent\` — always restarted (even after a normal exit)
- \`:transient\` — restarted only after an abnormal exit
- \`:temporary\` — never restarted

In Elixir a child can be written as \`Worker\`, \`{Worker, arg}\`, \`%{id: ..., start: {Worker, :start_link, [arg]}, restart: ...}\`
or \`Supervisor.child_spec({Worker, arg}, id: ..., restart: ...)\` — all four become the same map. The inspector shows
its fields: id (the name), restart, shutdown, type.

## Try this
- **normal exits**: all three stop with \`:normal\` — only the permanent one comes back.
- **crashes**: all three crash — permanent and transient come back, temporary is gone.
`,
    roots: [
      sup('specs_sup', { strategy: 'one_for_one', maxRestarts: 10 }, [
        w('always', 'crasher', { mode: 'exit', reason: 'boom' }, { restart: 'permanent' }),
        w('on_error', 'crasher', { mode: 'exit', reason: 'boom' }, { restart: 'transient' }),
        w('once', 'crasher', { mode: 'exit', reason: 'boom' }, { restart: 'temporary' }),
      ]),
    ],
    scenarios: [
      {
        name: 'normal exits',
        description: 'Each child exits with :normal.',
        untilMs: 1000,
        commands: [send(100, 'always', ['crash', 'normal']), send(100, 'on_error', ['crash', 'normal']), send(100, 'once', ['crash', 'normal'])],
      },
      {
        name: 'crashes',
        description: 'Each child exits with :boom.',
        untilMs: 1000,
        commands: [send(100, 'always', 'crash'), send(100, 'on_error', 'crash'), send(100, 'once', 'crash')],
      },
    ],
  },
  {
    file: 'exercise-1-todo-system',
    title: 'Exercise 1 — a fault-tolerant TodoServer system',
    lesson: `
## What it shows
The to-do system from *Elixir in Action*: a \`todo_cache\` finds or starts one \`todo_server\` per list under the
\`todo_servers\` DynamicSupervisor; servers register in \`todo_registry\` by list name and keep their entries in the
\`database\` worker. When a server crashes, its **state survives in the database**: the restarted server loads it back.

Start order matters: registry and database first, then the servers' supervisor, then the cache that uses them.

## Try this
- Run **server crash keeps the entries**: add an entry, kill alice's server, read the entries again.
- Kill the \`database\` instead: the servers keep running, but what happens to writes in flight?
`,
    roots: [
      sup('todo_system', { strategy: 'one_for_one' }, [
        reg('todo_registry', { keys: 'unique' }),
        w('database', 'database', { writeDelayMs: 5 }),
        dsup('todo_servers', {}, [w('alice', 'todo_server', { listName: 'alice', database: 'database' }, { register: 'registry', registry: 'todo_registry' })]),
        w('todo_cache', 'todo_cache', { serverSupervisor: 'todo_servers' }),
      ]),
    ],
    calls: [['todo_cache', 'todo_servers'], ['todo_cache', 'database']],
    scenarios: [
      {
        name: 'server crash keeps the entries',
        description: "Add an entry to alice's list, kill alice's server, ask for the entries again.",
        untilMs: 2000,
        commands: [
          call(100, 'todo_cache', ['add', 'alice', 'milk']),
          call(200, 'todo_cache', ['add', 'alice', 'bread']),
          kill(500, 'alice'),
          call(800, 'todo_cache', ['entries', 'alice']),
        ],
      },
    ],
  },
  {
    file: 'exercise-2-worker-pool',
    title: 'Exercise 2 — a supervised worker pool',
    lesson: `
## What it shows
A pool keeps a fixed set of workers busy. \`pool_manager\` checks a worker out for each job (the least-loaded one)
and checks it back in when the job is done. The workers live under their own \`one_for_one\` supervisor, whose
\`max_restarts\` is larger than the pool: one bad deploy (every worker crashing once) does not take the pool down.

The manager is started **after** the workers (\`rest_for_one\`): if the whole worker supervisor restarts, the
manager restarts too and picks up the new pids.

## Try this
- Run **worker crash under load**: a worker is killed while the load source sends jobs. The pool keeps serving;
  only a job that was running on the killed worker fails (\`{:error, :killed}\`), and the worker is back at once.
- Lower \`max_restarts\` of \`pool_workers\` below the pool size and kill every worker at once.
`,
    roots: [
      sup('pool_app', { strategy: 'rest_for_one' }, [
        sup('pool_workers', { strategy: 'one_for_one', maxRestarts: 10, maxSeconds: 5 }, [
          w('worker_1', 'pool_worker', { workMs: 50 }),
          w('worker_2', 'pool_worker', { workMs: 50 }),
          w('worker_3', 'pool_worker', { workMs: 50 }),
        ]),
        w('pool_manager', 'pool_manager', { size: 3, strategy: 'least_loaded', checkoutTimeoutMs: 5000 }),
      ]),
    ],
    loads: [load('jobs', { target: 'pool_manager', rate: 20, mode: 'call', message: 'job', timeoutMs: 5000 })],
    calls: [['pool_manager', 'pool_workers']],
    scenarios: [
      {
        name: 'worker crash under load',
        description: '20 jobs/s for two seconds; worker_2 is killed after one second.',
        untilMs: 3000,
        commands: [loadOn(0, true), kill(1000, 'worker_2'), loadOn(2000, false), call(2900, 'pool_manager', 'stats')],
      },
      {
        name: 'checkout and checkin',
        description: 'Check two workers out by hand, see the pool status, check one in.',
        untilMs: 1000,
        commands: [call(100, 'pool_manager', 'checkout'), call(200, 'pool_manager', 'checkout'), call(300, 'pool_manager', 'status')],
      },
    ],
  },
  {
    file: 'capstone-http-client-pool',
    title: 'Capstone — HTTP client pool with circuit breaker and retries',
    lesson: `
## What it shows
The chapter's capstone. Requests enter through \`http_client\` (retries with exponential back-off), pass the
\`breaker\` (a circuit breaker) and are served by a pool of \`http_worker\`s picked by \`pool_manager\`.

The circuit breaker is a state machine:
- **closed** → counts failures in a row; at \`failureThreshold\` it goes **open**;
- **open** → refuses at once (\`{:error, :circuit_open}\`) for \`timeoutMs\`, then goes **half_open**;
- **half_open** → one trial request: success closes the circuit, failure opens it again.

Start order (\`rest_for_one\`): the breaker first (so a crashing pool never resets the failures it counted), then
the pool (workers, then their manager), then the client that uses both.

## Try this
- **worker crash**: a worker dies mid-run; the pool supervisor restarts it, requests keep flowing.
- **breaker opens and recovers**: the upstream starts failing, the breaker opens, then recovers after its timeout.
- **load test**: 50 requests per second for two seconds with 10 % failures; retries hide most of them.
`,
    roots: [
      sup('http_app', { strategy: 'rest_for_one', maxRestarts: 3, maxSeconds: 5 }, [
        w('breaker', 'circuit_breaker', { failureThreshold: 3, timeoutMs: 1000 }),
        sup('pool', { strategy: 'rest_for_one', maxRestarts: 3, maxSeconds: 5 }, [
          sup('http_pool', { strategy: 'one_for_one', maxRestarts: 10, maxSeconds: 5 }, [
            w('http_1', 'http_worker', { latencyMs: 40, failRate: 0, timeoutMs: 1000 }),
            w('http_2', 'http_worker', { latencyMs: 40, failRate: 0, timeoutMs: 1000 }),
            w('http_3', 'http_worker', { latencyMs: 40, failRate: 0, timeoutMs: 1000 }),
          ]),
          w('pool_manager', 'pool_manager', { size: 3, strategy: 'least_loaded', checkoutTimeoutMs: 1000 }),
        ]),
        w('http_client', 'http_client_system', { retries: 2, backoffMs: 20, timeoutMs: 1000 }),
      ]),
    ],
    loads: [load('traffic', { target: 'http_client', rate: 50, mode: 'call', message: ['get', '/status'], timeoutMs: 5000 })],
    calls: [['http_client', 'breaker'], ['breaker', 'pool_manager'], ['pool_manager', 'http_pool']],
    scenarios: [
      {
        name: 'worker crash',
        description: 'http_2 is killed while requests flow; it is restarted and no request is lost.',
        untilMs: 2000,
        commands: [loadOn(0, true, 'traffic'), kill(500, 'http_2'), loadOn(1000, false, 'traffic'), call(1900, 'http_client', 'stats')],
      },
      {
        name: 'breaker opens and recovers',
        description: 'Every worker starts failing at 100 ms; the breaker opens; at 600 ms they heal; after the timeout it closes.',
        untilMs: 3000,
        commands: [
          send(100, 'http_1', ['fail_rate', 1]), send(100, 'http_2', ['fail_rate', 1]), send(100, 'http_3', ['fail_rate', 1]),
          call(200, 'breaker', ['request', ['get', '/a']]),
          call(250, 'breaker', ['request', ['get', '/b']]),
          call(300, 'breaker', ['request', ['get', '/c']]),
          call(400, 'breaker', 'state'),
          call(450, 'breaker', ['request', ['get', '/d']]),
          send(600, 'http_1', ['fail_rate', 0]), send(600, 'http_2', ['fail_rate', 0]), send(600, 'http_3', ['fail_rate', 0]),
          call(1400, 'breaker', 'state'),
          call(1500, 'breaker', ['request', ['get', '/e']]),
          call(1600, 'breaker', 'state'),
        ],
      },
      {
        name: 'load test',
        description: '50 requests/s for 2 s with a 10 % failure rate on every worker.',
        untilMs: 4000,
        commands: [
          send(0, 'http_1', ['fail_rate', 0.1]), send(0, 'http_2', ['fail_rate', 0.1]), send(0, 'http_3', ['fail_rate', 0.1]),
          loadOn(10, true, 'traffic'), loadOn(2010, false, 'traffic'), call(3900, 'http_client', 'stats'),
        ],
      },
    ],
  },
  {
    file: 'bonus-telemetry',
    title: 'Bonus — telemetry collector',
    lesson: `
## What it shows
Workers report every outcome to a \`telemetry\` collector (a \`calls\` edge from the worker to the collector), which
keeps success and failure counts and the rates over its window. Under the virtual clock the worker's failures come
from the run's seed, so the same seed always gives the same numbers.

## Try this
- Run **measure failure rate** and read the collector's \`stats\` reply: about 30 % failures.
- Change the seed (Run settings) and compare.
`,
    roots: [
      sup('telemetry_app', { strategy: 'one_for_one' }, [
        w('telemetry', 'telemetry_collector', { windowMs: 1000 }),
        w('api', 'http_worker', { latencyMs: 10, failRate: 0.3, timeoutMs: 1000 }),
      ]),
    ],
    loads: [load('requests', { target: 'api', rate: 100, mode: 'call', message: ['get', '/'], timeoutMs: 2000 })],
    calls: [['api', 'telemetry']],
    scenarios: [
      {
        name: 'measure failure rate',
        description: '100 requests/s for one second; then ask the collector.',
        untilMs: 2000,
        commands: [loadOn(0, true), loadOn(1000, false), call(1500, 'telemetry', 'stats')],
      },
    ],
  },
  {
    file: 'bonus-adaptive-pool',
    title: 'Bonus — adaptive pool',
    lesson: `
## What it shows
An adaptive pool starts \`minSize\` workers under a DynamicSupervisor and adds one whenever the queue per worker
reaches \`scaleUpAt\`, up to \`maxSize\`; a worker idle for \`scaleDownAfterMs\` is stopped again.

## Try this
- Run **burst then idle**: the pool grows during the burst and shrinks back afterwards (the scenario asks for its size).
`,
    roots: [
      sup('adaptive_app', { strategy: 'rest_for_one' }, [
        dsup('adaptive_workers', { maxRestarts: 10 }),
        w('adaptive', 'adaptive_pool', { minSize: 1, maxSize: 5, scaleUpAt: 2, scaleDownAfterMs: 500 }),
      ]),
    ],
    loads: [load('burst', { target: 'adaptive', rate: 100, mode: 'call', message: 'job', timeoutMs: 10000 })],
    calls: [['adaptive', 'adaptive_workers']],
    scenarios: [
      {
        name: 'burst then idle',
        description: '100 jobs/s for half a second, then silence.',
        untilMs: 4000,
        commands: [call(50, 'adaptive', 'size'), loadOn(100, true), call(500, 'adaptive', 'size'), loadOn(600, false), call(3900, 'adaptive', 'size')],
      },
    ],
  },
  {
    file: 'bonus-priority-queue',
    title: 'Bonus — priority queue',
    lesson: `
## What it shows
Requests carry a priority (0 = highest). The queue hands out the most urgent request first; within one priority the
oldest goes first. Past \`capacity\` it refuses new requests with \`{:error, :full}\`.

## Try this
- Run **high first**: three requests arrive low, high, medium — they come out high, medium, low.
`,
    roots: [sup('queue_app', { strategy: 'one_for_one' }, [w('jobs', 'priority_queue', { levels: 3, capacity: 100 })])],
    scenarios: [
      {
        name: 'high first',
        description: 'Push low, high, medium; pop three times.',
        untilMs: 1000,
        commands: [
          call(100, 'jobs', ['push', 2, 'low']), call(110, 'jobs', ['push', 0, 'high']), call(120, 'jobs', ['push', 1, 'medium']),
          call(200, 'jobs', 'pop'), call(210, 'jobs', 'pop'), call(220, 'jobs', 'pop'),
        ],
      },
    ],
  },
  {
    file: 'bonus-request-coalescer',
    title: 'Bonus — request coalescer',
    lesson: `
## What it shows
When several callers ask for the same thing at once, the coalescer sends **one** request upstream and gives every
caller the same answer. The upstream here is slow (200 ms), so three identical calls overlap.

## Try this
- Run **three callers, one upstream call** and read the coalescer's \`stats\`: 3 requests, 1 upstream call.
`,
    roots: [
      sup('coalesce_app', { strategy: 'rest_for_one' }, [
        w('backend', 'echo', { replyDelayMs: 200 }),
        w('coalescer', 'request_coalescer', { upstream: 'backend' }),
      ]),
    ],
    calls: [['coalescer', 'backend']],
    scenarios: [
      {
        name: 'three callers, one upstream call',
        description: 'Three identical calls within 20 ms, one different one.',
        untilMs: 1000,
        commands: [
          call(100, 'coalescer', ['get', 'user_1']), call(110, 'coalescer', ['get', 'user_1']), call(120, 'coalescer', ['get', 'user_1']),
          call(130, 'coalescer', ['get', 'user_2']), call(800, 'coalescer', 'stats'),
        ],
      },
    ],
  },
  {
    file: 'bonus-graceful-shutdown',
    title: 'Bonus — graceful shutdown',
    lesson: `
## What it shows
A worker that traps exits gets \`terminate(:shutdown, state)\` when its supervisor stops it. \`graceful\` uses that
moment to **finish the requests it already accepted** (up to \`drainTimeoutMs\`) before it exits. Its child spec's
\`shutdown\` (5000 ms) gives it the time; with \`brutal_kill\` the requests would be lost.

## Try this
- Run **drain on shutdown**: three slow requests are in flight when the supervisor is told to stop; all three get
  their answer.
`,
    roots: [
      sup('graceful_app', { strategy: 'one_for_one' }, [
        w('graceful', 'graceful_shutdown', { drainTimeoutMs: 2000 }, { shutdown: 5000 }),
      ]),
    ],
    scenarios: [
      {
        name: 'drain on shutdown',
        description: 'Three 300 ms requests at 100 ms; the supervisor is stopped at 150 ms.',
        untilMs: 2000,
        commands: [
          call(100, 'graceful', ['work', 300]), call(100, 'graceful', ['work', 300]), call(100, 'graceful', ['work', 300]),
          exit(150, 'graceful_app', 'shutdown'),
        ],
      },
    ],
  },
  {
    file: 'ch9-one-for-all',
    title: 'Chapter 9 preview — one_for_all',
    lesson: `
## What it shows
With \`one_for_all\`, one child's crash restarts **every** child: the others are stopped in reverse start order and
all are started again in order. Use it when the children cannot work without each other.

## Try this
- Run **one crash restarts all**: kill \`b\`; \`a\`, \`b\` and \`c\` all get new pids.
- Switch the strategy to \`one_for_one\` and run again.
`,
    roots: [sup('all_sup', { strategy: 'one_for_all' }, [w('a', 'echo'), w('b', 'echo'), w('c', 'echo')])],
    scenarios: [{ name: 'one crash restarts all', description: 'Kill b.', untilMs: 1000, commands: [kill(100, 'b')] }],
  },
  {
    file: 'ch9-rest-for-one',
    title: 'Chapter 9 preview — rest_for_one',
    lesson: `
## What it shows
With \`rest_for_one\`, a crash restarts the failed child **and every child started after it**; the ones before it
are left alone. Put the things others depend on first.

## Try this
- Run **kill the middle child**: \`b\` and \`c\` restart, \`a\` keeps its pid.
- Kill \`a\` instead: everything restarts.
`,
    roots: [sup('rest_sup', { strategy: 'rest_for_one' }, [w('a', 'echo'), w('b', 'echo'), w('c', 'echo')])],
    scenarios: [{ name: 'kill the middle child', description: 'Kill b.', untilMs: 1000, commands: [kill(100, 'b')] }],
  },
  {
    file: 'ch9-nested-escalation',
    title: 'Chapter 9 preview — nested trees and escalation',
    lesson: `
## What it shows
Supervisors supervise supervisors. When \`inner\` sees more than \`max_restarts\` (2) restarts within
\`max_seconds\`, it gives up: it stops its children and exits with \`:shutdown\`. That is a crash of a child of
\`root\`, which restarts \`inner\` with fresh children — the failure **escalates** one level up. \`sibling\` under
\`root\` is untouched.

## Try this
- Run **escalate once**: three quick crashes of \`flaky\` make \`inner\` give up; \`root\` restarts it.
- Make \`inner\` \`transient\`: a supervisor that gives up exits with \`:shutdown\`, which is not abnormal, so it is
  not restarted at all.
`,
    roots: [
      sup('root', { strategy: 'one_for_one', maxRestarts: 3, maxSeconds: 5 }, [
        sup('inner', { strategy: 'one_for_one', maxRestarts: 2, maxSeconds: 5 }, [
          w('flaky', 'crasher', { mode: 'raise', reason: 'boom' }),
          w('steady', 'echo'),
        ]),
        w('sibling', 'echo'),
      ]),
    ],
    scenarios: [
      {
        name: 'escalate once',
        description: 'flaky crashes three times in 300 ms.',
        untilMs: 1000,
        commands: [send(100, 'flaky', 'crash'), send(200, 'flaky', 'crash'), send(300, 'flaky', 'crash')],
      },
    ],
  },
  {
    file: 'ch9-dynamic-supervisor',
    title: 'Chapter 9 preview — DynamicSupervisor',
    lesson: `
## What it shows
A \`DynamicSupervisor\` starts with no fixed list of children: they are added at run time with \`start_child\`
(here two start with the tree). Its only strategy is \`one_for_one\`; \`max_children\` caps how many it runs.
Crashed permanent children are restarted; temporary ones are not.

## Try this
- Run **restart a dynamic child**: \`session_1\` is killed and comes back with a new pid; \`session_2\` (temporary)
  is killed and stays gone.
`,
    roots: [
      sup('sessions_app', { strategy: 'one_for_one' }, [
        dsup('sessions', { maxChildren: 10 }, [
          w('session_1', 'counter', { initial: 0 }, { restart: 'permanent' }),
          w('session_2', 'counter', { initial: 0 }, { restart: 'temporary' }),
        ]),
      ]),
    ],
    scenarios: [
      { name: 'restart a dynamic child', description: 'Kill both sessions.', untilMs: 1000, commands: [kill(100, 'session_1'), kill(200, 'session_2')] },
    ],
  },
];
