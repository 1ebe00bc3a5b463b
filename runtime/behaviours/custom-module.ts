// A custom behaviour as a GenServer module, from its callbacks written as plain objects (not Erlang tuples):
//
//   export default {
//     init(params, ctx)                 → { ok: state } | { stop: reason } | 'ignore'
//     handleCall(msg, from, state, ctx) → { reply, state } | { noreply: true, state } | { stop: reason, reply?, state }
//     handleCast(msg, state, ctx)       → { state } | { stop: reason, state }
//     handleInfo(msg, state, ctx)       → { state } | { stop: reason, state }
//     terminate(reason, state, ctx)
//   }
//
// `ctx` offers: self, now(), random() (seeded), send(nameOrPid, msg), reply(from, value), pidOf(name), note(event),
// and Elixir's three kinds of failure with a kind-aware try (docs/behaviours.md): exit(reason), throw(value),
// raise(Exception, messageOrFields), error(reason) (`:erlang.error`), try(body, { rescue, catch, after }).
// As in a GenServer, a value thrown out of a callback (ctx.throw, or a JS `throw` of anything that is not an Error)
// is the callback's return value: a result object works as if returned, anything else stops the server with
// `{:bad_return_value, value}`. A JS Error (a bug, `throw new Error(..)`) crashes it as a RuntimeError with the line.
// The studio compiles a document's source into such an object (custom.ts, custom-source.ts: loop-guarded, errors
// carry the source line); an exported TypeScript project imports its typed modules and calls `behaviourOf` directly.
// No source loading here, so the runtime package (which has no dependencies) can ship it.
import {
  Bin, ErlError, ErlStruct, List, Ref, Stack, isPid, isUnwind, list, bin, toErlError, type ErrorKind, type Proc, type Term,
} from '../kernel/index';
import { reply, type From } from '../otp/genserver';
import { exception, exceptionMessage, normalizeError } from './exceptions';
import type { Behaviour, BehaviourEnv } from './lib';

/** What `rescue` gets: the exception as Elixir's `rescue e ->` sees it. */
export interface RescuedException {
  /** The exception module, e.g. 'ArgumentError'. */
  name: string;
  /** `Exception.message(e)`. */
  message: string;
  /** The struct's fields (terms). */
  fields: Readonly<Record<string, Term>>;
  /** The struct itself (a term: reply with it, exit with it). */
  exception: ErlStruct;
}

/** Handlers of `ctx.try`, like Elixir's `try do ... rescue ... catch ... after ... end`. */
export interface TryHandlers<T> {
  /** Errors (kind :error), normalized to exception structs: one function for all, or one per exception name
   *  (`{ ArgumentError: (e) => ... }`; other errors go on to `catch` or propagate). */
  rescue?: ((e: RescuedException) => T) | Partial<Record<string, (e: RescuedException) => T>>;
  /** `catch kind, value`: one function for every kind, or one per kind (`{ throw: (v) => ..., exit: (r) => ... }`).
   *  For :error the value is the raw reason (a struct, or e.g. :badarith). */
  catch?: ((kind: ErrorKind, value: Term) => T) | Partial<Record<ErrorKind, (value: Term) => T>>;
  /** Runs last, whatever happened; its return value is ignored (it cannot change the result). */
  after?: () => void;
}

export interface CustomCtx {
  self: Proc;
  now(): number;
  random(): number;
  send(to: string | Proc, msg: Term): void;
  reply(from: From, value: Term): void;
  pidOf(name: string): Proc | undefined;
  note(event: string, data?: Record<string, unknown>): void;
  /** Elixir `exit(reason)`: the process exits with exactly `reason` (`ctx.exit('database_unreachable')`). */
  exit(reason: unknown): never;
  /** Elixir `throw(value)`: out of a callback, the value is the callback's return value. */
  throw(value: unknown): never;
  /** Elixir `raise Name, message` / `raise Name, field: value`: exits with `{%Name{...}, stack}` unless rescued. */
  raise(name: string, messageOrFields?: string | Record<string, unknown>): never;
  /** Erlang `:erlang.error(reason)` (what Elixir's runtime errors are: `:badarith`, `['badmatch', v]`, ...). */
  error(reason: unknown): never;
  /** Elixir's `try` with `rescue`, `catch` (by kind) and `after`. */
  try<T>(body: () => T, handlers: TryHandlers<T>): T;
}

