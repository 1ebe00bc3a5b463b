// Checking a scenario's expectations against its run: `testScenario` runs the scenario (virtual clock, seeded) with
// probes for the expectations that look at a moment, then judges each expectation. Used by `supervisor-studio test`,
// the app's test panel and the templates' test.
import { describeExpectation, type Expectation, type ExpectationOf } from '../design/expectations';
import type { RuntimeSpec } from '../design/spec';
import { Simulation, type RunResult, type RunSummary, type SimOptions } from './start';

export interface ExpectationResult {
  expectation: Expectation;
  /** The expectation as a sentence. */
  text: string;
  pass: boolean;
  /** What the run showed (always set: a passing check says what it saw too). */
  actual: string;
}

export interface ScenarioTestResult {
  scenario: string;
  seed: number;
  results: ExpectationResult[];
  passed: number;
  failed: number;
  run: RunResult;
}

type Probe = { status: string; starts: number } | undefined;

/** What an expectation needs to look at while the run goes on (a status at a time). */
function probesFor(sim: Simulation, expect: readonly Expectation[], seen: Map<number, Probe>): { at: number; fn: () => void }[] {
  const out: { at: number; fn: () => void }[] = [];
  expect.forEach((e, i) => {
    if (e.type === 'status' && e.at !== undefined) out.push({ at: e.at, fn: () => seen.set(i, sim.statusOf(e.process)) });
  });
  return out;
}

/** Run `scenario` of `spec` and check its expectations (`expect` overrides the scenario's own list). */
export function testScenario(spec: RuntimeSpec, scenario: string, opts: SimOptions & { expect?: readonly Expectation[] } = {}): ScenarioTestResult {
  const sc = spec.scenarios.find((s) => s.name === scenario);
  if (!sc) throw new Error(`There is no scenario "${scenario}" (scenarios: ${spec.scenarios.map((s) => `"${s.name}"`).join(', ') || 'none'}).`);
  const expect = opts.expect ?? sc.expect ?? [];
  const seed = opts.seed ?? 1;
  const sim = new Simulation(spec, { ...opts, seed });
  const seen = new Map<number, Probe>();
  const run = sim.run(sc.commands, sc.untilMs, probesFor(sim, expect, seen));
  const results = expect.map((e, i) => check(sim, run.summary, e, seen.has(i) ? seen.get(i) : 'end'));
  const passed = results.filter((r) => r.pass).length;
  return { scenario: sc.name, seed, results, passed, failed: results.length - passed, run };
}

function check(sim: Simulation, s: RunSummary, e: Expectation, probe: Probe | 'end'): ExpectationResult {
  const r = (pass: boolean, actual: string): ExpectationResult => ({ expectation: e, text: describeExpectation(e, (ref) => sim.node(ref)?.name ?? ref), pass, actual });
  switch (e.type) {
    case 'reply':
      return checkReply(s, e, r);
    case 'exit': {
      const n = nodeSummary(sim, s, e.process);
      if (!n) return r(false, `there is no process ${e.process}`);
      const reasons = n.exits.map((x) => x.reason);
      const seen = reasons.length ? `exits: ${n.exits.map((x) => `${x.reason} @${x.t}`).join(', ')}` : 'it never exited';
      if (e.nth !== undefined) return r(reasons[e.nth - 1] === e.reason, seen);
      return r(reasons.includes(e.reason), seen);
    }
    case 'status': {
      const now = probe === 'end' ? sim.statusOf(e.process) : probe;
      if (!now) return r(false, `there is no process ${e.process}`);
      const restarts = Math.max(0, now.starts - 1);
      const ok = (e.status === undefined || e.status === now.status) && (e.restarts === undefined || e.restarts === restarts);
      return r(ok, `${now.status.replace('_', ' ')}, ${restarts} restart${restarts === 1 ? '' : 's'}${probe === 'end' ? ' at the end' : ` at ${(e as ExpectationOf<'status'>).at} ms`}`);
    }
    case 'gave_up': {
      const id = sim.node(e.supervisor)?.nodeId;
      if (id === undefined) return r(false, `there is no supervisor ${e.supervisor}`);
      const mine = s.escalations.filter((x) => x.nodeId === id);
      const seen = mine.length ? `gave up at ${mine[0].t} ms (last failure: ${mine[0].child} ${mine[0].reason})` : 'it did not give up';
      return r(mine.length > 0 === e.gaveUp, seen);
    }
    case 'counter': {
      const id = sim.node(e.process)?.nodeId ?? e.process;
      const v = s.counters[id]?.[e.counter] ?? 0;
      const ok = (e.equals === undefined || v === e.equals) && (e.atLeast === undefined || v >= e.atLeast) && (e.atMost === undefined || v <= e.atMost);
      return r(ok, `${e.counter} = ${v}`);
    }
    case 'note': {
      const id = sim.node(e.process)?.nodeId ?? e.process;
      const all = s.notes.filter((n) => n.nodeId === id && n.event === e.event);
      const want = Object.entries(e.data ?? {});
      const hits = all.filter((n) => want.every(([k, v]) => sameValue(n.data[k], v)));
      const ok = e.count === undefined ? hits.length > 0 : hits.length === e.count;
      const shown = all.slice(0, 6).map((n) => `{${Object.entries(n.data).map(([k, v]) => `${k}: ${String(v)}`).join(', ')}} @${n.t}`);
      return r(ok, all.length ? `${hits.length} matching of ${all.length} ${e.event}: ${shown.join(', ')}${all.length > 6 ? ', …' : ''}` : `no ${e.event} event`);
    }
  }
}

