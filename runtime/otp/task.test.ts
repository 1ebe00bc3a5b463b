// The TypeScript forms of the Task/Agent/GenServer.stop rules checked against OTP in runtime/conformance/extra
// (27–36): the MFA form of Agent (a module object + function name + args) with its timeout in the last place,
// yieldMany, the owner check, asyncStream's concurrency and GenServer.stop of a raw process.
import { describe, expect, it } from 'vitest';
import { Kernel, fmt, type GeneratorBody, type Proc, type Term } from '../kernel/index';
import { attempt, drive } from './drive.test-support';
import { GenServer } from './genserver';
import { Agent, Task, type AgentModule } from './task';

const Counter: AgentModule = {
  name: 'Elixir.MyApp.Counter',
  functions: {
    start: (_self: Proc, n: number) => n,
    add: (_self: Proc, st: number, n: number) => st + n,
    swap: (_self: Proc, st: number, n: number) => [st, n],
    slow: (self: Proc, st: number, ms: number) => self.sleep(ms).then(() => st),
  },
};

describe('Agent MFA forms and names', () => {
  it('runs apply(M, f, [state | args]), with the timeout after the args', () => {
    const k = new Kernel({ seed: 1 });
    const out = drive(k, function* (self) {
      const [, ag] = yield Agent.startLink(Counter, 'start', [5], { name: 'counter' });
      const got = yield Agent.get('counter', Counter, 'add', [1]);
      yield Agent.update(ag, Counter, 'add', [10]);
      const old = yield Agent.getAndUpdate(ag, Counter, 'swap', [0]);
      Agent.cast(self, ag, Counter, 'add', [3]);
      const now = yield Agent.get(ag, (s: number) => s);
      const late = yield* attempt(Agent.get(ag, Counter, 'slow', [300], 100));
      const dup = yield Agent.startLink(Counter, 'start', [1], { name: 'counter' });
      return { got, old, now, late, dup: fmt(dup).replace(/#PID<[^>]*>/, 'pid') };
    });
    expect(out.got).toBe(6);
    expect(out.old).toBe(15);
    expect(out.now).toBe(3);
    // the request prints as Elixir's {:get, {M, :f, args}}
    expect(out.late).toMatch(/^exit \{:timeout, \{GenServer, :call, \[#PID<[^>]*>, \{:get, \{MyApp\.Counter, :slow, \[300\]\}\}, 100\]\}\}$/);
    expect(out.dup).toBe('{:error, {:already_started, pid}}');
  });

  it('an unknown function crashes the agent with UndefinedFunctionError', () => {
    const k = new Kernel({ seed: 1 });
    const res = drive(k, function* () {
      const [, ag] = yield Agent.start(() => 1);
      return yield* attempt(Agent.get(ag, Counter, 'nope', []));
    });
    expect(res).toMatch(/^exit \{\{%UndefinedFunctionError\{.*function: :nope.*module: MyApp\.Counter/);
  });

  it('get_and_update without a {reply, state} pair stops the agent with {:bad_return_value, v}', () => {
    const k = new Kernel({ seed: 1 });
    const out = drive(k, function* () {
      const [, ag] = yield Agent.start(() => 1);
      const res = yield* attempt(Agent.getAndUpdate(ag, () => 7 as unknown as [Term, Term]));
      return { res, alive: (ag as Proc).alive, reason: fmt((ag as Proc).reason) };
    });
    expect(out.res).toMatch(/^exit \{\{:bad_return_value, 7\}, \{GenServer, :call, /);
    expect(out.alive).toBe(false);
    expect(out.reason).toBe('{:bad_return_value, 7}');
  });
});

describe('Task.yieldMany and the owner check', () => {
  it('one deadline for all; results already there after it are still taken', () => {
    const k = new Kernel({ seed: 1 });
    const out = drive(k, function* (self) {
      const slow = Task.async(self, (me) => me.sleep(300).then(() => 'slow'));
      const quick = Task.async(self, () => 'quick');
      const t0 = k.now();
      const res = (yield Task.yieldMany([slow, quick], 200)) as [unknown, Term][];
      return { res: res.map((x) => fmt(x[1])), took: k.now() - t0 };
    });
    expect(out.res).toEqual(['nil', '{:ok, :quick}']);
    expect(out.took).toBe(200);
  });

  it('a process other than the owner gets ArgumentError', () => {
    const k = new Kernel({ seed: 1 });
    const res = drive(k, function* (self) {
      const t = Task.async(self, () => 1);
      let msg = '';
      k.spawn(function* () {
        msg = yield* attempt(Task.await(t, 100));
      } as GeneratorBody);
      yield self.sleep(10);
      return { msg, own: yield Task.await(t) };
    });
    expect(res.msg).toMatch(/^error %ArgumentError\{message: "task %Task\{.*\} must be queried from the owner but was queried from #PID<[^>]*>"\}$/);
    expect(res.own).toBe(1);
  });
});

describe('Task.asyncStream', () => {
  const sleepy = (x: Term, me: Proc) => me.sleep(100).then(() => x);
  it('runs at most maxConcurrency tasks at a time (1 by default here)', () => {
    const k = new Kernel({ seed: 1 });
    const out = drive(k, function* () {
      const t0 = k.now();
      const one = (yield Task.asyncStream([1, 2, 3], sleepy)) as Term[];
      const t1 = k.now();
      const three = (yield Task.asyncStream([1, 2, 3], sleepy, { maxConcurrency: 3 })) as Term[];
      return { one: one.map((x) => fmt(x)), sequential: t1 - t0, three: three.map((x) => fmt(x)), parallel: k.now() - t1 };
    });
    expect(out.one).toEqual(['{:ok, 1}', '{:ok, 2}', '{:ok, 3}']);
    expect(out.three).toEqual(out.one);
    expect(out.sequential).toBe(300);
    expect(out.parallel).toBe(100);
  });
});

describe('GenServer.stop of a process that is not a GenServer', () => {
  it('times out (the sys request stays in its mailbox); with the process dying first, its reason wrapped in sys', () => {
    const k = new Kernel({ seed: 1 });
    const out = drive(k, function* () {
      const raw = k.spawn(function* (self: Proc) {
        yield self.receive(() => false);
      } as GeneratorBody);
      const first = yield* attempt(GenServer.stop(raw, 'normal', 200));
      const queued = raw.messages().map((m) => fmt(m).replace(/#(PID|Reference)<[^>]*>/g, '$1'));
      const dying = k.spawn(function* (self: Proc) {
        yield self.receive();
        self.exit('bye');
      } as GeneratorBody);
      const second = yield* attempt(GenServer.stop(dying, 'normal', 'infinity'));
      return { first, queued, second };
    });
    expect(out.first).toMatch(/^exit \{:timeout, \{GenServer, :stop, \[#PID<[^>]*>, :normal, 200\]\}\}$/);
    expect(out.queued).toEqual(['{:system, {PID, Reference}, {:terminate, :normal}}']);
    expect(out.second).toMatch(/^exit \{\{:bye, \{:sys, :terminate, \[#PID<[^>]*>, :normal, :infinity\]\}\}, \{GenServer, :stop, /);
  });
});
