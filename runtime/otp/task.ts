// Task, Task.Supervisor and Agent, following Elixir's semantics on top of the kernel and GenServer.
import {
  ErlError, ErlStruct, Later, Op, TIMEOUT, bin, failK, fmt, list, resolveK, kont, runtimeError,
  type K, type Proc, type ProcessBehaviour, type Ref, type Term,
} from '../kernel/index';
import { GenServer, type GenServerModule, type ServerRef, type StartOptions } from './genserver';
import { DynamicSupervisor, type DynamicSupervisorInit, type RestartType, type Shutdown } from './supervisor';

export type TaskFn = (self: Proc) => Term | Later<Term>;

/** A running task: await it with Task.await. */
export interface TaskHandle {
  pid: Proc;
  ref: Ref;
  owner: Proc;
}

// The task process waits for its owner's go message (which carries the monitor ref), runs fn, replies, exits normal.
// The reply goes through the ref as a process alias (Elixir 1.14 monitors with `alias: :demonitor`): once the owner
// demonitors (await timeout, a taken reply, shutdown) a late reply is dropped.
const TASK: ProcessBehaviour<TaskFn> = {
  init(self, fn) {
    return self.receive((m: Term) => Array.isArray(m) && m[0] === '$task_go').then((m: Term[]) => {
      const ref = m[2] as Ref;
      return new Op<void>((me, k) => {
        resolveK(me, fn(me), kont((v: Term) => {
          const to = ref.alias;
          if (to) me.kernel.post(me, to as Proc, [ref, v]);
          me.kernel.die(me, 'normal');
          k(undefined);
        }));
      });
    });
  },
};

/** The %Task{} struct as Elixir 1.14 prints it (an anonymous function's task has mfa {:erlang, :apply, 2}). */
function handleOf(t: TaskHandle): Term {
  return new ErlStruct('Task', { mfa: ['erlang', 'apply', 2], owner: t.owner, pid: t.pid, ref: t.ref });
}

function go(owner: Proc, pid: Proc): TaskHandle {
  const ref = owner.monitor(pid);
  ref.alias = owner;
  owner.send(pid, ['$task_go', owner, ref]);
  return { pid, ref, owner };
}

/** Demonitor with flush; the alias goes with the monitor. */
function forget(self: Proc, task: TaskHandle): void {
  task.ref.alias = null;
  self.demonitor(task.ref, true);
}

const isReplyOrDown = (task: TaskHandle) => (m: Term): boolean =>
  Array.isArray(m) && (m[0] === task.ref || (m[0] === 'DOWN' && m[1] === task.ref));

/** Take the task's reply if it is already in the mailbox: {:ok, reply} or nil. */
function flushReply(self: Proc, task: TaskHandle): Term {
  const m = self.messages().find((x) => Array.isArray(x) && x[0] === task.ref && x.length === 2) as Term[] | undefined;
  if (!m) return null;
  self.kernel.removeMessages(self, (x) => x === m);
  return ['ok', m[1]];
}

function timeoutMs(t: number | 'infinity'): number {
  return t === 'infinity' ? Infinity : t;
}

/** Elixir 1.14: await, yield, yield_many and shutdown by a process other than the owner raise ArgumentError. */
function checkOwner(self: Proc, task: TaskHandle): void {
  if (task.owner !== self) {
    const msg = `task ${fmt(handleOf(task))} must be queried from the owner but was queried from ${fmt(self as unknown as Term)}`;
    throw new ErlError('error', new ErlStruct('ArgumentError', { message: bin(msg) }));
  }
}

/** Run `body` in the caller unless it is not the task's owner (then fail with ArgumentError). */
function owned<T>(task: TaskHandle, body: (self: Proc, k: K<T>) => void): Later<T> {
  return new Op<T>((self, k) => {
    try {
      checkOwner(self, task);
    } catch (e) {
      return failK(k, e);
    }
    body(self, k);
  });
}

