// Task, Task.Supervisor and Agent, following Elixir's semantics on top of the kernel and GenServer.
import {
  ErlError, ErlStruct, Later, Op, TIMEOUT, failK, list, resolveK, kont,
  type Proc, type ProcessBehaviour, type Ref, type Term,
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
    return new Op<Term>((self, k) => {
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
  /** Task.yield: {:ok, result}, {:exit, reason} if the task died, or nil after the timeout (the task keeps running). */
  yield(task: TaskHandle, timeout: number | 'infinity' = 5000): Later<Term> {
    return new Op<Term>((self, k) => {
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
    return new Op<Term>((self, k) => {
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

export const TaskSupervisor = {
  startLink(opts: DynamicSupervisorInit = {}, startOpts: Omit<StartOptions, 'link'> = {}): Later<Term> {
    return DynamicSupervisor.startLink(opts, startOpts);
  },
  /** Task.Supervisor.async_nolink: a task under `sup`, monitored (not linked) by the caller. */
  asyncNolink(sup: ServerRef, fn: TaskFn): Later<TaskHandle> {
    return new Op<TaskHandle>((self, k) => {
      DynamicSupervisor.startChild(sup, {
        id: 'task',
        restart: 'temporary',
        start: () => new Op<Term>((s, k2) => k2(['ok', s.spawnLink(TASK, fn)])),
      }).run(self, kont((r: Term) => {
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
// {:get_and_update, fun}, cast {:cast, fun}; a crash inside a function crashes the agent.
type AgentFn = (state: any, self: Proc) => any;

const after = <T>(r: T | Later<T>, f: (v: T) => any): any => (r instanceof Later ? r.then(f) : f(r));

const AgentMod: GenServerModule<any, (self: Proc) => any> = {
  init(fn, self) {
    return after(fn(self), (st) => ['ok', st]);
  },
  handleCall(req, _from, st, self) {
    const [op, fn] = req as [string, AgentFn];
    if (op === 'get') return after(fn(st, self), (r) => ['reply', r, st]);
    if (op === 'get_and_update') return after(fn(st, self), (x: [Term, any]) => ['reply', x[0], x[1]]);
    return after(fn(st, self), (ns) => ['reply', 'ok', ns]);
  },
  handleCast(req, st, self) {
    const [, fn] = req as [string, AgentFn];
    return after(fn(st, self), (ns) => ['noreply', ns]);
  },
};

export const Agent = {
  startLink(init: (self: Proc) => any, opts: Omit<StartOptions, 'link'> = {}): Later<Term> {
    return GenServer.startLink(AgentMod, init, opts);
  },
  /** Agent.start: not linked to the caller. */
  start(init: (self: Proc) => any, opts: Omit<StartOptions, 'link'> = {}): Later<Term> {
    return GenServer.start(AgentMod, init, opts);
  },
  get<T>(agent: ServerRef, fn: (s: any, self: Proc) => T | Later<T>, timeout: number | 'infinity' = 5000): Later<T> {
    return GenServer.call(agent, ['get', fn as unknown as Term], timeout) as Later<T>;
  },
  update(agent: ServerRef, fn: (s: any, self: Proc) => any, timeout: number | 'infinity' = 5000): Later<Term> {
    return GenServer.call(agent, ['update', fn as unknown as Term], timeout);
  },
  getAndUpdate<T>(agent: ServerRef, fn: (s: any, self: Proc) => [T, any] | Later<[T, any]>, timeout: number | 'infinity' = 5000): Later<T> {
    return GenServer.call(agent, ['get_and_update', fn as unknown as Term], timeout) as Later<T>;
  },
  cast(from: Proc, agent: ServerRef, fn: (s: any, self: Proc) => any): void {
    GenServer.cast(from, agent, ['cast', fn as unknown as Term]);
  },
  /** Agent.stop = GenServer.stop. */
  stop(agent: ServerRef, reason: Term = 'normal', timeout: number | 'infinity' = 'infinity'): Later<Term> {
    return GenServer.stop(agent, reason, timeout);
  },
};
