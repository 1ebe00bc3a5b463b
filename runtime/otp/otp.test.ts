import { describe, expect, it } from 'vitest';
import {
  Kernel, ErlError, fmt, isPid, list, type Proc, type Term, type GeneratorBody,
} from '../kernel/index';
import { attempt, drive } from './drive.test-support';
import { GenServer, reply, type GenServerModule, type From } from './genserver';
import { Supervisor, DynamicSupervisor, type ChildSpec } from './supervisor';
import { Registry } from './registry';
import { Task, TaskSupervisor, Agent } from './task';

const Counter: GenServerModule<number, number> = {
  init: (n) => ['ok', n],
  handleCall(req, from, n, self) {
    if (req === 'get') return ['reply', n, n];
    if (req === 'slow') return self.sleep(200).then(() => ['reply', 'late', n] as const);
    if (req === 'defer') {
      self.sendAfter(10, ['later', from as unknown as Term]);
      return ['noreply', n];
    }
    if (req === 'throw') throw new ErlError('throw', ['reply', 'thrown', n]);
    if (req === 'cont') return ['reply', 'ok', n, ['continue', 'bump']];
    return ['reply', 'unknown', n];
  },
  handleCast: (req, n) => (req === 'inc' ? ['noreply', n + 1] : ['stop', req, n]),
  handleInfo(msg, n) {
    if (Array.isArray(msg) && msg[0] === 'later') reply(msg[1] as unknown as From, 'deferred');
    return ['noreply', n];
  },
  handleContinue: (_c, n) => ['noreply', n + 100],
};

