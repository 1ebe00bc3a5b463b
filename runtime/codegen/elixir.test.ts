import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BEHAVIOUR_IDS } from '../behaviours/catalog';
import { compile, flattenSpec, type RuntimeSpec } from '../design/spec';
import { ELIXIR_TWINS } from './elixir/behaviours/index';
import { exportElixir } from './elixir';
import { exAtom, exString, exTerm } from './escape';
import { comparableLines, simulatorLines, unassertedLines } from './events';
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
    // each child in the format the design chose (Elixir in Action ch. 9): module, {module, arg}, map, Supervisor.child_spec/2
    expect(sup).toContain('alias Specs.Workers.Always\n');
    expect(sup).toMatch(/children = \[\n\s+Always,\n\s+\{OnError, :on_error\},\n\s+%\{\n\s+id: :once,\n\s+start: \{Once, :start_link, \[\[\]\]\},\n\s+restart: :temporary\n\s+\},\n\s+Supervisor\.child_spec\(\{Stopper, \[\]\}, id: :stopper, restart: :transient\),/);
    expect(files['lib/specs/workers/on_error.ex']).toContain('def child_spec(arg), do: %{id: :on_error, start: {__MODULE__, :start_link, [arg]}, restart: :transient}');
    expect(files['lib/specs/workers/always.ex']).toContain('Specs.Behaviours.Crasher.start_link(env)');
    // a child without its own start keeps the full map with the behaviour's start_link
    expect(sup).toMatch(/id: :peer,\n\s+start: \{Specs\.Behaviours\.Echo, :start_link, \[Studio\.env\("specs_sup\/peer", %\{replyDelayMs: 0\}\)\]\},\n\s+restart: :permanent,\n\s+shutdown: 5000/);
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
    // names Elixir gives a meaning (protocol targets, nil/true/false, Kernel, Elixir …) are never taken from a title
    const reserved = [['nil', 'Nil2'], ['True', 'True2'], ['false', 'False2'], ['any', 'Any2'], ['reference', 'Reference2'], ['bit string', 'BitString2'], ['kernel', 'KernelApp'], ['elixir', 'ElixirApp']];
    for (const [title, mod] of reserved) {
      expect(exportElixir(templates[0].spec, { appName: title }).files['mix.exs'], title).toContain(`defmodule ${mod}.MixProject do`);
    }
    const careful = tryExport['lib/try_/custom/careful.ex'];
    expect(careful).toMatch(/^# SKELETON/);
    expect(careful).toContain('{:reply, {:error, :not_implemented}, state}');
    expect(careful).toContain("\n#     if (msg === 'handled') return { reply: state.handled, state };\n");
    expect(careful).toContain('\n# export default {\n'); // the TypeScript source, as written, in comments
    expect(careful).toContain('ctx.exit(r) → exit(r)'); // and how its failures port to Elixir
  });

  it('leaves out of the comparison with OTP only what real time or a skeleton cannot reproduce (unassertedLines)', () => {
    const left = designs.flatMap(({ file, spec }) => spec.scenarios.flatMap((sc) => {
      const u = unassertedLines(spec, sc.commands);
      return u.paths.length ? [`${file} / ${sc.name}: ${u.paths.join(', ')}`] : [];
    }));
    expect(left).toEqual([
      'bonus-telemetry / measure failure rate: telemetry_app/telemetry',
      'drill-2-try-rescue-after / four questions: try_sup/careful',
      'drill-2-try-rescue-after / catch each kind: try_sup/careful',
      'drill-2-try-rescue-after / rescued vs crashed: try_sup/careful',
    ]);
  });

  it('refuses a design with errors, naming them', () => {
    const bad = hostileDesign();
    bad.nodes.push({ ...bad.nodes[2], id: 'dup' } as never);
    expect(() => exportElixir(bad)).toThrow(/error/);
  });
});

const untilOf = (s: RuntimeSpec['scenarios'][number]) => s.untilMs ?? Math.max(0, ...s.commands.map((c) => c.at)) + 2000;
const STARTUP = '(start-up)';

