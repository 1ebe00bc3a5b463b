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
  /** Enum.to_list(Task.async_stream(inputs, fn, opts)) (Elixir 1.14): see AsyncStreamOptions; on a timeout with
   *  `onTimeout: 'exit'` the caller exits `{:timeout, {Task.Supervised, :stream, [timeout]}}` and the stream's
   *  other tasks run on (their reports reach the caller's mailbox later). */
  asyncStream,
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

// ---- Task.async_stream ----
// A port of Elixir 1.14's Task.Supervised.stream for Enum.to_list(Task.async_stream(...)): the caller spawns a
// monitor process (linked and monitored; it traps exits iff the caller does), which spawns each task (linked to
// the monitor), monitors it and runs its timeout timer; the caller sends the task its input, the task replies
// `{{mref, position}, result}` to the caller, and the monitor reports `{:down | :timed_out, {mref, position},
// reason}` when the task exits. A place for the next input frees on that report (a task's exit, not its reply).

export interface AsyncStreamOptions {
  /** Elixir's default is System.schedulers_online(); here 1 unless given. */
  maxConcurrency?: number;
  ordered?: boolean;
  timeout?: number | 'infinity';
  onTimeout?: 'exit' | 'kill_task';
  zipInputOnExit?: boolean;
}
export type StreamFn = (input: Term, self: Proc) => Term | Later<Term>;

// A stream task: waits for its input from the caller, runs fn, replies to the caller, exits normal.
const STREAM_TASK: ProcessBehaviour<StreamFn> = {
  init(self, fn) {
    return self.receive((m: Term) => Array.isArray(m) && m[0] === '$stream_go').then((m: Term[]) => {
      const [, ref, replyTo, input] = m as [string, Term, Proc, Term];
      return new Op<void>((me, k) => {
        resolveK(me, fn(input, me), kont((v: Term) => {
          me.send(replyTo, [ref, v]);
          me.kernel.die(me, 'normal');
          k(undefined);
        }));
      });
    });
  },
};

// A Task.Supervisor stream task (Task.Supervised.reply with :monitor): started by the supervisor, it monitors the
// caller while it waits (up to 5 s) for its input; the caller's death first makes it exit {:shutdown, reason}.
const SUP_STREAM_TASK: ProcessBehaviour<{ fn: StreamFn; owner: Proc }> = {
  init(self, a) {
    const oref = self.monitor(a.owner);
    const isGo = (m: Term): boolean => Array.isArray(m) && (m[0] === '$stream_go' || (m[0] === 'DOWN' && m[1] === oref));
    return self.receive(isGo, 5000).then((m: Term) => {
      if ((m as unknown) === TIMEOUT) return self.exit('timeout');
      const t = m as Term[];
      if (t[0] === 'DOWN') return self.exit(['shutdown', t[4]]);
      self.demonitor(oref, true);
      const [, ref, replyTo, input] = t as [string, Term, Proc, Term];
      return new Op<void>((me, k) => {
        resolveK(me, a.fn(input, me), kont((v: Term) => {
          me.send(replyTo, [ref, v]);
          me.kernel.die(me, 'normal');
          k(undefined);
        }));
      });
    });
  },
};

/** How the monitor process starts a task: `[pid, linked]` or 'max_children'. */
type StreamSpawn = (monitor: Proc, fn: StreamFn) => Later<readonly [Proc, boolean] | 'max_children'>;

interface StreamMonitorArg {
  parent: Proc;
  trap: boolean;
  timeout: number | 'infinity';
  fn: StreamFn;
  spawn: StreamSpawn | null;
}
interface Running {
  pos: number;
  pid: Proc;
  linked: boolean;
  timer: ReturnType<Proc['sendAfter']> | null;
  timedOut: boolean;
}