describe('GenServer', () => {
  it('with traceMessages, replies, casts, init acks and timer messages are traced as sends (every receive has its send)', () => {
    const k = new Kernel({ traceMessages: true });
    const events: any[] = [];
    k.subscribe((b) => events.push(...b));
    const out = drive(k, function* (self) {
      const [, srv] = yield GenServer.startLink(Counter, 1);
      GenServer.cast(self, srv, 'inc');
      const v = yield GenServer.call(srv, 'get');
      const d = yield GenServer.call(srv, 'defer'); // a deferred reply from handle_info, after a send_after
      return [srv.id, v, d];
    });
    k.flushTrace();
    const [srv, v, d] = out;
    expect([v, d]).toEqual([2, 'deferred']);
    const driver = events.find((e) => e.type === 'spawn' && e.parent === null).pid;
    const sends = events.filter((e) => e.type === 'send').map((e) => [e.from, e.to, fmt(e.msg).replace(/#Reference<[^>]*>|#PID<[^>]*>/g, '_')]);
    expect(sends).toEqual([
      [srv, driver, '{:"$ack", _, {:ok, _}}'],
      [driver, srv, '{:"$gen_cast", :inc}'],
      [driver, srv, '{:"$gen_call", {_, _}, :get}'],
      [srv, driver, '{_, 2}'],
      [driver, srv, '{:"$gen_call", {_, _}, :defer}'],
      [null, srv, '{:later, {_, _}}'],
      [srv, driver, '{_, :deferred}'],
    ]);
    // every message taken out of a mailbox was put there by a traced send
    const received = events.filter((e) => e.type === 'receive').length;
    expect(received).toBe(sends.length);
  });

  it('with traceMessages, a flushed DOWN (demonitor with flush) is traced as a receive', () => {
    const k = new Kernel({ traceMessages: true });
    const events: any[] = [];
    k.subscribe((b) => events.push(...b));
    let watcherId = -1;
    drive(k, function* (self) {
      watcherId = self.id;
      const t = k.spawn(function* (me) { yield me.receive(() => true); } as GeneratorBody);
      const ref = self.monitor(t);
      k.exit(t, 'kill');
      yield self.sleep(1); // the DOWN is now queued
      expect(self.queueLength).toBe(1);
      self.demonitor(ref, true);
      expect(self.queueLength).toBe(0);
    });
    k.flushTrace();
    const mine = events.filter((e) => (e.type === 'receive' && e.pid === watcherId) || (e.type === 'down' && e.watcher === watcherId));
    expect(mine.map((e) => e.type)).toEqual(['down', 'receive']);
  });

  it('call/cast/info/continue, deferred replies and a throw used as the return value', () => {
    const k = new Kernel();
    const r = drive(k, function* () {
      const [, s] = yield GenServer.startLink(Counter, 1);
      GenServer.cast(k, s, 'inc');
      const a = yield GenServer.call(s, 'get');
      const b = yield GenServer.call(s, 'defer');
      const c = yield GenServer.call(s, 'throw');
      yield GenServer.call(s, 'cont');
      const d = yield GenServer.call(s, 'get');
      return [a, b, c, d];
    });
    expect(r).toEqual([2, 'deferred', 'thrown', 102]);
  });

  it('a call timeout exits the caller and the late reply never reaches its mailbox', () => {
    const k = new Kernel();
    const r = drive(k, function* (self) {
      const [, s] = yield GenServer.start(Counter, 0);
      const res = yield* attempt(GenServer.call(s, 'slow', 50));
      yield self.sleep(500);
      return [res, self.queueLength, yield GenServer.call(s, 'get')];
    });
    expect(r[0]).toMatch(/^exit \{:timeout, \{GenServer, :call, \[#PID<0\.\d+\.0>, :slow, 50\]\}\}$/);
    expect(r[1]).toBe(0);
    expect(r[2]).toBe(0);
  });

  it('init :ignore, {:stop, r}, a bad return and a crash, with the stray EXIT of start_link', () => {
    const k = new Kernel();
    const mk = (init: () => any): GenServerModule => ({ init });
    const r = drive(k, function* (self) {
      const out: string[] = [];
      out.push(fmt(yield GenServer.startLink(mk(() => 'ignore'), null)));
      out.push(fmt(yield GenServer.startLink(mk(() => ['stop', 'no']), null)));
      out.push(fmt(yield GenServer.start(mk(() => ['error', 'x']), null)));
      out.push(fmt(yield GenServer.start(mk(() => { throw new Error('bad'); }), null)));
      out.push(self.messages().map((m) => fmt((m as Term[])[2])).join(' '));
      return out;
    });
    expect(r).toEqual([
      ':ignore',
      '{:error, :no}',
      '{:error, {:bad_return_value, {:error, :x}}}',
      '{:error, {%RuntimeError{message: "bad"}, :stack}}',
      ':normal :no',
    ]);
  });

  it('terminate runs on a trapped parent exit with its reason, not on :kill', () => {
    const k = new Kernel();
    const seen: Term[] = [];
    const T: GenServerModule = {
      init: (_a, self) => { self.trapExit(true); return ['ok', null]; },
      terminate: (reason) => { seen.push(reason); },
    };
    drive(k, function* (self) {
      const [, a] = yield GenServer.startLink(T, null);
      const [, b] = yield GenServer.startLink(T, null);
      self.exitSignal(a, 'shutdown');
      self.exitSignal(b, 'kill');
      yield self.sleep(1);
    });
    expect(seen).toEqual(['shutdown']);
  });

  it('GenServer.stop runs terminate and returns :ok', () => {
    const k = new Kernel();
    const r = drive(k, function* () {
      const [, s] = yield GenServer.start(Counter, 0);
      const res = yield GenServer.stop(s, 'normal');
      return [res, s.alive, s.reason];
    });
    expect(r).toEqual(['ok', false, 'normal']);
  });

  it('calls skip older queued messages and leave them in order', () => {
    const k = new Kernel();
    const r = drive(k, function* (self) {
      const [, s] = yield GenServer.start(Counter, 5);
      for (let i = 0; i < 3; i++) self.send(self, ['queued', i]);
      const v = yield GenServer.call(s, 'get');
      return [v, self.messages()];
    });
    expect(r).toEqual([5, [['queued', 0], ['queued', 1], ['queued', 2]]]);
  });
});

const Worker: GenServerModule = {
  init: (_a, self) => { self.trapExit(true); return ['ok', null]; },
  handleCast: (req, s) => ['stop', req, s],
};
const worker = (id: string, extra: Partial<ChildSpec> = {}): ChildSpec => Supervisor.worker(id, Worker, null, extra);

function children(r: Term): string {
  return fmt(list((r as { items: Term[] }).items.map((c) => [(c as Term[])[0], isPid((c as Term[])[1]) ? 'pid' : (c as Term[])[1]])));
}

describe('Supervisor', () => {
  it('one_for_one restarts only the failed child and lists children newest first', () => {
    const k = new Kernel();
    const r = drive(k, function* () {
      const [, sup] = yield Supervisor.startLink({ children: [worker('a'), worker('b')] });
      const before = ((yield Supervisor.whichChildren(sup)) as { items: Term[][] }).items.map((c) => c[1]);
      GenServer.cast(k, before[1] as Proc, 'boom'); // a
      yield (before[0] as Proc).sleep(0);
      const after = ((yield Supervisor.whichChildren(sup)) as { items: Term[][] }).items.map((c) => c[1]);
      return [before[0] === after[0], before[1] === after[1], (after[1] as Proc).alive];
    });
    expect(r).toEqual([true, false, true]);
  });

  it('gives up after max_restarts within max_seconds and exits :shutdown', () => {
    const k = new Kernel();
    const r = drive(k, function* (self) {
      const [, sup] = yield Supervisor.startLink({ maxRestarts: 2, maxSeconds: 5, children: [worker('a')] });
      for (let i = 0; i < 3; i++) {
        const [[, pid]] = ((yield Supervisor.whichChildren(sup)) as { items: Term[][] }).items;
        GenServer.cast(k, pid as Proc, 'boom');
        yield self.sleep(10);
      }
      return [sup.alive, fmt(sup.reason), fmt(self.messages()[0])];
    });
    expect(r[0]).toBe(false);
    expect(r[1]).toBe(':shutdown');
    expect(r[2]).toMatch(/^\{:EXIT, #PID<0\.\d+\.0>, :shutdown\}$/);
  });

  it('restarts spaced more than max_seconds + 1 apart never add up', () => {
    const k = new Kernel();
    const alive = drive(k, function* (self) {
      const [, sup] = yield Supervisor.startLink({ maxRestarts: 1, maxSeconds: 1, children: [worker('a')] });
      for (let i = 0; i < 4; i++) {
        const [[, pid]] = ((yield Supervisor.whichChildren(sup)) as { items: Term[][] }).items;
        GenServer.cast(k, pid as Proc, 'boom');
        yield self.sleep(2100);
      }
      return sup.alive;
    });
    expect(alive).toBe(true);
  });

  it('child management: terminate/restart/delete/start_child results', () => {
    const k = new Kernel();
    const r = drive(k, function* () {
      const [, sup] = yield Supervisor.startLink({ children: [worker('a'), worker('b', { restart: 'temporary' })] });
      const out: string[] = [];
      const f = (t: Term) => fmt(t).replace(/#PID<[^>]+>/g, 'pid');
      out.push(f(yield Supervisor.terminateChild(sup, 'a')));
      out.push(f(yield Supervisor.deleteChild(sup, 'b')));
      out.push(f(yield Supervisor.restartChild(sup, 'a')));
      out.push(f(yield Supervisor.restartChild(sup, 'a')));
      out.push(f(yield Supervisor.startChild(sup, worker('a'))));
      out.push(f(yield Supervisor.terminateChild(sup, 'b')));
      out.push(f(yield Supervisor.terminateChild(sup, 'b')));
      out.push(children(yield Supervisor.whichChildren(sup)));
      out.push(f(yield Supervisor.countChildren(sup)));
      return out;
    });
    expect(r).toEqual([
      ':ok', '{:error, :running}', '{:ok, pid}', '{:error, :running}', '{:error, {:already_started, pid}}', ':ok',
      '{:error, :not_found}', '[{:a, :pid}]', '%{active: 1, specs: 1, supervisors: 0, workers: 1}',
    ]);
  });

  it('a failing child start during init stops the started ones and reports failed_to_start_child', () => {
    const k = new Kernel();
    const bad: ChildSpec = { id: 'bad', start: () => GenServer.startLink({ init: () => ['stop', 'nope'] }, null) };
    const r = drive(k, function* () {
      return fmt(yield Supervisor.startLink({ children: [worker('a'), bad] }));
    });
    expect(r).toBe('{:error, {:shutdown, {:failed_to_start_child, :bad, :nope}}}');
    expect(k.processCount).toBe(1); // only the driver is left
  });

  it('emits restart, intensity and decision trace events', () => {
    const k = new Kernel();
    const types: string[] = [];
    k.subscribe((b) => types.push(...b.map((e) => e.type)));
    drive(k, function* (self) {
      const [, sup] = yield Supervisor.startLink({ children: [worker('a')] });
      const [[, pid]] = ((yield Supervisor.whichChildren(sup)) as { items: Term[][] }).items;
      GenServer.cast(k, pid as Proc, 'boom');
      yield self.sleep(1);
    });
    expect(types).toContain('intensity');
    expect(types).toContain('decision');
    expect(types).toContain('restart');
  });
});

describe('DynamicSupervisor', () => {
  it('enforces max_children and removes terminated children', () => {
    const k = new Kernel();
    const r = drive(k, function* () {
      const [, dsup] = yield DynamicSupervisor.startLink({ maxChildren: 1 });
      const [, c1] = yield DynamicSupervisor.startChild(dsup, worker('x'));
      const second = fmt(yield DynamicSupervisor.startChild(dsup, worker('y')));
      const t1 = fmt(yield DynamicSupervisor.terminateChild(dsup, c1));
      const t2 = fmt(yield DynamicSupervisor.terminateChild(dsup, c1));
      const third = (yield DynamicSupervisor.startChild(dsup, worker('z')))[0];
      return [second, t1, t2, third];
    });
    expect(r).toEqual(['{:error, :max_children}', ':ok', '{:error, :not_found}', 'ok']);
  });

  it('passes extra arguments to the child start function', () => {
    const k = new Kernel();
    const got = drive(k, function* () {
      const [, dsup] = yield DynamicSupervisor.startLink({ extraArguments: ['pool', 7] });
      let seen: Term[] = [];
      yield DynamicSupervisor.startChild(dsup, { id: 'w', start: (...extra) => { seen = extra; return GenServer.startLink(Worker, null); } });
      return seen;
    });
    expect(got).toEqual(['pool', 7]);
  });
});

describe('Registry', () => {
  it('unique keys via names, cleanup on death, duplicate keys', () => {
    const k = new Kernel();
    const r = drive(k, function* (self) {
      yield Registry.startLink({ name: 'reg' });
      yield Registry.startLink({ name: 'dups', keys: 'duplicate' });
      const [, a] = yield GenServer.start(Counter, 3, { name: Registry.via('reg', 'a') });
      const dup = fmt(yield GenServer.start(Counter, 3, { name: Registry.via('reg', 'a') })).replace(/#PID<[^>]+>/, 'pid');
      const v = yield GenServer.call(Registry.via('reg', 'a'), 'get');
      self.exitSignal(a, 'kill');
      yield self.sleep(1);
      const after = Registry.lookup(k, 'reg', 'a').length;
      const noproc = yield* attempt(GenServer.call(Registry.via('reg', 'a'), 'get'));
      Registry.register(self, 'dups', 'topic', 1);
      const p2 = self.spawn(function* (me) { Registry.register(me, 'dups', 'topic', 2); yield me.receive(); });
      yield self.sleep(1);
      const both = Registry.lookup(k, 'dups', 'topic').map(([, val]) => val);
      self.exitSignal(p2, 'kill');
      yield self.sleep(1);
      return [dup, v, after, noproc, both, Registry.lookup(k, 'dups', 'topic').length];
    });
    expect(r.slice(0, 3)).toEqual(['{:error, {:already_started, pid}}', 3, 0]);
    expect(r[3]).toBe('exit {:noproc, {GenServer, :call, [{:via, Registry, {:reg, :a}}, :get, 5000]}}');
    expect(r[4]).toEqual([1, 2]);
    expect(r[5]).toBe(1);
  });
});

describe('Task and Agent', () => {
  it('async/await returns the result; a crashing nolink task gives a DOWN-based exit', () => {
    const k = new Kernel();
    const r = drive(k, function* (self) {
      const t = Task.async(self, (me) => me.sleep(30).then(() => 42));
      const v = yield Task.await(t);
      const [, ts] = yield TaskSupervisor.startLink();
      const bad = yield TaskSupervisor.asyncNolink(ts, () => { throw new ErlError('exit', 'boom'); });
      const res = yield* attempt(Task.await(bad));
      return [v, k.now(), res, self.alive];
    });
    expect(r[0]).toBe(42);
    expect(r[1]).toBe(30);
    expect(r[2]).toMatch(/^exit \{:boom, \{Task, :await, /);
    expect(r[3]).toBe(true);
  });

  it('Agent get/update/get_and_update', () => {
    const k = new Kernel();
    const r = drive(k, function* (self) {
      const [, ag] = yield Agent.startLink(() => 1);
      yield Agent.update(ag, (n: number) => n + 1);
      Agent.cast(self, ag, (n: number) => n * 10);
      const old = yield Agent.getAndUpdate(ag, (n: number) => [n, 0]);
      return [old, yield Agent.get(ag, (n: number) => n)];
    });
    expect(r).toEqual([20, 0]);
  });
});
