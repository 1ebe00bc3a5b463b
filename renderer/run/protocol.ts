// The kernel worker's commands and events. The run-mode work extends these maps (start, kill, step, …).
// (Type aliases, not interfaces, so they satisfy the channel's CommandMap/EventMap constraints.)

export type KernelCommands = {
  ping: [{ nonce: number }, { nonce: number; at: number }];
  version: [undefined, { runtime: string }];
  /** Emits `count` `tick` events and answers how many were emitted (exercises event batching). */
  ticks: [{ count: number }, number];
};

export type KernelEvents = {
  tick: { n: number };
};
