// The extra steps and actions of runtime/conformance/extra (README.md there): GenServer.stop, Task,
// Task.Supervisor and Agent, run on the kernel exactly as otp_ext.exs runs them on real OTP. (Child spec
// `significant` and supervisor `auto_shutdown` are two fields handled in interpreter.ts childSpec/supFlags.)
import {
  Bin, ErlError, ErlStruct, Later, Op, bin, failK, isUnwind, kont, list, runtimeError, toErlError, type Proc, type Term,
} from '../../kernel/index';
import { GenServer } from '../../otp/genserver';
import type { ServerRef } from '../../otp/genserver';
import { Agent, Task, TaskSupervisor, type AgentModule, type AsyncStreamOptions, type TaskHandle } from '../../otp/task';
import type { Conformance, Ctx } from '../interpreter';
import { term } from '../interpreter';
import type { Step, Action } from '../scenario';
import { exception, normalizeError } from '../../behaviours/exceptions';
import type { ActResult } from '../interpreter';
import { suiteAction, suiteStep } from '../suites/steps';

type Gen<T> = Generator<Later<any>, T, any>;

/** Run a step-style generator as a Later (for actions, which are Laters). */
function genLater<T>(g: Gen<T>): Later<T> {
  return new Op<T>((self, k) => {
    const resume = (err: boolean, x: unknown): unknown => {
      let r: IteratorResult<Later<any>, T>;
      try {
        r = err ? g.throw(x) : g.next(x);
      } catch (e) {
        return failK(k, e);
      }
      if (r.done) return k(r.value);
      r.value.run(self, kont((v: unknown) => resume(false, v), (e) => {
        if (isUnwind(e)) throw e;
        return resume(true, e);
      }));
      return undefined;
    };
    resume(false, undefined);
  });
}

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

/** A raised exception as `raise %Module{message: "..."}`, pids and refs in the message (inspect output) as #PID<?>
 *  and #Reference<?> (the two sides number them differently); otp_ext.exs `raised` prints the same. */