function* streamMonitor(self: Proc, a: StreamMonitorArg): Generator<Later<any>, void, any> {
  self.trapExit(a.trap);
  const parentRef = self.monitor(a.parent);
  const first = (yield self.receive((m: Term) => Array.isArray(m) && ((m[0] === a.parent && m.length === 2) || (m[0] === 'DOWN' && m[1] === parentRef)))) as Term[];
  if (first[0] === 'DOWN') return self.exit(first[4]);
  const mref = first[1] as Ref;
  const running = new Map<Ref, Running>();
  let stopping = false; // after max_children: only :stop and the parent's DOWN count (every message is taken)
  for (;;) {
    const m = (yield self.receive()) as Term;
    if (!Array.isArray(m)) continue;
    if (stopping && !((m[0] === 'stop' && m[1] === mref) || (m[0] === 'DOWN' && m[1] === parentRef))) continue;
    if (m[0] === 'spawn' && m.length === 2) {
      const started = a.spawn ? ((yield a.spawn(self, a.fn)) as readonly [Proc, boolean] | 'max_children') : ([self.spawnLink(STREAM_TASK, a.fn), true] as const);
      if (started === 'max_children') {
        self.send(a.parent, ['max_children', mref]);
        stopping = true;
        continue;
      }
      const [pid, linked] = started;
      const ref = self.monitor(pid);
      const timer = a.timeout === 'infinity' ? null : self.sendAfter(a.timeout, ['timeout', [mref, ref]]);
      self.send(a.parent, ['spawned', [mref, m[1]], pid]);
      running.set(ref, { pos: m[1] as number, pid, linked, timer, timedOut: false });
    } else if (m[0] === 'DOWN' && running.has(m[1] as Ref)) {
      const t = running.get(m[1] as Ref)!;
      running.delete(m[1] as Ref);
      if (t.timer) self.cancelTimer(t.timer);
      self.send(a.parent, [t.timedOut ? 'timed_out' : 'down', [mref, t.pos], m[4]]);
    } else if (m[0] === 'timeout' && Array.isArray(m[1]) && m[1][0] === mref) {
      const t = running.get(m[1][1] as Ref);
      if (t && !t.timedOut) {
        self.unlink(t.pid);
        self.exitSignal(t.pid, 'kill');
        t.timedOut = true;
      }
    } else if (m[0] === 'EXIT') {
      continue;
    } else if (m[0] === 'stop' && m[1] === mref) {
      self.trapExit(true);
      for (const t of running.values()) self.exitSignal(t.pid, 'kill');
      for (const ref of running.keys()) yield self.receive((x: Term) => Array.isArray(x) && x[0] === 'DOWN' && x[1] === ref);
      return self.exit('normal');
    } else if (m[0] === 'DOWN' && m[1] === parentRef) {
      for (const t of running.values()) if (t.linked) self.exitSignal(t.pid, m[4]);
      return self.exit(m[4]);
    }
  }
}

type Waiting = { pid: Proc; input: Term } | { pid: Proc; ok: Term } | { done: Term };

/** Enum.to_list(Task.async_stream(inputs, fn, opts)) run by the caller: the results, each `['ok', v]` or
 *  `['exit', reason]` (`['exit', [input, reason]]` with zipInputOnExit); in input order unless `ordered: false`. */
