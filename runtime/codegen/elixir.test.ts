import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BEHAVIOUR_IDS } from '../behaviours/catalog';
import { compile, flattenSpec, type RuntimeSpec } from '../design/spec';
import { Simulation } from '../sim/start';
import { ELIXIR_TWINS } from './elixir/behaviours/index';
import { exportElixir } from './elixir';
import { exAtom, exString, exTerm } from './escape';
import { parseEventLines, processHistories, simulationEvents } from './events';
import { HOSTILE, everyBehaviourDesign, hostileDesign, runPool, templateSpecs as specsOf } from './fixtures';

const templates = specsOf(import.meta.glob('../../templates/*.suptree', { query: '?raw', import: 'default', eager: true }));
/** The templates and a design with one worker of every catalog behaviour (so every twin is compiled and run). */
const designs = [...templates, { file: 'every-behaviour', spec: compile(everyBehaviourDesign()) }];
const run = promisify(execFile);
const ENV = { ...process.env, HEX_OFFLINE: '1', MIX_ENV: 'test' };
const hasElixir = spawnSync('elixir', ['--version'], { encoding: 'utf8' }).status === 0 && spawnSync('mix', ['--version']).status === 0;

function writeProject(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

describe('exportElixir: the project', () => {
  it('has a twin for every catalog behaviour', () => {
    expect(Object.keys(ELIXIR_TWINS).sort()).toEqual([...BEHAVIOUR_IDS].sort());
    for (const [id, src] of Object.entries(ELIXIR_TWINS)) {
      expect(src, id).toMatch(/^defmodule __APP__\.Behaviours\.\w+ do\n/);
      expect(src, id).toContain('Studio.bind(env)');
    }
  });

  it('writes a mix project without dependencies, one module per supervisor, with the child specs of the design', () => {
    const spec = templates.find((t) => t.file === 'drill-6-child-specs')!.spec;
    const { files } = exportElixir(spec, { appName: 'specs' });
    expect(files['mix.exs']).toContain('deps: []');
    expect(files['mix.exs']).toContain('app: :specs');
    const sup = files['lib/specs/supervisors/specs_sup.ex'];
    expect(sup).toContain('defmodule Specs.Supervisors.SpecsSup do');
    expect(sup).toContain('Supervisor.init(children, strategy: :one_for_one, max_restarts: 10, max_seconds: 5)');
    for (const [id, restart] of [['always', 'permanent'], ['on_error', 'transient'], ['once', 'temporary']]) {
      expect(sup).toMatch(new RegExp(`id: :${id},\\n\\s+start: \\{Specs\\.Behaviours\\.Crasher, :start_link, \\[Studio\\.env\\("specs_sup/${id}", %\\{mode: :exit, error: :"RuntimeError", reason: "boom", crashAfterMs: 0\\}\\)\\]\\},\\n\\s+restart: :${restart},\\n\\s+shutdown: 5000`));
    }
    expect(Object.keys(files).filter((f) => f.includes('/behaviours/')).sort()).toEqual(['lib/specs/behaviours/crasher.ex', 'lib/specs/behaviours/echo.ex']);
  });

  it('gives every supervisor kind its module and a custom behaviour a marked skeleton', () => {
    const todo = exportElixir(templates.find((t) => t.file === 'exercise-1-todo-system')!.spec, { appName: 'todo' }).files;
    expect(todo['lib/todo/supervisors/todo_servers.ex']).toContain('use DynamicSupervisor');
    expect(todo['lib/todo/supervisors/todo_system.ex']).toContain('{Studio, :start_registry, ["todo_system/todo_registry", [keys: :unique, name: :todo_registry, partitions: 1]]}');
    // todo_cache starts todo servers itself, so that twin comes along
    expect(Object.keys(todo).filter((f) => f.includes('/behaviours/')).sort()).toEqual(
      ['database', 'todo_cache', 'todo_server'].map((b) => `lib/todo/behaviours/${b}.ex`),
    );
    const tryExport = exportElixir(templates.find((t) => t.file === 'drill-2-try-rescue-after')!.spec, { appName: 'try' }).files;
    expect(tryExport['mix.exs']).toContain('app: :try_'); // a reserved word is never an app name
    expect(exportElixir(templates[0].spec, { appName: 'logger' }).files['mix.exs']).toContain('app: :logger_app'); // nor an OTP application's
    expect(exportElixir(templates[0].spec, { appName: 'supervisor' }).files['lib/supervisor.ex']).toContain('defmodule Supervisor2 do');
    const careful = tryExport['lib/try_/custom/careful.ex'];
    expect(careful).toMatch(/^# SKELETON/);
    expect(careful).toContain('{:reply, {:error, :not_implemented}, state}');
    expect(careful).toContain("\n#     if (msg === 'handled') return { reply: state.handled, state };\n");
    expect(careful).toContain('\n# export default {\n'); // the TypeScript source, as written, in comments
    expect(careful).toContain('ctx.exit(r) → exit(r)'); // and how its failures port to Elixir
  });

  it('refuses a design with errors, naming them', () => {
    const bad = hostileDesign();
    bad.nodes.push({ ...bad.nodes[2], id: 'dup' } as never);
    expect(() => exportElixir(bad)).toThrow(/error/);
  });
});

/** The simulator's per-process histories of every scenario of a template. */
function simulatorHistories(spec: RuntimeSpec): Map<string, string[]> {
  const design = new Set(flattenSpec(spec).map((c) => c.path));
  return new Map(spec.scenarios.map((sc) => {
    const sim = new Simulation(spec, { seed: 1 });
    return [sc.name, processHistories(simulationEvents(sim, sim.runScenario(sc.name).trace), design)];
  }));
}

// Skipped, with this reason, where `elixir`/`mix` are not installed.
describe.skipIf(!hasElixir)('exportElixir on real Elixir/OTP (elixir and mix installed)', () => {
  let root = '';
  const compiled = new Map<string, string>();
  /** template → scenario → per-process histories on OTP */
  const otp = new Map<string, Map<string, string[]>>();
  const expected = new Map(designs.map((t) => [t.file, simulatorHistories(t.spec)]));
  const projects = [...designs.map((t) => ({ name: t.file, spec: t.spec as RuntimeSpec | ReturnType<typeof hostileDesign> })), { name: 'hostile', spec: hostileDesign() }];
  const mix = (cwd: string, args: string[]) => run('mix', args, { cwd, env: ENV, timeout: 120_000, maxBuffer: 64 << 20 });
  const failure = (e: unknown) => {
    const err = e as { stdout?: string; stderr?: string; message: string };
    return `${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`;
  };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'studio-elixir-'));
    for (const p of projects) writeProject(join(root, p.name), exportElixir(p.spec).files);
    // compile and run every scenario in real time: one VM per project, at most two at a time (mix is slow on 2
    // shared cores); a scenario that differs runs again alone, up to twice (a loaded machine can delay a command past the
    // next one: the scenarios' commands are 50-100 ms apart)
    const design = new Map(designs.map((t) => [t.file, new Set(flattenSpec(t.spec).map((c) => c.path))]));
    const record = (file: string, stdout: string) => {
      const got = otp.get(file) ?? new Map<string, string[]>();
      for (const [name, events] of parseEventLines(stdout)) got.set(name, processHistories(events, design.get(file)!));
      otp.set(file, got);
    };
    await runPool(projects, 2, async (p) => {
      const args = p.name === 'hostile' ? ['compile', '--warnings-as-errors'] : ['scenario', '--warnings-as-errors', '--all'];
      const out = await mix(join(root, p.name), args).then((r) => r.stdout, (e) => (compiled.set(p.name, failure(e)), ''));
      if (!compiled.has(p.name)) compiled.set(p.name, 'ok');
      if (p.name !== 'hostile') record(p.name, out);
    });
    for (let attempt = 0; attempt < 2; attempt++) {
      for (const t of designs) {
        if (compiled.get(t.file) !== 'ok') continue;
        const differing = t.spec.scenarios.filter((sc) => JSON.stringify(otp.get(t.file)?.get(sc.name)) !== JSON.stringify(expected.get(t.file)!.get(sc.name)));
        if (differing.length) record(t.file, (await mix(join(root, t.file), ['scenario', ...differing.map((sc) => sc.name)]).catch((e) => ({ stdout: failure(e) }))).stdout);
      }
    }
  }, 400_000);

  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('compiles every template and the hostile design offline, without warnings', () => {
    for (const p of projects) expect(compiled.get(p.name), p.name).toBe('ok');
  });

  it('reads hostile text back exactly (strings, atoms, terms)', async () => {
    const cases = [HOSTILE, '#{1 + 1}', '\\', '"', '\u2028', 'end', 'nil', 'Elixir.Foo', ''];
    const term = exTerm(['crash', { $bin: HOSTILE }, { $list: [1, 'a'] }, { k: null }]);
    const script = [
      ...cases.map((s) => `IO.puts(Base.encode16(${exString(s)}) <> " " <> Base.encode16(Atom.to_string(${exAtom(s.slice(0, 200))})))`),
      `t = ${term}`,
      'IO.puts(Base.encode16(elem(t, 1)))',
      'IO.puts(inspect({elem(t, 0), elem(t, 2), elem(t, 3)}))',
    ].join('\n');
    const file = join(root, 'read-back.exs');
    writeFileSync(file, script);
    const { stdout } = await run('elixir', [file], { env: ENV });
    const hex = (s: string) => Buffer.from(s, 'utf8').toString('hex').toUpperCase();
    const lines = stdout.trim().split('\n');
    cases.forEach((s, i) => expect(lines[i], JSON.stringify(s)).toBe(`${hex(s)} ${hex(s.slice(0, 200))}`));
    expect(lines[cases.length]).toBe(hex(HOSTILE));
    expect(lines[cases.length + 1]).toBe('{:crash, [1, :a], %{k: nil}}');
  });

  for (const { file, spec } of designs) {
    it(`${file}: every scenario starts and ends the same processes on OTP as in the simulator`, () => {
      expect(compiled.get(file)).toBe('ok');
      for (const sc of spec.scenarios) {
        const want = expected.get(file)!.get(sc.name)!;
        expect(want.length, `${sc.name}: the simulator ran nothing`).toBeGreaterThan(0);
        expect(otp.get(file)?.get(sc.name), `${file} / ${sc.name}`).toEqual(want);
      }
    });
  }
});
