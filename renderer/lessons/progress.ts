// Which template scenarios the learner has passed: recorded when the test panel runs a template's scenario and every
// expectation passes, with the template's own expectations (not edited away). Kept in localStorage; read by the
// rubric page to tick its items.
import { useSyncExternalStore } from 'react';
import type { DesignDocument } from '../../runtime/design/document';
import type { Cover, RubricItem } from './rubric';
import type { TestReport } from './test-report';

const KEY = 'supervisor-studio:passed-scenarios';
const listeners = new Set<() => void>();
let cache: ReadonlySet<string> | null = null;

const keyOf = (c: Cover) => `${c.template}#${c.scenario}`;

function read(): ReadonlySet<string> {
  if (cache) return cache;
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    cache = new Set(Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  } catch {
    cache = new Set();
  }
  return cache;
}

function write(s: ReadonlySet<string>): void {
  cache = s;
  try {
    localStorage.setItem(KEY, JSON.stringify([...s].sort()));
  } catch {
    // storage full or refused: the ticks last for this session
  }
  listeners.forEach((f) => f());
}

/** The template a document was opened from, if it still carries the template's expectations for `scenario`. */
export function templateOf(doc: DesignDocument, original: (file: string) => DesignDocument | undefined, scenario: string): string | undefined {
  const file = (doc.meta as { template?: unknown }).template;
  if (typeof file !== 'string') return undefined;
  const t = original(file);
  const mine = doc.scenarios.find((s) => s.name === scenario);
  const theirs = t?.scenarios.find((s) => s.name === scenario);
  if (!mine || !theirs || !theirs.expect?.length) return undefined;
  return JSON.stringify(mine.expect) === JSON.stringify(theirs.expect) && JSON.stringify(mine.commands) === JSON.stringify(theirs.commands) ? file : undefined;
}

/** Record the scenarios of a template that passed in `reports` (and forget those that failed). */
export function recordResults(doc: DesignDocument, reports: readonly TestReport[], original: (file: string) => DesignDocument | undefined): void {
  const next = new Set(read());
  let changed = false;
  for (const r of reports) {
    const file = templateOf(doc, original, r.scenario);
    if (!file) continue;
    const k = keyOf({ template: file, scenario: r.scenario });
    const ok = !r.error && r.failed === 0 && r.passed > 0;
    if (ok !== next.has(k)) {
      changed = true;
      if (ok) next.add(k);
      else next.delete(k);
    }
  }
  if (changed) write(next);
}

/** The scenarios passed so far (`template#scenario`). */
export function passedScenarios(): ReadonlySet<string> {
  return read();
}

export function usePassed(): ReadonlySet<string> {
  return useSyncExternalStore((f) => { listeners.add(f); return () => listeners.delete(f); }, read);
}

export const isPassed = (passed: ReadonlySet<string>, c: Cover) => passed.has(keyOf(c));
export const isDone = (passed: ReadonlySet<string>, item: RubricItem) => item.covers.every((c) => isPassed(passed, c));

export function resetProgress(): void {
  write(new Set());
}

// ---- lesson tasks done in run mode (renderer/lessons/tasks.ts `taskKey`: template#task text) ------------------------

const TASKS_KEY = 'supervisor-studio:done-tasks';
const taskListeners = new Set<() => void>();
let taskCache: ReadonlySet<string> | null = null;

function readTasks(): ReadonlySet<string> {
  if (taskCache) return taskCache;
  try {
    const v = JSON.parse(localStorage.getItem(TASKS_KEY) ?? '[]') as unknown;
    taskCache = new Set(Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  } catch {
    taskCache = new Set();
  }
  return taskCache;
}

function writeTasks(s: ReadonlySet<string>): void {
  taskCache = s;
  try {
    localStorage.setItem(TASKS_KEY, JSON.stringify([...s].sort()));
  } catch {
    // storage full or refused: the ticks last for this session
  }
  taskListeners.forEach((f) => f());
}

/** Mark tasks done (keys from `taskKey`). */
export function markTasksDone(keys: readonly string[]): void {
  const cur = readTasks();
  if (keys.every((k) => cur.has(k))) return;
  writeTasks(new Set([...cur, ...keys]));
}

/** Forget the done tasks whose key starts with `prefix` (one template's: `file#`), or all. */
export function resetTasks(prefix = ''): void {
  writeTasks(new Set([...readTasks()].filter((k) => !k.startsWith(prefix))));
}

export function useDoneTasks(): ReadonlySet<string> {
  return useSyncExternalStore((f) => { taskListeners.add(f); return () => taskListeners.delete(f); }, readTasks);
}
