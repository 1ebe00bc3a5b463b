/* eslint-disable no-restricted-imports -- reads template files from disk in a test */
// Lesson tasks: every template's tasks can be completed by playing its own scenario in a live run (a RunSession, as
// the run worker drives it: the learner waits a little, then plays the scenario), checked by the live checker; and
// none is done before the learner has done it.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from '../../runtime/design/parse';
import { compile } from '../../runtime/design/spec';
import { checkLive } from '../../runtime/sim/expect';
import type { DesignDocument } from '../../runtime/design/document';
import { RunSession } from '../run/session';
import { taskCheck, taskKey } from './tasks';

const dir = join(import.meta.dirname, '../../templates');
const files = readdirSync(dir).filter((f) => f.endsWith('.suptree')).map((f) => f.replace(/\.suptree$/, '')).sort();
const template = (file: string): DesignDocument => {
  const r = parse(readFileSync(join(dir, `${file}.suptree`), 'utf8'));
  if (!r.ok) throw new Error(file);
  return r.doc;
};
const cases = files.flatMap((file) => (template(file).tasks ?? []).map((task, i) => [file, i, task.text] as const));

/** A live run of the template, `wait` ms in, the scenario played, run until the task can be checked. */
function playTask(file: string, index: number, wait = 700) {
  const doc = template(file);
  const spec = compile(doc);
  const task = doc.tasks![index];
  const s = new RunSession(spec, { seed: 1 });
  s.advance(wait);
  const before = taskCheck(task, spec, s.commands, s.now);
  const beforeFails = before.kind === 'wait' || checkLive(s.sim, before.expect, before.offset).some((r) => !r.pass);
  s.apply({ type: 'scenario', name: task.scenario! });
  // the scenario has had its time (a hands-on task is checkable at once: wait for what the scenario does)
  const played = { text: '', scenario: task.scenario };
  for (let guard = 0; taskCheck(played, spec, s.commands, s.now).kind === 'wait' && guard < 600; guard++) s.advance(100);
  return { c: taskCheck(task, spec, s.commands, s.now), s, beforeFails };
}

describe('lesson tasks', () => {
  it('every template has tasks, each naming one of its scenarios; every drill has questions with answers', () => {
    for (const file of files) {
      const doc = template(file);
      expect(doc.tasks?.length, file).toBeGreaterThan(0);
      for (const t of doc.tasks!) expect(doc.scenarios.map((s) => s.name), `${file}: ${t.text}`).toContain(t.scenario);
      if (file.startsWith('drill-')) {
        expect(doc.questions?.length, file).toBeGreaterThanOrEqual(4);
        for (const q of doc.questions!) expect(q.answer.length, q.question).toBeGreaterThan(20);
      }
    }
  });

  it.each(cases)('%s task %i (%s) is done by playing its scenario, and not before', (file, index) => {
    const { c, s, beforeFails } = playTask(file, index);
    expect(beforeFails).toBe(true);
    expect(c.kind).toBe('check');
    if (c.kind !== 'check') return;
    const failed = checkLive(s.sim, c.expect, c.offset).filter((r) => !r.pass).map((r) => `${r.text} — got ${r.actual}`);
    expect(failed).toEqual([]);
  });

  it('a scenario task waits until its scenario has had its time, and names what to do before', () => {
    const doc = template('drill-5-supervisor-registry');
    const spec = compile(doc);
    const task = doc.tasks!.find((t) => !t.expect)!;
    const s = new RunSession(spec, { seed: 1 });
    expect(taskCheck(task, spec, s.commands, s.now)).toEqual({ kind: 'wait', hint: `Play the scenario "${task.scenario}" in the run.` });
    s.apply({ type: 'scenario', name: task.scenario! });
    s.advance(200);
    expect(taskCheck(task, spec, s.commands, s.now)).toMatchObject({ kind: 'wait', hint: expect.stringMatching(/is playing/) });
  });

  it('a scenario played after other faults is judged on the whole run (a kill before it shows in the restart counts)', () => {
    const doc = template('drill-5-supervisor-registry');
    const spec = compile(doc);
    const task = doc.tasks!.find((t) => t.scenario === 'restart keeps the name' && !t.expect)!;
    const s = new RunSession(spec, { seed: 1 });
    s.apply({ type: 'kill', target: spec.scenarios[0].commands.find((c) => c.type === 'kill')!.target } as never);
    s.advance(500);
    s.apply({ type: 'scenario', name: task.scenario! });
    s.advance(3000);
    const c = taskCheck(task, spec, s.commands, s.now);
    if (c.kind !== 'check') throw new Error('not ready');
    const failed = checkLive(s.sim, c.expect, c.offset).filter((r) => !r.pass);
    expect(failed.map((r) => r.text)).toEqual(['clicks has restarted 1 time at the end']);
  });

  it('progress is kept per template and task', () => {
    const doc = template('drill-2-try-rescue-after');
    expect(taskKey(doc, doc.tasks![0])).toBe(`drill-2-try-rescue-after#${doc.tasks![0].text}`);
    expect(taskKey({ meta: {}, title: 'Mine' }, { text: 'x' })).toBe('design:Mine#x');
  });
});