export const Task = {
  /** Task.async: run fn in a new process linked to and monitored by `owner` (the calling process). */
  async(owner: Proc, fn: TaskFn): TaskHandle {
    return go(owner, owner.spawnLink(TASK, fn));
  },
  /** The %Task{} struct term of a handle (for printing and exit reasons). */
  toTerm: handleOf,
  /** Task.await: the task's result; exits the caller with {reason, {Task, :await, [task, timeout]}} on timeout
   *  (after demonitoring, so a late reply is dropped) or if the task dies first. */
  await(task: TaskHandle, timeout: number | 'infinity' = 5000): Later<Term> {
    return owned<Term>(task, (self, k) => {
      const info = (): Term => ['Elixir.Task', 'await', list([handleOf(task), timeout])];
      self.kernel.waitFor(self, isReplyOrDown(task), timeoutMs(timeout), (m: unknown) => {
        if (m === TIMEOUT) {
          forget(self, task);
          return failK(k, new ErlError('exit', ['timeout', info()]));
        }
        const t = m as Term[];
        if (t[0] === task.ref) {
          forget(self, task);
          return k(t[1]);
        }
        task.ref.alias = null;
        return failK(k, new ErlError('exit', [t[4], info()]));
      });
    });
  },
  /** Task.yield_many (Elixir 1.14, no options): one `[task, result]` per task in the given order, result
   *  `['ok', v]`, `['exit', reason]` or null. The timeout is for the whole call: tasks are waited for one after the
   *  other until it passes, then the rest are only checked for a result already there. A task not owned by the
   *  caller raises ArgumentError when its turn comes. */
  yieldMany(tasks: readonly TaskHandle[], timeout: number | 'infinity' = 5000): Later<Array<[TaskHandle, Term]>> {
    return new Op<Array<[TaskHandle, Term]>>((self, k) => {
      const deadline = timeout === 'infinity' ? Infinity : self.kernel.now() + timeout;
      const out: Array<[TaskHandle, Term]> = [];
      const next = (i: number): unknown => {
        if (i === tasks.length) return k(out);
        const task = tasks[i];
        try {
          checkOwner(self, task);
        } catch (e) {
          return failK(k, e);
        }
        const left = deadline === Infinity ? Infinity : Math.max(0, deadline - self.kernel.now());
        self.kernel.waitFor(self, isReplyOrDown(task), left, (m: unknown) => {
          if (m === TIMEOUT) out.push([task, null]);
          else if ((m as Term[])[0] === task.ref) {
            forget(self, task);
            out.push([task, ['ok', (m as Term[])[1]]]);
          } else {
            task.ref.alias = null;
            out.push([task, ['exit', (m as Term[])[4]]]);
          }
          next(i + 1);
        });
      };
      next(0);
    });
  },
  /** Task.yield: {:ok, result}, {:exit, reason} if the task died, or nil after the timeout (the task keeps running). */
  yield(task: TaskHandle, timeout: number | 'infinity' = 5000): Later<Term> {
    return owned<Term>(task, (self, k) => {
      self.kernel.waitFor(self, isReplyOrDown(task), timeoutMs(timeout), (m: unknown) => {
        if (m === TIMEOUT) return k(null);
        const t = m as Term[];
        if (t[0] === task.ref) {
          forget(self, task);
          return k(['ok', t[1]]);
        }
        task.ref.alias = null;
        return k(['exit', t[4]]);
      });
    });
  },
  /** Task.shutdown (Elixir 1.14): unlink, send :shutdown (or :kill for :brutal_kill; :kill after the timeout), wait.
   *  {:ok, result} if the result had arrived, nil if the task stopped as asked, {:exit, reason} otherwise (also
   *  {:exit, :noproc} for a task already gone whose DOWN was taken). */
  shutdown(task: TaskHandle, timeout: number | 'brutal_kill' = 5000): Later<Term> {
    return owned<Term>(task, (self, k) => {
      const pid = task.pid;
      self.unlink(pid);
      const mon = self.monitor(pid);
      const isMon = (m: Term): boolean => Array.isArray(m) && m[0] === 'DOWN' && m[1] === mon;
      const receive = (type: 'shutdown' | 'brutal_kill' | 'timeout_kill', ms: number): void => {
        self.kernel.waitFor(self, isMon, ms, (m: unknown) => {
          if (m === TIMEOUT) {
            self.exitSignal(pid, 'kill');
            return receive('timeout_kill', Infinity);
          }
          const reason = (m as Term[])[4];
          const asked = reason === (type === 'brutal_kill' ? 'killed' : 'shutdown');
          if (reason === 'noproc') {
            // the task was gone before the monitor: its own DOWN (if still queued) tells how it ended
            const down = self.messages().find((x) => Array.isArray(x) && x[0] === 'DOWN' && x[1] === task.ref) as Term[] | undefined;
            let res: Term;
            if (down) {
              self.kernel.removeMessages(self, (x) => x === down);
              const r = down[4];
              res = r === (type === 'brutal_kill' ? 'killed' : 'shutdown') ? null : ['exit', r];
            } else {
              self.demonitor(task.ref, true);
              res = ['exit', 'noproc'];
            }
            task.ref.alias = null;
            return k(flushReply(self, task) ?? res);
          }
          forget(self, task);
          const reply = flushReply(self, task);
          return k(reply ?? (asked ? null : ['exit', reason]));
        });
      };
      if (timeout === 'brutal_kill') {
        self.exitSignal(pid, 'kill');
        receive('brutal_kill', Infinity);
      } else {
        self.exitSignal(pid, 'shutdown');
        receive('shutdown', timeout);
      }
    });
  },
};