function asyncStream(inputs: readonly Term[], fn: StreamFn, opts: AsyncStreamOptions = {}, spawn: StreamSpawn | null = null): Later<Term[]> {
  return new Op<Term[]>((self, k) => {
    let max = opts.maxConcurrency ?? 1;
    if (!Number.isInteger(max) || max <= 0) {
      return failK(k, new ErlError('error', new ErlStruct('ArgumentError', { message: bin(':max_concurrency must be an integer greater than zero') })));
    }
    const ordered = opts.ordered ?? true;
    const timeout = opts.timeout ?? 5000;
    const onTimeout = opts.onTimeout ?? 'exit';
    const zip = opts.zipInputOnExit ?? false;
    const kernel = self.kernel;
    const mon = self.spawnLink((me: Proc) => streamMonitor(me, { parent: self, trap: self.trapping, timeout, fn, spawn }));
    const mref = self.monitor(mon);
    self.send(mon, [self, mref]);
    const acc: Term[] = [];
    const waiting = new Map<number, Waiting>();
    let spawned = 0, delivered = 0, next = 0;
    const streamExit = (r: Term): unknown => failK(k, new ErlError('exit', [r, ['Elixir.Task.Supervised', 'stream', list([timeout])]]));
    const isMine = (m: Term): boolean => Array.isArray(m) && m.length === 2 && m[0] === mref;
    const cleanupInbox = (): void => {
      let exitTaken = false;
      kernel.removeMessages(self, (m) => {
        if (!Array.isArray(m)) return false;
        if (!exitTaken && m[0] === 'EXIT' && m[1] === mon) return (exitTaken = true);
        if (m.length === 2 && isMine(m[0])) return true;
        return m.length === 3 && (m[0] === 'down' || m[0] === 'timed_out') && isMine(m[1]);
      });
    };
    const isDownMon = (m: Term): boolean => Array.isArray(m) && m[0] === 'DOWN' && m[1] === mref;
    const close = (then: () => unknown): void => {
      self.send(mon, ['stop', mref]);
      kernel.waitFor(self, isDownMon, Infinity, (m: Term[]) => {
        cleanupInbox();
        if (m[4] === 'normal') return then();
        return streamExit(m[4]);
      });
    };
    const deliver = (): unknown => {
      for (let w = waiting.get(delivered); w && 'done' in w; w = waiting.get(delivered)) {
        acc.push(w.done);
        waiting.delete(delivered);
        delivered++;
      }
      return reduce();
    };
    const onMessage = (m: Term[]): unknown => {
      if (m[0] === 'DOWN') {
        cleanupInbox();
        return streamExit(m[4]);
      }
      if (m.length === 2) {
        const pos = (m[0] as Term[])[1] as number;
        const w = waiting.get(pos) as { pid: Proc };
        waiting.set(pos, { pid: w.pid, ok: ['ok', m[1]] });
        return reduce();
      }
      const [kind, tag, reason] = m as [string, Term[], Term];
      const pos = tag[1] as number;
      const w = waiting.get(pos)!;
      let result: Term;
      if ('ok' in w) result = w.ok;
      else if (kind === 'down') result = ['exit', zip ? [(w as { input: Term }).input, reason] : reason];
      else if (onTimeout !== 'exit') result = ['exit', zip ? [(w as { input: Term }).input, 'timeout'] : 'timeout'];
      else {
        cleanupInbox();
        return failK(k, new ErlError('exit', ['timeout', ['Elixir.Task.Supervised', 'stream', list([timeout])]]));
      }
      max++;
      if (!ordered) {
        acc.push(result);
        waiting.delete(pos);
        delivered++;
        return reduce();
      }
      waiting.set(pos, { done: result });
      return deliver();
    };
    const isStreamMsg = (m: Term): boolean =>
      Array.isArray(m) &&
      ((m.length === 2 && isMine(m[0])) ||
        (m.length === 3 && (m[0] === 'down' || m[0] === 'timed_out') && isMine(m[1])) ||
        isDownMon(m));
    const reduce = (): unknown => {
      if (spawned === delivered && next >= inputs.length) return close(() => k(acc));
      if (max === 0 || next >= inputs.length) return kernel.waitFor(self, isStreamMsg, Infinity, onMessage);
      // stream_spawn: ask the monitor for a task, then send it its input
      const input = inputs[next++];
      const pos = spawned;
      self.send(mon, ['spawn', pos]);
      const isSpawned = (m: Term): boolean =>
        Array.isArray(m) && ((m[0] === 'spawned' && Array.isArray(m[1]) && m[1][0] === mref && m[1][1] === pos) || (m[0] === 'max_children' && m[1] === mref) || isDownMon(m));
      return kernel.waitFor(self, isSpawned, Infinity, (m: Term[]) => {
        if (m[0] === 'DOWN') {
          cleanupInbox();
          return streamExit(m[4]);
        }
        if (m[0] === 'max_children') return close(() => failK(k, new ErlError('error', runtimeError(MAX_CHILDREN + STREAM_MAX_CHILDREN))));
        const pid = m[2] as Proc;
        self.send(pid, ['$stream_go', [mref, pos], self, input]);
        waiting.set(pos, { pid, input: zip ? input : null });
        max--;
        spawned++;
        return reduce();
      });
    };
    reduce();
  });
}