/** The state of a custom behaviour's server: its ctx and the user's own state. */
export interface CustomState {
  ctx: CustomCtx;
  user: unknown;
}
type S = CustomState;

/** A term class instance (or a pid) that user values may contain as they are. */
function isTermObject(v: object): boolean {
  return v instanceof Map || v instanceof Bin || v instanceof List || v instanceof ErlStruct || v instanceof Ref || v instanceof Stack || isPid(v);
}

/** A value from user code as a term (docs/behaviours.md): strings are atoms, arrays tuples, `undefined` nil,
 *  `{ $bin: "text" }` a binary, `{ $list: [...] }` a list, another plain object a map with atom keys. */
export function userTerm(v: unknown): Term {
  if (v === undefined) return null;
  if (Array.isArray(v)) return v.map(userTerm);
  if (v !== null && typeof v === 'object' && !isTermObject(v)) {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === '$bin' && typeof o.$bin === 'string') return bin(o.$bin);
    if (keys.length === 1 && keys[0] === '$list' && Array.isArray(o.$list)) return list(o.$list.map(userTerm));
    return new Map<Term, Term>(keys.sort().map((k) => [k, userTerm(o[k])]));
  }
  return v as Term;
}

/** A callback's result object (not a term: a tuple, map, pid, ... is not a result). */
function isResult(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !isTermObject(v);
}

function rescued(e: ErlStruct): RescuedException {
  return { name: e.module, message: exceptionMessage(e), fields: e.fields, exception: e };
}

/** Whether a thrown value must not be caught by user code (the studio's loop guard), besides the kernel's unwind. */
type Uncatchable = (e: unknown) => boolean;

function tryIn<T>(body: () => T, h: TryHandlers<T>, uncatchable: Uncatchable): T {
  if (typeof body !== 'function') throw new Error('ctx.try(body, { rescue, catch, after }): body must be a function');
  try {
    return body();
  } catch (e) {
    // the kernel's unwind (this process was killed) and the loop guard are not the code's to catch
    if (isUnwind(e) || uncatchable(e)) throw e;
    const err = toErlError(e); // a JS Error is a RuntimeError, any other thrown value an Erlang throw
    if (err.kind === 'error' && h.rescue) {
      const ex = normalizeError(err.value);
      const r = typeof h.rescue === 'function' ? h.rescue : h.rescue[ex.module];
      if (r) return r(rescued(ex));
    }
    if (h.catch) {
      const c = typeof h.catch === 'function' ? (v: Term) => (h.catch as (k: ErrorKind, v: Term) => T)(err.kind, v) : h.catch[err.kind];
      if (c) return c(err.value);
    }
    throw e;
  } finally {
    // Elixir's `after`: runs, and what it returns is dropped (a `return` in a JS finally would replace the result)
    h.after?.();
  }
}

function ctxFor(env: BehaviourEnv, self: Proc, uncatchable: Uncatchable): CustomCtx {
  return {
    self,
    now: () => self.kernel.now(),
    random: () => self.random(),
    send: (to, msg) => {
      const pid = typeof to === 'string' ? env.pidOf(to) : to;
      if (pid) self.send(pid, msg);
    },
    reply,
    pidOf: env.pidOf,
    note: env.note,
    exit: (reason) => {
      throw new ErlError('exit', userTerm(reason));
    },
    throw: (value) => {
      // kept as it is: thrown out of a callback it is the callback's result (a result object works as returned)
      throw new ErlError('throw', value as Term);
    },
    raise: (name, messageOrFields) => {
      throw new ErlError('error', exception(name, messageOrFields as string | Record<string, Term> | undefined, userTerm));
    },
    error: (reason) => {
      throw new ErlError('error', userTerm(reason));
    },
    try: (b, h) => tryIn(b, h, uncatchable),
  };
}

/** Run a user callback; a thrown value (ctx.throw, or a JS throw of a non-Error) comes back as its result. */
function callUser(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    if (e instanceof ErlError) {
      if (e.kind === 'throw') return e.value;
      throw e;
    }
    if (e instanceof Error || isUnwind(e)) throw e;
    return e;
  }
}