const MAX_CHILDREN =
  'reached the maximum number of tasks for this task supervisor. The maximum number of tasks that are allowed to run ' +
  'at the same time under this supervisor can be configured with the :max_children option passed to Task.Supervisor.start_link/1';

export const TaskSupervisor = {
  /** Task.Supervisor.start_link: options as DynamicSupervisor's (`maxChildren`, `maxRestarts` (3), `maxSeconds` (5)). */
  startLink(opts: DynamicSupervisorInit = {}, startOpts: Omit<StartOptions, 'link'> = {}): Later<Term> {
    return DynamicSupervisor.startLink(opts, startOpts);
  },
  /** Task.Supervisor.async_nolink: a task under `sup`, monitored (not linked) by the caller. Raises RuntimeError
   *  ("reached the maximum number of tasks ...") when the supervisor has `maxChildren` tasks. */
  asyncNolink(sup: ServerRef, fn: TaskFn): Later<TaskHandle> {
    return new Op<TaskHandle>((self, k) => {
      DynamicSupervisor.startChild(sup, {
        id: 'task',
        restart: 'temporary',
        start: () => new Op<Term>((s, k2) => k2(['ok', s.spawnLink(TASK, fn)])),
      }).run(self, kont((r: Term) => {
        if (Array.isArray(r) && r[0] === 'error' && r[1] === 'max_children') return failK(k, new ErlError('error', runtimeError(MAX_CHILDREN)));
        if (!Array.isArray(r) || r[0] !== 'ok') return failK(k, new ErlError('exit', ['task_start_failed', r]));
        k(go(self, r[1] as Proc));
      }, (e) => failK(k, e)));
    });
  },
  /** Task.Supervisor.start_child: a task nobody awaits, under `sup` (not linked to the caller); `restart` is
   *  :temporary by default, a :transient or :permanent one is started again with the same fn. `{:ok, pid}`. */
  startChild(sup: ServerRef, fn: TaskFn, opts: { restart?: RestartType; shutdown?: Shutdown } = {}): Later<Term> {
    return DynamicSupervisor.startChild(sup, {
      id: 'task',
      restart: opts.restart ?? 'temporary',
      shutdown: opts.shutdown ?? 5000,
      start: () => new Op<Term>((s, k2) => k2(['ok', s.spawnLink(CHILD_TASK, fn)])),
    });
  },
};

