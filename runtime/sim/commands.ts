// THE run-command catalog: every command a run understands — the faults of the run-mode menu, the steps of a
// document scenario, the commands of a recording, the CLI's scenarios and the exported projects' scenarios — is
// defined here once, with
//   - its fields (→ the document's Command schema in ./command-schema.ts, the fault menu's questions, the exports' printers),
//   - how it applies to a running design through public kernel operations only (`apply`, on a CommandHost),
//   - a human description (event log, recordings, docs),
//   - its fault-menu entries (label, which node kinds, which fields it asks for),
//   - its Elixir twin (a clause of the exported mix project's runner).
// Consumers: runtime/design/document.ts (CommandSchema), runtime/design/spec.ts + validate.ts (targets),
// runtime/sim/start.ts (Simulation is a CommandHost), runtime/sim/recording.ts, renderer/run/session.ts (live runs),
// renderer/run/faults.ts (the menu), runtime/codegen/typescript/studio.ts (the exported Studio is a CommandHost) and
// runtime/codegen/elixir (runner clauses). commands.test.ts fails when a command is missing from any of them.
//
// To add a command: add one entry to COMMANDS (its fields, apply, describe, menu, elixir) and a case to its test in
// commands.test.ts. Everything else derives from the entry; the compiler lists any `switch` that must learn it.
import { GenServer } from '../otp/genserver';
import { Prng, exitReasonOf, fmt, raise, throwValue, type Kernel, type Proc, type Term, type TimerRef } from '../kernel/index';
import { jsonToTerm } from './terms';

// ---- fields ---------------------------------------------------------------------------------------------------------

/** What a command field holds. `target`: a process (design path in specs; name or id in a document). `source`: a load
 *  source node id (absent = all). `process`: another process the command names (not the one it is applied to; the menu
 *  asks for it) — a design name, path or id, a Registry key or a registered name, mapped to a path like a target. `scenario`: a scenario name. `term`: a JSON-encoded Erlang term (runtime/sim/terms.ts:
 *  "text" is an atom, [a, b] a tuple). `text`: a string. `ms`: a whole number of milliseconds. `number`: a number.
 *  `bool`: true/false. */
export type FieldKind = 'target' | 'process' | 'source' | 'scenario' | 'term' | 'text' | 'ms' | 'number' | 'bool';

export interface FieldDef {
  kind: FieldKind;
  /** The question the fault menu asks for it. */
  label: string;
  /** Filled in when a document leaves it out (absent and no default = required, unless optional). */
  default?: unknown;
  optional?: boolean;
}

/** Node kinds a fault applies to (`dynamic_child`: a child started at run time, listed under its supervisor). */
export type TargetKind = 'worker' | 'supervisor' | 'dynamic_supervisor' | 'task_supervisor' | 'registry' | 'dynamic_child';
export const PROCESS_KINDS: readonly TargetKind[] = ['worker', 'supervisor', 'dynamic_supervisor', 'task_supervisor', 'registry', 'dynamic_child'];
const WORKERS: readonly TargetKind[] = ['worker', 'dynamic_child'];

export interface MenuEntry {
  /** Stable key (`fault-<key>` is the menu item's test id; the command registry uses it too). */
  key: string;
  label: string;
  kinds: readonly TargetKind[];
  /** Fields given by this entry (not asked). */
  preset?: Record<string, unknown>;
  /** Fields the menu asks for, in order (the others take their defaults). */
  ask?: readonly string[];
  /** Only on nodes running one of these behaviours (the request is that behaviour's API). */
  behaviours?: readonly string[];
}

// ---- the host: what a command needs from whatever runs the design ----------------------------------------------------

