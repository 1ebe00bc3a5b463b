/* eslint-disable no-restricted-imports -- reads the template files from disk in a test */
// The rubric page's data: every scenario it names exists in its template and has expectations (so passing it means
// something), and progress ticks an item only when all its scenarios passed with the template's own expectations.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from '../../runtime/design/parse';
import { compile } from '../../runtime/design/spec';
import type { DesignDocument } from '../../runtime/design/document';
import { isDone, passedScenarios, recordResults, resetProgress, templateOf } from './progress';
import { RUBRIC, RUBRIC_ITEMS } from './rubric';
import { testReports } from './test-report';

const dir = join(import.meta.dirname, '../../templates');
const docs = new Map<string, DesignDocument>();
for (const f of readdirSync(dir).filter((x) => x.endsWith('.suptree'))) {
  const r = parse(readFileSync(join(dir, f), 'utf8'));
  if (r.ok) docs.set(f.replace(/\.suptree$/, ''), r.doc);
}
const original = (file: string) => docs.get(file);

describe('rubric and checklist', () => {
  it('names only scenarios that exist and carry expectations; ids are unique; both sections have items', () => {
    expect(RUBRIC.map((s) => s.items.length > 0)).toEqual([true, true]);
    expect(new Set(RUBRIC_ITEMS.map((i) => i.id)).size).toBe(RUBRIC_ITEMS.length);
    for (const item of RUBRIC_ITEMS) {
      expect(item.covers.length, item.id).toBeGreaterThan(0);
      for (const c of item.covers) {
        const sc = docs.get(c.template)?.scenarios.find((s) => s.name === c.scenario);
        expect(sc?.expect?.length ?? 0, `${item.id}: ${c.template} / ${c.scenario}`).toBeGreaterThan(0);
      }
    }
  });

  it('ticks an item once all its scenarios pass with the template’s expectations, not when they were edited away', () => {
    resetProgress();
    const item = RUBRIC_ITEMS.find((i) => i.id === 'names')!;
    const doc = { ...docs.get('drill-5-supervisor-registry')!, meta: { template: 'drill-5-supervisor-registry' } };
    // a scenario with its expectations removed is not the template's: it cannot tick anything
    const emptied = { ...doc, scenarios: doc.scenarios.map((s) => ({ ...s, expect: [] })) };
    expect(templateOf(emptied, original, 'restart keeps the name')).toBeUndefined();
    expect(templateOf({ ...doc, meta: {} }, original, 'restart keeps the name')).toBeUndefined();
    expect(templateOf(doc, original, 'restart keeps the name')).toBe('drill-5-supervisor-registry');

    const reports = testReports(compile(doc), 1);
    expect(reports.every((r) => r.failed === 0)).toBe(true);
    recordResults(emptied, reports, original);
    expect(isDone(passedScenarios(), item)).toBe(false);
    recordResults(doc, reports, original);
    expect(isDone(passedScenarios(), item)).toBe(true);
    expect(passedScenarios().has('drill-5-supervisor-registry#a pid is not a name')).toBe(true);

    // a later failing run un-ticks it
    recordResults(doc, [{ ...reports[0], passed: 4, failed: 1 }], original);
    expect(isDone(passedScenarios(), item)).toBe(false);
    resetProgress();
    expect(passedScenarios().size).toBe(0);
  });
});
