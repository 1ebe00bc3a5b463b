// Erlang terms in TypeScript — one representation shared by the kernel, the OTP layer, the designer and codegen.
//
//   atom      → JS string ('ok', 'normal'; Elixir modules as 'Elixir.GenServer'); JS true/false/null are the
//               atoms true/false/nil
//   integer   → number (or bigint); float → number that is not an integer
//   tuple     → JS array (['ok', pid])            list → List (list([1, 'a']))
//   binary    → Bin (bin('text'))                 map  → JS Map
//   pid       → the kernel's Proc object          ref  → Ref
//   exception → ErlStruct (%RuntimeError{message: "boom"});  a stacktrace → the STACK marker
//
// `fmt` prints a term exactly as ../shared/conformance/FORMAT.md 1.1 says (a subset of Elixir's inspect/1).

/** A pid-like term: the kernel's process objects (Proc in kernel.ts). */
export interface PidLike {
  readonly id: number;
  readonly isPid: true;
}

export class Ref {
  /** For call replies (process aliases): the process that may receive messages tagged with this ref, if any. */
  alias: PidLike | null = null;
  constructor(readonly id: number) {}
}

export class Bin {
  constructor(readonly s: string) {}
}

export class List {
  constructor(readonly items: readonly Term[]) {}
}

/** An Elixir struct; exceptions are structs with `module` = 'RuntimeError', 'ArgumentError', ... */
export class ErlStruct {
  constructor(
    readonly module: string,
    readonly fields: Readonly<Record<string, Term>>,
  ) {}
}

/** A stacktrace. Printed as `:stack` (FORMAT.md: any stacktrace-shaped list prints as the atom :stack). */
export class Stack {
  constructor(readonly frames: readonly string[] = []) {}
}
export const STACK = new Stack();

export type Atom = string;
export type Tuple = readonly Term[];
export type Term =
  | Atom
  | number
  | bigint
  | boolean
  | null
  | undefined
  | Tuple
  | List
  | Bin
  | Map<Term, Term>
  | ErlStruct
  | Stack
  | Ref
  | PidLike
  | ((...args: never[]) => unknown);

export const bin = (s: string): Bin => new Bin(s);
export const list = (items: readonly Term[]): List => new List(items);
export const tuple = (...items: Term[]): Tuple => items;
export const runtimeError = (message: string): ErlStruct => new ErlStruct('RuntimeError', { message: new Bin(message) });

export function isPid(t: unknown): t is PidLike {
  return typeof t === 'object' && t !== null && (t as { isPid?: unknown }).isPid === true;
}
export function isTuple(t: unknown): t is Tuple {
  return Array.isArray(t);
}
/** `{tag, ...}` with an atom first element equal to `tag`. */
export function isTagged(t: unknown, tag: string, size?: number): t is Tuple {
  return Array.isArray(t) && t[0] === tag && (size === undefined || t.length === size);
}

// ---- equality and order -----------------------------------------------------------------------------------------

function atomName(t: Term): string | undefined {
  if (typeof t === 'string') return t;
  if (t === true) return 'true';
  if (t === false) return 'false';
  if (t === null || t === undefined) return 'nil';
  return undefined;
}

export function termEq(a: Term, b: Term): boolean {
  if (a === b) return true;
  const an = atomName(a);
  if (an !== undefined) return an === atomName(b);
  if (typeof a === 'number' || typeof a === 'bigint') return (typeof b === 'number' || typeof b === 'bigint') && a == b;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!termEq(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof List) {
    if (!(b instanceof List) || a.items.length !== b.items.length) return false;
    for (let i = 0; i < a.items.length; i++) if (!termEq(a.items[i], b.items[i])) return false;
    return true;
  }
  if (a instanceof Bin) return b instanceof Bin && a.s === b.s;
  if (a instanceof Stack) return b instanceof Stack;
  if (a instanceof ErlStruct) {
    if (!(b instanceof ErlStruct) || a.module !== b.module) return false;
    const ka = Object.keys(a.fields), kb = Object.keys(b.fields);
    return ka.length === kb.length && ka.every((k) => k in b.fields && termEq(a.fields[k], b.fields[k]));
  }
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    for (const [k, v] of a) {
      let found = false;
      for (const [k2, v2] of b) if (termEq(k, k2)) { found = termEq(v, v2); break; }
      if (!found) return false;
    }
    return true;
  }
  return false;
}

// Erlang term order: number < atom < reference < fun < port < pid < tuple < map < nil < list < bitstring
function rank(t: Term): number {
  if (typeof t === 'number' || typeof t === 'bigint') return 0;
  if (atomName(t) !== undefined) return 1;
  if (t instanceof Ref) return 2;
  if (typeof t === 'function') return 3;
  if (isPid(t)) return 5;
  if (Array.isArray(t)) return 6;
  if (t instanceof Map || t instanceof ErlStruct) return 7;
  if (t instanceof List || t instanceof Stack) return 9;
  return 10;
}

