// Supervision events for the differential tests of the exports: the same design and scenario, run in the studio's
// simulator, in an exported TypeScript project and on real OTP (an exported mix project), must start and end the
// same processes, for the same reasons.
//
// Every exported project prints one line per event (runtime/codegen/elixir/runner.ts describes the format); real
// time jitters, so runs are compared per process: the sequence of `start` / `exit <reason>` of each design path.
// Children a DynamicSupervisor gets at run time (`pool_worker_3`) are anonymous: they are compared as a multiset.
import { fmt, type Labeler, type Term, type TraceEvent } from '../kernel/index';
import { flattenSpec, type RuntimeSpec, type SpecCommand } from '../design/spec';
import { Simulation } from '../sim/start';

export interface SupervisionEvent {
  /** Milliseconds since the start of the run. */
  t: number;
  kind: 'start' | 'exit';
  path: string;
  /** Exit reason, printed like `fmt` with anonymous pids and references. */
  reason?: string;
}

/** Pids and references print the same everywhere: their identity differs from run to run. */
export const ANONYMOUS: Labeler = { pid: () => '#PID', ref: () => '#Reference' };

/** The supervision events of a simulator run: every start and exit of a process bound to a design node. */
export function simulationEvents(sim: Simulation, trace: readonly TraceEvent[]): SupervisionEvent[] {
  const out: SupervisionEvent[] = [];
  for (const e of trace) {
    if (e.type !== 'spawn' && e.type !== 'exit') continue;
    const nodeId = sim.pidNode.get(e.pid);
    if (nodeId === undefined) continue;
    const path = sim.node(nodeId)?.path ?? nodeId;
    out.push(e.type === 'spawn' ? { t: e.t, kind: 'start', path } : { t: e.t, kind: 'exit', path, reason: fmt(e.reason, ANONYMOUS) });
  }
  return out;
}

/** A scenario name as a runner prints it in its `## scenario` header: on one line. */
export const headerName = (name: string) => name.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ');

const LINE = /^(\d+)\t(\d+)\t(start|exit)\t([^\t]*)\t(.*)$/;

/** Parse runner output (`## scenario<TAB>name` headers, then event lines; other lines are ignored). */
export function parseEventLines(text: string): Map<string, SupervisionEvent[]> {
  const out = new Map<string, SupervisionEvent[]>();
  let current: SupervisionEvent[] | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('## scenario\t')) {
      current = [];
      out.set(line.slice('## scenario\t'.length), current);
      continue;
    }
    const m = LINE.exec(line);
    if (!m || !current) continue;
    current.push(m[3] === 'start' ? { t: Number(m[1]), kind: 'start', path: m[4] } : { t: Number(m[1]), kind: 'exit', path: m[4], reason: m[5] });
  }
  return out;
}

/** One event as a runner line (without the command count, which only the live runners know). */
export function eventLine(e: SupervisionEvent, commandsIssued = 0): string {
  return [e.t, commandsIssued, e.kind, e.path, e.reason ?? ''].join('\t');
}

/**
 * The comparable form of a run: one line per process, `path: start | exit :killed | start`, sorted. Paths that are
 * not in `designPaths` and end in `_<n>` (run-time children) lose their number.
 */
export function processHistories(events: readonly SupervisionEvent[], designPaths: ReadonlySet<string>): string[] {
  const byPath = new Map<string, string[]>();
  for (const e of events) {
    const list = byPath.get(e.path) ?? [];
    list.push(e.kind === 'start' ? 'start' : `exit ${e.reason}`);
    byPath.set(e.path, list);
  }
  return [...byPath].map(([path, list]) => `${designPaths.has(path) ? path : path.replace(/_\d+$/, '_*')}: ${list.join(' | ')}`).sort();
}

// ---- the one event format ------------------------------------------------------------------------------------------

/** An event of any kind, as every export prints it (runtime/codegen/typescript/studio.ts, elixir/runner.ts). */
export interface PrintedEvent {
  t: number;
  /** Scenario commands issued before the event (a command's own effects come after it). */
  n: number;
  kind: 'start' | 'exit' | 'note' | 'reply';
  /** The process path; for a reply, the call's target. */
  path: string;
  /** Exit reason; `{event, data}` of a note; `{:ok, reply}` / `{:exit, reason}` of a call. */
  detail: string;
}

/** Events in print order: the order they happened (`at`: trace position, then record order), which is also time
 *  order. A process's start is its spawn, before its `init` runs (a supervisor starts before its children); a note
 *  or a reply comes after the trace events before it. */
