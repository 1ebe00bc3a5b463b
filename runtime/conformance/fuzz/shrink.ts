// Shrinking a failing scenario to a small one that still fails.
//
// `candidates(s)` lists one-edit simplifications, biggest first: drop runs of steps (halves, quarters, ... single
// steps), drop a supervisor child, drop an action / a handler / a whole behaviour, drop an optional field, replace a
// compound term by an atom. `shrink` greedily takes the first candidate that still fails and starts over, until no
// candidate fails (a local minimum) or the budget runs out. Whether a candidate fails is decided by the caller in
// batches (one OTP VM run per batch), so candidates that OTP rejects (e.g. a step naming a child that was removed)
// simply count as "not failing".
//
// Determinism guard: a `sorted` block's trailing `settle` is never removed and `sorted` is never unwrapped, so
// shrinking cannot turn a scenario into one whose log depends on OTP's scheduling.
import type { Action, Behaviour, Json, JsonObject, Scenario, Step } from './scenario';

const OPTIONAL_STEP_KEYS = ['link', 'strategy', 'max_restarts', 'max_seconds', 'max_children', 'timeout', 'flush', 'via'];
const OPTIONAL_CHILD_KEYS = ['restart', 'shutdown', 'strategy', 'max_restarts', 'max_seconds', 'via'];
const TERM_KEYS = ['reason', 'msg'];

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** Step-list removals: runs of `size` steps for size = n/2, n/4, ..., 1. */
function stepRemovals(steps: Step[], rebuild: (steps: Step[]) => Scenario, keepLast: boolean): Scenario[] {
  const out: Scenario[] = [];
  const n = keepLast ? steps.length - 1 : steps.length;
  for (let size = Math.max(1, Math.floor(n / 2)); size >= 1; size = size === 1 ? 0 : Math.max(1, Math.floor(size / 2))) {
    for (let start = 0; start + size <= n; start += size) {
      out.push(rebuild([...steps.slice(0, start), ...steps.slice(start + size)]));
    }
  }
  return out;
}

function childLists(s: Scenario): Array<{ path: (sc: Scenario) => Json[] }> {
  const out: Array<{ path: (sc: Scenario) => Json[] }> = [];
  const walk = (get: (sc: Scenario) => Json[], children: Json[]): void => {
    out.push({ path: get });
    children.forEach((c, i) => {
      const cc = (c as JsonObject).children;
      if (Array.isArray(cc)) walk((sc) => (get(sc)[i] as JsonObject).children as Json[], cc);
    });
  };
  s.steps.forEach((st, i) => {
    if (Array.isArray(st.children)) walk((sc) => sc.steps[i].children as Json[], st.children);
  });
  return out;
}

function usedBehaviours(s: Scenario): Set<string> {
  const used = new Set<string>();
  const visit = (x: Json): void => {
    if (Array.isArray(x)) x.forEach(visit);
    else if (x && typeof x === 'object') {
      if (typeof x.behaviour === 'string') used.add(x.behaviour);
      Object.values(x).forEach(visit);
    }
  };
  visit(s.steps as unknown as Json);
  return used;
}

