// Every command of the run-command catalog on real OTP: a design with one scenario per command (chaos included) is
// exported as a mix project, compiled with --warnings-as-errors and run; each scenario starts and ends the same
// processes, with the same exit reasons, as in the simulator. Commands are 150 ms apart so the real-time runner keeps
// their order on a loaded machine.
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calls, design, monitor, sup, under, worker } from '../design/build';
import { compile, flattenSpec } from '../design/spec';
import { COMMAND_TYPES, type CommandType } from '../sim/commands';
import { Simulation } from '../sim/start';
import { exportElixir } from './elixir';
import { parseEventLines, processHistories, simulationEvents } from './events';

const run = promisify(execFile);
const ENV = { ...process.env, HEX_OFFLINE: '1', MIX_ENV: 'test' };
const hasElixir = spawnSync('elixir', ['--version'], { encoding: 'utf8' }).status === 0 && spawnSync('mix', ['--version']).status === 0;

type Step = Record<string, unknown> & { type: CommandType; at: number };
/** One scenario per command type (keyed by type: a new command needs one here). */
const SCENARIOS: Record<CommandType, Step[]> = {
  kill: [{ type: 'kill', at: 150, target: 'e' }],
  exit: [{ type: 'exit', at: 150, target: 'e', reason: ['shutdown', 'maintenance'] }],
  raise: [{ type: 'raise', at: 150, target: 'e', message: 'kaput' }],
  throw: [{ type: 'throw', at: 150, target: 'e', value: ['oops', 1] }],
  // a hung counter does not answer: the call times out, the counter is still there at the end
  hang: [{ type: 'hang', at: 150, target: 'c' }, { type: 'call', at: 300, target: 'c', message: 'get', timeoutMs: 200 }],
  slow: [{ type: 'slow', at: 150, target: 'c', ms: 300 }, { type: 'call', at: 300, target: 'c', message: 'get', timeoutMs: 100 }],
  send: [{ type: 'send', at: 150, target: 'x', message: 'crash' }],
  cast: [{ type: 'cast', at: 150, target: 'x', message: 'crash' }],
  call: [{ type: 'call', at: 150, target: 'x', message: 'crash', timeoutMs: 1000 }],
  // the watcher drops its monitor of e: e's kill brings it no DOWN (:downs answers [])
  demonitor: [{ type: 'demonitor', at: 150, target: 'wa', of: 'e' }, { type: 'kill', at: 300, target: 'e' }, { type: 'call', at: 450, target: 'wa', message: 'downs', timeoutMs: 1000 }],
  // cl checks the pool's only worker out; the checkin (a cast of {:checkin, pid}) gives it back: 0 out
  checkin: [{ type: 'call', at: 150, target: 'cl', message: 'checkout', timeoutMs: 1000 }, { type: 'checkin', at: 300, target: 'pool', worker: 'p1' }, { type: 'call', at: 450, target: 'pool', message: 'status', timeoutMs: 1000 }],
  load: [{ type: 'load', at: 150, source: 'load', on: true, rate: 5 }, { type: 'load', at: 700, source: 'load', on: false }],
  // chaos at 4 kills/s over 1.2 s: victims and times from the seed's chaos stream, the same on both sides
  chaos: [{ type: 'chaos', at: 100, on: true, rate: 4 }, { type: 'chaos', at: 1300, on: false }],
  scenario: [{ type: 'scenario', at: 150, name: 'kill' }, { type: 'scenario', at: 450, name: 'raise' }],
};

const doc = design([
  sup('app', { maxRestarts: 100, maxSeconds: 1 }), worker('c', 'counter'), worker('e', 'echo'),
  worker('x', 'crasher', { params: { mode: 'exit', reason: 'asked', crashAfterMs: 0 } }),
  { kind: 'load_source', id: 'load', name: 'load', target: 'x', rate: 5, mode: 'cast', message: 'ping' },
  sup('tools'), worker('wa', 'watcher'), sup('pw'), worker('p1', 'pool_worker'), worker('pool', 'pool_manager', { params: { size: 1 } }),
  worker('cl', 'client', { params: { target: 'pool', address: 'name' } }),
], [...under('app', 'c', 'e', 'x', 'tools'), ...under('tools', 'wa', 'pw', 'pool', 'cl'), ...under('pw', 'p1'), monitor('wa', 'e'), calls('pool', 'pw')], {
  scenarios: COMMAND_TYPES.map((t) => ({ name: t, description: '', untilMs: 1600, commands: SCENARIOS[t] })) as never,
});
const spec = compile(doc);
const paths = new Set(flattenSpec(spec).map((c) => c.path));

describe.skipIf(!hasElixir)('every run command on real OTP (elixir and mix installed)', () => {
  let root = '';
  let out = '';
  let failed = '';

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'studio-commands-'));
    for (const [path, text] of Object.entries(exportElixir(spec, { appName: 'commands' }).files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    try {
      out = (await run('mix', ['scenario', '--warnings-as-errors', '--all'], { cwd: root, env: ENV, timeout: 300_000, maxBuffer: 64 << 20 })).stdout;
    } catch (e) {
      const err = e as { message: string; stdout?: string; stderr?: string };
      failed = `${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`;
    }
  }, 320_000);

  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('compiles without warnings and runs every scenario', () => {
    expect(failed).toBe('');
  });

  for (const type of COMMAND_TYPES) {
    it(`${type}: the same processes start and end, with the same reasons, as in the simulator`, () => {
      const sim = new Simulation(spec, { seed: 1 });
      const want = processHistories(simulationEvents(sim, sim.runScenario(type).trace), paths);
      const got = parseEventLines(out).get(type);
      expect(want.join('\n').length).toBeGreaterThan(0);
      expect(got && processHistories(got, paths), out).toEqual(want);
      if (type === 'chaos') expect(want.join('\n')).toMatch(/exit :killed/);
    });
  }

  it('demonitor and checkin: the replies that show their effect are the simulator\'s on OTP', () => {
    const replies = { demonitor: ['app/tools/wa\ttrue', 'app/tools/wa\t[]'], checkin: ['app/tools/pool\t%{checked_out: 0, in_flight: 0, size: 1, waiting: 0}'] };
    for (const type of ['demonitor', 'checkin'] as const) {
      const sim = new Simulation(spec, { seed: 1 });
      const results = sim.runScenario(type).summary.calls.map((c) => `${c.target}\t${c.result}`);
      for (const r of replies[type]) expect(results, type).toContain(r);
      const section = out.split('## scenario\t')[COMMAND_TYPES.indexOf(type) + 1] ?? '';
      for (const r of replies[type]) expect(section, `${type}:\n${section}`).toContain(`\treply\t${r.replace('\t', '\t{:ok, ').replace(/$/, '}')}`);
    }
  });

  it('hang and slow: the call that follows times out on OTP as in the simulator', () => {
    for (const type of ['hang', 'slow'] as const) {
      const sim = new Simulation(spec, { seed: 1 });
      expect(sim.runScenario(type).summary.calls[0]).toMatchObject({ ok: false, result: ':timeout' });
      const section = out.split('## scenario\t')[COMMAND_TYPES.indexOf(type) + 1] ?? '';
      expect(section, `${type}:\n${section}`).toMatch(/\treply\tapp\/c\t\{:exit, :timeout\}/);
    }
  });
});