export function orderedEvents<E extends PrintedEvent & { at: readonly [number, number] }>(events: readonly E[]): E[] {
  return [...events].sort((a, b) => a.at[0] - b.at[0] || a.at[1] - b.at[1]);
}

/** `<ms> TAB <commands issued> TAB <kind> TAB <path> TAB <detail>` — the line every export prints. */
export function printedLine(e: PrintedEvent): string {
  return [Math.round(e.t), e.n, e.kind, e.path, e.detail].join('\t');
}

/** A behaviour's note as a term: `{event, %{key: value}}`. */
export const noteTerm = (event: string, data: Record<string, Term>): Term => [event, new Map(Object.entries(data) as [Term, Term][])];

/** Run `commands` on the studio's simulator (virtual clock, `seed`) until `untilMs` and return the printed lines.
 *  The commands are applied here (Simulation.command) so each event knows how many came before it. */
export function simulatorLines(spec: RuntimeSpec, commands: readonly SpecCommand[], untilMs: number, seed = 1): string[] {
  const sim = new Simulation(spec, { seed });
  const k = sim.kernel;
  sim.start();
  // how far each stream had got when command i was issued: trace events, notes, answered calls
  const marks: { trace: number; notes: number; calls: number }[] = [];
  commands.forEach((c) => k.callAfter(Math.max(0, c.at - k.now()), () => {
    k.flushTrace();
    marks.push({ trace: sim.trace.length, notes: sim.notes.length, calls: sim.calls.length });
    sim.command(c);
  }));
  if (untilMs > k.now()) k.advance(untilMs - k.now());
  else k.runUntilIdle({ maxTime: k.now() });
  k.flushTrace();
  const issued = (at: number, stream: 'trace' | 'notes' | 'calls') => marks.filter((m) => m[stream] <= at).length;
  const pathOf = (nodeId: string) => sim.node(nodeId)?.path ?? nodeId;
  // each event's place: a trace event its seq; a note or an answered call right after the trace event before it
  // (kernel.traceCount() when it was made), notes and calls among themselves in the order they were made
  const events: (PrintedEvent & { at: [number, number] })[] = [];
  sim.trace.forEach((e, i) => {
    if (e.type !== 'spawn' && e.type !== 'exit') return;
    const nodeId = sim.pidNode.get(e.pid);
    if (nodeId === undefined) return;
    const path = pathOf(nodeId);
    events.push({ t: e.t, n: issued(i, 'trace'), kind: e.type === 'spawn' ? 'start' : 'exit', path, detail: e.type === 'exit' ? fmt(e.reason, ANONYMOUS) : '', at: [e.seq, -1] });
  });
  const at = (x: object): [number, number] => [sim.traceMark.get(x) ?? 0, sim.recordOrder.get(x) ?? 0];
  sim.notes.forEach((x, i) => events.push({ t: x.t, n: issued(i, 'notes'), kind: 'note', path: pathOf(x.nodeId), detail: fmt(noteTerm(x.event, x.terms ?? x.data), ANONYMOUS), at: at(x) }));
  sim.calls.forEach((c, i) => events.push({ t: c.doneAt, n: issued(i, 'calls'), kind: 'reply', path: c.target, detail: fmt([c.ok ? 'ok' : 'exit', c.value], ANONYMOUS), at: at(c) }));
  return orderedEvents(events).map(printedLine);
}

/** What real time cannot reproduce: notes and replies of `paths` are not compared; `reasons` says why. The Elixir
 *  export's mix test and the studio's differential test both use it. */
export interface Unasserted {
  paths: string[];
  reasons: string[];
}

/** The lines a run of `commands` on real OTP cannot be expected to print as the simulator does (see Unasserted):
 *  - notes and replies of a process running a custom behaviour: the Elixir export has a skeleton of it (not
 *    translated from TypeScript), which answers {:error, :not_implemented};
 *  - replies of a telemetry collector while a load source runs: its `window_*` counts are the reports of the last
 *    windowMs of real time, and a report made at the window's edge falls in or out by a millisecond.
 *  Everything else is compared, load included (the Elixir load source sends each request after the commands due by
 *  its time, as the simulator orders them). */
