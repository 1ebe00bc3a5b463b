// The normalized projection both sides of the design differential test print, and the simulator's side of it.
//
// A run (simulator trace, or the events an exported mix project's runner collected on real OTP) is reduced to
// events about *incarnations*: `path#gen` is the gen-th process started for a design path. The projection is
//
//   proc <path>#<gen> <exit reason | alive>   one per incarnation, sorted: how each process ended (or that it runs
//                                             at the end) — per-process strict, order-insensitive across processes
//                                             (OTP's exit signals to different processes race)
//   order <sup> <child#gen> ...               per supervisor path: the order its children were started in (strict:
//                                             a supervisor starts children one after the other)
//   gaveup <sup> <n>                          how often the supervisor exceeded its restart intensity
//   reply <target> <result>                   the answers of the scenario's calls, sorted
//
// Exit reasons print like runtime/kernel/terms.ts `fmt` with anonymous pids (`#PID`) and stacktraces as `:stack`,
// which is also what the export's runner prints (runtime/codegen/elixir/runner.ts).
import { fmt } from '../../kernel/index';
import { ANONYMOUS } from '../../codegen/events';
import { compile, flattenSpec, type RuntimeSpec } from '../../design/spec';
import type { DesignDocument } from '../../design/document';
import { Simulation } from '../../sim/start';
import { FUZZ_SCENARIO, GAP_MS } from './generate';

export type RunEvent =
  | { kind: 'start'; path: string; gen: number }
  | { kind: 'exit'; path: string; gen: number; reason: string }
  | { kind: 'gaveup'; sup: string }
  | { kind: 'reply'; target: string; result: string };

/** Runs the design's fuzz scenario on the simulator (virtual time, seed 1) and returns its events. */
export function simulatorEvents(spec: RuntimeSpec): RunEvent[] {
  const sim = new Simulation(spec, { seed: 1 });
  const { trace } = sim.runScenario(FUZZ_SCENARIO);
  const out: RunEvent[] = [];
  const gens = new Map<string, number>();
  const genOf = new Map<number, { path: string; gen: number }>();
  const pathOf = (pid: number) => {
    const node = sim.pidNode.get(pid);
    return node === undefined ? undefined : (sim.node(node)?.path ?? node);
  };
  for (const e of trace) {
    if (e.type === 'spawn') {
      const path = pathOf(e.pid);
      if (path === undefined) continue;
      const gen = (gens.get(path) ?? 0) + 1;
      gens.set(path, gen);
      genOf.set(e.pid, { path, gen });
      out.push({ kind: 'start', path, gen });
    } else if (e.type === 'exit') {
      const g = genOf.get(e.pid);
      if (g) out.push({ kind: 'exit', ...g, reason: fmt(e.reason, ANONYMOUS) });
    } else if (e.type === 'decision' && e.decision === 'intensity_exceeded') {
      const path = pathOf(e.sup);
      if (path !== undefined) out.push({ kind: 'gaveup', sup: path });
    }
  }
  for (const c of [...sim.calls].sort((a, b) => a.seq - b.seq)) {
    out.push({ kind: 'reply', target: c.target, result: fmt(c.ok ? ['ok', c.value] : ['exit', c.value], ANONYMOUS) });
  }
  return out;
}

/** The projection (see the header) of a run's events. `supPaths` maps a supervisor's registered name to its path
 *  (OTP's reports name supervisors, not paths). */
export function projection(events: readonly RunEvent[], spec: RuntimeSpec): string[] {
  const all = flattenSpec(spec);
  const pathByName = new Map(all.map((c) => [c.id, c.path]));
  const parentOf = new Map<string, string>();
  for (const c of all) if ('children' in c) for (const x of c.children) parentOf.set(x.path, c.path);
  const ended = new Map<string, string>();
  const started: string[] = [];
  const order = new Map<string, string[]>();
  const gaveup = new Map<string, number>();
  const replies: string[] = [];
  for (const e of events) {
    switch (e.kind) {
      case 'start': {
        const key = `${e.path}#${e.gen}`;
        started.push(key);
        const parent = parentOf.get(e.path);
        if (parent !== undefined) {
          const list = order.get(parent) ?? [];
          list.push(`${e.path.slice(parent.length + 1)}#${e.gen}`);
          order.set(parent, list);
        }
        break;
      }
      case 'exit':
        ended.set(`${e.path}#${e.gen}`, `exit ${e.reason}`);
        break;
      case 'gaveup': {
        const path = pathByName.get(e.sup) ?? e.sup;
        gaveup.set(path, (gaveup.get(path) ?? 0) + 1);
        break;
      }
      case 'reply':
        replies.push(`reply ${e.target} ${e.result}`);
        break;
    }
  }
  const sortKey = (s: string) => s;
  return [
    ...started.map((k) => `proc ${k} ${ended.get(k) ?? 'alive'}`).sort(),
    // an exit of a process never seen starting would be a bug of the collector: show it
    ...[...ended.keys()].filter((k) => !started.includes(k)).map((k) => `proc ${k} ${ended.get(k)} (start not seen)`).sort(),
    ...[...order].map(([sup, kids]) => `order ${sup}: ${kids.join(' ')}`).sort(),
    ...[...gaveup].map(([sup, n]) => `gaveup ${sup} ${n}`).sort(),
    ...replies.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0)),
  ];
}

