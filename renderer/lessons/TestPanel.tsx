// The test panel: the document's scenarios with their expectations. "Run tests" runs each scenario that has
// expectations headless, from t = 0 (a fresh run worker, the run settings' seed), and every expectation turns green
// (passed) or red (failed, with what the run showed). A learner's own expectations come from the event log's
// "Expect this" (ExpectThis below) and can be removed here.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { describeExpectation } from '../../runtime/design/expectations';
import type { DesignDocument } from '../../runtime/design/document';
import type { Editor } from '../editor/editor';
import { getRunController, useRunState } from '../run/hooks';
import { startKernelWorker } from '../run/kernel-client';
import type { RunEvent } from '../run/events';
import { Icon } from '../src/components/Icons';
import { loadTemplates } from '../panels/templates';
import { recordResults } from './progress';
import { expectationFromEvent, runTests, type RunContext, type TestReport } from './tests';
import './lessons.css';

type Results = { doc: DesignDocument; seed: number; reports: TestReport[] } | { doc: DesignDocument; seed: number; error: string };

// results outlive the panel (switching tabs) and are shared with the status line / rubric page
let last: Results | null = null;
const listeners = new Set<() => void>();
function setLast(r: Results | null): void {
  last = r;
  listeners.forEach((f) => f());
}
export function useTestResults(): Results | null {
  return useSyncExternalStore((f) => { listeners.add(f); return () => listeners.delete(f); }, () => last);
}

export function TestPanel({ editor }: { editor: Editor }) {
  const snap = useSyncExternalStore(editor.subscribe, editor.getSnapshot);
  const doc = snap.doc;
  const run = useRunState();
  const results = useTestResults();
  const [busy, setBusy] = useState(false);
  // results of another document are not shown; results of an older version of this one are marked stale
  const mine = results && results.doc.title === doc.title && sameScenarioNames(results.doc, doc) ? results : null;
  const stale = mine !== null && mine.doc !== doc;
  useEffect(() => {
    if (results && !mine) setLast(null);
  }, [results, mine]);

  const start = async () => {
    setBusy(true);
    try {
      const r = await runTests(doc, run.seed, startKernelWorker);
      setLast({ doc, seed: run.seed, ...r });
      if ('reports' in r) recordResults(doc, r.reports, templateDoc);
    } finally {
      setBusy(false);
    }
  };
  const remove = (scenario: string, index: number) =>
    editor.edit('Remove expectation', (d) => {
      const sc = d.scenarios.find((s) => s.name === scenario);
      sc?.expect?.splice(index, 1);
    }, { whileReadOnly: true });

  const reports = mine && 'reports' in mine ? mine.reports : [];
  const passed = reports.reduce((n, r) => n + r.passed, 0);
  const failed = reports.reduce((n, r) => n + r.failed, 0);
  const total = doc.scenarios.reduce((n, s) => n + (s.expect?.length ?? 0), 0);
  const verdict = mine && 'reports' in mine && !stale ? (failed ? 'fail' : 'pass') : 'none';

  return (
    <div className="tests" data-testid="test-panel" data-verdict={verdict}>
      <div className="tests-bar">
        <button type="button" className="btn" data-testid="run-tests" onClick={() => void start()} disabled={busy || total === 0}>
          <Icon name="play" size={13} />{busy ? 'Running…' : 'Run tests'}
        </button>
        <span className={`tests-summary ${verdict}`} data-testid="test-summary">
          {total === 0 ? 'No expectations yet: play a scenario, click an event in the log, then "Expect this".'
            : mine === null ? `${total} expectation${total === 1 ? '' : 's'}, not run yet`
            : 'error' in mine ? mine.error
            : `${passed} passed, ${failed} failed${stale ? ' — the design changed since: run them again' : ''} (seed ${mine.seed})`}
        </span>
      </div>
      <div className="tests-list" role="list" aria-label="Tests">
        {doc.scenarios.map((sc) => {
          const rep = reports.find((r) => r.scenario === sc.name);
          const list = sc.expect ?? [];
          const state = !rep || stale ? 'none' : rep.error || rep.failed ? 'fail' : 'pass';
          return (
            <div role="listitem" key={sc.name} className={`tests-scenario ${state}`} data-scenario={sc.name} data-state={state}>
              <div className="tests-scenario-head">
                <span className={`tests-dot ${state}`} aria-hidden />
                <strong>{sc.name}</strong>
                {rep && !stale && <span className="muted">{rep.passed}/{rep.passed + rep.failed}</span>}
                {list.length === 0 && <span className="muted">no expectations</span>}
              </div>
              {rep?.error && !stale && <div className="tests-error">{rep.error}</div>}
              <ul>
                {list.map((x, i) => {
                  const r = rep && !stale ? rep.results[i] : undefined;
                  const st = r ? (r.pass ? 'pass' : 'fail') : 'none';
                  return (
                    <li key={i} className={`tests-exp ${st}`} data-state={st}>
                      <Icon name={st === 'pass' ? 'check' : st === 'fail' ? 'error' : 'info'} size={13} />
                      <span className="tests-text">{r?.text ?? describeExpectation(x)}</span>
                      {r && !r.pass && <span className="tests-actual">got: {r.actual}</span>}
                      <button type="button" className="linkish tests-remove" title="Remove this expectation" aria-label={`Remove expectation: ${describeExpectation(x)}`} onClick={() => remove(sc.name, i)}>
                        <Icon name="close" size={12} />
                      </button>
                    </li>
                  );
                })}
              </ul>
            </div>
          );
        })}
        {doc.scenarios.length === 0 && <div className="empty"><strong>No scenarios</strong><span>A test is a scenario with expectations.</span></div>}
      </div>
    </div>
  );
}

/** A shipped template's document by file name (without .suptree). */
function templateDoc(file: string): DesignDocument | undefined {
  return loadTemplates().templates.find((t) => t.file === `${file}.suptree`)?.doc;
}

function sameScenarioNames(a: DesignDocument, b: DesignDocument): boolean {
  return a.scenarios.length === b.scenarios.length && a.scenarios.every((s, i) => s.name === b.scenarios[i].name);
}

/** "Expect this": adds an expectation for the event under the log's cursor to the scenario the run played. */
export function ExpectThis({ editor, event, onMessage }: { editor?: Editor; event: RunEvent | null; onMessage?(kind: 'info' | 'error', text: string): void }) {
  const c = getRunController();
  if (!editor) return null;
  const add = () => {
    if (!event) return onMessage?.('error', 'Click an event in the log first.');
    const ctx: RunContext = {
      pathOf: (pid) => c.view()?.proc(pid)?.path ?? null,
      commands: c.appliedCommands(),
      scenarios: c.spec?.scenarios ?? [],
    };
    const p = expectationFromEvent(event, ctx);
    if ('error' in p) return onMessage?.('error', p.error);
    const ok = editor.edit('Expect this', (d) => {
      const sc = d.scenarios.find((s) => s.name === p.scenario);
      if (!sc) return;
      (sc.expect ??= []).push(p.expectation as never);
    }, { whileReadOnly: true });
    onMessage?.(ok ? 'info' : 'error', ok ? `Added to "${p.scenario}": ${p.text}. See the Tests tab.` : 'The expectation could not be added.');
  };
  return (
    <button type="button" className="linkish" data-testid="expect-this" disabled={!event} title="Add an expectation that this event happens to the scenario that was played" onClick={add}>
      Expect this
    </button>
  );
}
