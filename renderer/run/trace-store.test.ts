import { describe, expect, it } from 'vitest';
import { Kernel, type Proc } from '../../runtime/index';
import { encodeTrace, eventLine, type RunEvent } from './events';
import { TraceStore, type View } from './trace-store';
import { randomRun } from './synthetic';

type Ev = RunEvent extends infer E ? (E extends RunEvent ? Omit<E, 'seq'> : never) : never;
const seqd = (evs: Ev[]): RunEvent[] => evs.map((e, i) => ({ ...e, seq: i + 1 }) as RunEvent);

/** A supervisor `app` (pid 1) with workers a (2) and b (3); a crashes and is restarted as pid 4, then crashes 3 times
 *  more until the supervisor gives up. */
function storyEvents(): RunEvent[] {
  return seqd([
    { t: 0, type: 'spawn', pid: 1, parent: null, label: 'app' },
    { t: 0, type: 'spawn', pid: 2, parent: 1, label: null },
    { t: 0, type: 'restart', sup: 1, child: 'a', old: null, pid: 2 },
    { t: 0, type: 'spawn', pid: 3, parent: 1, label: null },
    { t: 0, type: 'restart', sup: 1, child: 'b', old: null, pid: 3 },
    { t: 10, type: 'send', from: 3, to: 2, msg: ':work' },
    { t: 10, type: 'send', from: 3, to: 2, msg: ':work' },
    { t: 11, type: 'receive', pid: 2, msg: ':work' },
    { t: 20, type: 'exit', pid: 2, reason: ':boom' },
    { t: 20, type: 'intensity', sup: 1, restarts: 1, max: 3, period: 5 },
    { t: 20, type: 'decision', sup: 1, decision: 'restart_one_for_one', child: 'a', reason: ':boom' },
    { t: 20, type: 'spawn', pid: 4, parent: 1, label: null },
    { t: 20, type: 'restart', sup: 1, child: 'a', old: null, pid: 4 },
    { t: 30, type: 'note', path: 'app/a', event: 'breaker', data: '%{to: :open}' },
    { t: 40, type: 'exit', pid: 4, reason: ':killed' },
    { t: 40, type: 'intensity', sup: 1, restarts: 4, max: 3, period: 5 },
    { t: 40, type: 'decision', sup: 1, decision: 'intensity_exceeded', child: 'a', reason: ':killed' },
    { t: 40, type: 'exit', pid: 3, reason: ':shutdown' },
    { t: 40, type: 'exit', pid: 1, reason: ':shutdown' },
  ]);
}

const known = ['app', 'app/a', 'app/b'];

