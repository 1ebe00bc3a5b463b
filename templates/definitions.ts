// The chapter's templates as compact definitions: a nested tree of nodes, extra edges, a lesson and scenarios.
// `renderTemplate` turns one into `.suptree` JSON (node id = node name, a top-down tidy layout, stable key order).
import { CURRENT_VERSION, type DesignDocumentInput } from '../runtime/design/document';
import { LESSON_PATH } from './lesson-path';

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
  type: 'kill' | 'exit' | 'send' | 'call' | 'load' | 'chaos' | 'demonitor' | 'checkin';
  [k: string]: Json;
}
export interface ScenarioDef {
  name: string;
  description: string;
  untilMs?: number;
  commands: CommandDef[];
  /** What the run must show (runtime/design/expectations.ts); `supervisor-studio test templates` checks every one. */
  expect: ExpectDef[];
}
export interface ExpectDef {
  type: 'reply' | 'exit' | 'status' | 'gave_up' | 'counter' | 'note';
  [k: string]: Json | undefined;
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
  /** Rows for the (leaf) children of a supervisor, by supervisor name: many children side by side would make one
   *  very wide row. Each row is centred under the supervisor; every child of it must be in one row. */
  rows?: Record<string, string[][]>;
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

// expectations (the order of the arguments reads like the sentence the test panel shows)
const answers = (at: number, target: string, equals: string, nth?: number): ExpectDef =>
  nth === undefined ? { type: 'reply', target, at, equals } : { type: 'reply', target, at, nth, equals };
const callExits = (at: number, target: string, reason: string): ExpectDef => ({ type: 'reply', target, at, equals: reason, exited: true });
const exitsWith = (process: string, reason: string, nth?: number): ExpectDef =>
  nth === undefined ? { type: 'exit', process, reason } : { type: 'exit', process, reason, nth };
const restarted = (process: string, restarts: number, at?: number): ExpectDef =>
  at === undefined ? { type: 'status', process, restarts } : { type: 'status', process, at, restarts };
const isStatus = (process: string, status: 'running' | 'stopped' | 'never_started', at?: number): ExpectDef =>
  at === undefined ? { type: 'status', process, status } : { type: 'status', process, at, status };
const gaveUp = (supervisor: string, yes = true): ExpectDef => (yes ? { type: 'gave_up', supervisor } : { type: 'gave_up', supervisor, gaveUp: false });
const counterIs = (process: string, counter: string, cmp: { equals?: number; atLeast?: number; atMost?: number }): ExpectDef => ({ type: 'counter', process, counter, ...cmp });
const reports = (process: string, event: string, data?: Record<string, string | number | boolean | null>, count?: number): ExpectDef => ({
  type: 'note', process, event, ...(data && { data }), ...(count !== undefined && { count }),
});

// ---- layout -------------------------------------------------------------------------------------------------------

const COL = 190;
const ROW = 140;
/** Column and row pitch of a supervisor's `rows` (TemplateDef.rows). */
const ROW_COL = 270;
const ROW_GAP = 190;

/** Tidy top-down layout: leaves take consecutive columns, a parent sits centred over its children (or over `rows`
 *  of them, each row one level further down and shifted half a column from the one above, so that the supervision
 *  edges to a lower row run between the nodes of the rows above). */
function layout(roots: NodeDef[], rows: Record<string, string[][]> = {}): Map<string, { x: number; y: number }> {
  const pos = new Map<string, { x: number; y: number }>();
  let col = 0;
  const place = (n: NodeDef, depth: number): number => {
    let x: number;
    const own = rows[n.name];
    if (own) {
      const names = own.flat();
      if (names.length !== n.children.length || !n.children.every((c) => names.includes(c.name) && c.children.length === 0)) {
        throw new Error(`rows of ${n.name} must list each of its (leaf) children once`);
      }
      // row i sits on the column grid of row 0 when i is even, halfway between its columns when i is odd
      const frac = (v: number) => ((v % 1) + 1) % 1;
      const shift = own.map((r, i) => frac(frac((own[0].length - 1) / 2) + (i % 2) * 0.5 - frac((r.length - 1) / 2)));
      const widest = Math.max(...own.map((r, i) => r.length + shift[i]));
      x = (col + (widest - 1) / 2) * COL;
      // rows are placed as the app shows them (a template with rows keeps its layout when opened: meta.layout):
      // cards 200 px wide with room for a link's label between neighbours, rows apart enough for routed edges
      const x0 = x;
      own.forEach((row, i) => row.forEach((name, j) => {
        pos.set(name, { x: x0 + (j - (row.length - 1) / 2 + shift[i]) * ROW_COL, y: (depth + 1) * ROW + i * ROW_GAP });
      }));
      x = x0;
      col += Math.ceil((widest * ROW_COL) / COL);
    } else if (n.children.length === 0) x = col++ * COL;
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
  const pos = layout(t.roots, t.rows);
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
    // the guided path (tasks that tick themselves, questions with answers): ./lesson-path.ts
    ...(LESSON_PATH[t.file] && { tasks: LESSON_PATH[t.file].tasks as DesignDocumentInput['tasks'] }),
    ...(LESSON_PATH[t.file]?.questions && { questions: LESSON_PATH[t.file].questions as DesignDocumentInput['questions'] }),
    nodes: nodes as DesignDocumentInput['nodes'],
    edges: edges as DesignDocumentInput['edges'],
    scenarios: t.scenarios as DesignDocumentInput['scenarios'],
    customBehaviours: (t.customBehaviours ?? []) as DesignDocumentInput['customBehaviours'],
    // a template with rows keeps its positions when opened (the app's auto-layout would put every child in one row)
    meta: { template: t.file, ...(t.rows && { layout: 'template' }) },
  };
}

export function renderTemplate(t: TemplateDef): string {
  return JSON.stringify(templateDocument(t), null, 2) + '\n';
}

// ---- the templates ------------------------------------------------------------------------------------------------

const careSource = `// A GenServer that protects itself with Elixir's try (ctx.try in this app):
//
//   try do
//     risky(kind)
//   rescue
//     e -> {:rescued, e}                  # errors, as exception structs
//   catch
//     :throw, value -> {:caught_throw, value}
//     :exit, reason -> {:caught_exit, reason}
//   after
//     cleanup()                           # always runs; its value is thrown away
//   end
export default {
  init(_params) {
    return { ok: { handled: 0 } };
  },
  handleCall(msg, _from, state, ctx) {
    const [tag, kind] = Array.isArray(msg) ? msg : [msg, 'none'];
    if (tag === 'try') {
      const result = ctx.try(() => risky(kind, ctx), {
        rescue: (e) => ['rescued', e.exception],
        catch: { throw: (v) => ['caught_throw', v], exit: (r) => ['caught_exit', r] },
        // after runs every time, and what it returns is dropped: it cannot change the result
        after: () => {
          ctx.note('after', { kind });
          return 'after_value';
        },
      });
      return { reply: result, state: { handled: state.handled + 1 } };
    }
    if (tag === 'rescue_only') {
      // the inner try has only a rescue: a throw or an exit goes right past it, to the outer catch
      const result = ctx.try(
        () => ctx.try(() => risky(kind, ctx), { rescue: (e) => ['rescued', e.exception] }),
        { catch: (k, v) => ['went_past_rescue', k, v] },
      );
      return { reply: result, state };
    }
    if (msg === 'handled') return { reply: state.handled, state };
    return { reply: ['unknown', msg], state };
  },
};

function risky(kind: string, ctx: any) {
  switch (kind) {
    case 'raise': return ctx.raise('RuntimeError', 'boom');        // raise "boom"
    case 'argument': return ctx.raise('ArgumentError', 'boom');    // raise ArgumentError, "boom"
    case 'arith': return ctx.error('badarith');                    // 1 / 0
    case 'match': return ctx.error(['badmatch', 'boom']);          // {:ok, _} = :boom
    case 'throw': return ctx.throw('boom');                        // throw(:boom)
    case 'exit': return ctx.exit('boom');                          // exit(:boom)
    default: return 'body';                                        // nothing fails
  }
}
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

Errors come in **subtypes**. The ones Elixir code raises keep their exception struct in the exit reason
(\`raise ArgumentError, "boom"\` → \`{%ArgumentError{message: "boom"}, stack}\`). The ones the VM raises are Erlang
terms until someone rescues them: \`1 / 0\` exits with \`{:badarith, stack}\` (rescued: \`%ArithmeticError{}\`),
\`{:ok, _} = :boom\` with \`{{:badmatch, :boom}, stack}\` (\`%MatchError{term: :boom}\`), a call no clause matches with
\`{:function_clause, stack}\` (\`%FunctionClauseError{}\`). The crash log prints the Elixir name; the exit reason —
what links, monitors and supervisors see — is the Erlang term (checked against Elixir 1.14).

Three crashers, one per kind, sit under the \`one_for_one\` supervisor \`errors_sup\` (3 restarts in 5 s); one
crasher per error subtype sits under \`subtypes_sup\`. Each scenario sends \`:crash\` to some of them; watch the
exit reasons in the event log and the supervisor restart only those.

## Try this
- Run **all three kinds** and compare the three exit reasons.
- Run **error subtypes**: four errors, four exit reasons — one struct, three Erlang terms.
- Change a crasher's \`mode\` or \`error\` in the inspector and run again.
- Run **too many crashes**: four crashes of one worker within five seconds; the fourth exceeds the supervisor's
  intensity (3 in 5 s), the supervisor gives up and takes its other children with it.
`,
    roots: [
      sup('errors_sup', { strategy: 'one_for_one' }, [
        w('raiser', 'crasher', { mode: 'raise', reason: 'boom' }),
        w('exiter', 'crasher', { mode: 'exit', reason: 'boom' }),
        w('thrower', 'crasher', { mode: 'throw', reason: 'boom' }),
      ]),
      sup('subtypes_sup', { strategy: 'one_for_one', maxRestarts: 10 }, [
        w('bad_argument', 'crasher', { mode: 'raise', error: 'ArgumentError', reason: 'boom' }),
        w('divider', 'crasher', { mode: 'raise', error: 'ArithmeticError', reason: 'boom' }),
        w('matcher', 'crasher', { mode: 'raise', error: 'MatchError', reason: 'boom' }),
        w('no_clause', 'crasher', { mode: 'raise', error: 'FunctionClauseError', reason: 'boom' }),
      ]),
    ],
    scenarios: [
      {
        name: 'all three kinds',
        description: 'Each crasher fails once, each in its own way; each is restarted once.',
        untilMs: 1000,
        commands: [send(100, 'raiser', 'crash'), send(200, 'exiter', 'crash'), send(300, 'thrower', 'crash')],
        expect: [
          exitsWith('raiser', '{%RuntimeError{message: "boom"}, :stack}'), exitsWith('exiter', ':boom'), exitsWith('thrower', '{:bad_return_value, :boom}'),
          restarted('raiser', 1), restarted('exiter', 1), restarted('thrower', 1), gaveUp('errors_sup', false),
        ],
      },
      {
        name: 'error subtypes',
        description: 'ArgumentError, ArithmeticError, MatchError and FunctionClauseError, one each.',
        untilMs: 1000,
        commands: [send(100, 'bad_argument', 'crash'), send(200, 'divider', 'crash'), send(300, 'matcher', 'crash'), send(400, 'no_clause', 'crash')],
        expect: [
          exitsWith('bad_argument', '{%ArgumentError{message: "boom"}, :stack}'), exitsWith('divider', '{:badarith, :stack}'),
          exitsWith('matcher', '{{:badmatch, :boom}, :stack}'), exitsWith('no_clause', '{:function_clause, :stack}'),
          restarted('divider', 1), restarted('raiser', 0), gaveUp('subtypes_sup', false),
        ],
      },
      {
        name: 'too many crashes',
        description: 'Four crashes within a second: the supervisor gives up after the third restart.',
        untilMs: 1000,
        commands: [send(100, 'raiser', 'crash'), send(200, 'raiser', 'crash'), send(300, 'raiser', 'crash'), send(400, 'raiser', 'crash')],
        expect: [restarted('raiser', 2, 250), restarted('raiser', 3), gaveUp('errors_sup'), isStatus('errors_sup', 'stopped'), exitsWith('exiter', ':shutdown')],
      },
    ],
  },
  {
    file: 'drill-2-try-rescue-after',
    title: 'Drill 2 — try / catch / rescue / after',
    lesson: `
## What it shows
A crash is only a crash if nobody handles it. \`careful\` is a custom behaviour (its source is in this document)
that runs a risky step inside Elixir's \`try\` — \`ctx.try(body, { rescue, catch, after })\` in this app — and
answers with what the \`try\` returned. \`reckless\` does the same step without protection and is restarted by the
supervisor.

The drill's four questions, each answered by the scenario **four questions**:

1. *What does \`try\` return when nothing fails?* The value of its body: \`{:try, :none}\` answers \`:body\`.
2. *And when something fails?* The value of the clause that handled it: \`{:try, :raise}\` answers
   \`{:rescued, %RuntimeError{message: "boom"}}\`.
3. *Does \`after\` run, and can it change the result?* It runs every time (one \`after\` event per call), but what it
   returns (\`:after_value\`) is dropped: the first answer is still \`:body\`.
4. *What does \`rescue\` not catch?* Throws and exits: with only a \`rescue\`, \`{:rescue_only, :throw}\` goes past it to
   an outer \`catch\` (\`{:went_past_rescue, :throw, :boom}\`).

**catch each kind** catches every kind of failure: \`rescue\` gets errors as exception structs — also the VM's
errors, which Elixir normalizes (\`:badarith\` → \`%ArithmeticError{}\`, \`{:badmatch, v}\` → \`%MatchError{}\`) —
\`catch :throw\` and \`catch :exit\` get the rest.

## Try this
- Run **four questions** and read the four answers in the event log (and the \`after\` events).
- Run **catch each kind**: six failures, six different answers, and \`careful\` never restarts.
- Run **rescued vs crashed** and compare the restart counts of the two workers.
- Open the \`careful\` behaviour's source and remove the \`catch\`: \`{:try, :throw}\` now crashes it.
- "Let it crash" is the default in OTP: rescue only what you can really handle.
`,
    roots: [
      sup('try_sup', { strategy: 'one_for_one' }, [
        w('careful', 'careful'),
        w('reckless', 'crasher', { mode: 'raise', reason: 'boom' }),
      ]),
    ],
    customBehaviours: [
      { id: 'careful', title: 'Careful worker', description: 'Runs a risky step inside try / rescue / catch / after and answers with the result.', source: careSource },
    ],
    scenarios: [
      {
        name: 'four questions',
        description: 'What try returns with and without a failure, whether after runs and changes the result, what rescue lets through.',
        untilMs: 1000,
        commands: [
          call(100, 'careful', ['try', 'none']), call(200, 'careful', ['try', 'raise']),
          call(300, 'careful', ['rescue_only', 'throw']), call(400, 'careful', ['rescue_only', 'exit']),
        ],
        expect: [
          answers(100, 'careful', ':body'), answers(200, 'careful', '{:rescued, %RuntimeError{message: "boom"}}'),
          reports('careful', 'after', undefined, 2), answers(300, 'careful', '{:went_past_rescue, :throw, :boom}'),
          answers(400, 'careful', '{:went_past_rescue, :exit, :boom}'), restarted('careful', 0),
        ],
      },
      {
        name: 'catch each kind',
        description: 'Every kind of failure, each handled: errors rescued as structs, throws and exits caught.',
        untilMs: 1000,
        commands: [
          call(100, 'careful', ['try', 'raise']), call(150, 'careful', ['try', 'argument']), call(200, 'careful', ['try', 'arith']),
          call(250, 'careful', ['try', 'match']), call(300, 'careful', ['try', 'throw']), call(350, 'careful', ['try', 'exit']),
          call(400, 'careful', 'handled'),
        ],
        expect: [
          answers(100, 'careful', '{:rescued, %RuntimeError{message: "boom"}}'), answers(150, 'careful', '{:rescued, %ArgumentError{message: "boom"}}'),
          answers(200, 'careful', '{:rescued, %ArithmeticError{message: "bad argument in arithmetic expression"}}'),
          answers(250, 'careful', '{:rescued, %MatchError{term: :boom}}'), answers(300, 'careful', '{:caught_throw, :boom}'),
          answers(350, 'careful', '{:caught_exit, :boom}'), answers(400, 'careful', '6'), reports('careful', 'after', undefined, 6), restarted('careful', 0),
        ],
      },
      {
        name: 'rescued vs crashed',
        description: 'careful rescues the error and replies; reckless crashes and is restarted.',
        untilMs: 1000,
        commands: [call(100, 'careful', ['try', 'raise']), send(300, 'reckless', 'crash')],
        expect: [answers(100, 'careful', '{:rescued, %RuntimeError{message: "boom"}}'), restarted('careful', 0), restarted('reckless', 1), exitsWith('reckless', '{%RuntimeError{message: "boom"}, :stack}')],
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
- **star: a trapping parent**: the book's chain reaction. \`hub\` traps exits and is linked to three children,
  \`spoke_1\`–\`spoke_3\`. Kill one child: only that child dies — \`hub\` turns the exit signal into a message, so it
  does not pass the signal on to the other two. Turn \`trapExit\` off and the same kill takes down \`hub\` and, through
  \`hub\`'s links, every other spoke.
- **chain reaction**: \`first\`–\`second\`–\`third\` are linked in a line and nobody traps: one crash spreads along it.
- **normal exit**: \`quitter\` stops with reason \`:normal\`. A normal exit does not kill its linked \`bystander\`,
  and \`quitter\` is \`transient\`, so it is not restarted either.

## Try this
- Run **star: a trapping parent**: \`spoke_2\` dies and restarts, \`hub\` records \`{:spoke_2, :killed}\`, the other
  spokes keep their pids.
- Run **star without trapping**: \`hub2\` does not trap exits — killing one of its spokes kills \`hub2\` and all its spokes.
- Run **trapping survives**, then turn off \`trapExit\` on \`guard\` and run it again.
- Run **chain reaction**; delete the link between \`second\` and \`third\` and run it again.
`,
    roots: [
      sup('links_sup', { strategy: 'one_for_one', maxRestarts: 20 }, [
        w('left', 'echo'),
        w('right', 'echo'),
        w('guard', 'trapper', { trapExit: true }),
        w('victim', 'crasher', { mode: 'raise', reason: 'boom' }),
        w('hub', 'trapper', { trapExit: true }),
        w('spoke_1', 'echo'),
        w('spoke_2', 'echo'),
        w('spoke_3', 'echo'),
        w('hub2', 'trapper', { trapExit: false }),
        w('ray_1', 'echo'),
        w('ray_2', 'echo'),
        w('first', 'echo'),
        w('second', 'echo'),
        w('third', 'echo'),
        w('quitter', 'crasher', { mode: 'exit', reason: 'normal' }, { restart: 'transient' }),
        w('bystander', 'echo'),
      ]),
    ],
    rows: {
      links_sup: [
        ['left', 'right', 'guard', 'victim'],
        ['hub', 'spoke_1', 'spoke_2', 'spoke_3'],
        ['hub2', 'ray_1', 'ray_2'],
        ['first', 'second', 'third', 'quitter', 'bystander'],
      ],
    },
    links: [
      ['left', 'right'], ['guard', 'victim'], ['hub', 'spoke_1'], ['hub', 'spoke_2'], ['hub', 'spoke_3'], ['hub2', 'ray_1'], ['hub2', 'ray_2'],
      ['first', 'second'], ['second', 'third'], ['quitter', 'bystander'],
    ],
    scenarios: [
      { name: 'both die', description: 'Kill left: right dies with it; both are restarted.', untilMs: 1000, commands: [kill(100, 'left')], expect: [exitsWith('right', ':killed'), restarted('left', 1), restarted('right', 1), restarted('first', 0)] },
      {
        name: 'trapping survives', description: 'victim crashes; guard traps the exit and lives on.', untilMs: 1000, commands: [send(100, 'victim', 'crash'), call(300, 'guard', 'exits')],
        expect: [answers(300, 'guard', '[{:victim, {%RuntimeError{message: "boom"}, :stack}}]'), restarted('guard', 0), restarted('victim', 1)],
      },
      {
        name: 'star: a trapping parent', description: 'Kill spoke_2: only it dies; hub gets an EXIT message; spoke_1 and spoke_3 live on.', untilMs: 1000,
        commands: [kill(100, 'spoke_2'), call(300, 'hub', 'exits')],
        expect: [
          restarted('spoke_2', 1), restarted('spoke_1', 0), restarted('spoke_3', 0), restarted('hub', 0),
          answers(300, 'hub', '[{:spoke_2, :killed}]'),
        ],
      },
      {
        name: 'star without trapping', description: 'Kill ray_1: hub2 does not trap, so it dies, and its other link takes ray_2 with it.', untilMs: 1000,
        commands: [kill(100, 'ray_1')],
        expect: [restarted('ray_1', 1), restarted('hub2', 1), restarted('ray_2', 1), exitsWith('hub2', ':killed'), restarted('hub', 0)],
      },
      { name: 'chain reaction', description: 'Kill first: second and third follow along the chain.', untilMs: 1000, commands: [kill(100, 'first')], expect: [restarted('first', 1), restarted('second', 1), restarted('third', 1), exitsWith('third', ':killed')] },
      { name: 'normal exit', description: 'quitter exits normally: bystander lives, quitter is not restarted.', untilMs: 1000, commands: [send(100, 'quitter', 'crash')], expect: [exitsWith('quitter', ':normal'), isStatus('quitter', 'stopped'), restarted('bystander', 0), isStatus('bystander', 'running')] },
    ],
  },
  {
    file: 'drill-4-monitors-vs-links',
    title: 'Drill 4 — monitors vs links',
    lesson: `
## What it shows
A **monitor** is a one-way, harmless link: the watcher gets a \`{:DOWN, ref, :process, pid, reason}\` message and
keeps running. A **link** is two-way and deadly (unless the other side traps exits).

\`service\` is linked to \`partner\`. \`watcher\` has two **monitor edges**, to \`service\` and to \`backend\`: each edge
is a real monitor (\`Process.monitor/1\`) — delete an edge and that monitor is gone. Kill \`service\`: \`partner\` dies
with it (and both are restarted), \`watcher\` only takes note. A monitor ends with the process it watched, so the
watcher monitors the restarted \`service\` again.

Monitoring a process that is not running does not fail: the DOWN message comes at once, with reason \`:noproc\`.
\`Process.demonitor(ref, [:flush])\` removes a monitor (and a DOWN message already in the mailbox).

## Try this
- Run **kill the service**: compare \`partner\` (restarted) with \`watcher\` (same pid), and read the watcher's \`:downs\`.
- Run **several monitors**: both targets die, the watcher gets one DOWN for each.
- Run **demonitor**: the watcher drops its monitor on \`service\` first (the scenario's \`demonitor\` step; in run
  mode, right-click the watcher → *Demonitor a process…*); killing \`service\` then sends it nothing.
- Run **monitor a dead process**: \`gone\` (temporary) is killed, then the watcher monitors it: \`{:gone, :noproc}\`.
- Delete the monitor edge to \`backend\` and run **several monitors** again: one DOWN only.
`,
    roots: [
      sup('monitors_sup', { strategy: 'one_for_one' }, [
        w('service', 'echo'),
        w('partner', 'echo'),
        w('backend', 'echo'),
        w('gone', 'echo', {}, { restart: 'temporary' }),
        w('watcher', 'watcher'),
      ]),
    ],
    links: [['partner', 'service']],
    monitors: [['watcher', 'service'], ['watcher', 'backend']],
    scenarios: [
      {
        name: 'kill the service', description: 'partner dies by the link, watcher gets a DOWN message.', untilMs: 1000,
        commands: [kill(100, 'service'), call(500, 'watcher', 'downs'), call(600, 'watcher', 'watching')],
        expect: [restarted('partner', 1), restarted('watcher', 0), answers(500, 'watcher', '[{:service, :killed}]'), answers(600, 'watcher', '[:backend, :service]')],
      },
      {
        name: 'several monitors', description: 'Kill service, then backend: one DOWN for each monitor.', untilMs: 1000,
        commands: [kill(100, 'service'), kill(200, 'backend'), call(500, 'watcher', 'downs')],
        expect: [answers(500, 'watcher', '[{:service, :killed}, {:backend, :killed}]'), reports('watcher', 'down', undefined, 2), restarted('watcher', 0)],
      },
      {
        name: 'demonitor', description: 'The watcher demonitors service; killing service then reaches only partner.', untilMs: 1000,
        commands: [{ at: 50, type: 'demonitor', target: 'watcher', of: 'service' }, kill(100, 'service'), call(500, 'watcher', 'downs'), call(600, 'watcher', 'watching')],
        expect: [answers(50, 'watcher', 'true'), answers(500, 'watcher', '[]'), answers(600, 'watcher', '[:backend]'), restarted('partner', 1)],
      },
      {
        name: 'monitor a dead process', description: 'gone (temporary) is killed; a monitor on it gives :noproc at once.', untilMs: 1000,
        commands: [kill(100, 'gone'), call(200, 'watcher', ['monitor', 'gone']), call(300, 'watcher', 'downs')],
        expect: [isStatus('gone', 'stopped'), answers(300, 'watcher', '[{:gone, :noproc}]'), reports('watcher', 'down', { target: 'gone', reason: 'noproc' }, 1)],
      },
    ],
  },
  {
    file: 'drill-5-supervisor-registry',
    title: 'Drill 5 — a basic supervisor with a Registry',
    lesson: `
## What it shows
Pids change on every restart, so callers should use **names**. Here two counters register themselves in a
\`Registry\` (\`{:via, Registry, {counters, key}}\`). After a crash the supervisor starts a new counter, which
registers under the same key — callers that use the name keep working. The counter's *state* is lost, though: it
starts again at 0.

Two clients call \`clicks\` for you: \`by_name\` looks the name up on every call; \`by_pid\` keeps the pid it found
when it started. After \`clicks\` restarts, \`by_pid\` talks to a dead process and gets \`{:error, :noproc}\`.

A scenario's call to \`clicks\` goes through the Registry too, as \`GenServer.call({:via, Registry, ...})\` would:
\`hidden\` runs with \`register: none\`, so a call by its name finds nobody (\`:noproc\`). \`visits\` registers under
the key \`page_visits\` (its *Registry key* in the inspector): a scenario step, an expectation or a fault can name it
by that key, as \`{:via, Registry, {:counters, "page_visits"}}\` does in Elixir.

The Registry is started **first**: the workers need it to register.

## Try this
- Run **restart keeps the name**: the call after the kill reaches the new process, and the count is back to 0.
- Run **a pid is not a name**: \`by_name\` reaches the new \`clicks\`, \`by_pid\` gets \`{:error, :noproc}\`.
- Run **no name, no call**: calling \`hidden\` by name exits with \`:noproc\`, while \`page_visits\` (a Registry key)
  answers. Set \`hidden\`'s \`register\` to \`registry\` and run again.
- Move the Registry after the workers (change the order) and see validation complain.
`,
    roots: [
      sup('app_sup', { strategy: 'one_for_one' }, [
        reg('counters', { keys: 'unique' }),
        w('clicks', 'counter', { initial: 0, step: 1 }, { register: 'registry', registry: 'counters' }),
        w('visits', 'counter', { initial: 0, step: 1 }, { register: 'registry', registry: 'counters', registryKey: 'page_visits' }),
        w('hidden', 'counter', { initial: 0, step: 1 }, { register: 'none' }),
        w('by_name', 'client', { target: 'clicks', address: 'name' }),
        w('by_pid', 'client', { target: 'clicks', address: 'pid' }),
      ]),
    ],
    scenarios: [
      {
        name: 'restart keeps the name',
        description: 'Increment clicks twice, kill it, then ask it again by its registry name.',
        untilMs: 1000,
        commands: [call(100, 'clicks', 'increment'), call(150, 'clicks', 'increment'), kill(200, 'clicks'), call(400, 'clicks', 'get')],
        expect: [answers(100, 'clicks', '1'), answers(150, 'clicks', '2'), answers(400, 'clicks', '0'), restarted('clicks', 1), restarted('visits', 0)],
      },
      {
        name: 'a pid is not a name',
        description: 'Both clients reach clicks; clicks is killed; only the one using the name reaches the new process.',
        untilMs: 1000,
        commands: [
          call(100, 'by_name', 'increment'), call(150, 'by_pid', 'increment'), kill(200, 'clicks'),
          call(400, 'by_name', 'get'), call(450, 'by_pid', 'get'),
        ],
        expect: [answers(100, 'by_name', '1'), answers(150, 'by_pid', '2'), answers(400, 'by_name', '0'), answers(450, 'by_pid', '{:error, :noproc}'), restarted('by_pid', 0)],
      },
      {
        name: 'no name, no call',
        description: 'hidden runs unregistered: a call by its name finds no process; visits is called by its Registry key.',
        untilMs: 1000,
        commands: [call(100, 'hidden', 'get'), call(200, 'page_visits', 'get')],
        expect: [callExits(100, 'hidden', ':noproc'), isStatus('hidden', 'running'), answers(200, 'page_visits', '0')],
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

In Elixir a child can be written four ways, and all four give the supervisor the same map. This drill uses one
of each (the Elixir export writes each child the way it is designed — export it and open \`specs_sup.ex\`):

| child | written as | where id, restart, shutdown come from |
|---|---|---|
| \`always\` | \`Always\` (a module) | \`Always.child_spec([])\` |
| \`on_error\` | \`{OnError, :on_error}\` (module and argument) | \`OnError.child_spec(:on_error)\` |
| \`once\` | \`%{id: :once, start: {Once, :start_link, [[]]}, restart: :temporary}\` (a map) | the map itself |
| \`stopper\` | \`Supervisor.child_spec({Stopper, []}, id: :stopper, restart: :transient)\` | the module's default, overridden |

**Where to edit them:** select a child; the inspector's *Child spec* section has *Written as* (the four formats),
*Start module*, *Start function*, *Start arguments* and *Type*, next to restart and shutdown. A bad module or function
name is a problem in the Problems panel, never broken generated code. A key a spec leaves out gets OTP's default:
restart \`:permanent\`, type \`:worker\`, and shutdown **5000 ms for a worker but \`:infinity\` for a supervisor** —
set a child's type to supervisor and its shutdown follows.

\`:shutdown\` has **two faces**. To a link it is an abnormal reason: a process that exits with \`:shutdown\` takes
its linked, non-trapping partner down with it. To a supervisor deciding whether to restart a \`:transient\` child it
counts as normal (like \`:normal\` and \`{:shutdown, term}\`): the child is not restarted.

## Try this
- **normal exits**: all three stop with \`:normal\` — only the permanent one comes back.
- **crashes**: all three crash — permanent and transient come back, temporary is gone.
- **shutdown has two faces**: \`stopper\` (transient) exits with \`:shutdown\`: it is not restarted, yet its linked
  \`peer\` dies with \`:shutdown\` and, being permanent, is restarted.
`,
    roots: [
      sup('specs_sup', { strategy: 'one_for_one', maxRestarts: 10 }, [
        w('always', 'crasher', { mode: 'exit', reason: 'boom' }, { restart: 'permanent', specFormat: 'module', start: { module: 'Always' } }),
        w('on_error', 'crasher', { mode: 'exit', reason: 'boom' }, { restart: 'transient', specFormat: 'tuple', start: { module: 'OnError', args: ['on_error'] } }),
        w('once', 'crasher', { mode: 'exit', reason: 'boom' }, { restart: 'temporary', specFormat: 'map', start: { module: 'Once', function: 'start_link', args: [{ $list: [] }] } }),
        w('stopper', 'crasher', { mode: 'exit', reason: 'shutdown' }, { restart: 'transient', specFormat: 'child_spec', start: { module: 'Stopper', args: [{ $list: [] }] } }),
        w('peer', 'echo', {}, { restart: 'permanent' }),
      ]),
    ],
    links: [['stopper', 'peer']],
    scenarios: [
      {
        name: 'normal exits',
        description: 'Each child exits with :normal.',
        untilMs: 1000,
        commands: [send(100, 'always', ['crash', 'normal']), send(100, 'on_error', ['crash', 'normal']), send(100, 'once', ['crash', 'normal'])],
        expect: [isStatus('always', 'running'), restarted('always', 1), isStatus('on_error', 'stopped'), isStatus('once', 'stopped')],
      },
      {
        name: 'crashes',
        description: 'Each child exits with :boom.',
        untilMs: 1000,
        commands: [send(100, 'always', 'crash'), send(100, 'on_error', 'crash'), send(100, 'once', 'crash')],
        expect: [restarted('always', 1), restarted('on_error', 1), isStatus('on_error', 'running'), isStatus('once', 'stopped'), exitsWith('once', ':boom')],
      },
      {
        name: 'shutdown has two faces',
        description: 'stopper (transient) exits with :shutdown; its linked peer dies with it.',
        untilMs: 1000,
        commands: [send(100, 'stopper', 'crash')],
        expect: [exitsWith('stopper', ':shutdown'), isStatus('stopper', 'stopped'), exitsWith('peer', ':shutdown'), restarted('peer', 1), isStatus('peer', 'running')],
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

**Added by this app, not in the book's exercise:** the \`database\` worker is a simulated store kept in memory
(each write takes \`writeDelayMs\`), standing in for persistence so that a restarted server has something to load its
entries from. It lives as long as its own process: kill it and what it held is gone.

## Try this
- Run **server crash keeps the entries**: add an entry, kill alice's server, read the entries again.
- Run **database crash**: the \`database\` is killed instead. The servers keep running (they are not linked to it),
  but the simulated store restarts empty, so alice's entries are gone from it.
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
        expect: [answers(100, 'todo_cache', ':ok'), restarted('alice', 1), answers(800, 'todo_cache', '[:milk, :bread]'), restarted('database', 0)],
      },
      {
        name: 'database crash',
        description: "Add an entry, kill the database, kill alice's server so it loads again, read the entries.",
        untilMs: 2000,
        commands: [
          call(100, 'todo_cache', ['add', 'alice', 'milk']),
          kill(500, 'database'),
          kill(700, 'alice'),
          call(1000, 'todo_cache', ['entries', 'alice']),
        ],
        expect: [restarted('database', 1), restarted('todo_cache', 0), answers(1000, 'todo_cache', '[]')],
      },
    ],
  },
  {
    file: 'exercise-2-worker-pool',
    title: 'Exercise 2 — a supervised worker pool',
    lesson: `
## What it shows
A pool keeps a fixed set of workers busy. \`pool_manager\` hands out workers two ways: a **job** call goes to the
least-loaded worker and comes back when the job is done; a **checkout** gives a worker's pid to the caller, who
keeps it until it checks it back in (\`{:checkin, pid}\`, a cast, as \`poolboy:checkin/2\` sends — here also
\`{:checkin, :worker_1}\`, by name). A scenario's \`checkin\` step does that for a worker you name; in run mode,
right-click \`pool_manager\` → *Check a worker back in…*.

Like poolboy, the manager **monitors every client** that holds a worker: if the client dies without checking in,
the DOWN message tells the manager to take the worker back — a dead caller never leaks a worker. That is why the
checkouts here are made by two client processes (\`client_a\`, \`client_b\`: a client passes each call on to the
pool and stays alive holding what it got); a scenario's own call is made by a process that ends right away.

The workers live under their own \`one_for_one\` supervisor, whose \`max_restarts\` is larger than the pool: one bad
deploy (every worker crashing once) does not take the pool down. The manager is started **after** the workers
(\`rest_for_one\`): if the whole worker supervisor restarts, the manager restarts too and picks up the new pids.

## Try this
- Run **worker crash under load**: a worker is killed while the load source sends jobs. The pool keeps serving;
  only a job that was running on the killed worker fails (\`{:error, :killed}\`), and the worker is back at once.
- Run **checkout and checkin**: two checkouts, the status shows 2 out; \`worker_1\` is checked back in, 1 out.
- Run **a client dies holding a worker**: \`client_a\` checks a worker out and is killed; the manager gets its DOWN
  and the worker is free again (\`returned\` counter, \`client_down\` event).
- Run **every worker at once**: all three die together; 3 restarts are within \`max_restarts\` (10). Lower
  \`max_restarts\` of \`pool_workers\` to 2 and run it again: \`pool_workers\` gives up and \`pool_app\` restarts it and
  the manager.
`,
    roots: [
      sup('pool_app', { strategy: 'rest_for_one' }, [
        sup('pool_workers', { strategy: 'one_for_one', maxRestarts: 10, maxSeconds: 5 }, [
          w('worker_1', 'pool_worker', { workMs: 50 }),
          w('worker_2', 'pool_worker', { workMs: 50 }),
          w('worker_3', 'pool_worker', { workMs: 50 }),
        ]),
        w('pool_manager', 'pool_manager', { size: 3, strategy: 'least_loaded', checkoutTimeoutMs: 5000 }),
        sup('clients', { strategy: 'one_for_one' }, [
          w('client_a', 'client', { target: 'pool_manager', address: 'name' }),
          w('client_b', 'client', { target: 'pool_manager', address: 'name' }),
        ]),
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
        expect: [restarted('worker_2', 1), restarted('pool_manager', 0), counterIs('pool_manager', 'failed', { atMost: 1 }), counterIs('pool_manager', 'served', { atLeast: 38 })],
      },
      {
        name: 'checkout and checkin',
        description: 'client_a and client_b each check a worker out; worker_1 is checked back in ({:checkin, pid}, a cast).',
        untilMs: 1000,
        commands: [
          call(100, 'client_a', 'checkout'), call(200, 'client_b', 'checkout'), call(300, 'pool_manager', 'status'),
          { at: 400, type: 'checkin', target: 'pool_manager', worker: 'worker_1' }, call(500, 'pool_manager', 'status'),
        ],
        expect: [
          answers(300, 'pool_manager', '%{checked_out: 2, in_flight: 0, size: 3, waiting: 0}'),
          answers(500, 'pool_manager', '%{checked_out: 1, in_flight: 0, size: 3, waiting: 0}'),
        ],
      },
      {
        name: 'a client dies holding a worker',
        description: 'client_a checks a worker out and is killed before it checks it in: the pool takes the worker back.',
        untilMs: 1000,
        commands: [call(100, 'client_a', 'checkout'), call(150, 'pool_manager', 'status'), kill(200, 'client_a'), call(300, 'pool_manager', 'status')],
        expect: [
          answers(150, 'pool_manager', '%{checked_out: 1, in_flight: 0, size: 3, waiting: 0}'), answers(300, 'pool_manager', '%{checked_out: 0, in_flight: 0, size: 3, waiting: 0}'),
          counterIs('pool_manager', 'returned', { equals: 1 }), reports('pool_manager', 'client_down', { reason: ':killed' }, 1), restarted('client_a', 1),
        ],
      },
      {
        name: 'every worker at once',
        description: 'All three workers are killed at 100 ms; the pool supervisor restarts them (3 of 10 restarts).',
        untilMs: 1000,
        commands: [kill(100, 'worker_1'), kill(100, 'worker_2'), kill(100, 'worker_3'), call(500, 'pool_manager', 'job')],
        expect: [restarted('worker_1', 1), restarted('worker_3', 1), gaveUp('pool_workers', false), restarted('pool_manager', 0), answers(500, 'pool_manager', '{:done, :job}')],
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

The client retries a failure with back-off, but **not** \`{:error, :circuit_open}\`: an open breaker means "do not
call now", so the client fails fast instead of adding load (as the book asks).

Start order (\`rest_for_one\`): the breaker first (so a crashing pool never resets the failures it counted), then
the pool (workers, then their manager), then the client that uses both.

## Try this
- **worker crash**: a worker dies mid-run; the pool supervisor restarts it, requests keep flowing.
- **breaker opens and recovers**: the upstream starts failing, the breaker opens, then recovers after its timeout.
- **load test**: 50 requests per second for two seconds with 10 % failures; retries hide most of them.
- **fail fast on an open breaker**: once the breaker is open, the client's request is refused at once — no retries.
- **half-open failure**: the upstream is still failing when the trial request goes through: the breaker opens again.
- **reset**: \`:reset\` closes an open breaker by hand.
- **timeout**: the upstream becomes slower (3 s) than the workers' \`timeoutMs\` (1 s): the request fails with
  \`{:error, :timeout}\` after one second instead of hanging.
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
        expect: [restarted('http_2', 1), answers(1900, 'http_client', '%{ok: 50, requests: 50}'), restarted('pool_manager', 0)],
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
        expect: [
          answers(400, 'breaker', ':open'), answers(450, 'breaker', '{:error, :circuit_open}'), answers(1400, 'breaker', ':half_open'),
          answers(1500, 'breaker', '{:ok, 200}'), answers(1600, 'breaker', ':closed'), reports('breaker', 'breaker', { from: 'closed', to: 'open' }, 1),
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
        expect: [counterIs('http_client', 'requests', { equals: 100 }), counterIs('http_client', 'ok', { atLeast: 95 }), gaveUp('http_app', false)],
      },
      {
        name: 'fail fast on an open breaker',
        description: 'Every worker fails from 0 ms; the first request (with its retries) opens the breaker; the next is refused at once.',
        untilMs: 1000,
        commands: [
          send(0, 'http_1', ['fail_rate', 1]), send(0, 'http_2', ['fail_rate', 1]), send(0, 'http_3', ['fail_rate', 1]),
          call(100, 'http_client', ['get', '/a']), call(500, 'http_client', ['get', '/b']), call(900, 'http_client', 'stats'),
        ],
        expect: [
          answers(100, 'http_client', '{:error, "simulated failure"}'), answers(500, 'http_client', '{:error, :circuit_open}'),
          counterIs('http_client', 'fast_fail', { equals: 1 }), counterIs('http_client', 'retries', { equals: 2 }), counterIs('breaker', 'refused', { equals: 1 }),
        ],
      },
      {
        name: 'half-open failure',
        description: 'The upstream keeps failing; after the timeout the trial request fails and the breaker opens again.',
        untilMs: 2000,
        commands: [
          send(0, 'http_1', ['fail_rate', 1]), send(0, 'http_2', ['fail_rate', 1]), send(0, 'http_3', ['fail_rate', 1]),
          call(100, 'breaker', ['request', ['get', '/x']]), call(200, 'breaker', ['request', ['get', '/x']]), call(300, 'breaker', ['request', ['get', '/x']]),
          call(1500, 'breaker', ['request', ['get', '/x']]), call(1700, 'breaker', 'state'),
        ],
        expect: [
          reports('breaker', 'breaker', { from: 'closed', to: 'open' }, 1), reports('breaker', 'breaker', { from: 'half_open', to: 'open' }, 1),
          answers(1500, 'breaker', '{:error, "simulated failure"}'), answers(1700, 'breaker', ':open'),
        ],
      },
      {
        name: 'reset',
        description: 'The breaker opens; before its timeout, :reset closes it by hand.',
        untilMs: 1500,
        commands: [
          send(0, 'http_1', ['fail_rate', 1]), send(0, 'http_2', ['fail_rate', 1]), send(0, 'http_3', ['fail_rate', 1]),
          call(100, 'breaker', ['request', 'a']), call(200, 'breaker', ['request', 'b']), call(300, 'breaker', ['request', 'c']),
          call(1000, 'breaker', 'state'), call(1100, 'breaker', 'reset'), call(1110, 'breaker', 'state'),
        ],
        expect: [answers(1000, 'breaker', ':open'), answers(1100, 'breaker', ':ok'), answers(1110, 'breaker', ':closed'), reports('breaker', 'breaker', { from: 'open', to: 'closed' }, 1)],
      },
      {
        name: 'timeout',
        description: 'The upstream takes 3 s, the workers give up after 1 s: {:error, :timeout}.',
        untilMs: 3000,
        commands: [
          send(0, 'http_1', ['latency', 3000]), send(0, 'http_2', ['latency', 3000]), send(0, 'http_3', ['latency', 3000]),
          call(100, 'breaker', ['request', ['get', '/slow']]),
        ],
        expect: [answers(100, 'breaker', '{:error, :timeout}'), counterIs('breaker', 'failure', { equals: 1 }), gaveUp('http_app', false)],
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
        expect: [counterIs('api', 'requests', { equals: 100 }), counterIs('api', 'error', { atLeast: 20, atMost: 40 })],
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
        expect: [answers(50, 'adaptive', '1'), answers(500, 'adaptive', '5'), answers(3900, 'adaptive', '1')],
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
        expect: [answers(200, 'jobs', ':high'), answers(210, 'jobs', ':medium'), answers(220, 'jobs', ':low')],
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
- Run **three callers, one upstream call** and read the coalescer's \`stats\` at 800 ms: **4 requests, 2 upstream
  calls, 2 coalesced** — the three \`user_1\` calls share one upstream call, \`user_2\` needs its own.
- Move the third \`user_1\` call to 400 ms (after the first answer came back at 300 ms): it can no longer join the
  first one, so the upstream gets 3 calls.
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
        expect: [
          answers(120, 'coalescer', '{:get, :user_1}'), counterIs('coalescer', 'requests', { equals: 4 }), counterIs('coalescer', 'upstream_calls', { equals: 2 }),
          counterIs('coalescer', 'coalesced', { equals: 2 }), answers(800, 'coalescer', '%{coalesced: 2, requests: 4, upstream_calls: 2}'),
        ],
      },
      {
        name: 'a late caller',
        description: 'The third user_1 call comes at 400 ms, after the first answer (300 ms): it needs an upstream call of its own.',
        untilMs: 1000,
        commands: [
          call(100, 'coalescer', ['get', 'user_1']), call(110, 'coalescer', ['get', 'user_1']), call(400, 'coalescer', ['get', 'user_1']),
          call(130, 'coalescer', ['get', 'user_2']), call(800, 'coalescer', 'stats'),
        ],
        expect: [counterIs('coalescer', 'upstream_calls', { equals: 3 }), counterIs('coalescer', 'coalesced', { equals: 1 }), answers(400, 'coalescer', '{:get, :user_1}')],
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
        expect: [answers(100, 'graceful', '{:done, 300}', 3), reports('graceful', 'drained', { answered: 3, dropped: 0 }), exitsWith('graceful', ':shutdown')],
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
    scenarios: [{ name: 'one crash restarts all', description: 'Kill b.', untilMs: 1000, commands: [kill(100, 'b')], expect: [restarted('a', 1), restarted('b', 1), restarted('c', 1), exitsWith('a', ':shutdown')] }],
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
- Run **kill the first child**: \`a\` is first, so everything restarts.
`,
    roots: [sup('rest_sup', { strategy: 'rest_for_one' }, [w('a', 'echo'), w('b', 'echo'), w('c', 'echo')])],
    scenarios: [
      { name: 'kill the middle child', description: 'Kill b.', untilMs: 1000, commands: [kill(100, 'b')], expect: [restarted('a', 0), restarted('b', 1), restarted('c', 1)] },
      { name: 'kill the first child', description: 'Kill a: every child started after it restarts too.', untilMs: 1000, commands: [kill(100, 'a')], expect: [restarted('a', 1), restarted('b', 1), restarted('c', 1), exitsWith('c', ':shutdown')] },
    ],
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
        expect: [gaveUp('inner'), gaveUp('root', false), restarted('inner', 1), restarted('sibling', 0), exitsWith('inner', ':shutdown')],
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
      { name: 'restart a dynamic child', description: 'Kill both sessions.', untilMs: 1000, commands: [kill(100, 'session_1'), kill(200, 'session_2')],
        expect: [restarted('session_1', 1), isStatus('session_1', 'running'), isStatus('session_2', 'stopped'), restarted('session_2', 0)] },
    ],
  },
];