/** Every one-edit simplification of `s`, most reducing first. */
export function candidates(s: Scenario): Scenario[] {
  const out: Scenario[] = [];
  // 1. steps, top level, then inside sorted blocks (keeping their trailing settle)
  out.push(...stepRemovals(s.steps, (steps) => ({ ...clone(s), steps: clone(steps) }), false));
  s.steps.forEach((st, i) => {
    if (st.op !== 'sorted' || !Array.isArray(st.steps)) return;
    const inner = st.steps as Step[];
    out.push(
      ...stepRemovals(inner, (steps) => {
        const c = clone(s);
        c.steps[i] = { ...c.steps[i], steps: clone(steps) };
        return c;
      }, true),
    );
  });
  // 2. supervisor children
  for (const { path } of childLists(s)) {
    const list = path(s);
    for (let j = 0; j < list.length; j++) {
      const c = clone(s);
      path(c).splice(j, 1);
      out.push(c);
    }
  }
  // 3. behaviours: unused ones, then handlers / lists / actions
  const used = usedBehaviours(s);
  for (const name of Object.keys(s.behaviours)) {
    if (used.has(name)) continue;
    const c = clone(s);
    delete c.behaviours[name];
    out.push(c);
  }
  for (const [name, b] of Object.entries(s.behaviours)) {
    const lists: Array<[string, (x: Behaviour) => Action[] | undefined]> = [
      ['init', (x) => x.init],
      ['terminate', (x) => x.terminate],
      ...Object.keys(b.handlers ?? {}).map((h) => [`handlers.${h}`, (x: Behaviour) => x.handlers?.[h]] as [string, (x: Behaviour) => Action[] | undefined]),
      ...Object.keys(b.init_by_start ?? {}).map((n) => [`init_by_start.${n}`, (x: Behaviour) => x.init_by_start?.[n]] as [string, (x: Behaviour) => Action[] | undefined]),
    ];
    for (const h of Object.keys(b.handlers ?? {})) {
      const c = clone(s);
      delete c.behaviours[name].handlers![h];
      out.push(c);
    }
    for (const key of ['init_by_start', 'terminate', 'quiet'] as const) {
      if (b[key] === undefined) continue;
      const c = clone(s);
      delete c.behaviours[name][key];
      out.push(c);
    }
    for (const [, get] of lists) {
      const actions = get(b) ?? [];
      for (let j = 0; j < actions.length; j++) {
        const c = clone(s);
        get(c.behaviours[name])!.splice(j, 1);
        out.push(c);
      }
    }
  }
  // 4. optional fields and compound terms in steps and child specs
  const fieldEdits = (obj: JsonObject, keys: string[], apply: (edit: (o: JsonObject) => void) => void): void => {
    for (const k of keys) if (obj[k] !== undefined) apply((o) => delete o[k]);
    for (const k of TERM_KEYS) if (Array.isArray(obj[k]) || (obj[k] && typeof obj[k] === 'object')) apply((o) => (o[k] = 'boom'));
  };
  const visitStep = (st: Step, get: (sc: Scenario) => Step): void => {
    fieldEdits(st, OPTIONAL_STEP_KEYS, (edit) => {
      const c = clone(s);
      edit(get(c));
      out.push(c);
    });
    if (st.child && typeof st.child === 'object' && !Array.isArray(st.child)) {
      fieldEdits(st.child, OPTIONAL_CHILD_KEYS, (edit) => {
        const c = clone(s);
        edit(get(c).child as JsonObject);
        out.push(c);
      });
    }
    if (Array.isArray(st.steps)) (st.steps as Step[]).forEach((inner, j) => visitStep(inner, (sc) => (get(sc).steps as Step[])[j]));
  };
  s.steps.forEach((st, i) => visitStep(st, (sc) => sc.steps[i]));
  for (const { path } of childLists(s)) {
    path(s).forEach((child, j) => {
      fieldEdits(child as JsonObject, OPTIONAL_CHILD_KEYS, (edit) => {
        const c = clone(s);
        edit(path(c)[j] as JsonObject);
        out.push(c);
      });
    });
  }
  return out;
}

export interface ShrinkOptions {
  /** Candidates evaluated per call of `failing` (one OTP run per batch). Default 16. */
  batch?: number;
  /** Give up after this many calls of `failing`. Default 40. */
  maxBatches?: number;
  /** Called after each successful step (for progress output). */
  onStep?: (s: Scenario, size: number) => void;
}

/** A rough size measure: steps (nested included) + actions + children. */
export function scenarioSize(s: Scenario): number {
  return JSON.stringify(s.steps).length + JSON.stringify(s.behaviours).length;
}

/**
 * Greedy shrink. `failing(batch)` says for each candidate whether it still shows the same kind of failure.
 * Returns the smallest failing scenario found (the input itself if no candidate fails).
 */
export async function shrink(
  s: Scenario,
  failing: (batch: Scenario[]) => Promise<boolean[]>,
  opts: ShrinkOptions = {},
): Promise<{ scenario: Scenario; batches: number; steps: number }> {
  const size = opts.batch ?? 16;
  const maxBatches = opts.maxBatches ?? 40;
  let cur = s;
  let batches = 0;
  let steps = 0;
  outer: while (batches < maxBatches) {
    const cands = candidates(cur).filter((c) => scenarioSize(c) < scenarioSize(cur));
    for (let i = 0; i < cands.length && batches < maxBatches; i += size) {
      const chunk = cands.slice(i, i + size);
      batches++;
      const res = await failing(chunk);
      const hit = res.indexOf(true);
      if (hit >= 0) {
        cur = chunk[hit];
        steps++;
        opts.onStep?.(cur, scenarioSize(cur));
        continue outer;
      }
    }
    break;
  }
  return { scenario: cur, batches, steps };
}
