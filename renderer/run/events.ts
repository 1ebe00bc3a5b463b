// Run events: the kernel's typed trace as plain, cloneable data (terms printed with `fmt`), plus the few events the
// run adds itself (`bind`: a pid now runs a design path; `note`: a behaviour's domain event; `command`: a user action).
// Built inside the worker, so nothing but strings and numbers crosses postMessage.
import { fmt, type Labeler, type TraceEvent } from '../../runtime/index';

type At = { seq: number; t: number };
export type RunEvent = At & (
  | { type: 'spawn'; pid: number; parent: number | null; label: string | null }
  | { type: 'exit'; pid: number; reason: string }
  | { type: 'link' | 'unlink'; a: number; b: number }
  | { type: 'monitor' | 'demonitor'; ref: number; watcher: number; target: number }
  | { type: 'down'; ref: number; watcher: number; target: number; reason: string }
  | { type: 'signal'; from: number; to: number; reason: string; outcome: string }
  | { type: 'send'; from: number | null; to: number; msg: string }
  | { type: 'receive'; pid: number; msg: string }
  | { type: 'restart'; sup: number; child: string; old: number | null; pid: number | null }
  | { type: 'intensity'; sup: number; restarts: number; max: number; period: number }
  | { type: 'decision'; sup: number; decision: string; child: string; reason: string }
  | { type: 'bind'; pid: number; path: string }
  /** A behaviour's domain event for a design path (a breaker transition, a chaos kill, …); data is JSON. */
  | { type: 'note'; path: string; event: string; data: string }
  | { type: 'command'; pid: number | null; text: string }
);
export type RunEventType = RunEvent['type'];
export const RUN_EVENT_TYPES: readonly RunEventType[] = [
  'spawn', 'exit', 'link', 'unlink', 'monitor', 'demonitor', 'down', 'signal', 'send', 'receive', 'restart',
  'intensity', 'decision', 'bind', 'note', 'command',
];

/** A kernel trace event as a RunEvent (terms printed with `fmt` and the labeler). Object literals, no spreads: this
 *  runs for every event of a run (thousands per frame in a restart storm). */
export function encodeTrace(e: TraceEvent, lab?: Labeler): RunEvent {
  const seq = e.seq, t = e.t;
  switch (e.type) {
    case 'spawn': return { seq, t, type: 'spawn', pid: e.pid, parent: e.parent, label: e.label };
    case 'exit': return { seq, t, type: 'exit', pid: e.pid, reason: fmt(e.reason, lab) };
    case 'link':
    case 'unlink': return { seq, t, type: e.type, a: e.a, b: e.b };
    case 'monitor':
    case 'demonitor': return { seq, t, type: e.type, ref: e.ref, watcher: e.watcher, target: e.target };
    case 'down': return { seq, t, type: 'down', ref: e.ref, watcher: e.watcher, target: e.target, reason: fmt(e.reason, lab) };
    case 'signal': return { seq, t, type: 'signal', from: e.from, to: e.to, reason: fmt(e.reason, lab), outcome: e.outcome };
    case 'send': return { seq, t, type: 'send', from: e.from, to: e.to, msg: fmt(e.msg, lab) };
    case 'receive': return { seq, t, type: 'receive', pid: e.pid, msg: fmt(e.msg, lab) };
    case 'restart': return { seq, t, type: 'restart', sup: e.sup, child: typeof e.child === 'string' ? e.child : fmt(e.child, lab), old: e.old, pid: e.pid };
    case 'intensity': return { seq, t, type: 'intensity', sup: e.sup, restarts: e.restarts, max: e.max, period: e.period };
    case 'decision': return { seq, t, type: 'decision', sup: e.sup, decision: e.decision, child: typeof e.child === 'string' ? e.child : fmt(e.child, lab), reason: fmt(e.reason, lab) };
  }
}

/** Exit reasons that are not a crash: `normal`, `shutdown`, `{shutdown, term}` (as printed by fmt). */
export function isNormalReason(reason: string): boolean {
  return reason === 'normal' || reason === ':normal' || reason === 'shutdown' || reason === ':shutdown' || /^\{:?shutdown, /.test(reason);
}

/** One event as one deterministic text line (the form compared for byte-identical replays and exported as text). */
export function eventLine(e: RunEvent): string {
  const parts: string[] = [String(e.seq), String(e.t), e.type];
  for (const [k, v] of Object.entries(e)) {
    if (k === 'seq' || k === 't' || k === 'type') continue;
    parts.push(`${k}=${v === null ? 'null' : String(v)}`);
  }
  return parts.join(' ');
}

/** The pids an event concerns (for filtering by process and for the sequence diagram). */
export function pidsOf(e: RunEvent): number[] {
  switch (e.type) {
    case 'spawn': return e.parent === null ? [e.pid] : [e.pid, e.parent];
    case 'exit': case 'receive': case 'bind': return [e.pid];
    case 'note': return [];
    case 'link': case 'unlink': return [e.a, e.b];
    case 'monitor': case 'demonitor': case 'down': return [e.watcher, e.target];
    case 'signal': return [e.from, e.to];
    case 'send': return e.from === null ? [e.to] : [e.from, e.to];
    case 'restart': return e.pid === null ? [e.sup] : [e.sup, e.pid];
    case 'intensity': case 'decision': return [e.sup];
    case 'command': return e.pid === null ? [] : [e.pid];
  }
}