// A Task.Supervisor.start_child task: runs fn at once and exits normal (its result goes nowhere).
const CHILD_TASK: ProcessBehaviour<TaskFn> = {
  init(self, fn) {
    return new Op<void>((me, k) => {
      resolveK(me, fn(me), kont(() => {
        me.kernel.die(me, 'normal');
        k(undefined);
      }));
    });
  },
};

// ---- Agent ----
// Agent functions receive the state; they may return a Later (block), as GenServer callbacks may. The init function
// runs inside the agent (it gets the agent's process). Requests are Elixir's: {:get, fun}, {:update, fun},
// {:get_and_update, fun}, cast {:cast, fun}, where fun may also be an MFA {module, :f, args}; a crash inside a
// function crashes the agent.
type AgentFn = (state: any, self: Proc) => any;

/** Agent's MFA forms (Elixir `Agent.get(agent, M, :f, args)`): a module object, a function name and arguments. The
 *  function gets the agent's process first, then Elixir's arguments: for start `args`, for the others
 *  `[state, ...args]` — `(self, state, ...args)`. `name` is the module atom (e.g. 'Elixir.MyApp.Counter'), printed
 *  in requests and exit reasons as `{:get, {MyApp.Counter, :f, [args]}}`. */
export interface AgentModule {
  readonly name: string;
  readonly functions: Readonly<Record<string, (self: Proc, ...args: any[]) => any>>;
}

/** The MFA tuple sent in a request, and the module object it names (kept out of the term). */
const mfaModules = new WeakMap<object, AgentModule>();

function mfaTerm(mod: AgentModule, fun: string, args: readonly Term[]): Term {
  const t: Term = [mod.name, fun, list([...args])];
  mfaModules.set(t as object, mod);
  return t;
}

function applyMfa(mfa: Term, self: Proc, first: readonly any[]): any {
  const t = mfa as readonly [string, string, { items: readonly Term[] }];
  const mod = mfaModules.get(mfa as object);
  const f = mod?.functions[t[1]];
  if (!f) {
    throw new ErlError('error', new ErlStruct('UndefinedFunctionError', {
      arity: first.length + t[2].items.length, function: t[1], message: null, module: t[0], reason: null,
    }));
  }
  return f(self, ...first, ...t[2].items);
}

const after = <T>(r: T | Later<T>, f: (v: T) => any): any => (r instanceof Later ? r.then(f) : f(r));

/** Run a request's function (a TS function or an MFA tuple) on the state. */
function runFn(fn: Term | AgentFn, st: any, self: Proc): any {
  return typeof fn === 'function' ? (fn as AgentFn)(st, self) : applyMfa(fn, self, [st]);
}

const AgentMod: GenServerModule<any, Term | ((self: Proc) => any)> = {
  init(fn, self) {
    return after(typeof fn === 'function' ? (fn as (self: Proc) => any)(self) : applyMfa(fn, self, []), (st) => ['ok', st]);
  },
  handleCall(req, _from, st, self) {
    const [op, fn] = req as [string, Term];
    if (op === 'get') return after(runFn(fn, st, self), (r) => ['reply', r, st]);
    if (op === 'get_and_update') {
      // Agent.Server: anything but a {reply, state} pair stops the agent with {:bad_return_value, value}
      return after(runFn(fn, st, self), (x: Term) => (Array.isArray(x) && x.length === 2 ? ['reply', x[0], x[1]] : ['stop', ['bad_return_value', x], st]));
    }
    return after(runFn(fn, st, self), (ns) => ['reply', 'ok', ns]);
  },
  handleCast(req, st, self) {
    const [, fn] = req as [string, Term];
    return after(runFn(fn, st, self), (ns) => ['noreply', ns]);
  },
};