/** What applying a command needs: the Simulation (runtime/sim/start.ts) and the exported TypeScript Studio both are one. */
export interface CommandHost {
  readonly kernel: Kernel;
  /** The live process a command target names (node path, name or id; `#<pid>`; a registry key; a registered name):
   *  what a fault hits. */
  targetPid(ref: string): Proc | undefined;
  /** What the target's *name* reaches now, as OTP resolves it (its registered name or Registry key): where a send,
   *  cast or call goes — an unregistered node cannot be reached by name. */
  resolveName(ref: string): Proc | undefined;
  /** The load sources' processes, by load source node id. */
  loadPids(): Iterable<readonly [string, Proc]>;
  /** Make a call from a fresh process and record the answer when it comes. */
  call(target: string, msg: Term, timeoutMs: number): void;
  /** The run's chaos (random kills). */
  readonly chaos: Chaos;
  /** A running design worker for chaos: the one at index `pick(n)` among the `n` running ones in design order (no
   *  pick when none runs). */
  chaosVictim(pick: (n: number) => number): Proc | undefined;
  /** A chaos kill happened (for notes). */
  chaosKilled?(victim: Proc): void;
  /** The steps of a named scenario; throws (naming the scenarios there are) when there is none. */
  scenarioSteps(name: string): readonly Command[];
}

/** Why a command did nothing (shown in the event log), or undefined when it was applied. */
export type Outcome = string | undefined;

// ---- the entries ----------------------------------------------------------------------------------------------------

interface Def<F extends Record<string, FieldDef>> {
  /** What it does, for people (docs/format.md's table, tooltips). */
  help: string;
  fields: F;
  /** The event log's line for it. */
  describe(c: Fields<F>): string;
  apply(host: CommandHost, c: Fields<F> & { at: number }, depth: number): Outcome;
  menu: readonly MenuEntry[];
  /** The command asks its target something and the answer is recorded as a reply to the target (a call). */
  replies?: true;
  /** Elixir: clauses of `defp command(cmd, ctx)` in the exported runner (ctx: %{loads, collector, chaos, t0}). */
  elixir: string;
}

type FieldValue<D> = D extends { kind: 'target' | 'process' | 'scenario' | 'text' | 'source' } ? string
  : D extends { kind: 'ms' | 'number' } ? number
  : D extends { kind: 'bool' } ? boolean
  : unknown;
type Fields<F> = { [K in keyof F as F[K] extends { optional: true } ? never : K]: FieldValue<F[K]> }
  & { [K in keyof F as F[K] extends { optional: true } ? K : never]?: FieldValue<F[K]> };

const def = <const F extends Record<string, FieldDef>>(d: Def<F>): Def<F> => d;

const target = { kind: 'target', label: 'Process (path or name)' } as const;

/** Runs `f` on the target's live process, or says why nothing was done. */
function onTarget(host: CommandHost, ref: string, f: (p: Proc) => Outcome | void): Outcome {
  const p = host.targetPid(ref);
  if (!p) return `${ref} is not running: nothing done`;
  return f(p) ?? undefined;
}

/** Runs `f` on what the target's name reaches, or says why nothing was done. */
function onName(host: CommandHost, ref: string, f: (p: Proc) => Outcome | void): Outcome {
  const p = host.resolveName(ref);
  if (!p) return host.targetPid(ref) ? `${ref} has no name it can be reached by now: nothing sent` : `${ref} is not running: nothing sent`;
  return f(p) ?? undefined;
}

/** The exit reason a process gets when `fn` throws inside it and nobody catches it. */
function reasonOf(fn: () => never): Term {
  try {
    fn();
  } catch (e) {
    return exitReasonOf(e);
  }
}

const MAX_SCENARIO_DEPTH = 8;

/** A process ref's name as a behaviour keys it: the last part of a path (`app/service` → `service`). */
const lastName = (ref: string) => ref.slice(ref.lastIndexOf('/') + 1);

