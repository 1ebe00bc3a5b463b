// The test panel's model: running a document's expectations (in a fresh run worker, so the live run is untouched and
// untrusted custom code stays off the page), and turning an event of the live run into an expectation ("expect this").
import { CompileError, compile } from '../../runtime/design/spec';
import type { DesignDocument } from '../../runtime/design/document';
import type { Expectation } from '../../runtime/design/expectations';
import type { RuntimeSpec } from '../../runtime/design/spec';
import { fmt } from '../../runtime/kernel/index';
import { jsonToTerm } from '../../runtime/sim/terms';
import type { RunEvent } from '../run/events';
import type { KernelClient } from '../run/kernel-client';
import type { RunCommand } from '../run/session';
import type { TestReport } from './test-report';

export type { TestReport } from './test-report';

const TEST_TIMEOUT_MS = 60_000;

/** Runs every scenario of `doc` that has expectations; `{error}` when the design cannot run or the worker fails. */
export async function runTests(doc: DesignDocument, seed: number, startWorker: () => KernelClient): Promise<{ reports: TestReport[] } | { error: string }> {
  let spec;
  try {
    spec = compile(doc);
  } catch (e) {
    if (e instanceof CompileError) return { error: `The design has errors; fix them first (see Problems): ${e.diagnostics.map((d) => d.message).join(' ')}` };
    throw e;
  }
  const w = startWorker();
  try {
    return { reports: await w.request('test', { spec, seed }, { timeoutMs: TEST_TIMEOUT_MS }) };
  } catch (e) {
    return { error: `The tests could not run: ${e instanceof Error ? e.message : String(e)}` };
  } finally {
    w.terminate();
  }
}

/** What the live run knows that an event alone does not: pids → design paths, the commands applied so far. */
export interface RunContext {
  pathOf(pid: number): string | null;
  commands: readonly RunCommand[];
  /** The run's scenarios (with process targets as paths), to find the call a reply answers. */
  scenarios: RuntimeSpec['scenarios'];
}

export type Proposal = { scenario: string; expectation: Expectation; text: string } | { error: string };

const nameOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/**
 * An expectation that says what `e` shows, for the scenario the run played (times relative to its start). Exits,
 * call replies, a supervisor giving up and behaviour notes can be expected; other events say why not.
 */
export function expectationFromEvent(e: RunEvent, ctx: RunContext): Proposal {
  const played = [...ctx.commands].reverse().find((c) => c.type === 'scenario' && c.at <= e.t) as Extract<RunCommand, { type: 'scenario' }> | undefined;
  if (!played) return { error: 'Play a scenario first (Scenario menu of the run toolbar): an expectation belongs to a scenario.' };
  const t0 = played.at;
  const scenario = played.name;
  const done = (expectation: Expectation, text: string): Proposal => ({ scenario, expectation, text });
  switch (e.type) {
    case 'exit': {
      const path = ctx.pathOf(e.pid);
      if (!path) return { error: 'This process is not part of the design (a scenario caller or a helper).' };
      return done({ type: 'exit', process: nameOf(path), reason: e.reason }, `${nameOf(path)} exits with ${e.reason}`);
    }
    case 'decision': {
      if (e.decision !== 'intensity_exceeded') return { error: 'Only a supervisor giving up (intensity_exceeded) can be expected from a decision.' };
      const path = ctx.pathOf(e.sup);
      if (!path) return { error: 'This supervisor is not part of the design.' };
      return done({ type: 'gave_up', supervisor: nameOf(path), gaveUp: true }, `${nameOf(path)} gives up`);
    }
    case 'note': {
      let data: Record<string, string | number | boolean | null> = {};
      try {
        data = JSON.parse(e.data) as typeof data;
      } catch {
        data = {};
      }
      return done({ type: 'note', process: nameOf(e.path), event: e.event, data }, `${nameOf(e.path)} reports ${e.event}`);
    }
    case 'command': {
      // "reply <target> <message> → <answer>" or "… → exit <reason>"
      const m = /^reply (\S+) (.*) → (exit )?(.*)$/.exec(e.text);
      if (!m) return { error: 'Only the reply to a call can be expected from a command row.' };
      const [, target, message, exited, answer] = m;
      // the call it answers: the scenario's latest call of that target with that message made before the reply
      const sc = ctx.scenarios.find((x) => x.name === scenario);
      let callAt: number | undefined;
      for (const c of sc?.commands ?? []) {
        if (c.type !== 'call' || c.target !== target || t0 + c.at > e.t || safeFmt(c.message) !== message) continue;
        if (callAt === undefined || c.at > callAt) callAt = c.at;
      }
      if (callAt === undefined) return { error: `The call this reply answers was not made by the scenario "${scenario}".` };
      const expectation: Expectation = { type: 'reply', target: nameOf(target), at: callAt, equals: answer, exited: exited !== undefined };
      return done(expectation, `the call to ${nameOf(target)} at ${callAt} ms ${exited ? 'exits with' : 'answers'} ${answer}`);
    }
    default:
      return { error: `A ${e.type} event cannot be expected; pick an exit, a reply, a supervisor giving up or a note.` };
  }
}

function safeFmt(message: unknown): string {
  try {
    return fmt(jsonToTerm(message));
  } catch {
    return '';
  }
}

/** The document with `x` added to the scenario's expectations (the scenario must exist). */
export function withExpectation(doc: DesignDocument, scenario: string, x: Expectation): DesignDocument {
  return {
    ...doc,
    scenarios: doc.scenarios.map((s) => (s.name === scenario ? { ...s, expect: [...(s.expect ?? []), x] } : s)),
  };
}

/** The document without the `index`-th expectation of the scenario. */
export function withoutExpectation(doc: DesignDocument, scenario: string, index: number): DesignDocument {
  return {
    ...doc,
    scenarios: doc.scenarios.map((s) => (s.name === scenario ? { ...s, expect: (s.expect ?? []).filter((_, i) => i !== index) } : s)),
  };
}
