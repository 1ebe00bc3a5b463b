// The Lesson tab: the design's "Try this" tasks as a checklist that ticks itself when the learner does each one in
// run mode (LessonTracker checks them against the live run; tasks.ts says what completes each), and the lesson's
// questions with their answers revealed on demand. Progress is kept per template (progress.ts).
import { useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import type { DesignDocument, LessonQuestion, LessonTask } from '../../runtime/design/document';
import type { Editor } from '../editor/editor';
import { getRunController, useRunState } from '../run/hooks';
import type { LiveVerdict } from '../run/protocol';
import { Markdown } from '../panels/Markdown';
import { Icon } from '../src/components/Icons';
import { useCommands } from '../src/commands/context';
import { markTasksDone, resetTasks, useDoneTasks } from './progress';
import { taskCheck, taskKey } from './tasks';
import './lessons.css';

/** What the last look at the live run said about a task not done yet. */
type TaskNote = { hint: string } | { failed: LiveVerdict['failed'] };

let notes: ReadonlyMap<string, TaskNote> = new Map();
const noteListeners = new Set<() => void>();
function setNotes(n: ReadonlyMap<string, TaskNote>): void {
  notes = n;
  noteListeners.forEach((f) => f());
}
function useNotes(): ReadonlyMap<string, TaskNote> {
  return useSyncExternalStore((f) => { noteListeners.add(f); return () => noteListeners.delete(f); }, () => notes);
}

const CHECK_EVERY_MS = 300;

/**
 * Watches the live run for the open design's tasks (mounted once by the app, whichever tab is shown): after the run
 * changes (a command, played time), at most every 300 ms, asks the run worker whether each task not yet done is
 * done now, and records those that are.
 */
export function LessonTracker({ editor, onDone }: { editor: Editor; /** Tasks just done (their text), to tell the learner. */ onDone?(texts: string[]): void }) {
  const doc = useSyncExternalStore(editor.subscribe, editor.getSnapshot).doc;
  const run = useRunState();
  const done = useDoneTasks();
  const busy = useRef(false);
  const again = useRef(false);
  const last = useRef(0);
  const latest = useRef({ doc, done, onDone });
  latest.current = { doc, done, onDone };

  useEffect(() => {
    const c = getRunController();
    if (!(doc.tasks?.length) || !c.isLive()) return;
    const check = async (): Promise<void> => {
      if (busy.current) {
        again.current = true;
        return;
      }
      busy.current = true;
      last.current = performance.now();
      try {
        const { doc: d, done: finished } = latest.current;
        const spec = c.spec;
        if (!spec) return;
        const todo = (d.tasks ?? []).filter((t) => !finished.has(taskKey(d, t)));
        if (!todo.length) return;
        const now = c.getState().now;
        const checks = todo.map((t) => taskCheck(t, spec, c.appliedCommands(), now));
        const ready = checks.flatMap((k, i) => (k.kind === 'check' ? [{ i, expect: k.expect, offset: k.offset }] : []));
        const verdicts = ready.length ? await c.checkLive(ready.map(({ expect, offset }) => ({ expect, offset }))) : [];
        if (!verdicts || latest.current.doc.tasks !== d.tasks) return;
        const next = new Map<string, TaskNote>();
        checks.forEach((k, i) => { if (k.kind === 'wait') next.set(taskKey(d, todo[i]), { hint: k.hint }); });
        const newlyDone: LessonTask[] = [];
        ready.forEach((r, j) => {
          const key = taskKey(d, todo[r.i]);
          if (verdicts[j]?.pass) newlyDone.push(todo[r.i]);
          else next.set(key, { failed: verdicts[j]?.failed ?? [] });
        });
        setNotes(next);
        if (newlyDone.length) {
          markTasksDone(newlyDone.map((t) => taskKey(d, t)));
          latest.current.onDone?.(newlyDone.map((t) => t.text));
        }
      } catch {
        // the run ended or was replaced meanwhile: the next change checks again
      } finally {
        busy.current = false;
        if (again.current) {
          again.current = false;
          setTimeout(() => void check(), CHECK_EVERY_MS);
        }
      }
    };
    const t = setTimeout(() => void check(), Math.max(0, last.current + CHECK_EVERY_MS - performance.now()));
    return () => clearTimeout(t);
  }, [doc, run.version, run.phase, done]);
  return null;
}

/** "2/5" for the tab's badge, or undefined when the design has no tasks. */
export function useTaskProgress(doc: DesignDocument): string | undefined {
  const done = useDoneTasks();
  const tasks = doc.tasks ?? [];
  if (!tasks.length) return undefined;
  return `${tasks.filter((t) => done.has(taskKey(doc, t))).length}/${tasks.length}`;
}

/** Under the lesson in the inspector: where its tasks and questions are (the Lesson tab), with the progress so far. */
export function LessonLink({ doc }: { doc: DesignDocument }) {
  const registry = useCommands();
  const progress = useTaskProgress(doc);
  const q = doc.questions?.length ?? 0;
  if (!progress && !q) return null;
  const parts = [progress && `tasks ${progress} done`, q && `${q} question${q === 1 ? '' : 's'}`].filter(Boolean);
  return (
    <button type="button" className="btn lp-link" data-testid="lesson-link" onClick={() => registry.execute('showLesson')}>
      <Icon name="check" size={13} />Lesson tab: {parts.join(', ')}
    </button>
  );
}

export function LessonPanel({ editor }: { editor: Editor }) {
  const doc = useSyncExternalStore(editor.subscribe, editor.getSnapshot).doc;
  const tasks = doc.tasks ?? [];
  const questions = doc.questions ?? [];
  if (!tasks.length && !questions.length) {
    return (
      <div className="lesson-path" data-testid="lesson-path">
        <div className="empty">
          <strong>No lesson tasks</strong>
          <span>The templates (Templates ▸ Drills, Exercises…) come with "Try this" tasks that tick themselves in the run, and the drills with questions.</span>
        </div>
      </div>
    );
  }
  return (
    <div className="lesson-path" data-testid="lesson-path">
      {tasks.length > 0 && <TaskList doc={doc} tasks={tasks} />}
      {questions.length > 0 && <QuestionList questions={questions} />}
    </div>
  );
}

function TaskList({ doc, tasks }: { doc: DesignDocument; tasks: readonly LessonTask[] }) {
  const done = useDoneTasks();
  const taskNotes = useNotes();
  const run = useRunState();
  const live = run.phase === 'playing' || run.phase === 'paused';
  const count = tasks.filter((t) => done.has(taskKey(doc, t))).length;
  const template = (doc.meta as { template?: unknown }).template;
  const prefix = `${typeof template === 'string' ? template : `design:${doc.title}`}#`;
  const play = (name: string) => void getRunController().command({ type: 'scenario', name }).catch(() => undefined);
  return (
    <section className="lp-section lp-tasks" aria-labelledby="lp-tasks-title">
      <div className="lp-head">
        <h3 id="lp-tasks-title">Try this</h3>
        <span className="lp-count" data-testid="task-progress">{count} of {tasks.length} done</span>
        <progress max={tasks.length} value={count} aria-label="Tasks done" />
        {count > 0 && <button type="button" className="linkish" onClick={() => resetTasks(prefix)}>Start over</button>}
      </div>
      <p className="lp-how">
        {live ? 'Each task ticks itself when the run shows you did it.' : <>Press <strong>Run</strong>, then do each task in the run: it ticks itself.</>}
      </p>
      <ul className="lp-list" aria-label="Tasks">
        {tasks.map((t) => {
          const key = taskKey(doc, t);
          const isDone = done.has(key);
          const note = taskNotes.get(key);
          return (
            <li key={key} className={`lp-task${isDone ? ' done' : ''}`} data-testid="lesson-task" data-done={isDone}>
              <span className="lp-tick" role="img" aria-label={isDone ? 'Done' : 'Not done yet'}>{isDone && <Icon name="check" size={12} />}</span>
              <div className="lp-body">
                <Markdown text={t.text} />
                {!isDone && live && note && 'failed' in note && note.failed.length > 0 && (
                  <div className="lp-note">Not yet: {note.failed.slice(0, 2).map((f) => `${f.text} (got ${f.actual})`).join('; ')}{note.failed.length > 2 ? '…' : ''}</div>
                )}
                {!isDone && live && note && 'hint' in note && /is playing/.test(note.hint) && <div className="lp-note">{note.hint}</div>}
              </div>
              {!isDone && live && t.scenario && !t.expect?.length && (
                <button type="button" className="btn lp-play" onClick={() => play(t.scenario!)} aria-label={`Play the scenario ${t.scenario}`}>
                  <Icon name="play" size={12} />Play
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function QuestionList({ questions }: { questions: readonly LessonQuestion[] }) {
  return (
    <section className="lp-section lp-questions" aria-labelledby="lp-questions-title">
      <div className="lp-head"><h3 id="lp-questions-title">Questions</h3><span className="lp-count">Think first, then check your answer.</span></div>
      <ol className="lp-qlist">
        {questions.map((q, i) => <Question key={i} q={q} />)}
      </ol>
    </section>
  );
}

function Question({ q }: { q: LessonQuestion }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <li className="lp-question" data-testid="lesson-question">
      <Markdown text={q.question} />
      <button type="button" className="linkish lp-reveal" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
        <Icon name={open ? 'chevronDown' : 'chevronRight'} size={12} />{open ? 'Hide answer' : 'Show answer'}
      </button>
      <div id={id} className="lp-answer" data-testid="lesson-answer" hidden={!open}>
        <Markdown text={q.answer} />
      </div>
    </li>
  );
}