describe('trace store: derivation', () => {
  it('derives node status, pid, generation, restarts, mailbox and intensity through a crash and an escalation', () => {
    const s = new TraceStore({ knownPaths: known });
    s.append(storyEvents());
    expect(s.length).toBe(19);

    const atStart = s.viewAtTime(0);
    expect(atStart.node('app').status).toBe('running');
    expect(atStart.node('app').children).toBe(2);
    expect(atStart.node('app/a')).toMatchObject({ status: 'running', pid: 2, generation: 1, restarts: 0 });
    expect(atStart.node('app/zzz').status).toBe('not_started');

    expect(s.viewAtTime(10).node('app/a').mailbox).toBe(2);
    expect(s.viewAtTime(11).node('app/a').mailbox).toBe(1);

    // just after the crash, before the supervisor restarts it
    const crashed = s.viewAt(9);
    expect(crashed.node('app/a')).toMatchObject({ status: 'restarting', pid: 2, lastReason: ':boom', mailbox: 0 });

    const restarted = s.viewAtTime(30);
    expect(restarted.node('app/a')).toMatchObject({ status: 'running', pid: 4, generation: 2, restarts: 1 });
    expect(restarted.node('app/a').notes).toEqual({ breaker: '%{to: :open}' });
    expect(restarted.node('app').intensity).toEqual({ restarts: 1, max: 3 });

    const end = s.liveView;
    expect(end.node('app').status).toBe('terminated');
    expect(end.node('app/a').status).toBe('dead'); // the supervisor is gone: no restart is coming
    expect(end.node('app/b').status).toBe('terminated');
    expect(end.node('app').intensity).toEqual({ restarts: 4, max: 3 });
    expect(end.aliveCount).toBe(0);
  });

  it('tells restarting from dead/terminated by the restart type', () => {
    const evs = seqd([
      { t: 0, type: 'spawn', pid: 1, parent: null, label: 'app' },
      { t: 0, type: 'spawn', pid: 2, parent: 1, label: null },
      { t: 0, type: 'restart', sup: 1, child: 't', old: null, pid: 2 },
      { t: 0, type: 'spawn', pid: 3, parent: 1, label: null },
      { t: 0, type: 'restart', sup: 1, child: 'tr', old: null, pid: 3 },
      { t: 5, type: 'exit', pid: 2, reason: ':boom' },
      { t: 5, type: 'exit', pid: 3, reason: ':normal' },
    ]);
    const s = new TraceStore({ knownPaths: ['app', 'app/t', 'app/tr'], restartOf: (p) => (p === 'app/t' ? 'temporary' : 'transient') });
    s.append(evs);
    expect(s.liveView.node('app/t').status).toBe('dead');
    expect(s.liveView.node('app/tr').status).toBe('terminated');
  });

  it('does not bind dynamic children outside the design but counts them under their supervisor', () => {
    const s = new TraceStore({ knownPaths: ['dyn'] });
    s.append(seqd([
      { t: 0, type: 'spawn', pid: 1, parent: null, label: 'dyn' },
      { t: 1, type: 'spawn', pid: 2, parent: 1, label: null },
      { t: 1, type: 'restart', sup: 1, child: '#PID<0.2.0>', old: null, pid: 2 },
      { t: 2, type: 'spawn', pid: 3, parent: 1, label: null },
      { t: 3, type: 'exit', pid: 2, reason: ':normal' },
    ]));
    expect([...s.liveView.paths()].map((p) => p.path)).toEqual(['dyn']);
    expect(s.viewAtTime(2).node('dyn').children).toBe(2);
    expect(s.liveView.node('dyn').children).toBe(1);
  });

  it('binds by explicit bind events', () => {
    const s = new TraceStore();
    s.append(seqd([
      { t: 0, type: 'spawn', pid: 5, parent: null, label: null },
      { t: 0, type: 'bind', pid: 5, path: 'root' },
    ]));
    expect(s.liveView.node('root')).toMatchObject({ status: 'running', pid: 5, generation: 1 });
  });

  it('marks crashes, restarts (not first starts) and escalations, and walks them', () => {
    const s = new TraceStore({ knownPaths: known });
    s.append(storyEvents());
    expect(s.markers().map((m) => `${m.kind}@${m.index}`)).toEqual(['crash@8', 'restart@12', 'crash@14', 'escalation@16']);
    expect(s.nextMarker(-1, 1)).toBe(8);
    expect(s.nextMarker(8, 1)).toBe(14);
    expect(s.nextMarker(14, 1)).toBe(-1);
    expect(s.nextMarker(14, -1)).toBe(8);
    expect(s.nextMarker(0, 1, 'escalation')).toBe(16);
  });

  it('round-trips every event through the columns', () => {
    const evs = storyEvents();
    const s = new TraceStore({ knownPaths: known });
    s.append(evs);
    expect([...s.events()]).toEqual(evs);
    expect(() => s.get(19)).toThrow('No event at index 19');
  });

  it('refuses an event that goes back in time, keeping what it had', () => {
    const s = new TraceStore();
    s.append(seqd([{ t: 5, type: 'spawn', pid: 1, parent: null, label: null }]));
    expect(() => s.append(seqd([{ t: 4, type: 'exit', pid: 1, reason: ':x' }]))).toThrow('goes back in time');
    expect(s.length).toBe(1);
    expect(s.liveView.proc(1)?.alive).toBe(true);
  });

  it('filters by pid, type and text', () => {
    const s = new TraceStore({ knownPaths: known });
    s.append(storyEvents());
    expect(s.query({ types: new Set(['exit']) })).toEqual([8, 14, 17, 18]);
    expect(s.query({ pids: new Set([4]) })).toEqual([11, 12, 14]);
    expect(s.query({ text: 'BOOM' })).toEqual([8, 10]);
    expect(s.query({ text: 'intensity' })).toEqual([9, 15, 16]);
    expect(s.query({ types: new Set(['exit']), text: 'shutdown' })).toEqual([17, 18]);
    expect(s.query({}, 17, Infinity, -1)[0]).toBe(17);
    expect(s.query({}, 0, 3)).toEqual([0, 1, 2]);
  });

  it('counts traffic between pids over a range', () => {
    const s = new TraceStore({ knownPaths: known });
    s.append(storyEvents());
    expect(s.traffic(0, s.length)).toEqual(new Map([['3>2', 2]]));
    expect(s.traffic(0, 6)).toEqual(new Map([['3>2', 1]]));
  });

  it('derives from a real kernel trace: links, a crash propagating through a link, trap_exit', () => {
    const k = new Kernel({ seed: 1, traceMessages: true });
    const evs: RunEvent[] = [];
    k.subscribe((b) => { for (const e of b) evs.push(encodeTrace(e)); });
    const idle = { receive() {} };
    const boomer = { receive(_self: Proc, m: unknown) { if (m === 'boom') throw new Error('boom'); } };
    const trapper = k.spawn(idle, undefined, { trapExit: true, label: 'trapper' });
    const linked = k.spawn(idle, undefined, { label: 'linked' });
    const b = k.spawn(boomer, undefined, { label: 'boomer' });
    k.link(b, linked);
    k.link(b, trapper);
    k.runUntilIdle();
    k.send(b, 'boom');
    k.runUntilIdle();
    const s = new TraceStore({ knownPaths: ['trapper', 'linked', 'boomer'] });
    s.append(evs.map((e, i) => ({ ...e, seq: i + 1 })));
    const v = s.liveView;
    expect(v.node('boomer').status).toBe('dead');
    expect(v.node('linked').status).toBe('dead');
    expect(v.node('linked').lastReason).toBe(v.node('boomer').lastReason);
    // the trapper got the exit signal as a message and took it
    expect(v.node('trapper')).toMatchObject({ status: 'running', mailbox: 0 });
    expect(s.query({ pids: new Set([trapper.id]), types: new Set(['receive']), text: 'EXIT' })).toHaveLength(1);
    const beforeReceive = s.query({ types: new Set(['receive']), text: 'EXIT' })[0];
    expect(s.viewAt(beforeReceive).node('trapper').mailbox).toBe(1);
    expect(s.markers().filter((m) => m.kind === 'crash')).toHaveLength(2);
  });
});