export const COMMANDS = {
  kill: def({
    help: 'Kill the process: exit signal :kill, which cannot be trapped.',
    fields: { target },
    describe: (c) => `kill ${c.target}`,
    apply: (h, c) => onTarget(h, c.target, (p) => h.kernel.exit(p, 'kill')),
    menu: [{ key: 'kill', label: 'Kill (:kill)', kinds: PROCESS_KINDS }],
    elixir: 'defp command(%{type: :kill, target: t}, _ctx), do: if(pid = Studio.whereis(t), do: Process.exit(pid, :kill))',
  }),
  exit: def({
    help: 'Send the process an exit signal with a reason (a term: :normal, :shutdown, {:shutdown, x}, …). A trapping process gets it as a message.',
    fields: { target, reason: { kind: 'term', label: 'Exit reason (JSON: "atom", ["tuple", 1], …)', default: 'boom' } },
    describe: (c) => `exit ${c.target} ${fmt(jsonToTerm(c.reason))}`,
    apply: (h, c) => onTarget(h, c.target, (p) => h.kernel.exit(p, jsonToTerm(c.reason))),
    menu: [
      { key: 'exit-normal', label: 'Exit :normal', kinds: PROCESS_KINDS, preset: { reason: 'normal' } },
      { key: 'exit-shutdown', label: 'Exit :shutdown', kinds: PROCESS_KINDS, preset: { reason: 'shutdown' } },
      { key: 'exit-shutdown-tuple', label: 'Exit {:shutdown, :maintenance}', kinds: PROCESS_KINDS, preset: { reason: ['shutdown', 'maintenance'] } },
      { key: 'exit', label: 'Exit with a custom reason…', kinds: PROCESS_KINDS, ask: ['reason'] },
    ],
    elixir: 'defp command(%{type: :exit, target: t, reason: r}, _ctx), do: if(pid = Studio.whereis(t), do: Process.exit(pid, r))',
  }),
  raise: def({
    help: 'The process raises a RuntimeError with this message and dies of it ({%RuntimeError{}, stack}).',
    fields: { target, message: { kind: 'text', label: 'Exception message', default: 'boom' } },
    describe: (c) => `raise in ${c.target}: ${c.message}`,
    apply: (h, c) => onTarget(h, c.target, (p) => h.kernel.die(p, reasonOf(() => raise(c.message)))),
    menu: [{ key: 'raise', label: 'Raise an exception', kinds: WORKERS }],
    elixir: [
      'defp command(%{type: :raise, target: t, message: m}, _ctx),',
      '  do: inject(t, fn -> {%RuntimeError{message: m}, stacktrace()} end)',
    ].join('\n'),
  }),
  throw: def({
    help: 'The process throws a value nobody catches and dies of it ({{:nocatch, value}, stack}).',
    fields: { target, value: { kind: 'term', label: 'Thrown value (JSON)', default: 'oops' } },
    describe: (c) => `throw in ${c.target}: ${fmt(jsonToTerm(c.value))}`,
    apply: (h, c) => onTarget(h, c.target, (p) => h.kernel.die(p, reasonOf(() => throwValue(jsonToTerm(c.value))))),
    menu: [{ key: 'throw', label: 'Throw a value', kinds: WORKERS }],
    elixir: 'defp command(%{type: :throw, target: t, value: v}, _ctx), do: inject(t, fn -> {{:nocatch, v}, stacktrace()} end)',
  }),
  hang: def({
    help: 'The process stops taking messages (they pile up in its mailbox; calls to it time out) until it dies.',
    fields: { target },
    describe: (c) => `hang ${c.target}`,
    apply: (h, c) => onTarget(h, c.target, (p) => h.kernel.hang(p)),
    menu: [{ key: 'hang', label: 'Hang (stop taking messages)', kinds: WORKERS }],
    elixir: [
      'defp command(%{type: :hang, target: t}, _ctx) do',
      '  if pid = Studio.whereis(t), do: spawn(fn -> catch_exit(fn -> :sys.replace_state(pid, fn s -> Process.sleep(:infinity) && s end, :infinity) end) end)',
      'end',
    ].join('\n'),
  }),
  slow: def({
    help: 'Every message the process handles from now on takes this much longer.',
    fields: { target, ms: { kind: 'ms', label: 'Extra milliseconds per message', default: 200 } },
    describe: (c) => `slow ${c.target} by ${c.ms} ms`,
    apply: (h, c) => onTarget(h, c.target, (p) => (h.kernel.slow(p, c.ms) ? undefined : `${c.target} takes no messages: nothing done`)),
    menu: [{ key: 'slow', label: 'Slow down (+200 ms per message)', kinds: WORKERS }],
    elixir: [
      'defp command(%{type: :slow, target: t, ms: ms}, _ctx) do',
      '  delay = fn st, event, _ -> if(match?({:in, _}, event), do: Process.sleep(ms)) && st end',
      '  if pid = Studio.whereis(t), do: spawn(fn -> catch_exit(fn -> :sys.install(pid, {delay, :slow}, :infinity) end) end)',
      'end',
    ].join('\n'),
  }),
  send: def({
    help: 'Send the process a message (a term).',
    fields: { target, message: { kind: 'term', label: 'Message (JSON: "atom", ["tuple", 1], …)', default: 'ping' } },
    describe: (c) => `send ${c.target} ${fmt(jsonToTerm(c.message))}`,
    apply: (h, c) => onName(h, c.target, (p) => h.kernel.send(p, jsonToTerm(c.message))),
    menu: [{ key: 'send', label: 'Send a message…', kinds: PROCESS_KINDS, ask: ['message'] }],
    elixir: 'defp command(%{type: :send, target: t, message: m}, _ctx), do: if(pid = Studio.whereis_name(t), do: send(pid, m))',
  }),
  cast: def({
    help: 'GenServer.cast a request to the process.',
    fields: { target, message: { kind: 'term', label: 'Request (JSON)', default: 'ping' } },
    describe: (c) => `cast ${c.target} ${fmt(jsonToTerm(c.message))}`,
    apply: (h, c) => onName(h, c.target, (p) => GenServer.cast(h.kernel, p, jsonToTerm(c.message))),
    menu: [{ key: 'cast', label: 'Cast a request…', kinds: WORKERS, ask: ['message'] }],
    elixir: 'defp command(%{type: :cast, target: t, message: m}, _ctx), do: if(pid = Studio.whereis_name(t), do: GenServer.cast(pid, m))',
  }),
  call: def({
    help: 'GenServer.call the process from a fresh process; the reply (or the exit) shows in the event log.',
    fields: { target, message: { kind: 'term', label: 'Request (JSON)', default: 'stats' }, timeoutMs: { kind: 'ms', label: 'Timeout (ms)', default: 5000 } },
    describe: (c) => `call ${c.target} ${fmt(jsonToTerm(c.message))}`,
    apply: (h, c) => {
      h.call(c.target, jsonToTerm(c.message), c.timeoutMs);
      return undefined;
    },
    menu: [{ key: 'call', label: 'Call and show the reply…', kinds: PROCESS_KINDS, ask: ['message'] }],
    replies: true,
    elixir: [
      'defp command(%{type: :call, target: t, message: m, timeout_ms: timeout}, ctx) do',
      '  pid = Studio.whereis_name(t)',
      '',
      '  spawn(fn ->',
      '    result =',
      '      try do',
      '        if pid, do: {:ok, GenServer.call(pid, m, timeout)}, else: {:exit, :noproc}',
      '      catch',
      '        :exit, {reason, _} -> {:exit, reason}',
      '        :exit, reason -> {:exit, reason}',
      '      end',
      '',
      '    send(ctx.collector, {:reply, t, result})',
      '  end)',
      'end',
    ].join('\n'),
  }),
  demonitor: def({
    help: 'The watcher removes its monitor of a process (Process.demonitor(ref, [:flush])): only the process that holds a monitor can drop it, so this is a call to the watcher, {:demonitor, name}, answered true (or false when it was not monitoring it).',
    fields: { target, of: { kind: 'process', label: 'Stop monitoring which process? (its name)' } },
    describe: (c) => `demonitor ${c.of} in ${c.target}`,
    apply: (h, c) => {
      h.call(c.target, ['demonitor', lastName(c.of)], 5000);
      return undefined;
    },
    menu: [{ key: 'demonitor', label: 'Demonitor a process…', kinds: WORKERS, ask: ['of'], behaviours: ['watcher'] }],
    replies: true,
    elixir: [
      'defp command(%{type: :demonitor, target: t, of: o}, ctx) do',
      '  pid = Studio.whereis_name(t)',
      '  name = o |> to_string() |> String.split("/") |> List.last()',
      '',
      '  spawn(fn ->',
      '    result =',
      '      try do',
      '        if pid, do: {:ok, GenServer.call(pid, {:demonitor, name}, 5000)}, else: {:exit, :noproc}',
      '      catch',
      '        :exit, {reason, _} -> {:exit, reason}',
      '      end',
      '',
      '    send(ctx.collector, {:reply, t, result})',
      '  end)',
      'end',
    ].join('\n'),
  }),
  checkin: def({
    help: 'Check a worker back into a pool, as its holder would with poolboy:checkin/2: a cast of {:checkin, worker_pid} to the pool (a worker that is not checked out is ignored).',
    fields: { target, worker: { kind: 'process', label: 'Check in which worker? (its name)' } },
    describe: (c) => `checkin ${c.worker} to ${c.target}`,
    apply: (h, c) => {
      const w = h.targetPid(c.worker);
      if (!w) return `${c.worker} is not running: nothing checked in`;
      return onName(h, c.target, (p) => GenServer.cast(h.kernel, p, ['checkin', w]));
    },
    menu: [{ key: 'checkin', label: 'Check a worker back in…', kinds: WORKERS, ask: ['worker'], behaviours: ['pool_manager'] }],
    elixir: [
      'defp command(%{type: :checkin, target: t, worker: w}, _ctx) do',
      '  with pool when is_pid(pool) <- Studio.whereis_name(t), pid when is_pid(pid) <- Studio.whereis(w), do: GenServer.cast(pool, {:checkin, pid})',
      'end',
    ].join('\n'),
  }),
  load: def({
    help: 'Switch one load source (or all) on or off; with a rate, set its requests per second too.',
    fields: {
      source: { kind: 'source', label: 'Load source (node id; absent = all)', optional: true },
      on: { kind: 'bool', label: 'On', default: true },
      rate: { kind: 'number', label: 'Requests per second', optional: true },
    },
    describe: (c) => `load ${c.source ?? 'all'} ${c.on ? 'on' : 'off'}${c.rate === undefined ? '' : ` at ${c.rate}/s`}`,
    apply: (h, c) => {
      const rate = c.rate;
      let n = 0;
      for (const [id, pid] of h.loadPids()) {
        if (c.source !== undefined && c.source !== id) continue;
        n++;
        if (rate !== undefined) h.kernel.send(pid, ['rate', rate]);
        h.kernel.send(pid, c.on ? 'on' : 'off');
      }
      return n === 0 ? `no load source${c.source === undefined ? '' : ` ${c.source}`} runs: nothing done` : undefined;
    },
    menu: [
      { key: 'load-on', label: 'Switch the load on', kinds: [], preset: { on: true } },
      { key: 'load-off', label: 'Switch the load off', kinds: [], preset: { on: false } },
    ],
    elixir: [
      'defp command(%{type: :load, source: source, on: on} = cmd, ctx) do',
      '  for {id, pid} <- ctx.loads, source == nil or source == id do',
      '    if rate = Map.get(cmd, :rate), do: send(pid, {:rate, rate})',
      '    send(pid, if(on, do: :on, else: :off))',
      '  end',
      'end',
    ].join('\n'),
  }),
  chaos: def({
    help: 'Random kills: on average `rate` per second, each of a running design worker; victims and times come from the run\'s seed.',
    fields: { on: { kind: 'bool', label: 'On', default: true }, rate: { kind: 'number', label: 'Kills per second', default: 1 } },
    describe: (c) => (c.on ? `chaos on (${c.rate}/s)` : 'chaos off'),
    apply: (h, c) => {
      h.chaos.set(h, c.on, c.rate);
      return undefined;
    },
    menu: [],
    elixir: 'defp command(%{type: :chaos, on: on, rate: rate}, ctx), do: send(ctx.chaos, {:set, on, rate})',
  }),
  scenario: def({
    help: 'Run the steps of one of the design\'s scenarios from now on (their times are relative to now).',
    fields: { name: { kind: 'scenario', label: 'Scenario' } },
    describe: (c) => `scenario ${c.name}`,
    apply: (h, c, depth) => {
      if (depth >= MAX_SCENARIO_DEPTH) return `scenario ${c.name} nested more than ${MAX_SCENARIO_DEPTH} deep: not run`;
      const steps = h.scenarioSteps(c.name);
      const t0 = c.at;
      for (const s of steps) h.kernel.callAfter(Math.max(0, t0 + s.at - h.kernel.now()), () => void applyCommand(h, { ...s, at: t0 + s.at }, depth + 1));
      return undefined;
    },
    menu: [],
    elixir: [
      'defp command(%{type: :scenario, name: name}, ctx) do',
      '  sc = Enum.find(Scenarios.all(), &(&1.name == name)) || raise ArgumentError, "no scenario named #{inspect(name)}"',
      '  start = now()',
      '  spawn(fn -> Enum.each(sc.commands, fn c -> sleep_until(start + c.at) && command(c, ctx) end) end)',
      'end',
    ].join('\n'),
  }),
} satisfies Record<string, Def<any>>;

