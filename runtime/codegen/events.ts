// Supervision events for the differential tests of the exports: the same design and scenario, run in the studio's
// simulator, in an exported TypeScript project and on real OTP (an exported mix project), must start and end the
// same processes, for the same reasons.
//
// Every exported project prints one line per event (runtime/codegen/elixir/runner.ts describes the format); real
// time jitters, so runs are compared per process: the sequence of `start` / `exit <reason>` of each design path.
// Children a DynamicSupervisor gets at run time (`pool_worker_3`) are anonymous: they are compared as a multiset.
import { fmt, type Labeler, type Term, type TraceEvent } from '../kernel/index';
import type { RuntimeSpec, SpecCommand } from '../design/spec';
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

const RANK = { start: 0, exit: 0, note: 1, reply: 2 } as const;

/** Events in print order: by time, then commands issued, then starts and exits (trace order), notes, replies. */
export function orderedEvents(events: readonly PrintedEvent[]): PrintedEvent[] {
  return events.map((e, i) => ({ e, i })).sort((a, b) => a.e.t - b.e.t || a.e.n - b.e.n || RANK[a.e.kind] - RANK[b.e.kind] || a.i - b.i).map((x) => x.e);
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
  const events: PrintedEvent[] = [];
  sim.trace.forEach((e, i) => {
    if (e.type !== 'spawn' && e.type !== 'exit') return;
    const nodeId = sim.pidNode.get(e.pid);
    if (nodeId === undefined) return;
    const path = pathOf(nodeId);
    events.push({ t: e.t, n: issued(i, 'trace'), kind: e.type === 'spawn' ? 'start' : 'exit', path, detail: e.type === 'exit' ? fmt(e.reason, ANONYMOUS) : '' });
  });
  sim.notes.forEach((x, i) => events.push({ t: x.t, n: issued(i, 'notes'), kind: 'note', path: pathOf(x.nodeId), detail: fmt(noteTerm(x.event, x.terms ?? x.data), ANONYMOUS) }));
  // answers in the order they came
  sim.calls.forEach((c, i) => events.push({ t: c.doneAt, n: issued(i, 'calls'), kind: 'reply', path: c.target, detail: fmt([c.ok ? 'ok' : 'exit', c.value], ANONYMOUS) }));
  return orderedEvents(events).map(printedLine);
}

/** Lines as they are compared across exports where one runs in real time (the Elixir export's Runner.comparable/3):
 *  lines of `kinds` only, without the milliseconds, starts and exits per phase (commands issued before; commands at
 *  the same time are one phase), notes and replies as a multiset, sorted; run-time children (`pool_worker_3`)
 *  unnumbered. */
export function comparableLines(lines: readonly string[], commands: readonly { at: number }[], designPaths: ReadonlySet<string>, kinds: readonly string[] = ['start', 'exit']): string[] {
  const phase = (n: number) => (n === 0 ? 0 : commands.filter((c) => c.at <= commands[n - 1].at).length);
  // a note or a reply is timed by the process that sends it, in real time it can come just after the next command:
  // they are compared without their phase (starts and exits keep it)
  return lines.map((l) => l.split('\t')).filter(([, , kind]) => kinds.includes(kind)).map(([, n, kind, path, ...detail]) =>
    [kind === 'start' || kind === 'exit' ? String(phase(Number(n))).padStart(6, '0') : '*', kind, designPaths.has(path) ? path : path.replace(/_\d+$/, '_*'), ...detail].join('\t'),
  ).sort();
}
