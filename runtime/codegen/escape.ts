// Escaping for every export target. Process names are valid identifiers (validate checks them), but titles,
// scenario names, descriptions, lesson text, string parameters, messages, custom behaviour ids and edge labels are
// free text: quotes, backticks, `*/`, `#{`, newlines, line separators, unicode. Everything that reaches generated
// source goes through one of these functions, never through plain string concatenation.
import { ELIXIR_RESERVED, TS_RESERVED, sanitizeName } from '../design/names';

// ---- TypeScript -----------------------------------------------------------------------------------------------------

/** A TypeScript string literal (JSON is a subset of ES2019 string syntax; U+2028/2029 are escaped anyway). */
export function tsString(s: string): string {
  return tsValue(s);
}

/** Line comments: one `// ` per line; every JS line terminator (\r, \n, U+2028, U+2029) starts a new comment line. */
export function tsComment(text: string, indent = ''): string {
  return stripControls(text).split(/\r\n|[\r\n\u2028\u2029]/).map((l) => `${indent}//${l ? ` ${l}` : ''}`).join('\n');
}

/** A JSDoc block: `*\/` can never close it early (written `*\/`), line terminators become separate lines. */
export function tsDoc(text: string, indent = ''): string {
  const lines = stripControls(text).replace(/\*\//g, '*\\/').split(/\r\n|[\r\n\u2028\u2029]/);
  return [`${indent}/**`, ...lines.map((l) => `${indent} *${l ? ` ${l}` : ''}`), `${indent} */`].join('\n');
}

/** A usable TypeScript identifier for any text (not reserved; `taken` avoids collisions and is updated). */
export function tsIdent(text: string, taken?: Set<string>): string {
  let id = sanitizeName(text);
  if (TS_RESERVED.has(id)) id = `${id}_`;
  return unique(id, taken);
}

/** PascalCase of any text (`pool_manager` → `PoolManager`), a valid TypeScript type name / Elixir alias segment. */
export function pascal(text: string, taken?: Set<string>): string {
  const id = sanitizeName(text).split('_').filter(Boolean).map((p) => p[0].toUpperCase() + p.slice(1)).join('');
  return unique(/^[A-Z]/.test(id) ? id : `M${id}`, taken);
}

function unique(id: string, taken?: Set<string>): string {
  if (!taken) return id;
  let out = id;
  for (let i = 2; taken.has(out); i++) out = `${id}${/\d$/.test(id) ? '_' : ''}${i}`;
  taken.add(out);
  return out;
}

/** A JSON value as a TypeScript expression (strings escaped, no `undefined`). */
export function tsValue(v: unknown, indent?: number): string {
  const json = JSON.stringify(v, null, indent);
  return json === undefined ? 'null' : json.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

// ---- Elixir ---------------------------------------------------------------------------------------------------------

/** An Elixir string literal: `\`, `"` and `#{` escaped, control characters as `\xNN`/`\u{..}`, unicode kept. */
export function exString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '#') out += '\\#';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0) || c === 0x2028 || c === 0x2029 || (c >= 0xd800 && c <= 0xdfff)) {
      out += c >= 0xd800 && c <= 0xdfff ? '\\u{FFFD}' : `\\u{${c.toString(16).toUpperCase()}}`;
    } else out += ch;
  }
  return out + '"';
}

const PLAIN_ATOM = /^[a-z_][a-zA-Z0-9_]*[?!]?$/;

/** An Elixir atom literal: `:name` when that reads back as the same atom, else `:"quoted"`. */
export function exAtom(s: string): string {
  return PLAIN_ATOM.test(s) ? `:${s}` : `:${exString(s)}`;
}

/** `# ` line comments; every newline-like character starts a new comment line. */
export function exComment(text: string, indent = ''): string {
  return stripControls(text).split(/\r\n|[\r\n\u2028\u2029]/).map((l) => `${indent}#${l ? ` ${l}` : ''}`).join('\n');
}

/** A snake_case Elixir function/variable name for any text (never a reserved word). */
export function exIdent(text: string, taken?: Set<string>): string {
  let id = sanitizeName(text);
  if (ELIXIR_RESERVED.has(id)) id = `${id}_`;
  return unique(id, taken);
}

/** Erlang's limit on an atom's length (characters). */
export const MAX_ATOM_LENGTH = 255;

/**
 * A JSON value (document messages, scenario terms) as an Elixir term, read the way the simulator reads it
 * (runtime/sim/terms.ts): a string is an atom, an array a tuple, `{"$bin": s}` a binary, `{"$list": [...]}` a list,
 * `null` nil, any other object a map with atom keys. A string too long for an atom stays a binary.
 */
export function exTerm(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return Number.isFinite(v) ? (Number.isInteger(v) ? String(v) : exFloat(v)) : ':infinity';
  if (typeof v === 'string') return [...v].length <= MAX_ATOM_LENGTH ? exAtom(v) : exString(v);
  if (Array.isArray(v)) return `{${v.map(exTerm).join(', ')}}`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === '$bin' && typeof o.$bin === 'string') return exString(o.$bin);
    if (keys.length === 1 && keys[0] === '$list' && Array.isArray(o.$list)) return `[${o.$list.map(exTerm).join(', ')}]`;
    return `%{${keys.sort().map((k) => `${exTerm(k)} => ${exTerm(o[k])}`).join(', ')}}`;
  }
  return 'nil';
}

function exFloat(v: number): string {
  const s = String(v);
  return /[.e]/.test(s) ? (s.includes('.') ? s : s.replace('e', '.0e')) : `${s}.0`;
}

/** A parameter value as Elixir data: text stays a binary (it is text to the behaviour), numbers and booleans as is. */
export function exParam(v: unknown): string {
  return typeof v === 'string' ? exString(v) : exTerm(v);
}

// ---- Mermaid --------------------------------------------------------------------------------------------------------

/**
 * Text inside a quoted Mermaid label (`id["..."]`, `-->|"..."|`): characters Mermaid gives a meaning are written as
 * its entity codes (`#quot;`, `#35;`, ...), line breaks as `<br/>`. Everything else (unicode) stays.
 */
export function mermaidText(s: string): string {
  let out = '';
  for (const ch of s) {
    switch (ch) {
      case '"': out += '#quot;'; break;
      case '#': out += '#35;'; break;
      case '&': out += '#amp;'; break;
      case '<': out += '#lt;'; break;
      case '>': out += '#gt;'; break;
      case '`': out += '#96;'; break;
      case '|': out += '#124;'; break;
      case ';': out += '#59;'; break;
      case '%': out += '#37;'; break;
      case '\n': case '\u2028': case '\u2029': out += '<br/>'; break;
      case '\r': break;
      default: {
        const c = ch.codePointAt(0)!;
        out += c < 0x20 || c === 0x7f ? ' ' : ch;
      }
    }
  }
  return out;
}

/** A `%%` comment line (Mermaid comments end at the line end). */
export function mermaidComment(text: string): string {
  return stripControls(text).split(/\r\n|[\r\n\u2028\u2029]/).map((l) => `%% ${l}`).join('\n');
}

/** Control characters (other than tab) as spaces: a NUL or BEL has no business in generated text. */
export function stripControls(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    out += (c < 0x20 && ch !== '\t' && ch !== '\n' && ch !== '\r') || c === 0x7f ? ' ' : ch;
  }
  return out;
}
