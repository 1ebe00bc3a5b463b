// The limits of the CLI sandbox (cli/sandbox/host.ts). One place; the README and docs/cli.md quote them.
export interface SandboxLimits {
  /** Heap of the worker that runs the design (MB): more and the run is stopped with "ran out of memory". */
  memoryMb: number;
  /**
   * Wall time one run of custom code (module top level or one callback) may take before the worker is stopped.
   * Larger than the loop guard's backstop (LOOP_BUDGET.ms, which stops loops with a line number) so that the guard
   * speaks first where it can; this catches what it cannot see: a huge built-in call, a catastrophic regular
   * expression, deep recursion without loops.
   */
  handlerMs: number;
}

export const SANDBOX_LIMITS: SandboxLimits = { memoryMb: 1024, handlerMs: 5000 };