export type CommandType = keyof typeof COMMANDS;
export const COMMAND_TYPES = Object.keys(COMMANDS) as [CommandType, ...CommandType[]];

/** One command (the document's, a scenario step, a recording's). */
export type Command = { [T in CommandType]: { type: T; at: number } & Fields<(typeof COMMANDS)[T]['fields']> }[CommandType];
/** A command as a file may hold it (defaults not filled yet). */
export type CommandInputJson = { type: CommandType; at: number; [field: string]: unknown };
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A command without its time (a live run stamps it when it applies it). */
export type CommandInput = DistributiveOmit<Command, 'at'>;

// ---- applying, describing -------------------------------------------------------------------------------------------

/** Apply one command now. Returns why nothing was done (a target that is not running), or undefined. */
export function applyCommand(host: CommandHost, c: Command, depth = 0): Outcome {
  const d = COMMANDS[c.type] as unknown as Def<Record<string, FieldDef>>;
  return d.apply(host, c as never, depth);
}

/** The event log's line for a command. */
export function describeCommand(c: Command | CommandInput): string {
  return (COMMANDS[c.type] as unknown as Def<Record<string, FieldDef>>).describe(c as never);
}

/** Whether a command of `type` is answered by its target (the answer shows as `reply <target> …`). */
export function commandReplies(type: CommandType): boolean {
  return (COMMANDS[type] as { replies?: true }).replies === true;
}