/** What a custom behaviour's reply-less callbacks may return. Values are `unknown`: any JavaScript value a callback
 *  returns is a term to the runtime (strings are atoms, arrays tuples, …). */
export type NoReply<S> = { state?: S; stop?: undefined } | { stop: unknown; state?: S };

/** A custom behaviour's callbacks (every one optional). `S` is its state, `P` its parameters. */
export interface CustomCallbacks<S = any, P = Record<string, any>> {
  init?(params: P, ctx: CustomCtx): { ok: S } | { stop: unknown } | 'ignore';
  handleCall?(msg: Term, from: From, state: S, ctx: CustomCtx): { reply: unknown; state?: S } | { noreply: true; state?: S } | { stop: unknown; reply?: unknown; state?: S };
  handleCast?(msg: Term, state: S, ctx: CustomCtx): NoReply<S>;
  handleInfo?(msg: Term, state: S, ctx: CustomCtx): NoReply<S>;
  terminate?(reason: Term, state: S, ctx: CustomCtx): unknown;
}

/** Callbacks as written in the studio, typed: `export default defineCallbacks<State>({ init() {…}, … })`. */
export function defineCallbacks<S = any, P = Record<string, any>>(callbacks: CustomCallbacks<S, P>): CustomCallbacks<S, P> {
  return callbacks;
}

export interface BehaviourOfOptions {
  /** Thrown values user code must not catch with ctx.try (the studio passes its loop guard's). */
  uncatchable?: (e: unknown) => boolean;
}

/** A custom behaviour's callbacks as a GenServer module (a Behaviour, like the library's). `id` names it in errors. */
export function behaviourOf(id: string, callbacks: CustomCallbacks | Partial<Record<string, (...args: any[]) => any>>, opts: BehaviourOfOptions = {}): Behaviour<S> {
  const m = callbacks as Partial<Record<'init' | 'handleCall' | 'handleCast' | 'handleInfo' | 'terminate', (...args: any[]) => any>>;
  const uncatchable = opts.uncatchable ?? (() => false);
  const bad = (r: unknown): Term => ['bad_return_value', userTerm(r)];
  const noReply = (r: unknown, s: S) => {
    if (!isResult(r)) return ['stop', bad(r), s] as const;
    const st: S = { ...s, user: 'state' in r ? r.state : s.user };
    return 'stop' in r ? (['stop', r.stop as Term, st] as const) : (['noreply', st] as const);
  };
  return {
    init(env, self) {
      const ctx = ctxFor(env, self, uncatchable);
      const r = m.init ? callUser(() => m.init!(env.params, ctx)) : { ok: undefined };
      if (r === 'ignore') return 'ignore';
      if (!isResult(r)) return ['stop', bad(r)];
      if ('stop' in r) return ['stop', r.stop as Term];
      return ['ok', { ctx, user: 'ok' in r ? r.ok : r }];
    },
    handleCall(req, from, s) {
      if (!m.handleCall) throw new ErlError('error', new ErlStruct('RuntimeError', { message: bin(`custom behaviour "${id}" has no handleCall`) }));
      const r = callUser(() => m.handleCall!(req, from, s.user, s.ctx));
      if (!isResult(r)) return ['stop', bad(r), s];
      const st: S = { ...s, user: 'state' in r ? r.state : s.user };
      if ('stop' in r) return 'reply' in r ? ['stop', r.stop as Term, r.reply as Term, st] : ['stop', r.stop as Term, st];
      if (r.noreply) return ['noreply', st];
      return ['reply', r.reply as Term, st];
    },
    handleCast(req, s) {
      return m.handleCast ? noReply(callUser(() => m.handleCast!(req, s.user, s.ctx)), s) : ['noreply', s];
    },
    handleInfo(msg, s) {
      return m.handleInfo ? noReply(callUser(() => m.handleInfo!(msg, s.user, s.ctx)), s) : ['noreply', s];
    },
    terminate(reason, s) {
      // a throw out of terminate is its return value (gen_server try_terminate): the exit reason stays
      if (m.terminate) callUser(() => m.terminate!(reason, s.user, s.ctx));
    },
  };
}
