// Reading and writing `.suptree` files: one parser with typed errors (each with a JSON path), append-only
// migrations, refusal of newer versions, and a stable serializer. `parse` never throws.
import type { z } from 'zod';
import { CURRENT_VERSION, DocumentSchema, FORMAT, documentTypeDefaults, type DesignDocument } from './document';

export interface ParseError {
  /** JSON path into the input, `$` for the whole file: `$.nodes[3].restart`. */
  path: string;
  message: string;
}
export type ParseResult =
  | {
      ok: true;
      doc: DesignDocument;
      warnings: string[];
      /** The warnings about data that saving would change (bad UTF-8, a dropped "__proto__"): show them on open. */
      cautions: string[];
    }
  | { ok: false; errors: ParseError[] };

type Json = Record<string, unknown>;

/** Migrates a raw document of version `from` to `from + 1`. Never edit or remove one: add a new one at the end. */
export interface Migration {
  from: number;
  description: string;
  up(doc: Json): Json;
}

/** The first version ever written. Files below it are not Supervisor Studio files. */
export const FIRST_VERSION = 1;

/**
 * Append-only. Entry i migrates version FIRST_VERSION + i to FIRST_VERSION + i + 1, so the list has exactly
 * CURRENT_VERSION - FIRST_VERSION entries (a test checks it).
 * To change the format: bump CURRENT_VERSION in document.ts, update DocumentSchema, append a migration here that
 * turns the previous shape into the new one, and add its test (old sample in → new shape out).
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    from: 1,
    description: 'run commands come from one catalog (scenarios and recordings may hold every command: raise, throw, hang, slow, cast, scenario steps; an exit reason is any term) and their times are whole milliseconds (fractional times rounded).',
    up: (doc) => {
      const roundAt = (c: unknown) => (isObject(c) && typeof c.at === 'number' && Number.isFinite(c.at) ? { ...c, at: Math.round(c.at) } : c);
      const commands = (x: Json) => (Array.isArray(x.commands) ? { ...x, commands: x.commands.map(roundAt) } : x);
      const out: Json = { ...doc };
      if (Array.isArray(doc.scenarios)) out.scenarios = doc.scenarios.map((s) => (isObject(s) ? commands(s) : s));
      if (Array.isArray(doc.recordings)) {
        out.recordings = doc.recordings.map((r) => {
          if (!isObject(r)) return r;
          const d = r.durationMs;
          return commands(typeof d === 'number' && Number.isFinite(d) ? { ...r, durationMs: Math.ceil(d) } : r);
        });
      }
      return out;
    },
  },
];

export type MigrateResult = { ok: true; doc: Json; applied: Migration[] } | { ok: false; error: ParseError };

/** Bring a raw document (already checked to be an object with an integer version) up to `current`. */
export function migrate(raw: Json, migrations: readonly Migration[] = MIGRATIONS, current = CURRENT_VERSION): MigrateResult {
  const version = raw.version as number;
  if (version > current) {
    return { ok: false, error: { path: '$.version', message: `This design was saved by a newer Supervisor Studio (format version ${version}); this app reads versions up to ${current}. Update the app to open it — the file was not changed.` } };
  }
  if (version < FIRST_VERSION) {
    return { ok: false, error: { path: '$.version', message: `Format version ${version} does not exist (the first version is ${FIRST_VERSION}).` } };
  }
  let doc = raw;
  const applied: Migration[] = [];
  for (let v = version; v < current; v++) {
    const m = migrations[v - FIRST_VERSION];
    if (!m || m.from !== v) return { ok: false, error: { path: '$.version', message: `No migration from format version ${v} to ${v + 1}.` } };
    try {
      doc = { ...m.up(doc), version: v + 1 };
    } catch (e) {
      return { ok: false, error: { path: '$', message: `Could not upgrade this design from format version ${v} to ${v + 1}: ${errorText(e)}` } };
    }
    applied.push(m);
  }
  return { ok: true, doc, applied };
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `['nodes', 3, 'name']` → `$.nodes[3].name` (keys that are not identifiers are quoted: `$["a b"]`). */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else if (typeof k === 'string' && /^[A-Za-z_$][\w$]*$/.test(k)) out += `.${k}`;
    else out += `[${JSON.stringify(String(k))}]`;
  }
  return out;
}

function issuesToErrors(issues: readonly z.core.$ZodIssue[]): ParseError[] {
  return issues.map((i) => ({ path: jsonPath(i.path), message: i.message }));
}

const KNOWN_TOP_LEVEL = new Set(Object.keys(DocumentSchema.shape));

/** Read a design from file text (or an already-parsed JSON value). Never throws. */
export function parse(input: string | unknown): ParseResult {
  try {
    return parseUnsafe(input);
  } catch (e) {
    // Not expected (the fuzz test checks it never happens); kept so a bug here can never crash the app.
    return { ok: false, errors: [{ path: '$', message: `Internal error while reading the design: ${errorText(e)}` }] };
  }
}

