// The `.suptree` format as a JSON Schema (draft 2020-12), derived from the zod schema so it cannot drift. Written to
// docs/suptree.schema.json (a test keeps that file current) for editors that validate and complete hand-written files.
import { z } from 'zod';
import { CURRENT_VERSION, DocumentSchema } from './document';

export function documentJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(DocumentSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://supervisor-studio.local/suptree.schema.json',
    title: `Supervisor Studio design (.suptree), format version ${CURRENT_VERSION}`,
    description: 'Types only: value ranges, names and references are checked by `supervisor-studio validate`.',
  };
}