// Skipped, with this reason, where `elixir`/`mix` are not installed.
describe.skipIf(!hasElixir)('exportElixir on real Elixir/OTP (elixir and mix installed): mix test in folders that cannot see the studio', () => {
  let root = '';
  /** project → mix output and exit status */
  const results = new Map<string, { ok: boolean; output: string }>();
  const projects = [...designs.map((t) => ({ name: t.file, spec: t.spec as RuntimeSpec | ReturnType<typeof hostileDesign> })), { name: 'hostile', spec: { ...hostileDesign(), title: 'Nil' } }];
  const mix = (cwd: string, args: string[], env: Record<string, string> = {}) => run('mix', args, { cwd, env: { ...ENV, ...env }, timeout: 240_000, maxBuffer: 64 << 20 });
  const failure = (e: unknown) => {
    const err = e as { stdout?: string; stderr?: string; message: string };
    return `${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`;
  };
  /** project → scenario → the lines mix test saw on OTP */
  const otpLines = (name: string): Map<string, string[]> => {
    const dir = join(root, 'lines', name);
    const out = new Map<string, string[]>();
    if (!existsSync(dir)) return out;
    for (const f of readdirSync(dir)) {
      const [head, ...lines] = readFileSync(join(dir, f), 'utf8').replace(/\n$/, '').split('\n');
      out.set(head.slice('## scenario\t'.length), lines.filter((l) => l !== ''));
    }
    return out;
  };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'studio-elixir-'));
    for (const p of projects) writeProject(join(root, p.name), exportElixir(p.spec).files);
    // each project's own `mix test` (it compiles, then runs start-up and every scenario in real time, comparing with
    // the simulator's lines it carries), two at a time: mix is slow on 2 shared cores; HEX_OFFLINE, no deps
    await runPool(projects, 2, async (p) => {
      const args = p.name === 'hostile' ? ['compile', '--warnings-as-errors'] : ['test', '--warnings-as-errors'];
      const r = await mix(join(root, p.name), args, { MIX_ENV: 'test', STUDIO_LINES: join(root, 'lines', p.name) }).then(
        (x) => ({ ok: true, output: x.stdout }),
        (e) => ({ ok: false, output: failure(e) }),
      );
      results.set(p.name, r);
    });
  }, 900_000);

  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('compiles the hostile design (titled "Nil") offline, without warnings; the projects sit where no node_modules or studio is', () => {
    expect(results.get('hostile')).toEqual({ ok: true, output: expect.any(String) });
    for (let d = root; d !== dirname(d); d = dirname(d)) expect(existsSync(join(d, 'node_modules')), d).toBe(false);
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
    it(`${file}: its own mix test passes (start-up and every scenario: OTP prints the simulator's lines)`, () => {
      const r = results.get(file)!;
      expect(r.output, r.output).toMatch(new RegExp(`\\b${spec.scenarios.length + 1} tests?, 0 failures`));
      expect(r.ok, r.output).toBe(true);
    });

    it(`${file}: the Elixir export prints the simulator's lines: starts, exits, notes and replies, in the order OTP keeps`, () => {
      const design = new Set(flattenSpec(spec).map((c) => c.path));
      const got = otpLines(file);
      const cases = [{ name: STARTUP, commands: [] as RuntimeSpec['scenarios'][number]['commands'], until: 1000 }, ...spec.scenarios.map((s) => ({ name: s.name, commands: s.commands, until: untilOf(s) }))];
      for (const c of cases) {
        const sim = simulatorLines(spec, c.commands, c.until);
        const otp = got.get(c.name);
        expect(otp, `${file} / ${c.name}: mix test wrote no lines`).toBeDefined();
        // everything but what real time cannot reproduce (unassertedLines: custom skeletons, request counts under load)
        const skip = unassertedLines(spec, c.commands);
        expect(comparableLines(otp!, c.commands, design, skip), `${file} / ${c.name}${skip.reasons.length ? ` (not compared: ${skip.reasons.join('; ')})` : ''}`).toEqual(comparableLines(sim, c.commands, design, skip));
      }
    });
  }
});
