// Inspector forms generated from the document's zod schemas: each node kind's schema is walked and every editable
// field becomes a form field (enum → select, number → number, boolean → checkbox, literal|number unions → a
// "special value or number" field). Values typed by the user are checked against the same schema as they type.
import type { z } from 'zod';
import { NodeSchema, type NodeKind } from '../../runtime/design/document';
import { paramsSchema, type ParamField } from '../../runtime/behaviours/catalog';

export type FieldKind = 'text' | 'number' | 'enum' | 'boolean' | 'special-or-number';

export interface FieldSpec {
  key: string;
  label: string;
  kind: FieldKind;
  group: 'General' | 'Child spec' | 'Supervisor' | 'Load';
  options?: string[];
  /** For special-or-number: the named values (`infinity`, `brutal_kill`). */
  specials?: string[];
  help?: string;
  unit?: string;
  schema: z.ZodType;
}

const LABELS: Record<string, [string, FieldSpec['group'], string?, string?]> = {
  name: ['Name', 'General', 'The child id / registered name; a lowercase identifier.'],
  strategy: ['Strategy', 'Supervisor', 'Which siblings restart when one child exits.'],
  maxRestarts: ['Max restarts', 'Supervisor', 'More restarts than this within the period and the supervisor gives up (exits).'],
  maxSeconds: ['Period', 'Supervisor', 'The intensity window.', 's'],
  autoShutdown: ['Auto shutdown', 'Supervisor', 'Exit when significant children exit.'],
  maxChildren: ['Max children', 'Supervisor'],
  keys: ['Keys', 'General', 'unique: one process per key; duplicate: many.'],
  partitions: ['Partitions', 'General'],
  restart: ['Restart', 'Child spec', 'permanent: always restarted; transient: only after an abnormal exit; temporary: never.'],
  shutdown: ['Shutdown', 'Child spec', 'How long the supervisor waits for terminate/2 before killing the child.', 'ms'],
  significant: ['Significant', 'Child spec', 'Its exit can shut the supervisor down (auto_shutdown).'],
  register: ['Register as', 'General', 'name: local name; registry: via the Registry; none: by pid only.'],
  registryKey: ['Registry key', 'General'],
  rate: ['Rate', 'Load', 'Requests per second.', '/s'],
  mode: ['Mode', 'Load', 'call waits for a reply (with a timeout); cast does not.'],
  timeoutMs: ['Timeout', 'Load', undefined, 'ms'],
  enabled: ['On at start', 'Load', 'Otherwise a scenario switches it on.'],
  text: ['Text', 'General'],
};
/** Fields not edited by the generic form (structure, or edited elsewhere: behaviour/params, load target; the child
 *  spec's type, format and start: Inspector's ChildSpecFields). */
const SKIP = new Set(['id', 'kind', 'position', 'collapsed', 'behaviour', 'params', 'width', 'height', 'bursts', 'message', 'registry', 'target', 'type', 'specFormat', 'start']);

function unwrap(s: z.ZodType): z.ZodType {
  let t = s as unknown as { _zod: { def: { type: string; innerType?: z.ZodType } } };
  while (['default', 'optional', 'nullable', 'prefault'].includes(t._zod.def.type)) t = t._zod.def.innerType as unknown as typeof t;
  return t as unknown as z.ZodType;
}

const defType = (s: z.ZodType) => (s as unknown as { _zod: { def: { type: string } } })._zod.def.type;

function schemaFor(kind: NodeKind): z.ZodObject | undefined {
  for (const o of (NodeSchema as unknown as { options: z.ZodObject[] }).options) {
    const k = unwrap(o.shape.kind as z.ZodType) as unknown as { value?: string; values?: Set<string> };
    if (k.value === kind || k.values?.has(kind)) return o;
  }
  return undefined;
}

const cache = new Map<NodeKind, FieldSpec[]>();

export function fieldsForKind(kind: NodeKind): FieldSpec[] {
  const hit = cache.get(kind);
  if (hit) return hit;
  const obj = schemaFor(kind);
  const out: FieldSpec[] = [];
  for (const [key, raw] of Object.entries(obj?.shape ?? {})) {
    if (SKIP.has(key)) continue;
    const s = unwrap(raw as z.ZodType);
    const [label, group, help, unit] = LABELS[key] ?? [key, 'General'];
    const base = { key, label, group, help, unit, schema: raw as z.ZodType };
    switch (defType(s)) {
      case 'enum':
        out.push({ ...base, kind: 'enum', options: (s as unknown as { options: string[] }).options });
        break;
      case 'number':
        out.push({ ...base, kind: 'number' });
        break;
      case 'boolean':
        out.push({ ...base, kind: 'boolean' });
        break;
      case 'string':
        out.push({ ...base, kind: 'text' });
        break;
      case 'union': {
        const parts = (s as unknown as { options: z.ZodType[] }).options;
        const specials = parts.filter((p) => defType(p) === 'literal').flatMap((p) => [...(p as unknown as { values: Set<string> }).values]);
        if (parts.some((p) => defType(p) === 'number')) out.push({ ...base, kind: 'special-or-number', specials });
        break;
      }
    }
  }
  const order: FieldSpec['group'][] = ['General', 'Supervisor', 'Load', 'Child spec'];
  out.sort((a, b) => order.indexOf(a.group) - order.indexOf(b.group));
  cache.set(kind, out);
  return out;
}

/** The error message for a value, or undefined when the schema accepts it. */
export function checkValue(schema: z.ZodType, value: unknown): string | undefined {
  const r = schema.safeParse(value);
  return r.success ? undefined : r.error.issues[0]?.message ?? 'invalid value';
}

/** The schema of one behaviour parameter. */
export function paramSchema(fields: readonly ParamField[], name: string): z.ZodType {
  return paramsSchema(fields).shape[name] as z.ZodType;
}
