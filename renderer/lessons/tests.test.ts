/* eslint-disable no-restricted-imports -- reads template files from disk in a test */
// The test panel's model: reports from the checker, "expect this" turning run events into expectations, runTests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from '../../runtime/design/parse';
import { compile } from '../../runtime/design/spec';
import type { DesignDocument } from '../../runtime/design/document';
import type { RunEvent } from '../run/events';
import type { KernelClient } from '../run/kernel-client';
import type { RunCommand } from '../run/session';
import { testReports } from './test-report';
import { expectationFromEvent, runTests, withExpectation, withoutExpectation, type RunContext } from './tests';

const template = (file: string): DesignDocument => {
  const r = parse(readFileSync(join(import.meta.dirname, '../../templates', `${file}.suptree`), 'utf8'));
  if (!r.ok) throw new Error(file);
  return r.doc;
};

const drill5 = compile(template('drill-5-supervisor-registry'));
const ctx = (commands: RunCommand[], paths: Record<number, string> = {}): RunContext => ({
  pathOf: (pid) => paths[pid] ?? null,
  commands,
  scenarios: drill5.scenarios,
});
const played = (at: number, name: string): RunCommand => ({ type: 'scenario', at, name });

describe('test reports', () => {
  it('a template: every expectation passes; a wrong one fails with what the run showed', () => {
    const doc = template('drill-5-supervisor-registry');
    const ok = testReports(compile(doc), 1);
    expect(ok.map((r) => [r.scenario, r.failed])).toEqual([['restart keeps the name', 0], ['a pid is not a name', 0], ['no name, no call', 0]]);
    const wrong = withExpectation(doc, 'restart keeps the name', { type: 'reply', target: 'clicks', at: 400, equals: '2', exited: false });
    const r = testReports(compile(wrong), 1, 'restart keeps the name')[0];
    expect([r.passed, r.failed]).toEqual([5, 1]);
    expect(r.results[5]).toMatchObject({ pass: false, text: 'the call to clicks at 400 ms answers 2', actual: 'answered 0' });
    expect(withoutExpectation(wrong, 'restart keeps the name', 5).scenarios[0].expect).toEqual(doc.scenarios[0].expect);
  });

  it('runTests: a design with errors is refused with its errors; a worker that fails is reported; the worker is always stopped', async () => {
    let stopped = 0;
    const fake = (answer: (spec: unknown) => unknown): (() => KernelClient) => () => ({
      request: async (_cmd: string, arg: { spec: unknown }) => answer(arg.spec),
      terminate: () => void stopped++,
    }) as unknown as KernelClient;
    const doc = template('ch9-rest-for-one');
    const good = await runTests(doc, 1, fake((spec) => testReports(spec as never, 1)));
    expect('reports' in good && good.reports[0].passed).toBe(3);
    const broken = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'a' ? { ...n, name: 'not a name' } : n)) };
    const refused = await runTests(broken, 1, fake(() => []));
    expect('error' in refused && refused.error).toMatch(/^The design has errors/);
    const failing = await runTests(doc, 1, fake(() => { throw new Error('worker died'); }));
    expect('error' in failing && failing.error).toBe('The tests could not run: worker died');
    expect(stopped).toBe(2);
  });
});

describe('expect this', () => {
  it('an exit of a design process, relative to nothing: exit expectations have no time', () => {
    const e: RunEvent = { seq: 9, t: 1300, type: 'exit', pid: 7, reason: ':killed' };
    expect(expectationFromEvent(e, ctx([played(1000, 'both die')], { 7: 'links_sup/right' }))).toEqual({
      scenario: 'both die', expectation: { type: 'exit', process: 'right', reason: ':killed' }, text: 'right exits with :killed',
    });
    expect(expectationFromEvent(e, ctx([played(1000, 'both die')]))).toEqual({ error: expect.stringMatching(/not part of the design/) });
  });

  it('a reply: the time of the call it answers, relative to when the scenario was played', () => {
    const reply: RunEvent = { seq: 5, t: 1400, type: 'command', pid: 4, text: 'reply app_sup/clicks :get → 0' };
    expect(expectationFromEvent(reply, ctx([played(1000, 'restart keeps the name')]))).toMatchObject({
      scenario: 'restart keeps the name', expectation: { type: 'reply', target: 'clicks', at: 400, equals: '0', exited: false },
    });
    const exited: RunEvent = { seq: 6, t: 1100, type: 'command', pid: null, text: 'reply app_sup/hidden :get → exit :noproc' };
    expect(expectationFromEvent(exited, ctx([played(1000, 'no name, no call')]))).toMatchObject({
      expectation: { type: 'reply', target: 'hidden', at: 100, equals: ':noproc', exited: true },
    });
    // a reply to a call the scenario did not make (the learner's own), or made later, is not the scenario's
    const mine: RunEvent = { seq: 7, t: 1050, type: 'command', pid: null, text: 'reply app_sup/hidden :get → exit :noproc' };
    expect(expectationFromEvent(mine, ctx([played(1000, 'no name, no call')]))).toEqual({ error: expect.stringMatching(/not made by the scenario/) });
  });

  it('a supervisor giving up and a note; other events and runs without a scenario say why not', () => {
    const gaveUp: RunEvent = { seq: 4, t: 400, type: 'decision', sup: 2, decision: 'intensity_exceeded', child: 'raiser', reason: ':killed' };
    expect(expectationFromEvent(gaveUp, ctx([played(0, 'too many crashes')], { 2: 'errors_sup' }))).toMatchObject({ expectation: { type: 'gave_up', supervisor: 'errors_sup', gaveUp: true } });
    const note: RunEvent = { seq: 4, t: 400, type: 'note', path: 'http_app/breaker', event: 'breaker', data: '{"from":"closed","to":"open"}' };
    expect(expectationFromEvent(note, ctx([played(0, 'x')]))).toMatchObject({ expectation: { type: 'note', process: 'breaker', event: 'breaker', data: { from: 'closed', to: 'open' } } });
    expect(expectationFromEvent(note, ctx([]))).toEqual({ error: expect.stringMatching(/Play a scenario first/) });
    const spawn: RunEvent = { seq: 1, t: 0, type: 'spawn', pid: 1, parent: null, label: null };
    expect(expectationFromEvent(spawn, ctx([played(0, 'x')]))).toEqual({ error: expect.stringMatching(/A spawn event cannot be expected/) });
  });
});
