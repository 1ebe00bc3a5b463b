// The templates shipped in templates/*.suptree, bundled as raw text by Vite and parsed with runtime/design.
import { parse } from '../../runtime/design/parse';
import type { DesignDocument } from '../../runtime/design/document';

export interface Template {
  file: string;
  doc: DesignDocument;
  /** Where it sits on the learner's path (the gallery's section heading). */
  section: string;
}

/**
 * The learner's path through the chapter: drills, exercises, the capstone, the bonus designs, then chapter 9's
 * strategies from the simplest. A template whose file matches no prefix goes last, under "More".
 */
export const LESSON_PATH: readonly { prefix: string; section: string; order?: readonly string[] }[] = [
  { prefix: 'drill-', section: 'Drills' },
  { prefix: 'exercise-', section: 'Exercises' },
  { prefix: 'capstone-', section: 'Capstone' },
  { prefix: 'bonus-', section: 'Bonus' },
  { prefix: 'ch9-', section: 'Chapter 9', order: ['ch9-one-for-all', 'ch9-rest-for-one', 'ch9-nested-escalation', 'ch9-dynamic-supervisor'] },
];

function pathKey(file: string): [number, number, string] {
  const i = LESSON_PATH.findIndex((p) => file.startsWith(p.prefix));
  if (i < 0) return [LESSON_PATH.length, 0, file];
  const within = LESSON_PATH[i].order?.findIndex((o) => file.startsWith(o)) ?? -1;
  return [i, within < 0 ? Number.MAX_SAFE_INTEGER : within, file];
}

/** Lesson order (numbers inside names compared as numbers: drill-2 before drill-10). */
export function compareTemplateFiles(a: string, b: string): number {
  const [ai, aj, af] = pathKey(a), [bi, bj, bf] = pathKey(b);
  return ai - bi || aj - bj || af.localeCompare(bf, 'en', { numeric: true });
}

export const sectionOf = (file: string) => LESSON_PATH.find((p) => file.startsWith(p.prefix))?.section ?? 'More';

const raw = import.meta.glob('../../templates/*.suptree', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export function loadTemplates(): { templates: Template[]; errors: string[] } {
  const templates: Template[] = [];
  const errors: string[] = [];
  const files = Object.entries(raw).map(([path, text]) => [path.split('/').pop()!, text] as const);
  for (const [file, text] of files.sort(([a], [b]) => compareTemplateFiles(a, b))) {
    const r = parse(text);
    if (r.ok) templates.push({ file, doc: r.doc, section: sectionOf(file) });
    else errors.push(`${file}: ${r.errors[0]?.path} ${r.errors[0]?.message}`);
  }
  return { templates, errors };
}
