import { describe, expect, it } from 'vitest';
import { lessonSummary } from './lesson-summary';

describe('lessonSummary', () => {
  it('drops heading lines instead of running them into the text', () => {
    const s = lessonSummary('## What it shows\nAn adaptive pool starts workers.\n\n## Try this\n- Run **burst then idle**.\n');
    expect(s).toBe('An adaptive pool starts workers. Run burst then idle.');
    expect(s).not.toContain('What it shows');
    expect(s).not.toContain('#');
  });

  it('keeps underscores inside identifiers and code spans', () => {
    const s = lessonSummary('With `one_for_all` and max_restarts = 3 a crash of `db_pool` restarts all; _not_ emphasis.');
    expect(s).toContain('one_for_all');
    expect(s).toContain('max_restarts');
    expect(s).toContain('db_pool');
    expect(s).not.toContain('`');
  });

  it('strips star emphasis and links but keeps a lone star', () => {
    expect(lessonSummary('A **bold** and *soft* word, 2 * 3, [docs](https://x.y/z).')).toBe('A bold and soft word, 2 * 3, docs.');
  });

  it('cuts long text with an ellipsis at the limit', () => {
    const s = lessonSummary('word '.repeat(100), 50);
    expect(s.length).toBeLessThanOrEqual(50);
    expect(s.endsWith('…')).toBe(true);
  });
});
