import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { documentJsonSchema } from './json-schema';

const FILE = fileURLToPath(new URL('../../docs/suptree.schema.json', import.meta.url));

describe('docs/suptree.schema.json', () => {
  it('matches the zod schema (regenerate: UPDATE_SCHEMA=1 npx vitest run runtime/design/json-schema.test.ts)', () => {
    const text = `${JSON.stringify(documentJsonSchema(), null, 2)}\n`;
    if (process.env.UPDATE_SCHEMA) writeFileSync(FILE, text);
    expect(readFileSync(FILE, 'utf8')).toBe(text);
  });

  it('describes every node kind and the fixed format field', () => {
    const s = documentJsonSchema() as any;
    expect(s.properties.format.const).toBe('supervisor-studio');
    const kinds = s.properties.nodes.items.oneOf.map((o: any) => o.properties.kind.const);
    expect(kinds.sort()).toEqual(['dynamic_supervisor', 'load_source', 'note', 'registry', 'supervisor', 'task_supervisor', 'worker']);
  });
});
