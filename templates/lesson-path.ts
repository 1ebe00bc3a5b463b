// The guided path's data for each template, kept apart from the tree definitions (definitions.ts) and merged into the
// rendered `.suptree` as the document's optional `tasks` and `questions` (runtime/design/document.ts):
//
// - tasks: the lesson's "Try this" steps that can be done in run mode. A task with only `scenario` is done when the
//   learner plays that scenario in the run and its own expectations hold there; a task with `expect` is done when the
//   live run shows those (a hands-on step — a kill with the mouse), and its `scenario` is one that shows it
//   (templates.test.ts plays it to prove every task can be done). Steps that edit the design stay lesson text.
// - questions: each drill's questions from the book, with answers checked against Erlang/OTP 25 / Elixir 1.14.
import type { ExpectDef } from './definitions';

export interface TaskDef {
  text: string;
  scenario: string;
  expect?: ExpectDef[];
}
export interface QuestionDef {
  question: string;
  answer: string;
}
export interface LessonPathDef {
  tasks: TaskDef[];
  questions?: QuestionDef[];
}

const play = (scenario: string, what: string): TaskDef => ({ text: `Play **${scenario}**: ${what}`, scenario });

export const LESSON_PATH: Record<string, LessonPathDef> = {
  'drill-1-error-kinds': {
    tasks: [
      play('all three kinds', 'a raise, an exit and a throw — compare the three exit reasons.'),
      play('error subtypes', 'four errors, four exit reasons — one struct, three Erlang terms.'),
      play('too many crashes', 'the fourth crash within five seconds makes `errors_sup` give up.'),
    ],
    questions: [
      {
        question: 'What are the three kinds of errors on the BEAM, and how is each one caused?',
        answer: '**Errors** — `raise "boom"`, or a failing VM operation such as `1 / 0`; **throws** — `throw(:boom)`, meant for a non-local return; **exits** — `exit(:boom)`, a process deciding to end. All three can be caught with `try`; uncaught, each one ends the process.',
      },
      {
        question: 'With what reason does a GenServer exit when a callback raises `RuntimeError`, and when it calls `exit(:boom)`?',
        answer: 'A raise ends it with the exception and the stack trace: `{%RuntimeError{message: "boom"}, stacktrace}`. An exit ends it with exactly the given reason: `:boom`.',
      },
      {
        question: 'Why does `thrower` exit with `{:bad_return_value, :boom}` and not with a `:nocatch` error?',
        answer: 'GenServer catches a throw from a callback and uses the thrown value as the callback\'s return value. `:boom` is not a valid return, so the server stops with `{:bad_return_value, :boom}`. In a plain spawned process an uncaught throw ends it with `{{:nocatch, :boom}, stacktrace}`.',
      },
      {
        question: 'What happens when one child crashes more often than the supervisor\'s intensity allows (by default 3 restarts in 5 seconds)?',
        answer: 'The supervisor gives up: it stops all its other children (in reverse start order) and exits with `:shutdown`. Its own supervisor then treats that like any child exit — restart it, or give up in turn; when the top supervisor gives up, the application stops.',
      },
    ],
  },
  'drill-2-try-rescue-after': {
    tasks: [
      play('four questions', 'read the four answers in the event log, and the `after` events.'),
      play('catch each kind', 'six failures, six different answers, and `careful` never restarts.'),
      play('rescued vs crashed', 'compare the restart counts of the two workers.'),
    ],
    questions: [
      {
        question: 'What does `try` return when nothing fails?',
        answer: 'The value of its body: `{:try, :none}` answers `:body`.',
      },
      {
        question: 'And when something fails?',
        answer: 'The value of the clause that handled it: `{:try, :raise}` answers `{:rescued, %RuntimeError{message: "boom"}}`.',
      },
      {
        question: 'Does `after` run, and can it change the result?',
        answer: 'It runs every time — on success and on failure, one `after` event per call — but its value (`:after_value`) is thrown away: the answer is still `:body`.',
      },
      {
        question: 'What does `rescue` not catch?',
        answer: 'Throws and exits: `rescue` only handles errors (as exception structs, the VM\'s errors normalized: `:badarith` → `%ArithmeticError{}`). With only a `rescue`, `{:rescue_only, :throw}` goes past it to an outer `catch`: `{:went_past_rescue, :throw, :boom}`.',
      },
    ],
  },
  'drill-3-links': {
    tasks: [
      play('star: a trapping parent', '`spoke_2` dies and restarts, `hub` records it, the other spokes keep their pids.'),
      play('star without trapping', 'killing one spoke of `hub2` kills `hub2` and all its spokes.'),
      play('trapping survives', 'a process that traps exits outlives its linked partner.'),
      play('chain reaction', 'one crash travels along a chain of links.'),
    ],
    questions: [
      {
        question: 'Two processes are linked and one of them crashes. What happens to the other?',
        answer: 'It receives an exit signal with the same reason. If it does not trap exits and the reason is not `:normal`, it dies with that reason too. Links are two-way: it does not matter which end crashes.',
      },
      {
        question: 'What does `Process.flag(:trap_exit, true)` change?',
        answer: 'Exit signals from linked processes no longer kill the process: they arrive as messages `{:EXIT, from_pid, reason}`, to handle like any other message. Supervisors trap exits — that is how they learn that a child died.',
      },
      {
        question: 'What happens to a linked process when its partner exits with `:normal`?',
        answer: 'Nothing, unless it traps exits — then it gets an `{:EXIT, pid, :normal}` message. A `:normal` exit never kills a linked process.',
      },
      {
        question: 'Does trapping exits protect a process from `Process.exit(pid, :kill)`?',
        answer: 'No. `:kill` cannot be trapped: the process dies with reason `:killed`. Its links then receive `:killed`, which — unlike `:kill` — a trapping process gets as an ordinary `{:EXIT, pid, :killed}` message.',
      },
    ],
  },
  'drill-4-monitors-vs-links': {
    tasks: [
      play('kill the service', 'compare `partner` (restarted) with `watcher` (same pid), and read its `:downs`.'),
      play('several monitors', 'both targets die; the watcher gets one DOWN for each.'),
      play('demonitor', 'the watcher drops its monitor first; killing `service` then sends it nothing.'),
      play('monitor a dead process', 'monitoring the killed `gone` gives `{:gone, :noproc}` at once.'),
    ],
    questions: [
      {
        question: 'How is a monitor different from a link?',
        answer: 'A monitor is one-way and never kills the watcher: when the target ends, the watcher gets a message `{:DOWN, ref, :process, pid, reason}` — no `trap_exit` needed. A link is two-way and, without trapping, takes the other process down too.',
      },
      {
        question: 'A process monitors the same target twice. How many DOWN messages does it get?',
        answer: 'Two. Every `Process.monitor/1` call creates an independent monitor with its own reference, and each one delivers its own DOWN.',
      },
      {
        question: 'What happens when you monitor a process that is already dead?',
        answer: 'The DOWN message comes at once, with reason `:noproc`. Monitoring is safe to do at any time — there is no race with the target dying.',
      },
      {
        question: 'How do you stop monitoring, and what is the `:flush` option for?',
        answer: '`Process.demonitor(ref)` removes the monitor. `Process.demonitor(ref, [:flush])` also removes a DOWN for that reference that may already be in the mailbox, so none is ever received.',
      },
    ],
  },
  'drill-5-supervisor-registry': {
    tasks: [
      {
        text: 'Kill `clicks` yourself: right-click it in the run, **Kill** — `app_sup` restarts it under the same name.',
        scenario: 'restart keeps the name',
        expect: [{ type: 'exit', process: 'clicks', reason: ':killed' }],
      },
      play('restart keeps the name', 'the call after the kill reaches the new process, and the count is back to 0.'),
      play('a pid is not a name', '`by_name` reaches the new `clicks`, `by_pid` gets `{:error, :noproc}`.'),
      play('no name, no call', 'calling `hidden` by name exits with `:noproc`.'),
    ],
    questions: [
      {
        question: 'Why call a process by a name rather than by its pid?',
        answer: 'A restart starts a new process with a new pid; a caller that kept the old pid talks to a dead process. The new process registers the same name, so a caller that looks the name up each time reaches it.',
      },
      {
        question: 'What happens to a Registry entry when the registered process dies?',
        answer: 'The Registry removes it by itself (it is linked to the processes registered with it). The restarted process registers the key again in its `start_link`.',
      },
      {
        question: 'Does the restarted process keep its state?',
        answer: 'No: `init/1` runs again and the state starts fresh — the count is back to 0. State that must survive a crash lives elsewhere (ETS, a database, another process).',
      },
      {
        question: 'Why must the Registry start before the workers that register in it?',
        answer: 'A supervisor starts its children in order. A worker started with `name: {:via, Registry, {Counters, key}}` needs the Registry running: without it, `start_link` raises `ArgumentError` ("unknown registry") and the child fails to start.',
      },
      {
        question: 'What does `GenServer.call` to a name that nobody registered do?',
        answer: 'It exits the caller with `{:noproc, {GenServer, :call, [name, message, 5000]}}` — there is no process to send to.',
      },
    ],
  },
  'drill-6-child-specs': {
    tasks: [
      play('normal exits', 'all three stop with `:normal` — only the permanent one comes back.'),
      play('crashes', 'all three crash — permanent and transient come back, temporary is gone.'),
      play('shutdown has two faces', '`stopper` is not restarted after `:shutdown`, yet its linked `peer` dies and is.'),
    ],
    questions: [
      {
        question: 'Which children does a supervisor restart after a `:normal` exit, and which after a crash?',
        answer: '`:permanent` children always come back; `:transient` ones only after an abnormal exit; `:temporary` ones never.',
      },
      {
        question: 'Which exit reasons count as normal for a `:transient` child?',
        answer: '`:normal`, `:shutdown` and `{:shutdown, term}`. Any other reason is abnormal and restarts it.',
      },
      {
        question: 'What does the `child_spec/1` that `use GenServer` defines return?',
        answer: '`%{id: __MODULE__, start: {__MODULE__, :start_link, [arg]}}`. The supervisor fills in the rest: `restart: :permanent`, `shutdown: 5000`, `type: :worker`. Options to `use GenServer` (`restart: :transient`) or `Supervisor.child_spec/2` override them.',
      },
      {
        question: 'What does `shutdown` in a child spec decide?',
        answer: 'How the supervisor stops the child: `:brutal_kill` kills it at once; a number of milliseconds (5000 for workers) sends an exit with `:shutdown` and kills it if it has not stopped by then; `:infinity` waits for it (the default for supervisors).',
      },
      {
        question: '`stopper` exits with `:shutdown`. Why does its linked `peer` die, and why is `peer` restarted?',
        answer: 'A link passes on every reason except `:normal`, so a `peer` that does not trap exits dies with `:shutdown` too. `:shutdown` only spares a transient child a restart; `peer` is permanent, so it comes back.',
      },
    ],
  },
  'exercise-1-todo-system': {
    tasks: [
      play('server crash keeps the entries', 'add an entry, kill alice\'s server, read the entries again.'),
      play('database crash', 'the `database` is killed instead; alice\'s entries are gone from the store.'),
    ],
  },
  'exercise-2-worker-pool': {
    tasks: [
      play('worker crash under load', 'a worker is killed mid-load; only its running job fails.'),
      play('checkout and checkin', 'two checkouts, 2 out; one checkin, 1 out.'),
      play('a client dies holding a worker', 'the manager gets the DOWN and the worker is free again.'),
      play('every worker at once', 'all three die together; 3 restarts are within `max_restarts`.'),
    ],
  },
  'capstone-http-client-pool': {
    tasks: [
      play('worker crash', 'a worker dies mid-run; the pool supervisor restarts it and requests keep flowing.'),
      play('breaker opens and recovers', 'the breaker opens, then recovers after its timeout.'),
      play('load test', '50 requests per second with 10 % failures; retries hide most of them.'),
      play('fail fast on an open breaker', 'an open breaker refuses a request at once — no retries.'),
      play('half-open failure', 'the trial request fails and the breaker opens again.'),
      play('reset', '`:reset` closes an open breaker by hand.'),
      play('timeout', 'a slow upstream makes the request fail with `{:error, :timeout}` after one second.'),
    ],
  },
  'bonus-adaptive-pool': { tasks: [play('burst then idle', 'the pool grows during the burst and shrinks back afterwards.')] },
  'bonus-graceful-shutdown': { tasks: [play('drain on shutdown', 'three slow requests in flight when the supervisor stops all get their answer.')] },
  'bonus-priority-queue': { tasks: [play('high first', 'requests arrive low, high, medium and come out high, medium, low.')] },
  'bonus-request-coalescer': {
    tasks: [
      play('three callers, one upstream call', 'the three `user_1` calls share one upstream call.'),
      play('a late caller', 'a caller after the first answer cannot join it: one more upstream call.'),
    ],
  },
  'bonus-telemetry': { tasks: [play('measure failure rate', 'read the collector\'s `stats` reply: about 30 % failures.')] },
  'ch9-dynamic-supervisor': { tasks: [play('restart a dynamic child', '`session_1` comes back with a new pid; the temporary `session_2` stays gone.')] },
  'ch9-nested-escalation': { tasks: [play('escalate once', 'three quick crashes of `flaky` make `inner` give up; `root` restarts it.')] },
  'ch9-one-for-all': {
    tasks: [
      {
        text: 'Kill `b` yourself (right-click it in the run, **Kill**): `a`, `b` and `c` all restart.',
        scenario: 'one crash restarts all',
        expect: [{ type: 'status', process: 'a', restarts: 1 }, { type: 'status', process: 'b', restarts: 1 }, { type: 'status', process: 'c', restarts: 1 }],
      },
      play('one crash restarts all', 'kill `b`; `a`, `b` and `c` all get new pids.'),
    ],
  },
  'ch9-rest-for-one': {
    tasks: [
      play('kill the middle child', '`b` and `c` restart, `a` keeps its pid.'),
      play('kill the first child', '`a` is first, so everything restarts.'),
    ],
  },
};
