// The extra steps and actions of runtime/conformance/extra (README.md there): GenServer.stop, Task,
// Task.Supervisor and Agent, run on the kernel exactly as otp_ext.exs runs them on real OTP. (Child spec
// `significant` and supervisor `auto_shutdown` are two fields handled in interpreter.ts childSpec/supFlags.)
import { ErlError, Later, Op, failK, isUnwind, kont, runtimeError, toErlError, type Proc, type Term } from '../../kernel/index';
import { GenServer } from '../../otp/genserver';
import { Agent, Task, TaskSupervisor, type TaskHandle } from '../../otp/task';
import type { Conformance, Ctx } from '../interpreter';
import { term } from '../interpreter';
import type { Step } from '../scenario';

type Gen<T> = Generator<Later<any>, T, any>;

/** Per-run task handles by name (a WeakMap so that the interpreter class needs no extra field). */
const tasks = new WeakMap<Conformance, Map<string, TaskHandle>>();

/** A timeout field (ms, "infinity", "brutal_kill"), checked by the Task/GenServer function it is passed to. */
function timeoutOf(v: unknown, dflt: number | string): any {
  return v === undefined || v === null ? dflt : v;
}

/** Run a blocking operation; its value, or the exit it raised as `exit <reason>` (other errors propagate). */
function* catchExit(conf: Conformance, op: Later<Term>, show: (v: Term) => string): Gen<string> {
  try {
    return show(yield op);
  } catch (e) {
    if (isUnwind(e)) throw e;
    const err = toErlError(e);
    if (err.kind !== 'exit') throw e;
    return 'exit ' + conf.f(err.value);
  }
}

/** The task body: the behaviour's init actions; the result is the last reply set, else :ok; stop r = exit(r). */
function taskFn(conf: Conformance, name: string, behName: string) {
  return (self: Proc): Term | Later<Term> => {
    conf.putLabel(self, name, name); // a restarted start_child task gets the label again
    const beh = conf.beh(behName);
    const ctx: Ctx = { label: name, beh, reply: null, quiet: beh.quiet === true };
    conf.logAuto(ctx, 'init');
    const r = conf.run(beh.init ?? [], 0, ctx, self);
    const fin = (x: { tag: string; r?: Term }): Term => {
      if (x.tag === 'stop') throw new ErlError('exit', x.r as Term);
      if (x.tag !== 'ok') throw new ErlError('error', runtimeError(`task: result ${x.tag} not supported`));
      return ctx.reply ? ctx.reply.v : 'ok';
    };
    return r instanceof Later ? r.then(fin) : fin(r);
  };
}

function keepTask(conf: Conformance, name: string, t: TaskHandle): TaskHandle {
  conf.putLabel(t.pid, name, name);
  conf.newRef(t.ref);
  let m = tasks.get(conf);
  if (!m) tasks.set(conf, (m = new Map()));
  m.set(name, t);
  return t;
}

function taskOf(conf: Conformance, name: string): TaskHandle {
  const t = tasks.get(conf)?.get(name);
  if (!t) throw new ErlError('error', runtimeError(`unknown task "${name}"`));
  return t;
}

function* taskOp(conf: Conformance, t: TaskHandle, op: string, timeout: unknown): Gen<string> {
  switch (op) {
    case 'await':
      return yield* catchExit(conf, Task.await(t, timeoutOf(timeout, 5000)), (v) => 'reply ' + conf.f(v));
    case 'yield':
      return yield* catchExit(conf, Task.yield(t, timeoutOf(timeout, 5000)), (v) => conf.f(v));
    case 'shutdown':
      return yield* catchExit(conf, Task.shutdown(t, timeoutOf(timeout, 5000)), (v) => conf.f(v));
  }
  throw new ErlError('error', runtimeError(`unknown task op "${op}"`));
}

function* thenText(conf: Conformance, t: TaskHandle, then: unknown): Gen<string> {
  if (!then) return '';
  const [op, timeout] = Object.entries(then as Record<string, unknown>)[0];
  return ` then ${op} -> ${yield* taskOp(conf, t, op, timeout)}`;
}

/** An agent function: optional sleep, then raise / exit, then the result for its kind. */
function agentFn(spec: Record<string, any>, kind: 'init' | 'get' | 'update' | 'get_and_update') {
  return (state: Term, self: Proc): Term | Later<Term> => {
    const rest = (): Term => {
      if (spec.raise !== undefined) throw new ErlError('error', runtimeError(String(spec.raise)));
      if ('exit' in spec) throw new ErlError('exit', term(spec.exit));
      const next = 'state' in spec ? term(spec.state) : state;
      const reply = 'reply' in spec ? term(spec.reply) : state;
      switch (kind) {
        case 'init':
        case 'update':
          return next;
        case 'get':
          return reply;
        case 'get_and_update':
          return [reply, next];
      }
    };
    return typeof spec.sleep === 'number' ? self.sleep(spec.sleep).then(rest) : rest();
  };
}

/** The extra actions; null for an unknown one. */
export function extraAction(conf: Conformance, name: string, v: any, ctx: Ctx, self: Proc): Later<unknown> | null {
  switch (name) {
    case 'gen_stop': {
      const to = v.to ?? 'self';
      const target = to === 'self' ? self : conf.resolve(to);
      const op = GenServer.stop(target, term(v.reason ?? 'normal'), timeoutOf(v.timeout, 'infinity'));
      const text = typeof to === 'string' ? to : conf.targetText(to);
      return new Op<void>((me, k) => {
        op.run(me, kont(
          (x: Term) => {
            conf.log(`${ctx.label} gen_stop ${text} -> ${conf.f(x)}`);
            k(undefined);
          },
          (e) => {
            if (isUnwind(e)) throw e;
            const err = toErlError(e);
            if (err.kind !== 'exit') return failK(k, e);
            conf.log(`${ctx.label} gen_stop ${text} -> exit ${conf.f(err.value)}`);
            k(undefined);
          },
        ));
      });
    }
    case 'wait_for':
      return self.receive((m: Term) => m === v);
  }
  return null;
}

