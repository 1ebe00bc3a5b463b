// Elixir's exception structs for behaviour code that raises like Elixir (`raise ArgumentError, "..."`) and rescues
// like Elixir (`rescue e ->` sees an Erlang error such as `:badarith` as `%ArithmeticError{}`). The default fields of
// each struct are Elixir 1.14's (`Mod.__struct__()`), so a raised struct prints as the same term real OTP prints.
import { Bin, ErlStruct, bin, fmt, type Term } from '../kernel/index';
import { dict } from '../dict';

/** Elixir 1.14's exceptions with their default fields (checked with `Mod.__struct__()` on Elixir 1.14.0). */
const DEFAULTS: Record<string, Record<string, Term>> = {
  RuntimeError: { message: bin('runtime error') },
  ArgumentError: { message: bin('argument error') },
  ArithmeticError: { message: bin('bad argument in arithmetic expression') },
  SystemLimitError: { message: bin('a system limit has been reached') },
  'Enum.EmptyError': { message: bin('empty error') },
  'Enum.OutOfBoundsError': { message: bin('out of bounds error') },
  KeyError: { key: null, message: null, term: null },
  UndefinedFunctionError: { arity: null, function: null, message: null, module: null, reason: null },
  MatchError: { term: null },
  CaseClauseError: { term: null },
  CondClauseError: {},
  TryClauseError: { term: null },
  WithClauseError: { term: null },
  BadMapError: { term: null },
  BadFunctionError: { term: null },
  BadBooleanError: { operator: null, term: null },
  BadStructError: { struct: null, term: null },
  FunctionClauseError: { args: null, arity: null, clauses: null, function: null, kind: null, module: null },
  ErlangError: { original: null, reason: null },
};

/** The exception names `raise` knows the fields of (any other alias-like name is accepted with the fields given). */
export const KNOWN_EXCEPTIONS: readonly string[] = Object.keys(DEFAULTS);

const ALIAS = /^[A-Z][A-Za-z0-9_]*(\.[A-Z][A-Za-z0-9_]*)*$/;

/**
 * `raise Name, message` / `raise Name, field: value, ...` as an exception struct. A message needs a struct with a
 * `message` field (Elixir: `raise MatchError, "x"` is itself a FunctionClauseError); fields must be the struct's.
 * Throws a plain Error (a mistake in the calling code) on a bad name, message or field.
 */
export function exception(name: string, messageOrFields: string | Record<string, Term> | undefined, toTerm: (v: unknown) => Term): ErlStruct {
  if (typeof name !== 'string' || !ALIAS.test(name)) throw new Error(`raise: ${JSON.stringify(name)} is not an exception module name (e.g. "ArgumentError")`);
  const defaults = DEFAULTS[name];
  const fields: Record<string, Term> = { ...(defaults ?? (typeof messageOrFields === 'string' ? { message: null } : {})) };
  if (typeof messageOrFields === 'string') {
    if (!('message' in fields)) {
      throw new Error(`raise: ${name} has no message; give its fields, e.g. raise(${JSON.stringify(name)}, { ${Object.keys(fields)[0] ?? 'term'}: ... })`);
    }
    fields.message = bin(messageOrFields);
  } else if (messageOrFields !== undefined && messageOrFields !== null) {
    if (typeof messageOrFields !== 'object' || Array.isArray(messageOrFields)) throw new Error(`raise: the second argument must be a message string or an object of fields`);
    for (const [k, v] of Object.entries(messageOrFields)) {
      if (defaults && !(k in defaults)) throw new Error(`raise: ${name} has no field ${JSON.stringify(k)} (its fields: ${Object.keys(defaults).join(', ') || 'none'})`);
      fields[k] = k === 'message' && typeof v === 'string' ? bin(v) : toTerm(v);
    }
  }
  return new ErlStruct(name, sortFields(fields));
}

function sortFields(f: Record<string, Term>): Record<string, Term> {
  const out = dict<Term>();
  for (const k of Object.keys(f).sort()) out[k] = f[k];
  return out;
}

/**
 * Elixir's `Exception.normalize(:error, reason)`: what `rescue e ->` sees for an error reason. Exception structs stay
 * as they are; the Erlang errors Elixir code produces map to their structs (`:badarith` → ArithmeticError,
 * `{:badmatch, v}` → MatchError, `:function_clause` → FunctionClauseError, `{:badkey, k}` → KeyError, `:badarg` →
 * ArgumentError, ...); anything else becomes `%ErlangError{original: reason}`.
 */
export function normalizeError(reason: Term): ErlStruct {
  if (reason instanceof ErlStruct) return reason;
  const mk = (name: string, f: Record<string, Term> = {}) => new ErlStruct(name, sortFields({ ...DEFAULTS[name], ...f }));
  switch (reason) {
    case 'badarith': return mk('ArithmeticError');
    case 'badarg': return mk('ArgumentError');
    case 'system_limit': return mk('SystemLimitError');
    case 'function_clause': return mk('FunctionClauseError');
    case 'cond_clause': return mk('CondClauseError');
    case 'undef': return mk('UndefinedFunctionError');
  }
  if (Array.isArray(reason) && typeof reason[0] === 'string') {
    const [tag, a, b] = reason as Term[];
    if (reason.length === 2) {
      switch (tag) {
        case 'badmatch': return mk('MatchError', { term: a });
        case 'case_clause': return mk('CaseClauseError', { term: a });
        case 'try_clause': return mk('TryClauseError', { term: a });
        case 'with_clause': return mk('WithClauseError', { term: a });
        case 'badmap': return mk('BadMapError', { term: a });
        case 'badfun': return mk('BadFunctionError', { term: a });
        case 'badkey': return mk('KeyError', { key: a });
        case 'badarg': return mk('ArgumentError');
      }
    }
    if (reason.length === 3 && tag === 'badkey') return mk('KeyError', { key: a, term: b });
  }
  return mk('ErlangError', { original: reason });
}

/** `Exception.message/1` for the structs above (the message field, else Elixir's wording for the common ones). */
export function exceptionMessage(e: ErlStruct): string {
  const f = e.fields;
  if (f.message instanceof Bin) return f.message.s;
  switch (e.module) {
    case 'MatchError': return `no match of right hand side value: ${fmt(f.term)}`;
    case 'CaseClauseError': return `no case clause matching: ${fmt(f.term)}`;
    case 'TryClauseError': return `no try clause matching: ${fmt(f.term)}`;
    case 'WithClauseError': return `no with clause matching: ${fmt(f.term)}`;
    case 'CondClauseError': return 'no cond clause evaluated to a truthy value';
    case 'BadMapError': return `expected a map, got: ${fmt(f.term)}`;
    case 'BadFunctionError': return `expected a function, got: ${fmt(f.term)}`;
    case 'KeyError': return `key ${fmt(f.key)} not found${f.term !== null && f.term !== undefined ? ` in: ${fmt(f.term)}` : ''}`;
    case 'FunctionClauseError': return 'no function clause matches';
    case 'UndefinedFunctionError': return 'undefined function';
    case 'ErlangError': return `Erlang error: ${fmt(f.original)}`;
    default: return e.module;
  }
}
