// Load and health series from the trace, per time bucket, computed incrementally (each update reads only the events
// appended since the last one). Requests are the load sources' GenServer calls (`$gen_call` sends from a process
// bound to `load:<name>`); an answer is the `{ref, reply}` sent back, a failure an `{:error, _}` reply, a request
// timeout or a DOWN (answers are read from the load source's `receive` events). Needs message tracing.
import type { TraceStore } from './trace-store';

export const BREAKER_LEVEL: Record<string, number> = { closed: 0, half_open: 1, open: 2 };

export interface Bucket {
  t: number;
  requests: number;
  ok: number;
  errors: number;
  latencies: number[];
  restarts: number;
  /** Breaker state at the end of the bucket (0 closed, 1 half open, 2 open), null without a breaker. */
  breaker: number | null;
}

export interface SeriesData {
  t: number[];
  throughput: number[];
  errorRate: (number | null)[];
  p50: (number | null)[];
  p95: (number | null)[];
  p99: (number | null)[];
  breaker: (number | null)[];
  restarts: number[];
}

const REF = /#Reference<[^>]+>/;

export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export class Metrics {
  private done = 0;
  private readonly buckets = new Map<number, Bucket>();
  private readonly loadPids = new Set<number>();
  private readonly open = new Map<string, number>();
  private breaker: number | null = null;

  constructor(readonly bucketMs = 1000) {}

  private bucket(t: number): Bucket {
    const k = Math.floor(t / this.bucketMs);
    let b = this.buckets.get(k);
    if (!b) {
      b = { t: k * this.bucketMs, requests: 0, ok: 0, errors: 0, latencies: [], restarts: 0, breaker: this.breaker };
      this.buckets.set(k, b);
    }
    return b;
  }

  /** Reads the events appended since the last call. */
  update(store: TraceStore): void {
    for (let i = this.done; i < store.length; i++) {
      const e = store.get(i);
      switch (e.type) {
        case 'bind':
          if (e.path.startsWith('load:')) this.loadPids.add(e.pid);
          break;
        case 'send': {
          if (e.from !== null && this.loadPids.has(e.from) && e.msg.startsWith('{:"$gen_call"')) {
            const ref = REF.exec(e.msg)?.[0];
            if (ref) {
              this.open.set(ref, e.t);
              this.bucket(e.t).requests++;
            }
          }
          break;
        }
        case 'receive': {
          // answers are delivered straight to the caller (no send event): read them where they are taken
          if (this.loadPids.has(e.pid)) {
            const ref = REF.exec(e.msg)?.[0];
            const started = ref === undefined ? undefined : this.open.get(ref);
            if (started === undefined) break;
            this.open.delete(ref!);
            const b = this.bucket(e.t);
            const failed = e.msg.includes('$request_timeout') || e.msg.startsWith('{:DOWN') || /, \{:error, /.test(e.msg);
            if (failed) b.errors++;
            else {
              b.ok++;
              b.latencies.push(e.t - started);
            }
          }
          break;
        }
        case 'decision':
          if (e.decision.startsWith('restart_')) this.bucket(e.t).restarts++;
          break;
        case 'note':
          if (e.event === 'breaker') {
            try {
              const to = (JSON.parse(e.data) as { to?: string }).to;
              if (to !== undefined && to in BREAKER_LEVEL) {
                this.breaker = BREAKER_LEVEL[to];
                this.bucket(e.t).breaker = this.breaker;
              }
            } catch {
              // not JSON: ignore
            }
          }
          break;
        default:
          break;
      }
    }
    this.done = store.length;
  }

  /** Series from 0 to `until` ms (every bucket, empty ones included). */
  series(until: number): SeriesData {
    const out: SeriesData = { t: [], throughput: [], errorRate: [], p50: [], p95: [], p99: [], breaker: [], restarts: [] };
    const last = Math.floor(until / this.bucketMs);
    let breaker: number | null = null;
    for (let k = 0; k <= last; k++) {
      const b = this.buckets.get(k);
      if (b?.breaker !== undefined && b.breaker !== null) breaker = b.breaker;
      const lat = b ? [...b.latencies].sort((x, y) => x - y) : [];
      const answered = b ? b.ok + b.errors : 0;
      out.t.push((k * this.bucketMs) / 1000);
      out.throughput.push(b ? (b.ok * 1000) / this.bucketMs : 0);
      out.errorRate.push(answered ? b!.errors / answered : null);
      out.p50.push(percentile(lat, 50));
      out.p95.push(percentile(lat, 95));
      out.p99.push(percentile(lat, 99));
      out.breaker.push(breaker);
      out.restarts.push(b?.restarts ?? 0);
    }
    return out;
  }
}