/** Lines of design_batch.exs output for one design → events. */
export function parseOtpEvents(lines: readonly string[]): { events: RunEvent[]; errors: string[] } {
  const events: RunEvent[] = [];
  const errors: string[] = [];
  for (const line of lines) {
    const f = line.split('\t');
    if (f[0] === 'start') events.push({ kind: 'start', path: f[1], gen: Number(f[2]) });
    else if (f[0] === 'exit') events.push({ kind: 'exit', path: f[1], gen: Number(f[2]), reason: f.slice(3).join('\t') });
    else if (f[0] === 'gaveup') events.push({ kind: 'gaveup', sup: f[1] });
    else if (f[0] === 'reply') events.push({ kind: 'reply', target: f[1], result: f.slice(2).join('\t') });
    else if (f[0] === 'error') errors.push(f.slice(1).join('\t'));
  }
  return { events, errors };
}

export interface BatchResult {
  status: 'ok' | 'error';
  ms: number;
  lines: string[];
}

/** design_batch.exs output → per design dir: status, time, event lines. */
export function parseOtpBatch(text: string): Map<string, BatchResult> {
  const out = new Map<string, BatchResult>();
  let current: string[] | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('## design\t')) {
      current = [];
      continue;
    }
    const end = /^## end\t(.*)\t(ok|error)\t(\d+)$/.exec(line);
    if (end && current) {
      out.set(end[1], { status: end[2] as 'ok' | 'error', ms: Number(end[3]), lines: current });
      current = null;
      continue;
    }
    if (current) current.push(line);
  }
  return out;
}

/** Milliseconds the simulator must be quiet (no process started or ended) before each command and before the end. */
export const QUIET_MS = 90;

/**
 * Spreads the design's command times until, on the simulator, nothing starts or ends within QUIET_MS before any
 * command (so real OTP, a few ms slower per restart, reaches the same state first), and sets the run's end to the
 * last command + a quiet tail. Returns a new document; the commands keep their order.
 */
export function settleTimes(doc: DesignDocument): DesignDocument {
  const sc = doc.scenarios.find((s) => s.name === FUZZ_SCENARIO);
  if (!sc) throw new Error(`the design has no scenario "${FUZZ_SCENARIO}"`);
  let times = sc.commands.map((_, i) => (i + 1) * GAP_MS);
  let tail = 400;
  for (let round = 0; round < 30; round++) {
    const commands = sc.commands.map((c, i) => ({ ...c, at: times[i] }));
    const untilMs = (times.at(-1) ?? 0) + tail;
    const candidate: DesignDocument = { ...doc, scenarios: [{ ...sc, commands, untilMs }] };
    const sim = new Simulation(compile(candidate), { seed: 1 });
    const { trace } = sim.runScenario(FUZZ_SCENARIO);
    const busy = trace.filter((e) => (e.type === 'spawn' || e.type === 'exit') && sim.pidNode.has(e.pid)).map((e) => e.t);
    const marks = [...times, untilMs];
    const bad = marks.findIndex((m) => busy.some((t) => t > m - QUIET_MS && t < m));
    if (bad < 0) return candidate;
    const lastBusy = Math.max(...busy.filter((t) => t < marks[bad]));
    const shift = Math.max(lastBusy + QUIET_MS + 10 - marks[bad], 20);
    if (bad === times.length) tail += shift;
    else times = times.map((t, i) => (i >= bad ? t + shift : t));
  }
  throw new Error('settleTimes: the simulator never gets quiet between the commands');
}

/** The design with every process name prefixed (names are global on an Erlang node: designs that run side by side
 *  in one VM must not share any), and command / watcher targets renamed with them. */
export function withPrefix(doc: DesignDocument, prefix: string): DesignDocument {
  const names = new Set(doc.nodes.map((n) => n.name));
  const rename = (v: string) => (names.has(v) ? prefix + v : v);
  return {
    ...doc,
    nodes: doc.nodes.map((n) => {
      const m = { ...n, name: prefix + n.name } as typeof n;
      if (m.kind === 'worker' && typeof m.params.target === 'string') m.params = { ...m.params, target: rename(m.params.target) };
      return m;
    }),
    scenarios: doc.scenarios.map((s) => ({
      ...s,
      commands: s.commands.map((c) => ('target' in c && typeof c.target === 'string' ? { ...c, target: rename(c.target) } : c)),
    })),
  };
}

/** The simulator's projection of a design (names as in the design). */
export function simulatorProjection(doc: DesignDocument): string[] {
  const spec = compile(doc);
  return projection(simulatorEvents(spec), spec);
}
