// The lessons about monitors, names and pools on real OTP: Drill 4 (monitor edges, several monitors, demonitor,
// :noproc), Drill 5 (names through the Registry, a pid-keeping client, an unregistered process) and Exercise 2
// (the checkin command, client monitoring) are exported as Elixir projects and their scenarios run with `mix scenario`;
// every call must get the answer it gets in the simulator (scenarios that switch a load source on are left out: their
// counts depend on real time). Skipped, with this reason, where elixir/mix are missing.
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { exportElixir } from '../runtime/codegen/elixir';
import { parse } from '../runtime/design/parse';
import { compile, type RuntimeSpec } from '../runtime/design/spec';
import { Simulation } from '../runtime/sim/start';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const hasElixir = spawnSync('elixir', ['--version']).status === 0 && spawnSync('mix', ['--version']).status === 0;
const FILES = ['drill-4-monitors-vs-links', 'drill-5-supervisor-registry', 'exercise-2-worker-pool'];

const specOf = (file: string): RuntimeSpec => {
  const r = parse(readFileSync(join(here, `${file}.suptree`), 'utf8'));
  if (!r.ok) throw new Error(file);
  return compile(r.doc);
};

/**
 * The answers per call target, each target's in the order its calls were made. Calls to different processes may
 * answer in either order on OTP when their real-time replies cross (a loaded machine), so only each target's own
 * order is compared.
 */
function byTarget(answers: [string, string][]): string[] {
  return answers.map(([t, v]) => `${t} → ${v}`).sort((a, b) => a.split(' → ')[0].localeCompare(b.split(' → ')[0]));
}

/** scenario → the answers of its calls in command order, as `{:ok, answer}` / `{:exit, reason}` (the runner's form). */
function simAnswers(spec: RuntimeSpec): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const sc of spec.scenarios) {
    const s = new Simulation(spec, { seed: 1 }).runScenario(sc.name).summary;
    out.set(sc.name, byTarget(s.calls.map((c) => [c.target, c.ok ? `{:ok, ${c.result}}` : `{:exit, ${c.result}}`])));
  }
  return out;
}

function otpAnswers(stdout: string): Map<string, string[]> {
  const out = new Map<string, { n: number; t: string; v: string }[]>();
  let cur: { n: number; t: string; v: string }[] | undefined;
  for (const line of stdout.split('\n')) {
    if (line.startsWith('## scenario\t')) out.set(line.slice(12), (cur = []));
    const m = /^\d+\t(\d+)\treply\t(\S+)\t(.*)$/.exec(line);
    if (m && cur) cur.push({ n: Number(m[1]), t: m[2], v: m[3] });
  }
  return new Map([...out].map(([k, v]) => [k, byTarget(v.sort((a, b) => a.n - b.n).map((x) => [x.t, x.v]))]));
}

describe.skipIf(!hasElixir)('monitors, names and pools answer on real OTP as in the simulator (elixir and mix installed)', () => {
  const root = hasElixir ? mkdtempSync(join(tmpdir(), 'lessons-otp-')) : '';
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it.each(FILES)('%s: every call of every scenario', async (file) => {
    const spec = specOf(file);
    const dir = join(root, file);
    for (const [path, text] of Object.entries(exportElixir(spec).files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const { stdout } = await run('mix', ['scenario', '--all'], { cwd: dir, env: { ...process.env, HEX_OFFLINE: '1', MIX_ENV: 'test' }, timeout: 240_000, maxBuffer: 32 << 20 });
    const otp = otpAnswers(stdout);
    const sim = simAnswers(spec);
    expect([...otp.keys()]).toEqual([...sim.keys()]);
    for (const [name, answers] of sim) {
      // a load source's job count depends on real time on OTP (40 jobs or 39 in two seconds): not compared
      if (spec.scenarios.find((x) => x.name === name)!.commands.some((c) => c.type === 'load')) continue;
      // a checked-out worker is a pid, printed differently on each side
      const norm = (xs: string[]) => xs.map((x) => x.replace(/#PID<[^>]*>/g, '#PID'));
      expect(norm(otp.get(name) ?? []), `${file} / ${name}`).toEqual(norm(answers));
    }
  }, 300_000);
});