/** The fields of a command type (name → definition), in order. */
export function commandFields(type: CommandType): Record<string, FieldDef> {
  return COMMANDS[type].fields as Record<string, FieldDef>;
}

/** Per command type, the name of its `target` field (if any): looked up once, not per command. */
const TARGET_FIELD = new Map<string, string | undefined>(
  COMMAND_TYPES.map((t) => [t, Object.entries(COMMANDS[t].fields as Record<string, FieldDef>).find(([, f]) => f.kind === 'target')?.[0]]),
);

/** The command's target (a process ref), if its type has one. */
export function commandTarget(c: Command | CommandInput): string | undefined {
  const field = TARGET_FIELD.get(c.type);
  return field === undefined ? undefined : ((c as Record<string, unknown>)[field] as string);
}

/** The same command with its process target rewritten (design names → paths when a spec is compiled). */
export function mapTarget<C extends Command | CommandInput>(c: C, f: (ref: string) => string): C {
  const out: Record<string, unknown> = { ...c };
  for (const [name, fd] of Object.entries(commandFields(c.type))) if ((fd.kind === 'target' || fd.kind === 'process') && typeof out[name] === 'string') out[name] = f(out[name] as string);
  return out as C;
}

/** Every fault-menu entry with the command type it makes. */
export function menuEntries(): { type: CommandType; entry: MenuEntry }[] {
  return COMMAND_TYPES.flatMap((type) => COMMANDS[type].menu.map((entry) => ({ type, entry })));
}