function parseUnsafe(input: string | unknown): ParseResult {
  let value: unknown = input;
  const notes: string[] = [];
  const cautions: string[] = [];
  if (typeof input === 'string') {
    // a UTF-8 byte-order mark (Windows editors write one): harmless, skipped, and not written back
    if (input.startsWith('\uFEFF')) {
      input = input.slice(1);
      notes.push('The file starts with a byte-order mark (BOM); it was skipped and is not written back.');
    }
    // text that was not valid UTF-8 arrives with U+FFFD in place of the bad bytes: saving would write those
    const replaced = (input as string).match(/\uFFFD/g)?.length ?? 0;
    if (replaced) cautions.push(`The file is not valid UTF-8 (or holds U+FFFD): ${replaced} character${replaced === 1 ? ' was' : 's were'} replaced by "\uFFFD". Saving writes them as "\uFFFD"; keep a copy of the original if they matter.`);
    if ((input as string).trim() === '') return fail('$', 'The file is empty.');
    try {
      value = JSON.parse(input as string);
    } catch (e) {
      return fail('$', `This is not valid JSON: ${errorText(e)}`);
    }
  }
  const tooDeep = firstPathDeeperThan(value, MAX_DEPTH);
  if (tooDeep) return fail(jsonPath(tooDeep), `The data is nested more than ${MAX_DEPTH} levels deep here; a design never needs that (the file may be corrupt).`);
  if (!isObject(value)) return fail('$', `A design file must be a JSON object, not ${Array.isArray(value) ? 'a list' : value === null ? 'null' : typeof value}.`);
  if (value.format !== FORMAT) {
    return fail('$.format', value.format === undefined
      ? `This is not a Supervisor Studio design: the "format" field is missing (expected "${FORMAT}").`
      : `This is not a Supervisor Studio design: "format" is ${JSON.stringify(value.format)}, expected "${FORMAT}".`);
  }
  const version = value.version;
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    return fail('$.version', `"version" must be a whole number (got ${version === undefined ? 'nothing' : JSON.stringify(version)}).`);
  }
  // a "__proto__" key (JSON.parse keeps it as an own key) would set the prototype of the object the schema builds:
  // dropped wherever it is, and said so
  for (const path of dropProtoKeys(value)) cautions.push(`The field ${jsonPath(path)} was dropped: "__proto__" is not a name a design can use.`);
  const migrated = migrate(value);
  if (!migrated.ok) return { ok: false, errors: [migrated.error] };
  const result = DocumentSchema.safeParse(documentTypeDefaults(migrated.doc));
  if (!result.success) return { ok: false, errors: issuesToErrors(result.error.issues) };
  const warnings = [...notes, ...cautions, ...migrated.applied.map((m) => `Upgraded from format version ${m.from} to ${m.from + 1}: ${m.description}`)];
  for (const key of Object.keys(migrated.doc)) {
    if (!KNOWN_TOP_LEVEL.has(key)) warnings.push(`Unknown field "${key}" kept as it is.`);
  }
  return { ok: true, doc: result.data, warnings, cautions };
}

/** Deeper than any real design; keeps serialize (which recurses) and every consumer of the document safe. */
export const MAX_DEPTH = 64;

/** The path of the first value nested deeper than `max`, found without recursion. */
function firstPathDeeperThan(root: unknown, max: number): (string | number)[] | undefined {
  const stack: { v: unknown; path: (string | number)[] }[] = [{ v: root, path: [] }];
  while (stack.length) {
    const { v, path } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (path.length >= max) return path;
    if (Array.isArray(v)) v.forEach((c, i) => stack.push({ v: c, path: [...path, i] }));
    else for (const [k, c] of Object.entries(v)) stack.push({ v: c, path: [...path, k] });
  }
  return undefined;
}

/** Remove every own "__proto__" key (without recursion); returns their paths. */
function dropProtoKeys(root: unknown): (string | number)[][] {
  const dropped: (string | number)[][] = [];
  const stack: { v: unknown; path: (string | number)[] }[] = [{ v: root, path: [] }];
  while (stack.length) {
    const { v, path } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      v.forEach((c, i) => stack.push({ v: c, path: [...path, i] }));
      continue;
    }
    if (Object.prototype.hasOwnProperty.call(v, '__proto__')) {
      delete (v as Record<string, unknown>)['__proto__'];
      dropped.push([...path, '__proto__']);
    }
    for (const [k, c] of Object.entries(v)) stack.push({ v: c, path: [...path, k] });
  }
  return dropped.sort((a, b) => (jsonPath(a) < jsonPath(b) ? -1 : 1));
}

const fail = (path: string, message: string): ParseResult => ({ ok: false, errors: [{ path, message }] });

/** Keys written first, in this order, wherever they appear; all other keys follow alphabetically. */
const KEY_ORDER = [
  'format', 'version', 'title', 'id', 'kind', 'type', 'name', 'at', 'source', 'target', 'order', 'position', 'x', 'y', 'zoom',
  'behaviour', 'params', 'nodes', 'edges', 'scenarios',
];
const KEY_RANK = new Map(KEY_ORDER.map((k, i) => [k, i]));
const compareKeys = (a: string, b: string) => {
  const ra = KEY_RANK.get(a) ?? Infinity;
  const rb = KEY_RANK.get(b) ?? Infinity;
  return ra !== rb ? ra - rb : a < b ? -1 : a > b ? 1 : 0;
};

/** Pretty JSON with keys in a stable order (same document → same bytes), ending in a newline. */
export function serialize(doc: DesignDocument): string {
  return `${JSON.stringify(doc, (_key, value: unknown) => {
    if (!isObject(value)) return value;
    const sorted: Json = {};
    for (const k of Object.keys(value).sort(compareKeys)) sorted[k] = value[k];
    return sorted;
  }, 2)}\n`;
}
