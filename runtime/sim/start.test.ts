import { describe, expect, it } from 'vitest';
import { design, dynSup, link, sup, under, worker } from '../design/build';
import { compile } from '../design/spec';
import { makeRecording, replay } from './recording';
import { Simulation } from './start';
import { jsonToTerm } from './terms';
import { fmt } from '../kernel/index';

const pool = () => compile(design([
  sup('app', { maxRestarts: 100 }), worker('flaky', 'flaky', { params: { crashProbability: 0.2 } }), worker('echo'),
  { kind: 'load_source', id: 'load', name: 'load', target: 'flaky', rate: 40, mode: 'call', message: 'ping' },
], under('app', 'flaky', 'echo')));

describe('Simulation', () => {
  it('same spec + seed + commands → byte-identical trace; another seed → another trace', () => {
    const cmds = [{ at: 0, type: 'load' as const, on: true }, { at: 100, type: 'chaos' as const, on: true, rate: 5 }, { at: 1500, type: 'chaos' as const, on: false, rate: 1 }];
    const a = new Simulation(pool(), { seed: 9 }).run(cmds, 2000);
    const b = new Simulation(pool(), { seed: 9 }).run(cmds, 2000);
    expect(a.lines.length).toBeGreaterThan(100);
    expect(b.lines.join('\n')).toBe(a.lines.join('\n'));
    const c = new Simulation(pool(), { seed: 10 }).run(cmds, 2000);
    expect(c.lines.join('\n')).not.toBe(a.lines.join('\n'));
    expect(a.summary.nodes.flaky.restarts).toBeGreaterThan(0);
    expect(a.summary.notes.some((n) => n.event === 'chaos_kill')).toBe(true);
  });

  it('chaos picks the same victims as a scan over every node (so traces match the scanning version byte for byte)', () => {
    // nested supervisors, one_for_all (siblings go down without chaos), a dynamic supervisor, links, slow starts,
    // crashing workers, an intensity limit that gives up: the running set changes in every way the trace can show
    const spec = compile(design([
      sup('app', { strategy: 'rest_for_one', maxRestarts: 30, maxSeconds: 1 }), sup('all', { strategy: 'one_for_all', maxRestarts: 8, maxSeconds: 1 }),
      worker('a', 'flaky', { params: { crashProbability: 0.3 } }), worker('b'), worker('c', 'counter'),
      dynSup('dyn', { maxRestarts: 5 }), worker('d1', 'counter'), worker('d2', 'echo'),
      worker('t', 'trapper'), worker('e', 'echo', { restart: 'temporary' }), worker('f', 'echo', { restart: 'transient' }),
      { kind: 'load_source', id: 'load', name: 'load', target: 'a', rate: 50, mode: 'call', message: 'ping' },
    ], [...under('app', 'all', 'dyn', 't', 'e', 'f'), ...under('all', 'a', 'b', 'c'), ...under('dyn', 'd1', 'd2'), link('t', 'b')]));
    class ScanSim extends Simulation {
      protected override chaosVictimId(pick: (n: number) => number) {
        return this.chaosVictimByScan(pick);
      }
    }
    for (const seed of [1, 2, 3, 4, 5]) {
      const cmds = [{ at: 0, type: 'load' as const, on: true }, { at: 10, type: 'chaos' as const, on: true, rate: 40 }, { at: 1500, type: 'exit' as const, target: 'app/f', reason: 'normal' }];
      const ours = new Simulation(spec, { seed, traceMessages: true }).run(cmds, 3000);
      const scan = new ScanSim(spec, { seed, traceMessages: true }).run(cmds, 3000);
      expect(ours.summary.notes.filter((n) => n.event === 'chaos_kill').length, `seed ${seed}`).toBeGreaterThan(20);
      expect(ours.lines.join('\n'), `seed ${seed}`).toBe(scan.lines.join('\n'));
      expect(ours.summary.notes).toEqual(scan.summary.notes);
    }
  });

  it('a recording replays to the byte-identical trace', () => {
    const spec = pool();
    const cmds = [{ at: 0, type: 'load' as const, on: true }, { at: 300, type: 'kill' as const, target: 'app/echo' }];
    // the original, driven by hand as a live run is: time runs, then a command is applied (after all that was due)
    const sim = new Simulation(spec, { seed: 5 }).start();
    sim.kernel.advance(0);
    sim.command(cmds[0]);
    sim.kernel.advance(300);
    sim.command(cmds[1]);
    sim.kernel.advance(700);
    const original = sim.result();
    const rec = makeRecording('r1', 5, cmds, 1000);
    expect(replay(spec, JSON.parse(JSON.stringify(rec))).lines.join('\n')).toBe(original.lines.join('\n'));
    expect(() => replay(spec, { ...rec, clock: 'real' })).toThrow(/real-time clock/);
  });

  it('commands: kill, exit with a reason, send, call (with timeout), load on/off', () => {
    const spec = compile(design([sup('app', { maxRestarts: 10 }), worker('c', 'counter'), worker('slow', 'echo', { params: { replyDelayMs: 500 } }), worker('x', 'crasher')], under('app', 'c', 'slow', 'x')));
    const s = new Simulation(spec).run([
      { at: 10, type: 'call', target: 'app/c', message: 'increment', timeoutMs: 100 },
      { at: 20, type: 'call', target: 'app/slow', message: 'hi', timeoutMs: 100 },
      { at: 30, type: 'exit', target: 'app/c', reason: 'boom' },
      { at: 40, type: 'call', target: 'app/c', message: 'get', timeoutMs: 100 },
      { at: 50, type: 'send', target: 'app/x', message: ['crash', 'oops'] },
      { at: 60, type: 'kill', target: 'app/x' },
      { at: 900, type: 'call', target: 'app/slow', message: 'late', timeoutMs: 5000 },
    ], 1000).summary;
    expect(s.calls.map((c) => [c.ok, c.result])).toEqual([[true, '1'], [false, ':timeout'], [true, '0']]);
    expect(s.unanswered).toEqual([{ seq: 3, at: 900, target: 'app/slow', message: ':late' }]);
    expect(s.nodes.c.exits.map((e) => e.reason)).toEqual([':boom']);
    expect(s.nodes.x.exits.map((e) => e.reason)).toEqual(['{%RuntimeError{message: "oops"}, :stack}', ':killed']);
    expect(s.nodes.x.restarts).toBe(2);
  });

  it('link edges are wired at every start, so a restarted process is linked again', () => {
    const spec = compile(design([sup('app', { maxRestarts: 10 }), worker('a'), worker('b')], [...under('app', 'a', 'b'), link('a', 'b')]));
    const s = new Simulation(spec).run([{ at: 10, type: 'kill', target: 'app/a' }, { at: 100, type: 'kill', target: 'app/b' }], 500).summary;
    expect(s.nodes.a.restarts).toBe(2);
    expect(s.nodes.b.restarts).toBe(2);
  });

  it('custom behaviours: a throwing handler crashes only its own process, with the line in the reason', () => {
    const source = ['export default {', '  init() { return { ok: 0 }; },', '  handleCall(msg, from, n) {', "    if (msg === 'bad') throw new Error('nope');", '    return { reply: n + 1, state: n + 1 };', '  },', '};'].join('\n');
    const spec = compile(design([sup('app'), worker('mine', 'mine'), worker('other', 'counter')], under('app', 'mine', 'other'), {
      customBehaviours: [{ id: 'mine', source }],
    }));
    const s = new Simulation(spec).run([
      { at: 10, type: 'call', target: 'app/mine', message: 'x', timeoutMs: 100 },
      { at: 20, type: 'call', target: 'app/mine', message: 'bad', timeoutMs: 100 },
      { at: 30, type: 'call', target: 'app/mine', message: 'x', timeoutMs: 100 },
    ], 500).summary;
    expect(s.nodes.mine.restarts).toBe(1);
    expect(s.nodes.other).toMatchObject({ restarts: 0, status: 'running' });
    expect(s.nodes.mine.exits[0].reason).toMatch(/custom behaviour \\"mine\\", handleCall \(line 4\): nope/);
    expect(s.calls.map((c) => c.result)).toEqual(['1', expect.stringContaining('nope'), '1']);
  });

  it('custom behaviours: an infinite loop is stopped with an error naming the handler; the design keeps running', () => {
    const source = 'export default {\n  handleCast(msg, s) {\n    while (true) {}\n  },\n};';
    const spec = compile(design([sup('app'), worker('spin', 'spin'), worker('other', 'counter')], under('app', 'spin', 'other'), {
      customBehaviours: [{ id: 'spin', source }],
    }));
    const sim = new Simulation(spec);
    const s = sim.run([{ at: 10, type: 'send', target: 'app/spin', message: ['$gen_cast', 'go'] }, { at: 50, type: 'call', target: 'app/other', message: 'increment', timeoutMs: 100 }], 200).summary;
    expect(s.nodes.spin.exits[0].reason).toMatch(/spin\\", handleCast \(line 3\): a loop ran too long/);
    expect(s.nodes.spin).toMatchObject({ restarts: 1, status: 'running' });
    expect(s.calls[0].result).toBe('1');
  });

  it('custom behaviours: a syntax error is reported when the run is set up, with its line', () => {
    const spec = compile(design([sup('app'), worker('w', 'broken')], under('app', 'w'), {
      customBehaviours: [{ id: 'broken', source: 'export default {\n  init() {\n    return { ok: 1 ;\n  },\n};' }],
    }));
    expect(() => new Simulation(spec)).toThrow(/custom behaviour "broken" \(line 3\): syntax error/);
  });

  it('refuses an unknown scenario with the list of known ones', () => {
    expect(() => new Simulation(pool()).runScenario('nope')).toThrow(/no scenario "nope"/);
  });
});

describe('jsonToTerm', () => {
  it('maps JSON to terms: strings are atoms, arrays tuples, $bin/$list markers, objects maps', () => {
    expect(fmt(jsonToTerm(['add', 'milk', 3, true, null]))).toBe('{:add, :milk, 3, true, nil}');
    expect(fmt(jsonToTerm({ $bin: 'hi' }))).toBe('"hi"');
    expect(fmt(jsonToTerm({ $list: [1, 'a'] }))).toBe('[1, :a]');
    expect(fmt(jsonToTerm({ b: 1, a: 'x' }))).toBe('%{a: :x, b: 1}');
  });
});
