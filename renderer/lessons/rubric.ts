// The chapter's rubric (the capstone's evaluation criteria) and its success checklist, as this app reads them
// (Elixir in Action, ch. 8–9): each item names the template scenarios whose expectations show it. An item is ticked
// when the learner has passed every one of them in the test panel (progress.ts); rubric.test.ts checks that every
// scenario named here exists and has expectations.

export interface Cover {
  /** Template file, without `.suptree`. */
  template: string;
  scenario: string;
}
export interface RubricItem {
  id: string;
  text: string;
  covers: Cover[];
}
export interface RubricSection {
  title: string;
  intro: string;
  items: RubricItem[];
}

const c = (template: string, ...scenarios: string[]): Cover[] => scenarios.map((scenario) => ({ template, scenario }));

export const RUBRIC: readonly RubricSection[] = [
  {
    title: 'Rubric — the capstone’s evaluation criteria',
    intro: 'What the HTTP client pool must show, each criterion proved by tests (scenarios with expectations).',
    items: [
      { id: 'strategies', text: 'A supervision tree with the right restart strategies: a crash restarts what depends on it, nothing more.', covers: [...c('capstone-http-client-pool', 'worker crash'), ...c('ch9-one-for-all', 'one crash restarts all'), ...c('ch9-rest-for-one', 'kill the middle child')] },
      { id: 'links', text: 'Links and exit signals: linked processes die together unless one traps exits.', covers: c('drill-3-links', 'both die', 'star: a trapping parent') },
      { id: 'crash-handling', text: 'Crash handling: a crashed worker is restarted and requests keep being served.', covers: [...c('capstone-http-client-pool', 'worker crash'), ...c('exercise-2-worker-pool', 'worker crash under load')] },
      { id: 'breaker', text: 'Circuit-breaker tests: closed → open → half_open → closed, and a failed trial opens it again.', covers: c('capstone-http-client-pool', 'breaker opens and recovers', 'half-open failure') },
      { id: 'fail-fast', text: 'An open breaker fails fast: the client does not retry it.', covers: c('capstone-http-client-pool', 'fail fast on an open breaker') },
      { id: 'timeout-reset', text: 'Timeouts and reset: a slow upstream times out; :reset closes the breaker.', covers: c('capstone-http-client-pool', 'timeout', 'reset') },
      { id: 'pool', text: 'Pool integration: checkout and checkin, and a dead client’s worker comes back.', covers: c('exercise-2-worker-pool', 'checkout and checkin', 'a client dies holding a worker') },
      { id: 'crash-scenarios', text: 'Crash-scenario tests: too many crashes make a supervisor give up, and the failure escalates.', covers: [...c('drill-1-error-kinds', 'too many crashes'), ...c('ch9-nested-escalation', 'escalate once')] },
      { id: 'load', text: 'Load tests: sustained traffic with failures, served without loss.', covers: [...c('capstone-http-client-pool', 'load test'), ...c('bonus-telemetry', 'measure failure rate')] },
    ],
  },
  {
    title: 'Success checklist',
    intro: 'After the chapter you can do each of these — every one has scenarios to run and pass.',
    items: [
      { id: 'error-kinds', text: 'Tell the three kinds of errors (and the error subtypes) apart by their exit reasons.', covers: c('drill-1-error-kinds', 'all three kinds', 'error subtypes') },
      { id: 'try', text: 'Handle errors with try / rescue / catch / after, and know what after cannot do.', covers: c('drill-2-try-rescue-after', 'four questions', 'catch each kind', 'rescued vs crashed') },
      { id: 'trap-exits', text: 'Predict what a link does, and what trapping exits changes.', covers: c('drill-3-links', 'trapping survives', 'star without trapping', 'chain reaction', 'normal exit') },
      { id: 'monitors', text: 'Use monitors: several at once, demonitor, and :noproc for a process that is gone.', covers: c('drill-4-monitors-vs-links', 'kill the service', 'several monitors', 'demonitor', 'monitor a dead process') },
      { id: 'names', text: 'Reach processes by name through a Registry, and see a kept pid go stale.', covers: c('drill-5-supervisor-registry', 'restart keeps the name', 'a pid is not a name', 'no name, no call') },
      { id: 'restart-types', text: 'Choose permanent, transient or temporary for each child.', covers: c('drill-6-child-specs', 'normal exits', 'crashes', 'shutdown has two faces') },
      { id: 'todo', text: 'Build a fault-tolerant to-do system whose state survives a server crash.', covers: c('exercise-1-todo-system', 'server crash keeps the entries', 'database crash') },
      { id: 'worker-pool', text: 'Build a supervised worker pool.', covers: c('exercise-2-worker-pool', 'worker crash under load', 'checkout and checkin', 'a client dies holding a worker', 'every worker at once') },
      { id: 'dynamic', text: 'Start children at run time under a DynamicSupervisor.', covers: c('ch9-dynamic-supervisor', 'restart a dynamic child') },
    ],
  },
];

export const RUBRIC_ITEMS: readonly RubricItem[] = RUBRIC.flatMap((s) => s.items);
