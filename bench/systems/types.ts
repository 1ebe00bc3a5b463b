// The workload functions each benchmarked system provides. Each returns one measured value (a rate per second, or
// bytes for bytes_per_process); a system leaves out what it cannot do honestly (e.g. xstate has no restarts).
export interface Workloads {
  /** n processes in a ring, one token passed n × laps times: hops per second. */
  ring?: (n: number, laps: number) => number | Promise<number>;
  /** Request/response round trips with one server: calls per second. */
  call?: (calls: number) => number | Promise<number>;
  /** Spawn n processes that stay alive (asserted): spawns per second. */
  spawn?: (n: number) => number | Promise<number>;
  /** Heap bytes per idle process after GC, with n alive. */
  bytes_per_process?: (n: number) => number | Promise<number>;
  /** one_for_one supervisor with n children, kill all, until all restarted: restarts per second. */
  restart_storm?: (n: number) => number | Promise<number>;
  /** Computed by the harness from restart_storm at two sizes. */
  restart_cost?: (small: number, large: number) => number;
}

export function now(): number {
  return performance.now();
}

export function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) throw new Error('bytes_per_process needs node --expose-gc');
  g();
  g();
}
