// What the process panel shows of one live process, read in the run worker (like Erlang's Observer process window):
// status, registered name, mailbox (length and first messages), links, monitors both ways, trap_exit, the behaviour's
// state formatted per behaviour, and for supervisors their flags, which_children and count_children. Reads the
// kernel's process record and the supervisor's state without sending anything, so looking never changes the run.
import { fmt, type Labeler, type Proc, type Term } from '../../runtime/index';
import type { RunSession } from './session';

export interface ProcRef {
  pid: number;
  /** Design path, registered name or label: how people know it. */
  name: string;
}

export interface SupervisorInfo {
  dynamic: boolean;
  strategy: string;
  intensity: number;
  period: number;
  autoShutdown: string;
  maxChildren: number | null;
  /** which_children: newest first for a static supervisor (as OTP lists them). */
  children: { id: string; pid: ProcRef | 'restarting' | 'undefined'; type: string; restart: string; shutdown: string }[];
  /** count_children */
  counts: { specs: number; active: number; supervisors: number; workers: number };
}

export interface ProcessInfo {
  pid: number;
  path: string | null;
  label: string;
  alive: boolean;
  reason: string | null;
  registeredName: string | null;
  /** The design node's kind and behaviour (`supervisor`, `worker · todo_server`, …). */
  kind: string | null;
  mailboxLength: number;
  /** The first `MAILBOX_SHOWN` messages, oldest first. */
  mailbox: string[];
  links: ProcRef[];
  /** Processes this one monitors. */
  monitors: ProcRef[];
  /** Processes monitoring this one. */
  monitoredBy: ProcRef[];
  trapExit: boolean;
  /** The behaviour's state for people: one `key: value` per line where the state is a map or record. */
  state: string;
  supervisor: SupervisorInfo | null;
}

export const MAILBOX_SHOWN = 20;

interface SupChild { id: Term; pid: Proc | null | 'restarting'; next: SupChild | null; prev: SupChild | null; spec: { type: string; restart: string; shutdown: unknown } }
interface SupState {
  dynamic: boolean; strategy: string; intensity: number; period: number; autoShutdown: string; maxChildren: number;
  first: SupChild | null; last: SupChild | null; count: number; byKey: Map<string, SupChild>;
}

const safe = (t: unknown, lab?: Labeler): string => {
  try {
    return fmt(t as Term, lab);
  } catch {
    return String(t);
  }
};

function isSupState(x: unknown): x is SupState {
  return typeof x === 'object' && x !== null && (x as SupState).byKey instanceof Map && typeof (x as SupState).strategy === 'string' && 'first' in x;
}

/** The processes monitoring `p` (the kernel's public `monitoredBy`). */
const watchersOf = (p: Proc): Proc[] => p.monitoredBy();

export function processInfo(run: RunSession, ref: string | number): ProcessInfo | null {
  const sim = run.sim;
  const lab = sim.labeler;
  const p = typeof ref === 'number' ? sim.boundPid(ref) ?? findAny(run, ref) : sim.pidOf(ref);
  if (!p) return null;
  const nodeId = sim.pidNode.get(p.id);
  const path = nodeId === undefined ? null : run.spec.pathByNodeId[nodeId] ?? null;
  const named = (x: Proc): ProcRef => {
    const n = sim.pidNode.get(x.id);
    const xp = n === undefined ? null : run.spec.pathByNodeId[n];
    return { pid: x.id, name: xp ?? x.name ?? x.label ?? `#${x.id}` };
  };
  const inner = unwrap(p.state);
  const sup = isSupState(inner) ? supervisorInfo(inner, named) : null;
  return {
    pid: p.id, path, label: safe(p, lab), alive: p.alive, reason: p.alive ? null : safe(p.reason, lab),
    registeredName: p.name, kind: kindOf(run, nodeId),
    mailboxLength: p.queueLength,
    mailbox: p.messages().slice(0, MAILBOX_SHOWN).map((m) => safe(m, lab)),
    links: p.linkedTo().map(named),
    monitors: p.monitoring().map(named),
    monitoredBy: watchersOf(p).map(named),
    trapExit: p.trapping,
    state: sup ? `${sup.counts.active} active of ${sup.counts.specs} children` : formatState(inner, lab),
    supervisor: sup,
  };
}

function findAny(run: RunSession, id: number): Proc | undefined {
  // a process with no design node (a load source's helper, a task): the kernel keeps no pid table, so look among
  // the processes linked to or monitoring/monitored by the bound ones (breadth first, bounded)
  const seen = new Set<Proc>();
  const queue: Proc[] = [];
  for (const b of run.sim.pidNode.keys()) {
    const p = run.sim.boundPid(b);
    if (p) queue.push(p);
  }
  for (let i = 0; i < queue.length && i < 50_000; i++) {
    const p = queue[i];
    if (p.id === id) return p;
    if (seen.has(p)) continue;
    seen.add(p);
    for (const x of [...p.linkedTo(), ...p.monitoring(), ...watchersOf(p)]) if (!seen.has(x)) queue.push(x);
  }
  return undefined;
}

