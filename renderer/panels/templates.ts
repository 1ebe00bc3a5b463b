// The templates shipped in templates/*.suptree, bundled as raw text by Vite and parsed with runtime/design.
import { parse } from '../../runtime/design/parse';
import type { DesignDocument } from '../../runtime/design/document';

export interface Template {
  file: string;
  doc: DesignDocument;
}

const raw = import.meta.glob('../../templates/*.suptree', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export function loadTemplates(): { templates: Template[]; errors: string[] } {
  const templates: Template[] = [];
  const errors: string[] = [];
  for (const [path, text] of Object.entries(raw).sort(([a], [b]) => a.localeCompare(b))) {
    const file = path.split('/').pop()!;
    const r = parse(text);
    if (r.ok) templates.push({ file, doc: r.doc });
    else errors.push(`${file}: ${r.errors[0]?.path} ${r.errors[0]?.message}`);
  }
  return { templates, errors };
}
