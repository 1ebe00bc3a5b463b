// Typed trace events. The kernel builds an event only when somebody listens (`kernel.tracing`), buffers them and
// hands them to subscribers in batches. Pids are carried as numeric ids and reasons as terms, so a trace can be
// serialized deterministically (`traceLine`).
import { fmt, type Term, type Labeler } from './terms';

/** What an exit signal did: became an EXIT message (trapping receiver), was ignored (:normal), or killed the receiver. */
export type SignalOutcome = 'message' | 'ignored' | 'killed';

export type TraceEvent =
  | { seq: number; t: number; type: 'spawn'; pid: number; parent: number | null; label: string | null }
  | { seq: number; t: number; type: 'exit'; pid: number; reason: Term }
  | { seq: number; t: number; type: 'link' | 'unlink'; a: number; b: number }
  | { seq: number; t: number; type: 'monitor' | 'demonitor'; ref: number; watcher: number; target: number }
  | { seq: number; t: number; type: 'down'; ref: number; watcher: number; target: number; reason: Term }
  | { seq: number; t: number; type: 'signal'; from: number; to: number; reason: Term; outcome: SignalOutcome }
  | { seq: number; t: number; type: 'send'; from: number | null; to: number; msg: Term }
  | { seq: number; t: number; type: 'receive'; pid: number; msg: Term }
  | { seq: number; t: number; type: 'restart'; sup: number; child: Term; old: number | null; pid: number | null }
  | { seq: number; t: number; type: 'intensity'; sup: number; restarts: number; max: number; period: number }
  | { seq: number; t: number; type: 'decision'; sup: number; decision: string; child: Term; reason: Term };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type TraceInput = DistributiveOmit<TraceEvent, 'seq' | 't'>;

export type TraceListener = (batch: readonly TraceEvent[]) => void;

/** One event as one deterministic text line (terms printed with `fmt`). */
export function traceLine(e: TraceEvent, lab?: Labeler): string {
  const parts: string[] = [String(e.seq), String(e.t), e.type];
  for (const [k, v] of Object.entries(e)) {
    if (k === 'seq' || k === 't' || k === 'type') continue;
    parts.push(`${k}=${typeof v === 'number' || v === null ? String(v) : fmt(v as Term, lab)}`);
  }
  return parts.join(' ');
}