/** The menu entries for a node of `kind` running `behaviour`, as commands to fill (`ask` lists the fields still to
 *  ask). An entry for certain behaviours only shows on them. */
export function faultMenu(kind: TargetKind, behaviour?: string): { type: CommandType; entry: MenuEntry }[] {
  return menuEntries().filter((m) => m.entry.kinds.includes(kind) && (!m.entry.behaviours || (behaviour !== undefined && m.entry.behaviours.includes(behaviour))));
}

/** A command of `type` for `targetRef` with the entry's presets, the given answers and the fields' defaults. */
export function menuCommand(type: CommandType, targetRef: string, entry: MenuEntry, answers: Record<string, unknown> = {}): CommandInput {
  const out: Record<string, unknown> = { type };
  for (const [name, f] of Object.entries(commandFields(type))) {
    if (f.kind === 'target') out[name] = targetRef;
    else if (name in answers) out[name] = answers[name];
    else if (entry.preset && name in entry.preset) out[name] = entry.preset[name];
    else if (f.default !== undefined) out[name] = f.default;
  }
  return out as CommandInput;
}

// ---- chaos ----------------------------------------------------------------------------------------------------------

/** The seed of a run's chaos stream: its own sfc32 stream (runtime/kernel/prng.ts), so what else draws random numbers
 *  in a run does not move its victims; the exported Elixir runner computes the same stream. */