// ---- snapshots at scale ----------------------------------------------------------------------------------------------

/** The obvious derivation, written independently: replays events 0..index-1 from nothing. */
function reference(evs: RunEvent[], index: number) {
  const alive = new Set<number>();
  const mailbox = new Map<number, number>();
  const pathPid = new Map<string, number>();
  const pidPath = new Map<number, string>();
  const gen = new Map<string, number>();
  for (let i = 0; i < index; i++) {
    const e = evs[i];
    if (e.type === 'spawn') { alive.add(e.pid); mailbox.set(e.pid, 0); if (e.label) { pidPath.set(e.pid, e.label); pathPid.set(e.label, e.pid); gen.set(e.label, 1); } }
    else if (e.type === 'exit') { alive.delete(e.pid); mailbox.set(e.pid, 0); }
    else if (e.type === 'send' && alive.has(e.to)) mailbox.set(e.to, mailbox.get(e.to)! + 1);
    else if (e.type === 'receive' && mailbox.get(e.pid)! > 0) mailbox.set(e.pid, mailbox.get(e.pid)! - 1);
    else if (e.type === 'down' && alive.has(e.watcher)) mailbox.set(e.watcher, mailbox.get(e.watcher)! + 1);
    else if (e.type === 'restart' && e.pid !== null) {
      const path = `${pidPath.get(e.sup)}/${e.child}`;
      pidPath.set(e.pid, path); pathPid.set(path, e.pid); gen.set(path, (gen.get(path) ?? 0) + 1);
    }
  }
  return { alive, mailbox, pathPid, gen };
}

function expectSame(v: View, ref: ReturnType<typeof reference>) {
  expect(v.aliveCount).toBe(ref.alive.size);
  for (const [path, pid] of ref.pathPid) {
    const node = v.node(path);
    expect(node.pid, path).toBe(pid);
    expect(node.generation, path).toBe(ref.gen.get(path));
    expect(node.status === 'running', path).toBe(ref.alive.has(pid));
    expect(node.mailbox, path).toBe(ref.mailbox.get(pid));
  }
}

describe('trace store: snapshots', () => {
  it('any instant equals a from-scratch derivation, jumping in any order (small snapshot interval)', () => {
    const evs = randomRun(20_000, 7);
    const s = new TraceStore({ snapshotMin: 100 });
    for (let i = 0; i < evs.length; i += 997) s.append(evs.slice(i, i + 997)); // arrives in batches
    expect(s.snapshotCount).toBeGreaterThan(10);
    const order = [19_999, 5, 12_345, 12_346, 12_000, 0, 150, 20_000, 7_777, 7_778, 9_000];
    for (const i of order) expectSame(s.viewAt(i), reference(evs, i));
  });

  it('snapshots do not change when the live state moves on (copy on write)', () => {
    const evs = randomRun(5_000, 3);
    const s = new TraceStore({ snapshotMin: 64 });
    s.append(evs.slice(0, 2_500));
    const before = JSON.stringify([...s.viewAt(1_000).paths()].map((p) => [p.path, p.pid, p.generation]));
    s.append(evs.slice(2_500));
    expect(JSON.stringify([...s.viewAt(1_000).paths()].map((p) => [p.path, p.pid, p.generation]))).toBe(before);
    expectSame(s.viewAt(1_000), reference(evs, 1_000));
  });

  it('holds a 1,000,000-event run and shows any instant of it correctly', () => {
    const evs = randomRun(1_000_000, 11);
    const s = new TraceStore();
    for (let i = 0; i < evs.length; i += 50_000) s.append(evs.slice(i, i + 50_000));
    expect(s.length).toBe(1_000_000);
    expect(eventLine(s.get(999_999))).toBe(eventLine(evs[999_999]));
    for (const i of [999_999, 1, 500_000, 250_001, 750_003, 1_000_000]) expectSame(s.viewAt(i), reference(evs, i));
    expect(s.indexAtTime(s.endTime)).toBe(1_000_000);
  }, 60_000);
});