function kindOf(run: RunSession, nodeId: string | undefined): string | null {
  if (nodeId === undefined) return null;
  let found: string | null = null;
  const walk = (c: { nodeId: string; kind: string; behaviour?: string; children?: unknown[] }) => {
    if (c.nodeId === nodeId) found = c.behaviour ? `${c.kind} · ${c.behaviour}` : c.kind.replace('_', ' ');
    for (const x of (c.children ?? []) as typeof c[]) walk(x);
  };
  for (const r of run.spec.roots) walk(r as unknown as Parameters<typeof walk>[0]);
  if (!found && run.spec.loadSources.some((l) => l.nodeId === nodeId)) found = 'load source';
  return found;
}

/** A GenServer keeps `{mod, st}`: the behaviour's own state is `st`. */
function unwrap(state: unknown): unknown {
  const gs = state as { mod?: unknown; st?: unknown } | null;
  return gs && typeof gs === 'object' && 'mod' in gs && 'st' in gs ? gs.st : state;
}

/** A map or record state: one `key: value` line per field (functions and the environment left out), values printed
 *  as terms and cut at 200 characters; anything else printed whole. */
export function formatState(state: unknown, lab?: Labeler): string {
  const one = (x: unknown): string => {
    const s = x && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype ? `%{${Object.keys(x).length} fields}` : safe(x, lab);
    return s.length > 200 ? `${s.slice(0, 199)}…` : s;
  };
  if (state instanceof Map) return [...state.entries()].map(([k, v]) => `${safe(k, lab)}: ${one(v)}`).join('\n') || '%{}';
  if (state && typeof state === 'object' && Object.getPrototypeOf(state) === Object.prototype) {
    const lines = Object.entries(state as Record<string, unknown>)
      .filter(([k, v]) => k !== 'env' && typeof v !== 'function')
      .map(([k, v]) => `${k}: ${v instanceof Map ? `${v.size} entries` : v instanceof Set ? `${v.size} items` : one(v)}`);
    return lines.join('\n') || '%{}';
  }
  return one(state);
}

/** A supervisor's state for people, as the run inspector shows it: its flags and which_children (at most `shown`
 *  children, newest first for a static supervisor), not the kernel's child list (byKey, first, prev/next…). Null
 *  when `state` is not a supervisor's. */
export function supervisorText(state: unknown, lab?: Labeler, shown = 12): string | null {
  const inner = unwrap(state);
  if (!isSupState(inner)) return null;
  const s = supervisorInfo(inner, (x) => ({ pid: x.id, name: safe(x, lab) }));
  const flags = `%{strategy: :${s.strategy}, intensity: ${s.intensity}, period: ${s.period}${s.dynamic ? `, max_children: ${s.maxChildren ?? ':infinity'}` : `, auto_shutdown: :${s.autoShutdown}`}}`;
  const counts = `count_children: %{specs: ${s.counts.specs}, active: ${s.counts.active}, supervisors: ${s.counts.supervisors}, workers: ${s.counts.workers}}`;
  const rows = s.children.slice(0, shown).map((c) => `  {${c.id}, ${typeof c.pid === 'string' ? `:${c.pid}` : c.pid.name}, :${c.type}, :${c.restart}}`);
  if (s.children.length > shown) rows.push(`  … and ${s.children.length - shown} more`);
  return [flags, counts, `which_children:${rows.length ? '' : ' []'}`, ...rows].join('\n');
}

function supervisorInfo(s: SupState, named: (p: Proc) => ProcRef): SupervisorInfo {
  const children: SupervisorInfo['children'] = [];
  let active = 0, sups = 0, workers = 0;
  for (let c = s.last; c; c = c.prev) {
    const live = c.pid !== null && c.pid !== 'restarting' ? c.pid : null;
    children.push({
      id: s.dynamic ? 'undefined' : safe(c.id),
      pid: live ? named(live) : c.pid === 'restarting' ? 'restarting' : 'undefined',
      type: c.spec.type, restart: c.spec.restart, shutdown: safe(c.spec.shutdown),
    });
    if (live && (s.dynamic || live.alive)) active++;
    if (c.spec.type === 'supervisor') sups++;
    else workers++;
  }
  if (s.dynamic) children.reverse();
  return {
    dynamic: s.dynamic, strategy: s.dynamic ? 'one_for_one' : s.strategy, intensity: s.intensity, period: s.period,
    autoShutdown: s.autoShutdown, maxChildren: s.dynamic && Number.isFinite(s.maxChildren) ? s.maxChildren : null,
    children, counts: { specs: s.count, active, supervisors: sups, workers },
  };
}
