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
// `ctx` offers: self, now(), random() (seeded), send(nameOrPid, msg), reply(from, value), pidOf(name), note(event).
// The studio compiles a document's source into such an object (custom.ts, custom-source.ts: loop-guarded, errors
// carry the source line); an exported TypeScript project imports its typed modules and calls `behaviourOf` directly.
// No source loading here, so the runtime package (which has no dependencies) can ship it.
import { raise, type Proc, type Term } from '../kernel/index';
import { reply, type From } from '../otp/genserver';
import type { Behaviour, BehaviourEnv } from './lib';

export interface CustomCtx {
  self: Proc;
  now(): number;
  random(): number;
  send(to: string | Proc, msg: Term): void;
  reply(from: From, value: Term): void;
  pidOf(name: string): Proc | undefined;
  note(event: string, data?: Record<string, unknown>): void;
}

export interface CustomState {
  ctx: CustomCtx;
  user: unknown;
}
type S = CustomState;

function ctxFor(env: BehaviourEnv, self: Proc): CustomCtx {
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
  };
}

type R = Record<string, unknown> | null | undefined;
const obj = (r: unknown, what: string): Record<string, unknown> =>
  r !== null && typeof r === 'object' ? (r as Record<string, unknown>) : raise(`${what} must return an object like { state }, got ${String(r)}`);

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

/** A custom behaviour's callbacks as a GenServer module (a Behaviour, like the library's). `id` names it in errors. */
export function behaviourOf(id: string, callbacks: CustomCallbacks | Partial<Record<string, (...args: any[]) => any>>): Behaviour<CustomState> {
  const m = callbacks as Partial<Record<'init' | 'handleCall' | 'handleCast' | 'handleInfo' | 'terminate', (...args: any[]) => any>>;
  const noReply = (r: unknown, what: string, s: S) => {
    const o = obj(r, what);
    const st: S = { ...s, user: 'state' in o ? o.state : s.user };
    return 'stop' in o ? (['stop', o.stop as Term, st] as const) : (['noreply', st] as const);
  };
  return {
    init(env, self) {
      const ctx = ctxFor(env, self);
      const r = m.init ? (m.init(env.params, ctx) as R | 'ignore') : { ok: undefined };
      if (r === 'ignore') return 'ignore';
      const o = obj(r, 'init');
      if ('stop' in o) return ['stop', o.stop as Term];
      return ['ok', { ctx, user: 'ok' in o ? o.ok : o }];
    },
    handleCall(req, from, s) {
      if (!m.handleCall) return raise(`custom behaviour "${id}" has no handleCall`);
      const o = obj(m.handleCall(req, from, s.user, s.ctx), 'handleCall');
      const st: S = { ...s, user: 'state' in o ? o.state : s.user };
      if ('stop' in o) return 'reply' in o ? ['stop', o.stop as Term, o.reply as Term, st] : ['stop', o.stop as Term, st];
      if (o.noreply) return ['noreply', st];
      return ['reply', o.reply as Term, st];
    },
    handleCast(req, s) {
      return m.handleCast ? noReply(m.handleCast(req, s.user, s.ctx), 'handleCast', s) : ['noreply', s];
    },
    handleInfo(msg, s) {
      return m.handleInfo ? noReply(m.handleInfo(msg, s.user, s.ctx), 'handleInfo', s) : ['noreply', s];
    },
    terminate(reason, s) {
      m.terminate?.(reason, s.user, s.ctx);
    },
  };
}