export function unassertedLines(spec: RuntimeSpec, commands: readonly SpecCommand[]): Unasserted {
  const reasons: string[] = [];
  const workers = flattenSpec(spec).flatMap((c) => (c.kind === 'worker' ? [c] : []));
  const custom = new Set(spec.customBehaviours.map((b) => b.id));
  const paths = workers.filter((c) => custom.has(c.behaviour)).map((c) => c.path);
  if (paths.length) reasons.push(`custom behaviours are skeletons in the Elixir export: ${paths.join(', ')}`);
  const seen = new Set<string>();
  const loads = (cs: readonly SpecCommand[]): boolean => cs.some((c) => {
    if (c.type === 'load') return (c as { on?: boolean }).on !== false;
    if (c.type !== 'scenario') return false;
    const name = (c as { name?: string }).name ?? '';
    if (seen.has(name)) return false;
    seen.add(name);
    return loads(spec.scenarios.find((s) => s.name === name)?.commands ?? []);
  });
  const windows = workers.filter((c) => c.behaviour === 'telemetry_collector').map((c) => c.path);
  if (windows.length && (spec.loadSources.some((l) => l.enabled) || loads(commands))) {
    paths.push(...windows);
    reasons.push(`a telemetry collector's time window under real-time load: ${windows.join(', ')}`);
  }
  return { paths, reasons };
}

/**
 * Lines as they are compared across exports where one runs in real time (the Elixir export's Runner.comparable/3):
 * without the milliseconds, each with its phase (the commands issued before it; commands at the same time are one
 * phase); run-time children (`pool_worker_3`) unnumbered. What OTP orders is compared in order:
 *  - every start and exit, as one sequence (a supervisor handles its children one at a time);
 *  - per process, its own start, notes and exit, in order (one sender: OTP keeps their order);
 *  - per call target, the answers, in order.
 * Only the order *between* a note or an answer and other processes' lines is not compared: two processes reacting
 * to one event (a supervisor restarting a child, a trapper noting its exit) run concurrently on OTP's schedulers.
 * Notes and replies that `skip` names (unassertedLines) are left out.
 */
export function comparableLines(lines: readonly string[], commands: readonly { at: number }[], designPaths: ReadonlySet<string>, skip: Unasserted | readonly string[] = { paths: [], reasons: [] }): string[] {
  if (isKinds(skip)) return multisetLines(lines, commands, designPaths, skip);
  const ats = commands.map((c) => c.at).sort((a, b) => a - b);
  const phase = (n: number) => (n === 0 ? 0 : ats.filter((at) => at <= ats[n - 1]).length);
  const rows = lines.map((l) => l.split('\t')).map(([, n, kind, path, ...detail]) => ({
    phase: String(phase(Number(n))).padStart(6, '0'), kind, path: designPaths.has(path) ? path : path.replace(/_\d+$/, '_*'), raw: path, detail: detail.join('\t'),
  })).filter((r) => (r.kind !== 'note' && r.kind !== 'reply') || !skip.paths.includes(r.raw));
  const supervision = rows.filter((r) => r.kind === 'start' || r.kind === 'exit').map((r) => ['~', r.phase, r.kind, r.path, r.detail].join('\t'));
  const byPath = new Map<string, string[]>();
  for (const r of rows) {
    const key = r.kind === 'reply' ? `reply ${r.path}` : r.path;
    const list = byPath.get(key) ?? [];
    list.push([key, r.phase, r.kind, r.detail].join('\t'));
    byPath.set(key, list);
  }
  return [...supervision, ...[...byPath.keys()].sort().flatMap((k) => byPath.get(k)!)];
}

const isKinds = (x: Unasserted | readonly string[]): x is readonly string[] => Array.isArray(x);

/** The looser, sorted form (what comparableLines gives for a list of `kinds`; bridge/run.ts diffs it line by line):
 *  lines of `kinds` only, starts and exits with their phase, notes and replies without it, as a sorted multiset. */
export function multisetLines(lines: readonly string[], commands: readonly { at: number }[], designPaths: ReadonlySet<string>, kinds: readonly string[] = ['start', 'exit']): string[] {
  const ats = commands.map((c) => c.at).sort((a, b) => a - b);
  const phase = (n: number) => (n === 0 ? 0 : ats.filter((at) => at <= ats[n - 1]).length);
  return lines.map((l) => l.split('\t')).filter(([, , kind]) => kinds.includes(kind)).map(([, n, kind, path, ...detail]) =>
    [kind === 'start' || kind === 'exit' ? String(phase(Number(n))).padStart(6, '0') : '*', kind, designPaths.has(path) ? path : path.replace(/_\d+$/, '_*'), ...detail].join('\t'),
  ).sort();
}