export function compareTerms(a: Term, b: Term): number {
  const ra = rank(a), rb = rank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 0: return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    case 1: { const x = atomName(a)!, y = atomName(b)!; return x < y ? -1 : x > y ? 1 : 0; }
    case 2: return (a as Ref).id - (b as Ref).id;
    case 5: return (a as PidLike).id - (b as PidLike).id;
    case 6: {
      const x = a as Tuple, y = b as Tuple;
      if (x.length !== y.length) return x.length - y.length;
      for (let i = 0; i < x.length; i++) { const c = compareTerms(x[i], y[i]); if (c) return c; }
      return 0;
    }
    case 9: {
      const x = a instanceof List ? a.items : [], y = b instanceof List ? b.items : [];
      for (let i = 0; i < Math.min(x.length, y.length); i++) { const c = compareTerms(x[i], y[i]); if (c) return c; }
      return x.length - y.length;
    }
    case 10: { const x = (a as Bin).s ?? '', y = (b as Bin).s ?? ''; return x < y ? -1 : x > y ? 1 : 0; }
    default: return 0;
  }
}

// ---- printing -----------------------------------------------------------------------------------------------------

/** How identities print. The conformance harness passes labels; the default prints `#PID<0.N.0>` / `#Reference<..>`. */
export interface Labeler {
  pid?(p: PidLike): string | undefined;
  ref?(r: Ref): string | undefined;
}

const PLAIN_ATOM = /^[a-zA-Z_][a-zA-Z0-9_@]*[?!]?$/;
const ALIAS = /^Elixir\.([A-Z][a-zA-Z0-9_]*(\.[A-Z][a-zA-Z0-9_]*)*)$/;

export function fmtAtom(a: string): string {
  if (a === 'true' || a === 'false' || a === 'nil') return a;
  const m = ALIAS.exec(a);
  if (m) return m[1];
  if (PLAIN_ATOM.test(a)) return ':' + a;
  return ':' + quote(a);
}

function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    switch (ch) {
      case '"': out += '\\"'; break;
      case '\\': out += '\\\\'; break;
      case '\n': out += '\\n'; break;
      case '\t': out += '\\t'; break;
      case '\r': out += '\\r'; break;
      case '#': out += '#'; break;
      default: out += ch;
    }
  }
  return out + '"';
}

function fmtKey(k: Term, lab: Labeler | undefined): string {
  const name = atomName(k);
  if (name !== undefined && typeof k === 'string') return (PLAIN_ATOM.test(name) ? name : quote(name)) + ': ';
  return fmt(k, lab) + ' => ';
}

export function fmt(t: Term, lab?: Labeler): string {
  switch (typeof t) {
    case 'string': return fmtAtom(t);
    case 'number': return Number.isInteger(t) ? String(t) : fmtFloat(t);
    case 'bigint': return t.toString();
    case 'boolean': return t ? 'true' : 'false';
    case 'undefined': return 'nil';
    case 'function': return '#Function<?>';
  }
  if (t === null) return 'nil';
  if (Array.isArray(t)) return '{' + t.map((x) => fmt(x, lab)).join(', ') + '}';
  if (t instanceof List) return isStacktrace(t.items) ? ':stack' : '[' + t.items.map((x) => fmt(x, lab)).join(', ') + ']';
  if (t instanceof Bin) return quote(t.s);
  if (t instanceof Stack) return ':stack';
  if (t instanceof Ref) return lab?.ref?.(t) ?? `#Reference<0.0.0.${t.id}>`;
  if (isPid(t)) return lab?.pid?.(t) ?? `#PID<0.${t.id}.0>`;
  if (t instanceof ErlStruct) {
    const keys = Object.keys(t.fields).sort();
    return `%${t.module}{` + keys.map((k) => fmtKey(k, lab) + fmt(t.fields[k], lab)).join(', ') + '}';
  }
  if (t instanceof Map) {
    const entries = [...t.entries()].sort((a, b) => compareTerms(a[0], b[0]));
    return '%{' + entries.map(([k, v]) => fmtKey(k, lab) + fmt(v, lab)).join(', ') + '}';
  }
  return '#Term<?>';
}

function fmtFloat(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const s = String(n);
  return s.includes('.') || s.includes('e') ? s : s + '.0';
}

function isStacktrace(items: readonly Term[]): boolean {
  if (items.length === 0) return false;
  return items.every(
    (e) =>
      Array.isArray(e) && e.length === 4 && typeof e[0] === 'string' && typeof e[1] === 'string' &&
      (typeof e[2] === 'number' || e[2] instanceof List) && e[3] instanceof List,
  );
}

// ---- patterns (for selective receive) -----------------------------------------------------------------------------

/** Wildcard for `match`: matches any term. */
export const ANY: unique symbol = Symbol('ANY');
export type Pattern = typeof ANY | Term | readonly Pattern[] | ((t: Term) => boolean);

/** Structural match: tuples element-wise, ANY matches anything, a function is a predicate, else term equality. */
export function match(p: Pattern, t: Term): boolean {
  if (p === ANY) return true;
  if (typeof p === 'function') return (p as (t: Term) => boolean)(t);
  if (Array.isArray(p)) {
    if (!Array.isArray(t) || t.length !== p.length) return false;
    for (let i = 0; i < p.length; i++) if (!match(p[i] as Pattern, t[i])) return false;
    return true;
  }
  return termEq(p as Term, t);
}