function checkReply(s: RunSummary, e: ExpectationOf<'reply'>, r: (pass: boolean, actual: string) => ExpectationResult): ExpectationResult {
  const calls = s.calls.filter((c) => c.target === e.target && c.at === e.at);
  const c = calls[(e.nth ?? 1) - 1];
  if (!c) {
    const waiting = s.unanswered.filter((u) => u.target === e.target && u.at === e.at);
    if (waiting.length >= (e.nth ?? 1) - calls.length) return r(false, 'no answer before the end of the run');
    const others = s.calls.filter((x) => x.target === e.target).map((x) => `@${x.at}`);
    return r(false, `no call to ${e.target} at ${e.at} ms${others.length ? ` (calls to it at ${others.join(', ')})` : ''}`);
  }
  const actual = c.ok ? `answered ${c.result}` : `exited with ${c.result}`;
  return r(c.ok === !e.exited && c.result === e.equals, actual);
}

function nodeSummary(sim: Simulation, s: RunSummary, ref: string) {
  const id = sim.node(ref)?.nodeId;
  return id === undefined ? undefined : s.nodes[id];
}

/** A note's field against the expected value: equal, or equal once the atom colon is ignored (`:open` = `open`). */
function sameValue(actual: string | number | boolean | null | undefined, want: string | number | boolean | null): boolean {
  if (actual === want) return true;
  if (typeof actual === 'string' && typeof want === 'string') return actual.replace(/^:/, '') === want.replace(/^:/, '');
  return actual !== undefined && String(actual) === String(want);
}

/**
 * Check `expect` against a run that is still going (the app's live run: lesson tasks, renderer/lessons/tasks.ts),
 * as it stands now: a status is the status now, exits and notes are those so far. `offset` is when the scenario the
 * expectations belong to was started in that run (its call times are relative to it). A status at a given moment
 * cannot be looked up afterwards: the caller leaves those out (a live run has no probes).
 */
export function checkLive(sim: Simulation, expect: readonly Expectation[], offset = 0): ExpectationResult[] {
  const s = sim.summary();
  return expect.map((e) => {
    if (e.type === 'reply') {
      // a live call records its target as a path; a task may name the node
      const shifted = { ...e, at: e.at + offset, target: sim.node(e.target)?.path ?? e.target };
      const r = check(sim, s, shifted, 'end');
      return { ...r, expectation: e, text: describeExpectation(e, (ref) => sim.node(ref)?.name ?? ref) };
    }
    return check(sim, s, e, 'end');
  });
}

/** Run every scenario of `spec` that has expectations. */
export function testSpec(spec: RuntimeSpec, opts: SimOptions = {}): ScenarioTestResult[] {
  return spec.scenarios.filter((sc) => sc.expect?.length).map((sc) => testScenario(spec, sc.name, opts));
}