function raisedText(conf: Conformance, e: ErlError): string {
  const v = e.value;
  if (!(v instanceof ErlStruct) || !(v.fields.message instanceof Bin)) return 'raise ' + conf.f(v);
  const msg = v.fields.message.s.replace(/#PID<[0-9.]+>/g, '#PID<?>').replace(/#Reference<[0-9.]+>/g, '#Reference<?>');
  return 'raise ' + conf.f(new ErlStruct(v.module, { ...v.fields, message: bin(msg) }));
}

/** Run a step body; a raised error (not an exit) becomes its `raise ...` text. */
function* catchRaise(conf: Conformance, body: Gen<string>): Gen<string> {
  try {
    return yield* body;
  } catch (e) {
    if (isUnwind(e)) throw e;
    const err = toErlError(e);
    if (err.kind !== 'error') throw e;
    return raisedText(conf, err);
  }
}

function* taskOp(conf: Conformance, t: TaskHandle | TaskHandle[], op: string, timeout: unknown): Gen<string> {
  if (op === 'yield_many') {
    const ts = Array.isArray(t) ? t : [t];
    return yield* catchExit(conf, Task.yieldMany(ts, timeoutOf(timeout, 5000)).then((r) => list(r.map((x) => x[1]))), (v) => conf.f(v));
  }
  if (Array.isArray(t)) throw new ErlError('error', runtimeError(`task op "${op}" takes one task`));
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

// The functions of the Agent MFA forms ("mfa": [function, args]); otp_ext.exs has the same Conf.AgentFuns.
const agentFunsOf = new WeakMap<Conformance, AgentModule>();
const agentFuns = (conf: Conformance): AgentModule => {
  let m = agentFunsOf.get(conf);
  if (!m) agentFunsOf.set(conf, (m = makeAgentFuns(conf)));
  return m;
};
const makeAgentFuns = (conf: Conformance): AgentModule => ({
  name: 'Elixir.Conf.AgentFuns',
  functions: {
    // start: labels the agent (name is the step's label, a string), the state is v
    init: (self: Proc, name: Bin, v: Term) => {
      conf.putLabel(self, name.s, name.s);
      return v;
    },
    value: (_self: Proc, st: Term) => st,
    add: (_self: Proc, st: number, n: number) => st + n,
    pair: (_self: Proc, st: number, n: number) => [st, st + n],
    slow: (self: Proc, st: Term, ms: number) => self.sleep(ms).then(() => st),
  },
});

/** An agent target: a label, {"via": [reg, key]} or {"name": atom} (a registered name). */
function agentRef(conf: Conformance, a: any): ServerRef {
  return a !== null && typeof a === 'object' && typeof a.name === 'string' ? a.name : conf.resolve(a);
}
function agentText(conf: Conformance, a: any): string {
  return a !== null && typeof a === 'object' && typeof a.name === 'string' ? conf.f(a.name) : conf.targetText(a);
}
const mfaArgs = (m: unknown[]): Term[] => (m[1] as unknown[]).map(term);

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
      // "result": exactly this term (e.g. no {reply, state} pair for get_and_update)
      if ('result' in spec) return term(spec.result);
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

/** Enum.to_list(Task.async_stream(inputs, fun, opts)) as `task_async_stream [labels] -> result`: each input
 *  [label, behaviour] is the element {:label, :behaviour}; the function runs that behaviour as a task body
 *  labelled `label`. */
function* streamText(conf: Conformance, s: Record<string, any>, _self: Proc): Gen<string> {
  const inputs = (s.inputs as [string, string][]).map(([n, b]) => [n, b] as Term);
  const res = yield* catchExit(conf, Task.asyncStream(inputs, streamFn(conf), streamOpts(s)).then((r) => list(r)), (v) => conf.f(v));
  return `task_async_stream ${conf.f(list(inputs.map((x) => (x as Term[])[0])))} -> ${res}`;
}

const streamFn = (conf: Conformance) => (x: Term, me: Proc): Term | Later<Term> => {
  const [n, b] = x as [string, string];
  return taskFn(conf, n, b)(me);
};

function streamOpts(s: Record<string, any>): AsyncStreamOptions {
  return {
    ...('max_concurrency' in s ? { maxConcurrency: term(s.max_concurrency) as number } : {}),
    ...('ordered' in s ? { ordered: s.ordered as boolean } : {}),
    ...('timeout' in s ? { timeout: s.timeout as number | 'infinity' } : {}),
    ...('on_timeout' in s ? { onTimeout: s.on_timeout as 'exit' | 'kill_task' } : {}),
    ...('zip_input_on_exit' in s ? { zipInputOnExit: s.zip_input_on_exit as boolean } : {}),
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
    case 'raise_ex':
      throw new ErlError('error', exception(String(v.module), v.fields ?? v.message, term));
    case 'erlang_error':
      throw new ErlError('error', term(v));
    case 'try':
      return tryAction(conf, v, ctx, self);
    case 'task_async_stream':
      // Task.async_stream run by this process (fields as the task_async_stream step)
      return genLater(streamText(conf, v, self)).then((text) => {
        conf.log(`${ctx.label} ${text}`);
      });
    case 'task_op': {
      // a task operation by this process (not the task's owner: Elixir raises ArgumentError)
      const op = String(v.op);
      return genLater(catchRaise(conf, taskOp(conf, taskOf(conf, v.task), op, v.timeout))).then((text) => {
        conf.log(`${ctx.label} task_${op} ${v.task} -> ${text}`);
      });
    }
  }
  // the actions of runtime/conformance/suites
  return suiteAction(conf, name, v, ctx, self);
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
    case 'task_yield_many':
      // start the tasks of `start` ([[name, behaviour], ...]) with Task.async, then Task.yield_many over `tasks`
      // (names), in the same step; logs the results only
      return (function* (): Gen<string | null> {
        for (const [name, beh] of (s.start ?? []) as [string, string][]) keepTask(conf, name, Task.async(self, taskFn(conf, name, beh)));
        const names = s.tasks as string[];
        const res = yield* taskOp(conf, names.map((n) => taskOf(conf, n)), 'yield_many', s.timeout);
        return lg(`task_yield_many ${conf.f(list(names))} -> ${res}`);
      })();
    case 'task_async_stream':
      return (function* (): Gen<string | null> {
        return lg(yield* streamText(conf, s, self));
      })();
    case 'task_sup_async_stream':
      // the same through Task.Supervisor.async_stream(sup, ...) (async_stream_nolink with "link": false)
      return (function* (): Gen<string | null> {
        const inputs = (s.inputs as [string, string][]).map(([n, b]) => [n, b] as Term);
        const run = TaskSupervisor.asyncStream(conf.resolve(s.sup), inputs, streamFn(conf), { ...streamOpts(s), link: s.link !== false });
        const res = yield* catchExit(conf, run.then((r) => list(r)), (v) => conf.f(v));
        return lg(`task_sup_async_stream ${s.sup} ${conf.f(list(inputs.map((x) => (x as Term[])[0])))} -> ${res}`);
      })();
    case 'start_task_supervisor':
      return (function* (): Gen<string | null> {
        const opts = {
          ...(s.max_children !== undefined ? { maxChildren: term(s.max_children) as number } : {}),
          ...(s.max_restarts !== undefined ? { maxRestarts: s.max_restarts as number } : {}),
          ...(s.max_seconds !== undefined ? { maxSeconds: s.max_seconds as number } : {}),
        };
        const res = yield TaskSupervisor.startLink(opts);
        if (Array.isArray(res) && res[0] === 'ok') conf.putLabel(res[1] as Proc, s.name, s.name);
        conf.setKind(s.name, 'dsup'); // which_children & co use the dynamic forms
        return lg(`start_task_supervisor ${s.name} -> ${conf.f(res)}`);
      })();
    case 'task_async_nolink':
    case 'task_sup_async':
      return (function* (): Gen<string | null> {
        const start = s.op === 'task_sup_async' ? TaskSupervisor.async : TaskSupervisor.asyncNolink;
        // suites: "shutdown" (Task.Supervisor.async's :shutdown option)
        const opts = s.shutdown !== undefined ? { shutdown: s.shutdown } : {};
        const h = (yield start(conf.resolve(s.sup), taskFn(conf, s.name, s.behaviour), opts)) as TaskHandle;
        const t = keepTask(conf, s.name, h);
        return lg(`${s.op} ${s.sup} ${s.name} -> ${conf.f(Task.toTerm(t))}${yield* thenText(conf, t, s.then)}`);
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
        const opts = s.register ? { name: s.register as string } : s.via ? { name: conf.resolve({ via: s.via }) } : {};
        const start = s.link === false ? Agent.start : Agent.startLink;
        // the MFA form: Conf.AgentFuns.f(name, args...), name as a string (a binary on the OTP side)
        const res = yield s.mfa ? start(agentFuns(conf), s.mfa[0], [bin(name), ...mfaArgs(s.mfa)], opts) : start(init, opts);
        return lg(`agent_start ${name} -> ${conf.f(res)}`);
      })();
    case 'agent_get':
    case 'agent_update':
    case 'agent_get_and_update':
      return (function* (): Gen<string | null> {
        const agent = agentRef(conf, s.agent);
        const timeout = timeoutOf(s.timeout, 5000);
        const kind = s.op.slice('agent_'.length) as 'get' | 'update' | 'get_and_update';
        const fn = agentFn(s.fun ?? {}, kind);
        const m = s.mfa as unknown[] | undefined;
        const call = { get: Agent.get, update: Agent.update, get_and_update: Agent.getAndUpdate }[kind] as typeof Agent.get;
        const op = m ? call(agent, agentFuns(conf), m[0] as string, mfaArgs(m), timeout) : call(agent, fn, timeout);
        return lg(`${s.op} ${agentText(conf, s.agent)} -> ${yield* catchExit(conf, op as Later<Term>, (v) => 'reply ' + conf.f(v))}`);
      })();
    case 'agent_cast':
      // eslint-disable-next-line require-yield -- every step is a generator; a cast does not block
      return (function* (): Gen<string | null> {
        if (s.mfa) Agent.cast(self, agentRef(conf, s.agent), agentFuns(conf), s.mfa[0], mfaArgs(s.mfa));
        else Agent.cast(self, agentRef(conf, s.agent), agentFn(s.fun ?? {}, 'update'));
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
          if (err.kind === 'error') return lg(`try ${inner.op} -> ${raisedText(conf, err)}`);
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
        const res = yield* catchExit(conf, Agent.stop(agentRef(conf, s.agent), reason, timeoutOf(s.timeout, 'infinity')), (x) => conf.f(x));
        return lg(`agent_stop ${agentText(conf, s.agent)} ${conf.f(reason)} -> ${res}`);
      })();
  }
  // the steps of runtime/conformance/suites
  return suiteStep(conf, s, self);
}

// ---- raise_ex / try (the custom-behaviour ctx API's semantics, checked against Elixir) ------------------------------

/** Run an action list as a Later (a synchronous raise becomes the Later's failure). */
function runList(conf: Conformance, acts: Action[] | undefined, ctx: Ctx, self: Proc): Later<ActResult> {
  return Later.of(undefined).then(() => conf.run(acts ?? [], 0, ctx, self));
}

/**
 * Elixir's `try do ... rescue e -> ... catch kind, v -> ... after ... end` over action lists (otp_ext.exs does exactly
 * that): an error goes to `rescue` (logged as the normalized exception) if there is one, else any kind to `catch`
 * (logged `catch <kind> <value>`), else on. `after` runs last and changes nothing: a reply it sets is dropped, and a
 * reply set in `do` before a raise is lost (Elixir's ctx is a value, not a variable).
 */
function tryAction(conf: Conformance, v: any, ctx: Ctx, _self: Proc): Later<ActResult> {
  return new Op<ActResult>((me, k) => {
    const before = ctx.reply;
    const finish = (ok: boolean, x: unknown): void => {
      const result = ctx.reply;
      runList(conf, v.after, ctx, me).run(me, kont(
        () => {
          ctx.reply = result;
          if (ok) k(x as ActResult);
          else failK(k, x);
        },
        (e) => failK(k, e),
      ));
    };
    runList(conf, v.do, ctx, me).run(me, kont(
      (r: ActResult) => finish(true, r),
      (e: unknown) => {
        if (isUnwind(e)) throw e;
        ctx.reply = before;
        const err = toErlError(e);
        let branch: Action[] | undefined;
        if (err.kind === 'error' && v.rescue) {
          conf.log(`${ctx.label} rescue ${conf.f(normalizeError(err.value))}`);
          branch = v.rescue;
        } else if (v.catch) {
          conf.log(`${ctx.label} catch ${err.kind} ${conf.f(err.value)}`);
          branch = v.catch;
        } else return finish(false, e);
        runList(conf, branch, ctx, me).run(me, kont((r: ActResult) => finish(true, r), (e2) => finish(false, e2)));
      },
    ));
  });
}
