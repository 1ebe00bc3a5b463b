import { describe, expect, it } from 'vitest';
import { design, link, sup, under, worker } from '../../runtime/design/build';
import { compile } from '../../runtime/design/spec';
import { RunSession } from './session';
import { MAILBOX_SHOWN, formatState, processInfo } from './process-info';

const spec = () => compile(design([
  sup('app', { maxRestarts: 4, maxSeconds: 7, strategy: 'rest_for_one' }), worker('w1', 'echo'), worker('w2', 'counter'), worker('w3', 'echo'),
], [...under('app', 'w1', 'w2', 'w3'), link('w1', 'w3')]));

describe('process info (the process panel)', () => {
  it('a worker: registered name, links and monitors both ways, trap_exit, mailbox length and first messages, state', () => {
    const s = new RunSession(spec(), { seed: 1 });
    s.kernel.monitor(s.sim.pidOf('app/w1')!, s.sim.pidOf('app/w2')!); // (as Process.monitor in w1)
    const w1 = processInfo(s, 'app/w1')!;
    expect(w1).toMatchObject({ path: 'app/w1', alive: true, registeredName: 'w1', kind: 'worker · echo', trapExit: false, supervisor: null });
    expect(w1.links.map((l) => l.name).sort()).toEqual(['app', 'app/w3']);
    expect(w1.monitors.map((m) => m.name)).toEqual(['app/w2']);
    const w2 = processInfo(s, 'app/w2')!;
    expect(w2.monitoredBy.map((m) => m.name)).toEqual(['app/w1']);
    expect(w2.monitors).toEqual([]);
    expect(processInfo(s, w2.pid)?.path).toBe('app/w2'); // by pid as well

    // a hung process piles up messages: the length is the kernel's, the list shows the first ones
    s.apply({ type: 'hang', target: 'app/w2' });
    for (let i = 0; i < MAILBOX_SHOWN + 5; i++) s.apply({ type: 'send', target: 'app/w2', message: `m${i}` } as never);
    const hung = processInfo(s, 'app/w2')!;
    expect(hung.mailboxLength).toBe(MAILBOX_SHOWN + 5);
    expect(hung.mailbox).toHaveLength(MAILBOX_SHOWN);
    expect(hung.mailbox[0]).toContain('m0');
  });

  it('a supervisor: its flags, which_children (newest first, as OTP) and count_children', () => {
    const s = new RunSession(spec(), { seed: 1 });
    const app = processInfo(s, 'app')!;
    expect(app.trapExit).toBe(true);
    expect(app.supervisor).toMatchObject({ dynamic: false, strategy: 'rest_for_one', intensity: 4, period: 7, counts: { specs: 3, active: 3, supervisors: 0, workers: 3 } });
    expect(app.supervisor!.children.map((c) => c.id)).toEqual([':w3', ':w2', ':w1']);
    expect(app.supervisor!.children.map((c) => (typeof c.pid === 'string' ? c.pid : c.pid.name))).toEqual(['app/w3', 'app/w2', 'app/w1']);
    expect(app.monitoredBy).toEqual([]);
  });

  it('formats a map state one field per line', () => {
    expect(formatState({ count: 3, items: new Map([[1, 2]]), env: { secret: 1 }, fn: () => 1 })).toBe('count: 3\nitems: 1 entries');
    expect(formatState(42)).toBe('42');
  });
});
