// The kernel worker's commands and events (type aliases, not interfaces, so they satisfy the channel's
// CommandMap/EventMap constraints). The run worker owns one RunSession at a time.
import type { RuntimeSpec } from '../../runtime/design/spec';
import type { Expectation } from '../../runtime/design/expectations';
import type { RunEvent } from './events';
import type { CommandInput, ProcessDetails, SuRun } from './session';
import type { TestReport } from '../lessons/test-report';
import type { ProcessInfo } from './process-info';

export interface StartArgs {
  spec: RuntimeSpec;
  seed: number;
  clock: 'virtual' | 'real';
  traceMessages?: boolean;
  /** The caller's run number, echoed in the `started` event so late events of an earlier run can be told apart. */
  run?: number;
}

export type KernelCommands = {
  ping: [{ nonce: number }, { nonce: number; at: number }];
  version: [undefined, { runtime: string }];
  /** Emits `count` `tick` events and answers how many were emitted (exercises event batching). */
  ticks: [{ count: number }, number];
  /** Starts a run (replacing any other); paused at t = 0 after the roots started. */
  start: [StartArgs, { now: number }];
  /** Starts a run from a recording and runs it to its end (paused there). */
  replay: [{ spec: RuntimeSpec; rec: SuRun; run?: number }, { now: number }];
  /** Plays virtual time at `speed` virtual ms per real ms (real clock: runs in real time). */
  play: [{ speed: number }, { now: number }];
  pause: [undefined, { now: number }];
  speed: [{ speed: number }, undefined];
  /** One scheduler turn (or up to the next timer). */
  step: [undefined, { events: number; now: number }];
  /** Advance virtual time by `ms` at once (paused runs, tests). */
  advance: [{ ms: number }, { now: number }];
  command: [CommandInput, { now: number }];
  inspect: [{ ref: string | number }, ProcessDetails | null];
  /** The process panel's view of one live process (process-info.ts): links, monitors both ways, supervisor children… */
  process: [{ ref: string | number }, ProcessInfo | null];
  recording: [{ name: string; withSpec?: boolean }, SuRun];
  stop: [undefined, undefined];
  /** Runs each scenario that has expectations (all, or `scenario`) headless from t = 0 and checks them
   *  (renderer/lessons: the test panel). Leaves the live run alone. */
  test: [{ spec: RuntimeSpec; seed: number; scenario?: string }, TestReport[]];
  /**
   * Watchdog follow-up in a fresh worker: replay `rec` to `from` ms, then keep running and report each handler as it
   * is entered (`entering` events, sent at once), so the caller learns which one never returns.
   */
  /** Checks groups of expectations against the live run as it stands (renderer/lessons/tasks.ts: lesson tasks);
   *  `offset`: when the scenario a group belongs to was started in the run. One verdict per group. */
  check: [{ checks: { expect: Expectation[]; offset: number }[] }, LiveVerdict[]];
  diagnose: [{ spec: RuntimeSpec; rec: SuRun; from: number; to: number }, { finished: boolean }];
};

export type KernelEvents = {
  tick: { n: number };
  /** A run starts (start / replay): every event after it, up to the next `started`, belongs to run `run`. */
  started: { run: number };
  /** A heartbeat from inside a long batch of work (sent at most every 250 ms while one stretch of time runs), so the
   *  watchdog tells a busy worker from a stuck handler. */
  busy: { now: number };
  trace: RunEvent[];
  /** Sent each frame while playing, and whenever the run's time or state changes. */
  clock: { now: number; playing: boolean };
  /** Sent (and flushed) before each stretch of virtual time runs: the watchdog reports it if the stretch hangs. */
  chunk: { from: number; to: number };
  /** The run stopped on an error of the run itself (not a process crash). */
  failed: { message: string };
  entering: { pid: number; path: string | null; what: string; t: number };
};

/** One group's verdict in the live run: every expectation held, or what the run showed for those that did not. */
export type LiveVerdict = { pass: boolean; failed: { text: string; actual: string }[] };
