// Messages in a document are JSON; processes speak Erlang terms. The convention (docs/behaviours.md):
//   "text" → the atom :text        [a, b] → the tuple {a, b}        numbers, true/false/null → themselves (null = nil)
//   {"$bin": "text"} → the binary "text"    {"$list": [...]} → a list    any other object → a map with atom keys
import { bin, list, type Term } from '../kernel/index';

export function jsonToTerm(v: unknown): Term {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(jsonToTerm);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === '$bin' && typeof o.$bin === 'string') return bin(o.$bin);
    if (keys.length === 1 && keys[0] === '$list' && Array.isArray(o.$list)) return list(o.$list.map(jsonToTerm));
    return new Map<Term, Term>(keys.sort().map((k) => [k, jsonToTerm(o[k])]));
  }
  return String(v);
}
