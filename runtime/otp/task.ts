// Task, Task.Supervisor and Agent, following Elixir's semantics on top of the kernel and GenServer.
import {
  ErlError, ErlStruct, Later, Op, TIMEOUT, failK, list, resolveK, kont,
  type Proc, type ProcessBehaviour, type Ref, type Term,
} from '../kernel/index';
import { GenServer, type GenServerModule, type ServerRef, type StartOptions } from './genserver';
import { DynamicSupervisor, type DynamicSupervisorInit } from './supervisor';

export type TaskFn = (self: Proc) => Term | Later<Term>;

/** A running task: await it with Task.await. */
export interface TaskHandle {
  pid: Proc;
  ref: Ref;
  owner: Proc;
}

// The task process waits for its owner's go message (which carries the monitor ref), runs fn, replies, exits normal.
const TASK: ProcessBehaviour<TaskFn> = {
  init(self, fn) {
    return self.receive((m: Term) => Array.isArray(m) && m[0] === '$task_go').then((m: Term[]) => {
      const owner = m[1] as Proc, ref = m[2] as Ref;
      return new Op<void>((me, k) => {
        resolveK(me, fn(me), kont((v: Term) => {
          me.send(owner, [ref, v]);
          me.kernel.die(me, 'normal');
          k(undefined);
        }));
      });
    });
  },
};

function handleOf(t: TaskHandle): Term {
  return new ErlStruct('Task', { pid: t.pid, ref: t.ref, owner: t.owner });
}

function go(owner: Proc, pid: Proc): TaskHandle {
  const ref = owner.monitor(pid);
  owner.send(pid, ['$task_go', owner, ref]);
  return { pid, ref, owner };
}

export const Task = {
  /** Task.async: run fn in a new process linked to and monitored by `owner` (the calling process). */
  async(owner: Proc, fn: TaskFn): TaskHandle {
    return go(owner, owner.spawnLink(TASK, fn));
  },
  /** Task.await: the task's result; exits the caller on timeout or if the task dies. */
  await(task: TaskHandle, timeout: number | 'infinity' = 5000): Later<Term> {
    return new Op<Term>((self, k) => {
      const info = (): Term => ['Elixir.Task', 'await', list([handleOf(task), timeout])];
      self.kernel.waitFor(
        self,
        (m) => Array.isArray(m) && (m[0] === task.ref || (m[0] === 'DOWN' && m[1] === task.ref)),
        timeout === 'infinity' ? Infinity : timeout,
        (m: unknown) => {
          if (m === TIMEOUT) return failK(k, new ErlError('exit', ['timeout', info()]));
          const t = m as Term[];
          if (t[0] === task.ref) {
            self.demonitor(task.ref, true);
            return k(t[1]);
          }
          return failK(k, new ErlError('exit', [t[4], info()]));
        },
      );
    });
  },
  /** Task.yield: the result, or nil after the timeout (the task keeps running). */
  yield(task: TaskHandle, timeout = 5000): Later<Term> {
    return new Op<Term>((self, k) => {
      self.kernel.waitFor(
        self,
        (m) => Array.isArray(m) && (m[0] === task.ref || (m[0] === 'DOWN' && m[1] === task.ref)),
        timeout,
        (m: unknown) => {
          if (m === TIMEOUT) return k(null);
          const t = m as Term[];
          if (t[0] === task.ref) {
            self.demonitor(task.ref, true);
            return k(['ok', t[1]]);
          }
          return k(['exit', t[4]]);
        },
      );
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
};

// ---- Agent ----
type AgentFn = (state: any) => any;

const AgentMod: GenServerModule<any, () => any> = {
  init(fn) {
    return ['ok', fn()];
  },
  handleCall(req, _from, st) {
    const [op, fn] = req as [string, AgentFn];
    if (op === 'get') return ['reply', fn(st), st];
    if (op === 'get_and_update') {
      const [r, ns] = fn(st) as [Term, any];
      return ['reply', r, ns];
    }
    return ['reply', 'ok', fn(st)];
  },
  handleCast(req, st) {
    const [, fn] = req as [string, AgentFn];
    return ['noreply', fn(st)];
  },
};

export const Agent = {
  startLink(init: () => any, opts: Omit<StartOptions, 'link'> = {}): Later<Term> {
    return GenServer.startLink(AgentMod, init, opts);
  },
  get<T>(agent: ServerRef, fn: (s: any) => T, timeout: number | 'infinity' = 5000): Later<T> {
    return GenServer.call(agent, ['get', fn as unknown as Term], timeout) as Later<T>;
  },
  update(agent: ServerRef, fn: (s: any) => any, timeout: number | 'infinity' = 5000): Later<Term> {
    return GenServer.call(agent, ['update', fn as unknown as Term], timeout);
  },
  getAndUpdate<T>(agent: ServerRef, fn: (s: any) => [T, any], timeout: number | 'infinity' = 5000): Later<T> {
    return GenServer.call(agent, ['get_and_update', fn as unknown as Term], timeout) as Later<T>;
  },
  cast(from: Proc, agent: ServerRef, fn: (s: any) => any): void {
    GenServer.cast(from, agent, ['update', fn as unknown as Term]);
  },
};
