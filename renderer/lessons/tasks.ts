// A lesson's tasks (the document's optional `tasks`: its "Try this" steps) and how the live run completes them. What
// completes a task is data — the expectations of runtime/design/expectations.ts, checked against the live run by
// the same checker as the tests (runtime/sim/expect.ts `checkLive`, in the run worker):
// - a task with only `scenario` is done once the learner has played that scenario in the run, it has had its time
//   (its `untilMs`, or its last step plus the settle time), and the scenario's own expectations hold — call times
//   counted from when it was played;
// - a task with `expect` is done when the live run shows those, whatever the learner did to get there.
import type { DesignDocument, LessonTask } from '../../runtime/design/document';
import type { Expectation } from '../../runtime/design/expectations';
import type { RuntimeSpec } from '../../runtime/design/spec';
import { DEFAULT_SETTLE_MS } from '../../runtime/sim/start';
import type { RunCommand } from '../run/session';

/** Where a not-yet-done task stands in the live run. */
export type TaskCheck =
  /** Nothing to check yet (the scenario was not played, or is still playing): `hint` says what to do. */
  | { kind: 'wait'; hint: string }
  /** Ready: the run must show `expect` (call times counted from `offset`). */
  | { kind: 'check'; expect: Expectation[]; offset: number };

/** A status at a given moment cannot be read from a run afterwards (a live run has no probes): left out. */
const liveCheckable = (e: Expectation) => !(e.type === 'status' && e.at !== undefined);

/** How to check `task` in a live run of `spec` that has applied `commands` and is at `now` ms. */
export function taskCheck(task: LessonTask, spec: RuntimeSpec, commands: readonly RunCommand[], now: number): TaskCheck {
  if (task.expect?.length) return { kind: 'check', expect: task.expect.filter(liveCheckable), offset: 0 };
  const name = task.scenario;
  const sc = spec.scenarios.find((s) => s.name === name);
  if (!name || !sc) return { kind: 'wait', hint: name ? `The design has no scenario "${name}" any more.` : 'This task says nothing to check.' };
  const played = [...commands].reverse().find((c): c is Extract<RunCommand, { type: 'scenario' }> => c.type === 'scenario' && c.name === name);
  if (!played) return { kind: 'wait', hint: `Play the scenario "${name}" in the run.` };
  const end = played.at + (sc.untilMs ?? Math.max(0, ...sc.commands.map((c) => c.at)) + DEFAULT_SETTLE_MS);
  if (now < end) return { kind: 'wait', hint: `"${name}" is playing: let the run reach ${Math.ceil(end)} ms.` };
  return { kind: 'check', expect: (sc.expect ?? []).filter(liveCheckable), offset: played.at };
}

/** The key a task's progress is kept under: the template (or design) it belongs to and its text. */
export function taskKey(doc: Pick<DesignDocument, 'meta' | 'title'>, task: LessonTask): string {
  const t = (doc.meta as { template?: unknown }).template;
  return `${typeof t === 'string' ? t : `design:${doc.title}`}#${task.text}`;
}
