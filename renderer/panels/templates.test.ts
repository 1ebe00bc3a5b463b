import { describe, expect, it } from 'vitest';
import { compareTemplateFiles, loadTemplates } from './templates';

describe('templates gallery order', () => {
  it('follows the lesson path: drills, exercises, capstone, bonus, chapter 9 (numbers as numbers)', () => {
    const { templates, errors } = loadTemplates();
    expect(errors).toEqual([]);
    const sections = [...new Set(templates.map((t) => t.section))];
    expect(sections).toEqual(['Drills', 'Exercises', 'Capstone', 'Bonus', 'Chapter 9']);
    expect(templates[0].file).toMatch(/^drill-1-/);
    const drills = templates.filter((t) => t.section === 'Drills').map((t) => Number(/^drill-(\d+)/.exec(t.file)![1]));
    expect(drills).toEqual([...drills].sort((a, b) => a - b));
    expect(templates.filter((t) => t.section === 'Chapter 9')[0].file).toMatch(/^ch9-one-for-all/);
    expect(['drill-10-x.suptree', 'drill-2-y.suptree', 'zz.suptree', 'bonus-a.suptree'].sort(compareTemplateFiles))
      .toEqual(['drill-2-y.suptree', 'drill-10-x.suptree', 'bonus-a.suptree', 'zz.suptree']);
  });
});
