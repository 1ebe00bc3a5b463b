// A custom behaviour (TypeScript stored in the document) as a library behaviour. The user writes plain objects,
// not Erlang tuples:
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
// Loops are guarded and errors carry the source line (custom-source.ts).
import { raise, type Proc, type Term } from '../kernel/index';
import { reply, type From } from '../otp/genserver';
import { loadCustomModule } from './custom-source';
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

interface S {
  ctx: CustomCtx;
  user: unknown;
}

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

/** Compile a custom behaviour's source into a GenServer module (throws CustomSourceError on a bad source). */
export function customBehaviour(id: string, source: string): Behaviour<S> {
  const m = loadCustomModule(id, source);
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