/** Task.Supervisor.async / async_nolink: start a temporary task under `sup`, link to it for async, then as
 *  Task.async (monitor with the alias, send the go message). */
function supAsync(sup: ServerRef, fn: TaskFn, link: boolean, shutdown: Shutdown = 5000): Later<TaskHandle> {
  return new Op<TaskHandle>((self, k) => {
    DynamicSupervisor.startChild(sup, {
      id: 'task',
      restart: 'temporary',
      shutdown,
      start: () => new Op<Term>((s, k2) => k2(['ok', s.spawnLink(TASK, fn)])),
    }).run(self, kont((r: Term) => {
      if (Array.isArray(r) && r[0] === 'error' && r[1] === 'max_children') return failK(k, new ErlError('error', runtimeError(MAX_CHILDREN)));
      if (!Array.isArray(r) || r[0] !== 'ok') return failK(k, new ErlError('exit', ['task_start_failed', r]));
      if (link) self.link(r[1] as Proc);
      k(go(self, r[1] as Proc));
    }, (e) => failK(k, e)));
  });
}

const STREAM_MAX_CHILDREN =
  '. When using async_stream or async_stream_nolink, make sure to configure :max_concurrency to be lower or equal to ' +
  ':max_children and pay attention to whether other tasks are also spawned under the same task supervisor.';

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
  asyncNolink(sup: ServerRef, fn: TaskFn, opts: { shutdown?: Shutdown } = {}): Later<TaskHandle> {
    return supAsync(sup, fn, false, opts.shutdown);
  },
  /** Task.Supervisor.async: as asyncNolink, and the caller links to the task (a crash reaches the caller). */
  async(sup: ServerRef, fn: TaskFn, opts: { shutdown?: Shutdown } = {}): Later<TaskHandle> {
    return supAsync(sup, fn, true, opts.shutdown);
  },
  /** Enum.to_list(Task.Supervisor.async_stream(sup, ...)) (`link: true`) or async_stream_nolink (`link: false`):
   *  Task.asyncStream with each task started under `sup` (temporary; `shutdown`, default 5000), linked to the
   *  stream's monitor process only for async_stream; the supervisor's maxChildren makes it raise RuntimeError. */
  asyncStream(sup: ServerRef, inputs: readonly Term[], fn: StreamFn, opts: AsyncStreamOptions & { link?: boolean; shutdown?: Shutdown } = {}): Later<Term[]> {
    const link = opts.link ?? true;
    return new Op<Term[]>((self, k) => {
      const owner = self;
      const spawn: StreamSpawn = (monitor, f) =>
        DynamicSupervisor.startChild(sup, {
          id: 'task',
          restart: 'temporary',
          shutdown: opts.shutdown ?? 5000,
          start: () => new Op<Term>((s, k2) => k2(['ok', s.spawnLink(SUP_STREAM_TASK, { fn: f, owner })])),
        }).then((r: Term) => {
          if (Array.isArray(r) && r[0] === 'ok') {
            if (link) monitor.link(r[1] as Proc);
            return [r[1] as Proc, link] as const;
          }
          if (Array.isArray(r) && r[0] === 'error' && r[1] === 'max_children') return 'max_children' as const;
          throw new ErlError('error', ['case_clause', r]);
        });
      asyncStream(inputs, fn, opts, spawn).run(self, k);
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
    const arity = first.length + t[2].items.length;
    const msg = `function ${t[0].replace(/^Elixir\./, '')}.${t[1]}/${arity} is undefined or private`;
    throw new ErlError('error', new ErlStruct('UndefinedFunctionError', { arity, function: t[1], message: bin(msg), module: t[0], reason: null }));
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