/** The extra steps; null for an unknown one. Each returns the step's result line. */
export function extraStep(conf: Conformance, s: Step, self: Proc): Gen<string | null> | null {
  const lg = (t: string): string => `driver ${t}`;
  switch (s.op) {
    case 'gen_stop':
      return (function* (): Gen<string | null> {
        const reason = term(s.reason ?? 'normal');
        const res = yield* catchExit(conf, GenServer.stop(conf.resolve(s.to), reason, timeoutOf(s.timeout, 'infinity')), (x) => conf.f(x));
        return lg(`gen_stop ${conf.targetText(s.to)} ${conf.f(reason)} -> ${res}`);
      })();
    case 'task_async':
      return (function* (): Gen<string | null> {
        const t = keepTask(conf, s.name, Task.async(self, taskFn(conf, s.name, s.behaviour)));
        return lg(`task_async ${s.name} -> ${conf.f(Task.toTerm(t))}${yield* thenText(conf, t, s.then)}`);
      })();
    case 'start_task_supervisor':
      return (function* (): Gen<string | null> {
        const res = yield TaskSupervisor.startLink();
        if (Array.isArray(res) && res[0] === 'ok') conf.putLabel(res[1] as Proc, s.name, s.name);
        return lg(`start_task_supervisor ${s.name} -> ${conf.f(res)}`);
      })();
    case 'task_async_nolink':
      return (function* (): Gen<string | null> {
        const h = (yield TaskSupervisor.asyncNolink(conf.resolve(s.sup), taskFn(conf, s.name, s.behaviour))) as TaskHandle;
        const t = keepTask(conf, s.name, h);
        return lg(`task_async_nolink ${s.sup} ${s.name} -> ${conf.f(Task.toTerm(t))}${yield* thenText(conf, t, s.then)}`);
      })();
    case 'task_start_child':
      return (function* (): Gen<string | null> {
        const opts = { ...(s.restart ? { restart: s.restart } : {}), ...(s.shutdown !== undefined ? { shutdown: s.shutdown } : {}) };
        const res = yield TaskSupervisor.startChild(conf.resolve(s.sup), taskFn(conf, s.name, s.behaviour), opts);
        return lg(`task_start_child ${s.sup} ${s.name} -> ${conf.f(res)}`);
      })();
    case 'task_await':
    case 'task_yield':
    case 'task_shutdown':
      return (function* (): Gen<string | null> {
        const op = s.op.slice('task_'.length);
        return lg(`${s.op} ${s.task} -> ${yield* taskOp(conf, taskOf(conf, s.task), op, s.timeout)}`);
      })();
    case 'agent_start':
      return (function* (): Gen<string | null> {
        const name = s.name as string;
        const fn = agentFn(s.fun ?? {}, 'init');
        const init = (me: Proc): Term | Later<Term> => {
          conf.putLabel(me, name, name);
          return fn(null, me);
        };
        const res = yield s.link === false ? Agent.start(init) : Agent.startLink(init);
        return lg(`agent_start ${name} -> ${conf.f(res)}`);
      })();
    case 'agent_get':
    case 'agent_update':
    case 'agent_get_and_update':
      return (function* (): Gen<string | null> {
        const agent = conf.resolve(s.agent);
        const timeout = timeoutOf(s.timeout, 5000);
        const kind = s.op.slice('agent_'.length) as 'get' | 'update' | 'get_and_update';
        const fn = agentFn(s.fun ?? {}, kind);
        const op = kind === 'get' ? Agent.get(agent, fn, timeout) : kind === 'update' ? Agent.update(agent, fn, timeout) : Agent.getAndUpdate(agent, fn as any, timeout);
        return lg(`${s.op} ${s.agent} -> ${yield* catchExit(conf, op as Later<Term>, (v) => 'reply ' + conf.f(v))}`);
      })();
    case 'agent_cast':
      // eslint-disable-next-line require-yield -- every step is a generator; a cast does not block
      return (function* (): Gen<string | null> {
        Agent.cast(self, conf.resolve(s.agent), agentFn(s.fun ?? {}, 'update'));
        return null;
      })();
    case 'try':
      return (function* (): Gen<string | null> {
        const inner = s.step as Step;
        try {
          return yield* conf.step(inner, self);
        } catch (e) {
          if (isUnwind(e)) throw e;
          const err = toErlError(e);
          if (err.kind !== 'exit') throw e;
          // {reason, {m, f, args}} -> reason (the args may hold a child spec, which the two sides cannot print alike)
          const v = err.value;
          const head = Array.isArray(v) && v.length === 2 && Array.isArray(v[1]) && v[1].length === 3 && typeof v[1][0] === 'string' ? v[0] : v;
          return lg(`try ${inner.op} -> exit ${conf.f(head)}`);
        }
      })();
    case 'agent_stop':
      return (function* (): Gen<string | null> {
        const reason = term(s.reason ?? 'normal');
        const res = yield* catchExit(conf, Agent.stop(conf.resolve(s.agent), reason, timeoutOf(s.timeout, 'infinity')), (x) => conf.f(x));
        return lg(`agent_stop ${s.agent} ${conf.f(reason)} -> ${res}`);
      })();
  }
  return null;
}
