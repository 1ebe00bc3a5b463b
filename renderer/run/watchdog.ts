// The run worker's watchdog: while the run is busy (playing, stepping, answering a request), the worker must show a
// sign of life — any message — within `budgetMs`. Silence alone is not proof of a hang (the main thread may itself
// have been too busy to read the worker's messages, or a timer may fire before queued messages are handled), so
// before giving up it asks `confirm` (the controller pings the worker with the same budget): a worker that answers,
// or sends anything meanwhile, is busy, not stuck. Only then `onExpire` is called, once; the caller terminates the
// worker, tells the user and keeps the design. A long batch inside the worker sends `busy` heartbeats, so it is
// never mistaken for a stuck handler. Timers are injected for tests.
export interface WatchdogOptions {
  budgetMs: number;
  onExpire(silentForMs: number): void;
  /** Asked once the budget of silence is spent: resolves true when the worker is alive after all. */
  confirm?(): Promise<boolean>;
  timers?: { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(h: unknown): void; now(): number };
}

export class Watchdog {
  private handle: unknown = null;
  private armed = false;
  private expired = false;
  private confirming = false;
  private beatWhileConfirming = false;
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
    if (!this.confirming) this.schedule();
  }

  /** The worker is idle (or gone on purpose): silence is fine. */
  disarm(): void {
    this.armed = false;
    if (this.handle !== null) this.timers.clearTimeout(this.handle);
    this.handle = null;
  }

  /** The worker said something. */
  beat(): void {
    this.last = this.timers.now();
    if (this.confirming) this.beatWhileConfirming = true;
    else if (this.armed) this.schedule();
  }

  private schedule(): void {
    if (this.handle !== null) this.timers.clearTimeout(this.handle);
    this.handle = this.timers.setTimeout(() => {
      this.handle = null;
      if (!this.armed || this.expired) return;
      const silent = this.timers.now() - this.last;
      if (silent < this.opts.budgetMs) return this.schedule();
      if (!this.opts.confirm) return this.expire(silent);
      this.confirming = true;
      this.beatWhileConfirming = false;
      this.opts.confirm().then((alive) => alive, () => false).then((alive) => {
        this.confirming = false;
        if (!this.armed || this.expired) return;
        if (alive || this.beatWhileConfirming) {
          this.last = this.timers.now();
          this.schedule();
        } else this.expire(this.timers.now() - this.last);
      });
    }, this.opts.budgetMs);
  }

  private expire(silent: number): void {
    this.expired = true;
    this.armed = false;
    this.opts.onExpire(silent);
  }
}