type Timeout = number | 'infinity';

/** The request's function: `fn`, or the MFA tuple of `(mod, fun, args)`. */
function fnOf(fnOrMod: AgentFn | AgentModule, fun?: string, args?: readonly Term[]): Term {
  return typeof fnOrMod === 'function' ? (fnOrMod as unknown as Term) : mfaTerm(fnOrMod, fun!, args ?? []);
}

/** The timeout argument of a call in either form: after fn, or after (mod, fun, args). */
const timeoutArg = (fnOrMod: unknown, a: unknown, b: unknown): Timeout => ((typeof fnOrMod === 'function' ? a : b) ?? 5000) as Timeout;

/** Agent (Elixir 1.14). Every function has the function form and the MFA form (AgentModule above); `opts.name`
 *  registers the agent (a registered name string or `['via', module, key]`; a taken name gives
 *  `{:error, {:already_started, pid}}`). Calls take the agent's pid or name. */
export const Agent = {
  startLink(init: ((self: Proc) => any) | AgentModule, fun?: string | Omit<StartOptions, 'link'>, args?: readonly Term[], opts?: Omit<StartOptions, 'link'>): Later<Term> {
    if (typeof init === 'function') return GenServer.startLink(AgentMod, init, (fun as Omit<StartOptions, 'link'>) ?? {});
    return GenServer.startLink(AgentMod, mfaTerm(init, fun as string, args ?? []), opts ?? {});
  },
  /** Agent.start: not linked to the caller. */
  start(init: ((self: Proc) => any) | AgentModule, fun?: string | Omit<StartOptions, 'link'>, args?: readonly Term[], opts?: Omit<StartOptions, 'link'>): Later<Term> {
    if (typeof init === 'function') return GenServer.start(AgentMod, init, (fun as Omit<StartOptions, 'link'>) ?? {});
    return GenServer.start(AgentMod, mfaTerm(init, fun as string, args ?? []), opts ?? {});
  },
  get<T = Term>(agent: ServerRef, fn: ((s: any, self: Proc) => T | Later<T>) | AgentModule, a?: Timeout | string, b?: readonly Term[], c?: Timeout): Later<T> {
    return GenServer.call(agent, ['get', fnOf(fn as AgentFn, a as string, b)], timeoutArg(fn, a, c)) as Later<T>;
  },
  update(agent: ServerRef, fn: ((s: any, self: Proc) => any) | AgentModule, a?: Timeout | string, b?: readonly Term[], c?: Timeout): Later<Term> {
    return GenServer.call(agent, ['update', fnOf(fn as AgentFn, a as string, b)], timeoutArg(fn, a, c));
  },
  /** Agent.get_and_update: fn returns `[reply, newState]`; anything else stops the agent with
   *  `{:bad_return_value, value}` and the caller exits with that reason. */
  getAndUpdate<T = Term>(agent: ServerRef, fn: ((s: any, self: Proc) => [T, any] | Later<[T, any]>) | AgentModule, a?: Timeout | string, b?: readonly Term[], c?: Timeout): Later<T> {
    return GenServer.call(agent, ['get_and_update', fnOf(fn as AgentFn, a as string, b)], timeoutArg(fn, a, c)) as Later<T>;
  },
  cast(from: Proc, agent: ServerRef, fn: ((s: any, self: Proc) => any) | AgentModule, fun?: string, args?: readonly Term[]): void {
    GenServer.cast(from, agent, ['cast', fnOf(fn as AgentFn, fun, args)]);
  },
  /** Agent.stop = GenServer.stop. */
  stop(agent: ServerRef, reason: Term = 'normal', timeout: Timeout = 'infinity'): Later<Term> {
    return GenServer.stop(agent, reason, timeout);
  },
};
