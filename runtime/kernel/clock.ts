// Two clocks behind one interface. The kernel keeps its own timer heap; a clock only says what time it is and,
// for real time, how to get called back by the host. Virtual time moves only through runUntilIdle()/advance().

export interface Clock {
  /** Milliseconds since the kernel started. */
  now(): number;
  readonly virtual: boolean;
}

export class VirtualClock implements Clock {
  readonly virtual = true;
  t = 0;
  now(): number {
    return this.t;
  }
}

/** Host timer functions; injected so runtime/ needs no DOM or Node types. */
export interface HostTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

function defaultHost(): HostTimers {
  const g = globalThis as unknown as {
    setTimeout(fn: () => void, ms: number): unknown;
    clearTimeout(h: unknown): void;
    performance?: { now(): number };
  };
  return {
    setTimeout: (fn, ms) => g.setTimeout(fn, ms),
    clearTimeout: (h) => g.clearTimeout(h),
    now: () => (g.performance ? g.performance.now() : Date.now()),
  };
}

export class RealClock implements Clock {
  readonly virtual = false;
  private readonly t0: number;
  constructor(readonly host: HostTimers = defaultHost()) {
    this.t0 = host.now();
  }
  now(): number {
    return this.host.now() - this.t0;
  }
}
