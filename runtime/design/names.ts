// Process names must work unchanged as identifiers in every export target: a TypeScript identifier and an Elixir
// atom/variable/function name. The safe common ground: a lowercase ASCII letter, then letters, digits and `_`,
// and not a reserved word of either language.

export const TS_RESERVED = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export',
  'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super',
  'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with',
  // strict mode and contextual words that break generated code
  'implements', 'interface', 'let', 'package', 'private', 'protected', 'public', 'static', 'yield', 'await', 'async',
  'arguments', 'eval', 'undefined', 'of', 'type', 'declare', 'namespace', 'module', 'constructor', 'prototype',
]);
export const ELIXIR_RESERVED = new Set([
  'true', 'false', 'nil', 'when', 'and', 'or', 'not', 'in', 'fn', 'do', 'end', 'catch', 'rescue', 'after', 'else',
  // special forms and Kernel macros a generated module uses
  'def', 'defp', 'defmodule', 'import', 'require', 'alias', 'use', 'quote', 'unquote', 'case', 'cond', 'receive', 'try',
  'with', 'for', 'super', 'raise', 'throw', 'exit', 'self', 'send', 'spawn', 'if', 'unless',
]);

const IDENTIFIER = /^[a-z][a-zA-Z0-9_]*$/;
export const MAX_NAME_LENGTH = 64;

/** Why `name` is not usable as a process name, or undefined when it is. */
export function nameProblem(name: string): string | undefined {
  if (name === '') return 'it is empty';
  if (name.length > MAX_NAME_LENGTH) return `it is longer than ${MAX_NAME_LENGTH} characters`;
  if (!IDENTIFIER.test(name)) {
    if (/^[A-Z]/.test(name)) return 'it starts with a capital letter (Elixir would read it as a module name)';
    if (/^[0-9_]/.test(name)) return 'it must start with a lowercase letter';
    return 'it may only use the letters a–z and A–Z, digits and _';
  }
  if (TS_RESERVED.has(name)) return `"${name}" is a reserved word in TypeScript`;
  if (ELIXIR_RESERVED.has(name)) return `"${name}" is a reserved word in Elixir`;
  return undefined;
}

export const isValidName = (name: string) => nameProblem(name) === undefined;

/** The closest valid name: `"My Worker!"` → `my_worker`, `"1st"` → `p_1st`, `"end"` → `end_`. */
export function sanitizeName(name: string): string {
  let s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!/^[a-z]/.test(s)) s = `p_${s}`.replace(/_$/, '');
  s = s.slice(0, MAX_NAME_LENGTH - 1);
  if (TS_RESERVED.has(s) || ELIXIR_RESERVED.has(s)) s = `${s}_`;
  return s;
}

/** Module names of Elixir and OTP a design's module (a worker's `start.module`) must not take: the export aliases
 *  each start module in its supervisor's module, so `Supervisor` or `Studio` there would shadow the real one. */
export const ELIXIR_TAKEN_MODULES = [
  'Elixir', 'Kernel', 'Application', 'Supervisor', 'DynamicSupervisor', 'GenServer', 'Registry', 'Task', 'Agent', 'Process',
  'Mix', 'Logger', 'IO', 'Enum', 'Map', 'List', 'String', 'Atom', 'Code', 'Module', 'System', 'File', 'Path', 'Node',
  'Port', 'Access', 'Stream', 'Range', 'Tuple', 'Integer', 'Float', 'Function', 'Exception', 'Protocol', 'Macro', 'Record',
  'Base', 'Bitwise', 'Calendar', 'Date', 'Time', 'DateTime', 'NaiveDateTime', 'URI', 'Version', 'Inspect', 'Keyword',
  'MapSet', 'Regex', 'Set', 'Dict', 'HashDict', 'HashSet', 'Behaviour', 'Config', 'ExUnit', 'IEx', 'EEx', 'Studio',
  // protocol implementation targets and aliases Elixir gives a meaning (`defimpl … for: Any`, `Nil`, `True`, …)
  'Nil', 'True', 'False', 'Any', 'Reference', 'BitString', 'PID', 'Erlang', 'Collectable', 'Enumerable', 'List.Chars',
  'String.Chars', 'Unicode', 'OptionParser', 'StringIO', 'GenEvent', 'Supervisor.Spec', 'Kernel.SpecialForms',
  'ArgumentError', 'ArithmeticError', 'RuntimeError', 'ErlangError', 'KeyError', 'MatchError', 'CaseClauseError',
  'FunctionClauseError', 'UndefinedFunctionError', 'BadArityError', 'BadFunctionError', 'BadMapError', 'SystemLimitError',
  'ExUnitProperties', 'Mixfile', 'Hex', 'Plug', 'Phoenix',
];
const TAKEN_MODULE_SET = new Set(ELIXIR_TAKEN_MODULES);

const ALIAS = /^[A-Z][A-Za-z0-9_]*(\.[A-Z][A-Za-z0-9_]*)*$/;
/** Why `module` is not usable as the Elixir module of a worker's start, or undefined when it is. */
export function moduleProblem(module: string): string | undefined {
  if (module === '') return 'it is empty';
  if (module.length > MAX_NAME_LENGTH) return `it is longer than ${MAX_NAME_LENGTH} characters`;
  if (!ALIAS.test(module)) {
    if (/^[a-z:]/.test(module)) return 'an Elixir module name starts with a capital letter (`MyWorker`, not `my_worker` or `:my_worker`)';
    return 'an Elixir module name is capitalised words of letters, digits and _ joined by dots (`MyWorker`, `Todo.Server`)';
  }
  const last = module.split('.').pop()!;
  if (TAKEN_MODULE_SET.has(module) || TAKEN_MODULE_SET.has(last)) return `"${TAKEN_MODULE_SET.has(module) ? module : last}" is a module of Elixir or of the exported project`;
  return undefined;
}

const FUNCTION = /^[a-z_][a-zA-Z0-9_]*[?!]?$/;
/** Functions the exported start module defines itself (or Elixir gives every module). */
const TAKEN_FUNCTIONS = new Set(['child_spec', 'module_info', '__info__', 'behaviour_info', 'init']);
/** Why `fn` is not usable as the start function of a worker, or undefined when it is. */
export function functionProblem(fn: string): string | undefined {
  if (fn === '') return 'it is empty';
  if (fn.length > MAX_NAME_LENGTH) return `it is longer than ${MAX_NAME_LENGTH} characters`;
  if (!FUNCTION.test(fn)) return 'an Elixir function name starts with a lowercase letter or _, then letters, digits and _ (`start_link`)';
  if (ELIXIR_RESERVED.has(fn)) return `"${fn}" is a reserved word in Elixir`;
  if (TAKEN_FUNCTIONS.has(fn)) return `the exported module defines "${fn}" itself`;
  return undefined;
}
