// The run worker's watchdog: while the run is busy (playing, stepping, answering a request), the worker must show a
// sign of life — any message — within `budgetMs`. If it does not (a handler stuck in a loop), `onExpire` is called
// once; the caller terminates the worker, tells the user and keeps the design. Timers are injected for tests.
export interface WatchdogOptions {
  budgetMs: number;
  onExpire(silentForMs: number): void;
  timers?: { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(h: unknown): void; now(): number };
}

export class Watchdog {
  private handle: unknown = null;
  private armed = false;
  private expired = false;
  private last: number;
  private readonly timers: NonNullable<WatchdogOptions['timers']>;

  constructor(private readonly opts: WatchdogOptions) {
    this.timers = opts.timers ?? {
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      now: () => performance.now(),
    };
    this.last = this.timers.now();
  }

  get isArmed(): boolean {
    return this.armed;
  }
  get hasExpired(): boolean {
    return this.expired;
  }

  /** Start expecting signs of life (the worker has work to do). */
  arm(): void {
    if (this.expired) return;
    if (!this.armed) this.last = this.timers.now();
    this.armed = true;
    this.schedule();
  }

  /** The worker is idle: silence is fine. */
  disarm(): void {
    this.armed = false;
    if (this.handle !== null) this.timers.clearTimeout(this.handle);
    this.handle = null;
  }

  /** The worker said something. */
  beat(): void {
    this.last = this.timers.now();
    if (this.armed) this.schedule();
  }

  private schedule(): void {
    if (this.handle !== null) this.timers.clearTimeout(this.handle);
    this.handle = this.timers.setTimeout(() => {
      this.handle = null;
      if (!this.armed || this.expired) return;
      const silent = this.timers.now() - this.last;
      if (silent < this.opts.budgetMs) return this.schedule();
      this.expired = true;
      this.armed = false;
      this.opts.onExpire(silent);
    }, this.opts.budgetMs);
  }
}