export const chaosSeed = (runSeed: number): number => (runSeed ^ 0x43484153) >>> 0;

/** Random kills at exponential intervals (mean 1/rate s, whole ms, at least 1), victims uniform over the running
 *  design workers; every number from the run's seeded chaos stream. */
export class Chaos {
  readonly prng: Prng;
  private epoch = 0;
  private timer: TimerRef | null = null;

  constructor(runSeed: number) {
    this.prng = new Prng(chaosSeed(runSeed));
  }

  /** The delay to the next kill. */
  static delay(u: number, rate: number): number {
    return Math.max(1, Math.round((-Math.log(1 - u) / rate) * 1000));
  }

  set(host: CommandHost, on: boolean, rate: number): void {
    this.epoch++;
    if (this.timer) host.kernel.cancelTimer(this.timer);
    this.timer = null;
    if (on && rate > 0) this.tick(host, rate, this.epoch);
  }

  private tick(host: CommandHost, rate: number, epoch: number): void {
    this.timer = host.kernel.callAfter(Chaos.delay(this.prng.next(), rate), () => {
      if (this.epoch !== epoch) return;
      const victim = host.chaosVictim((n) => this.prng.int(0, n - 1));
      if (victim) {
        host.chaosKilled?.(victim);
        host.kernel.exit(victim, 'kill');
      }
      this.tick(host, rate, epoch);
    });
  }
}

// ---- Elixir ---------------------------------------------------------------------------------------------------------

/** camelCase field → the Elixir map key (`timeoutMs` → `timeout_ms`). */
export const elixirKey = (field: string): string => field.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);

/** The runner's `command/2` clauses, one group per command, in catalog order. */
export function elixirCommandClauses(): string {
  return COMMAND_TYPES.map((t) => COMMANDS[t].elixir).join('\n\n');
}
