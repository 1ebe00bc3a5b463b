// Export as an Elixir mix project: mix.exs, an Application, one module per supervisor with its child specs, the
// behaviours' Elixir twins (elixir/behaviours/*), custom TypeScript behaviours as clearly marked skeleton GenServers,
// and a scenario runner (`mix scenario NAME`) that replays the design's scenarios on real OTP and prints the
// supervision events — the OTP side of the differential test. No dependencies beyond Elixir's standard library, so
// `mix compile` works offline.
import { getBehaviour, type ParamField } from '../behaviours/catalog';
import { flattenSpec, type ChildSpec, type Registration, type RuntimeSpec, type SpecCommand, type WorkerSpec } from '../design/spec';
import { ELIXIR_TWINS } from './elixir/behaviours/index';
import { MIX_TASK, RUNNER } from './elixir/runner';
import { STUDIO_FUNCTIONS } from './elixir/studio';
import { commandFields, elixirCommandClauses, elixirKey } from '../sim/commands';
import { exAtom, exComment, exIdent, exParam, exString, exTerm, pascal } from './escape';
import { simulatorLines, unassertedLines } from './events';
import { toSpec, type ExportedFiles, type SpecInput } from './input';
import { defaultShutdownOf } from '../design/document';
import { ELIXIR_TAKEN_MODULES } from '../design/names';

export interface ElixirOptions {
  /** The OTP application name (snake_case); default: from the design's title. */
  appName?: string;
}

/** Behaviours a twin starts by itself (so their twins must be exported too). */
const STARTS: Record<string, string[]> = { todo_cache: ['todo_server'], adaptive_pool: ['pool_worker'] };

/** Applications of Erlang/OTP and Elixir: an exported app must not be called like one of them. */
const OTP_APPS = new Set([
  'kernel', 'stdlib', 'elixir', 'logger', 'mix', 'iex', 'eex', 'ex_unit', 'compiler', 'crypto', 'sasl', 'ssl', 'inets',
  'public_key', 'asn1', 'runtime_tools', 'observer', 'tools', 'erts', 'os_mon', 'syntax_tools', 'parsetools', 'xmerl',
  'mnesia', 'ssh', 'debugger', 'wx', 'et', 'eunit', 'common_test', 'dialyzer', 'edoc', 'erl_interface', 'ftp', 'tftp',
  'hex', 'jinterface', 'megaco', 'odbc', 'reltool', 'snmp', 'diameter', 'eldap', 'erl_docgen',
]);

/** Module names an exported app must not take (they are Elixir's or OTP's own). */
const TAKEN_MODULES = ELIXIR_TAKEN_MODULES;

const shutdownTerm = (s: ChildSpec['shutdown']) => (typeof s === 'number' ? String(s) : `:${s}`);

function registrationTerm(r: Registration): string {
  if (r.kind === 'name') return `{:name, ${exAtom(r.name)}}`;
  if (r.kind === 'registry' && r.registryName) return `{:via, ${exAtom(r.registryName)}, ${exString(r.key)}}`;
  return ':none';
}

/** `%{...}` with one `key => value` per entry (keys as atoms), or `%{}`. */
function exMap(entries: [string, string][], indent: string): string {
  if (entries.length === 0) return '%{}';
  const one = `%{${entries.map(([k, v]) => `${k}: ${v}`).join(', ')}}`;
  if (entries.every(([k]) => /^[a-z_][a-zA-Z0-9_]*$/.test(k)) && one.length + indent.length < 110) return one;
  return `%{\n${entries.map(([k, v]) => `${indent}  ${exAtom(k)} => ${v}`).join(',\n')}\n${indent}}`;
}

export function exportElixir(input: SpecInput, options: ElixirOptions = {}): ExportedFiles {
  const spec: RuntimeSpec = toSpec(input);
  const name = exIdent(options.appName ?? spec.title);
  // an application name must not be one of Erlang's or Elixir's own
  const app = OTP_APPS.has(name) ? `${name}_app` : name;
  const modules = new Set(TAKEN_MODULES);
  const App = pascal(app, modules);
  const all = flattenSpec(spec);
  const files: Record<string, string> = {};
  const lib = `lib/${app}`;
  const fill = (text: string) => text.replaceAll('__APP__', App);

  // ---- module names --------------------------------------------------------------------------------------------
  const supModule = new Map<string, string>();
  for (const c of all) if (c.kind === 'supervisor' || c.kind === 'dynamic_supervisor' || c.kind === 'task_supervisor') supModule.set(c.path, `${App}.Supervisors.${pascal(c.id, modules)}`);
  const used = new Set<string>();
  const addBehaviour = (id: string) => {
    if (used.has(id)) return;
    used.add(id);
    (STARTS[id] ?? []).forEach(addBehaviour);
  };
  for (const c of all) if (c.kind === 'worker') addBehaviour(c.behaviour);
  if (spec.loadSources.length) addBehaviour('load_source');
  const customIds = new Set(spec.customBehaviours.map((b) => b.id));
  const behaviourModule = new Map<string, string>();
  const customTaken = new Set<string>();
  for (const id of [...used].sort()) {
    behaviourModule.set(id, customIds.has(id) ? `${App}.Custom.${pascal(id, customTaken)}` : `${App}.Behaviours.${pascal(id)}`);
  }
  const behaviourTerm = (id: string) => (customIds.has(id) ? exString(id) : exAtom(id));

  // ---- parameters ----------------------------------------------------------------------------------------------
  const fieldsOf = (id: string): readonly ParamField[] =>
    getBehaviour(id)?.fields ?? spec.customBehaviours.find((b) => b.id === id)?.fields ?? [];
  const paramValue = (f: ParamField | undefined, v: unknown, ref?: string): string => {
    if (f?.type === 'enum' && typeof v === 'string') return exTerm(v);
    if (f?.type === 'process') return exString(ref ?? String(v));
    return exParam(v);
  };
  const paramsTerm = (w: WorkerSpec, indent: string) => {
    const fields = fieldsOf(w.behaviour);
    return exMap(Object.keys(w.params).map((k) => [k, paramValue(fields.find((f) => f.name === k), w.params[k], w.processRefs[k])]), indent);
  };

  // ---- start modules: a worker with its own start or spec format gets a module of its own (lib/<app>/workers/) ----
  // Its child_spec/1 is what Supervisor reads for `MyWorker` and `{MyWorker, arg}`; its start function starts the
  // behaviour's GenServer with the design's parameters (the start arguments ride along in env.start_args).
  const startModule = new Map<string, { alias: string; module: string; fn: string; args: unknown[] }>();
  const ownStart = all.filter((c): c is WorkerSpec => c.kind === 'worker' && (c.format !== undefined || c.start !== undefined));
  for (const c of ownStart) if (c.start?.module !== undefined) modules.add(c.start.module);
  for (const c of ownStart) {
    const alias = c.start?.module ?? pascal(c.id, modules);
    startModule.set(c.path, { alias, module: `${App}.Workers.${alias}`, fn: c.start?.function ?? 'start_link', args: c.start?.args ?? [{ $list: [] }] });
  }
  /** The name a supervisor writes for a start module: its last segment when aliased there, else the full name. */
  const aliasesOf = (children: ChildSpec[]) => {
    const mods = children.flatMap((c) => (startModule.has(c.path) ? [startModule.get(c.path)!] : []));
    const count = new Map<string, number>();
    for (const m of mods) count.set(m.alias.split('.').pop()!, (count.get(m.alias.split('.').pop()!) ?? 0) + 1);
    return mods.filter((m) => count.get(m.alias.split('.').pop()!) === 1);
  };
  let aliased = new Set<string>();
  const modRef = (path: string) => {
    const m = startModule.get(path)!;
    return aliased.has(m.module) ? m.alias.split('.').pop()! : m.module;
  };
  /** Child-spec keys other than id and start: each only when it differs from what OTP fills in by itself. */
  const specKeys = (c: ChildSpec): [string, string][] => [
    ...(c.restart !== 'permanent' ? [['restart', `:${c.restart}`] as [string, string]] : []),
    ...(c.shutdown !== defaultShutdownOf(c.type) ? [['shutdown', shutdownTerm(c.shutdown)] as [string, string]] : []),
    ...(c.type !== 'worker' ? [['type', `:${c.type}`] as [string, string]] : []),
    ...(c.significant ? [['significant', 'true'] as [string, string]] : []),
  ];
  const workerChild = (c: WorkerSpec, indent: string): string => {
    const m = startModule.get(c.path)!;
    const ref = modRef(c.path);
    switch (c.format ?? 'map') {
      case 'module':
        return `${indent}${ref}`;
      case 'tuple':
        return `${indent}{${ref}, ${exTerm(m.args[0])}}`;
      case 'child_spec':
        return `${indent}Supervisor.child_spec({${ref}, ${exTerm(m.args[0])}}, ${[['id', exAtom(c.id)], ...specKeys(c)].map(([k, v]) => `${k}: ${v}`).join(', ')})`;
      case 'map': {
        const fields = [`id: ${exAtom(c.id)}`, `start: {${ref}, ${exAtom(m.fn)}, [${m.args.map(exTerm).join(', ')}]}`, ...specKeys(c).map(([k, v]) => `${k}: ${v}`)];
        return `${indent}%{\n${fields.map((f) => `${indent}  ${f}`).join(',\n')}\n${indent}}`;
      }
    }
  };

  // ---- child specs ---------------------------------------------------------------------------------------------
  const childSpec = (c: ChildSpec, indent: string): string => {
    if (c.kind === 'worker' && startModule.has(c.path)) return workerChild(c, indent);
    let start: string;
    switch (c.kind) {
      case 'worker':
        start = `{${behaviourModule.get(c.behaviour)}, :start_link, [Studio.env(${exString(c.path)}, ${paramsTerm(c, `${indent}  `)})]}`;
        break;
      case 'registry':
        start = `{Studio, :start_registry, [${exString(c.path)}, [keys: :${c.keys}, name: ${exAtom(c.id)}, partitions: ${c.partitions}]]}`;
        break;
      default:
        start = `{${supModule.get(c.path)}, :start_link, [[]]}`;
    }
    const fields = [`id: ${exAtom(c.id)}`, `start: ${start}`, `restart: :${c.restart}`, `shutdown: ${shutdownTerm(c.shutdown)}`, `type: :${c.type}`];
    if (c.kind === 'registry') fields.push('modules: [Registry]');
    if (c.significant) fields.push('significant: true');
    return `${indent}%{\n${fields.map((f) => `${indent}  ${f}`).join(',\n')}\n${indent}}`;
  };
  const childList = (children: ChildSpec[], indent: string) =>
    children.length ? `[\n${children.map((c) => childSpec(c, `${indent}  `)).join(',\n')}\n${indent}]` : '[]';

  // ---- supervisors ---------------------------------------------------------------------------------------------
  for (const c of all) {
    if (c.kind !== 'supervisor' && c.kind !== 'dynamic_supervisor' && c.kind !== 'task_supervisor') continue;
    const mod = supModule.get(c.path)!;
    const file = `${lib}/supervisors/${exIdent(mod.split('.').pop()!.replace(/([a-z0-9])([A-Z])/g, '$1_$2'))}.ex`;
    const name = exAtom(c.id);
    const own = aliasesOf(c.children);
    aliased = new Set(own.map((m) => m.module));
    const aliasLines = own.map((m) => `  alias ${m.module}`);
    let body: string;
    if (c.kind === 'supervisor') {
      const flags = c.autoShutdown === 'never'
        ? `Supervisor.init(children, strategy: :${c.strategy}, max_restarts: ${c.intensity}, max_seconds: ${c.period})`
        // Elixir 1.14's Supervisor.init drops :auto_shutdown, so the flags are given in OTP's own form
        : `{:ok, {%{strategy: :${c.strategy}, intensity: ${c.intensity}, period: ${c.period}, auto_shutdown: :${c.autoShutdown}}, children}}`;
      body = [
        `  @moduledoc ${exString(`Supervisor ${c.id} (${c.path}): ${c.strategy}, at most ${c.intensity} restarts in ${c.period} s.`)}`,
        '  use Supervisor',
        `  alias ${App}.Studio`,
        ...aliasLines,
        '',
        `  def start_link(_arg \\\\ []), do: Supervisor.start_link(__MODULE__, [], name: ${name})`,
        '',
        '  @impl true',
        '  def init([]) do',
        `    Studio.announce(${exString(c.path)}, self())`,
        `    children = ${childList(c.children, '    ')}`,
        '',
        `    ${flags}`,
        '  end',
      ].join('\n');
    } else {
      const start = c.kind === 'dynamic_supervisor'
        ? `DynamicSupervisor.start_link(__MODULE__, [], name: ${name})`
        : `Task.Supervisor.start_link(name: ${name}, max_restarts: ${c.intensity}, max_seconds: ${c.period}, max_children: ${c.maxChildren === 'infinity' ? ':infinity' : c.maxChildren})`;
      body = [
        `  @moduledoc ${exString(`${c.kind === 'dynamic_supervisor' ? 'DynamicSupervisor' : 'Task.Supervisor'} ${c.id} (${c.path}): at most ${c.intensity} restarts in ${c.period} s. The design's children are started right after it.`)}`,
        ...(c.kind === 'dynamic_supervisor' ? ['  use DynamicSupervisor'] : []),
        `  alias ${App}.Studio`,
        ...aliasLines,
        '',
        '  def start_link(_arg \\\\ []) do',
        `    result = ${c.kind === 'dynamic_supervisor' ? start : `Studio.started(${exString(c.path)}, ${start})`}`,
        '    with {:ok, pid} <- result, do: Enum.each(initial_children(), &DynamicSupervisor.start_child(pid, &1))',
        '    result',
        '  end',
        '',
        '  def child_spec(arg), do: %{id: __MODULE__, start: {__MODULE__, :start_link, [arg]}, type: :supervisor}',
        '',
        `  defp initial_children do\n    ${childList(c.children, '    ')}\n  end`,
        ...(c.kind === 'dynamic_supervisor' ? [
          '',
          '  @impl true',
          '  def init([]) do',
          `    Studio.announce(${exString(c.path)}, self())`,
          `    DynamicSupervisor.init(strategy: :one_for_one, max_restarts: ${c.intensity}, max_seconds: ${c.period}, max_children: ${c.maxChildren === 'infinity' ? ':infinity' : c.maxChildren})`,
          '  end',
        ] : []),
      ].join('\n');
    }
    files[file] = `defmodule ${mod} do\n${body}\nend\n`;
  }
  aliased = new Set();

  // ---- start modules -------------------------------------------------------------------------------------------
  for (const c of all) {
    const m = c.kind === 'worker' ? startModule.get(c.path) : undefined;
    if (!m || c.kind !== 'worker') continue;
    const format = c.format ?? 'map';
    const fileName = m.alias.split('.').map((p) => exIdent(p.replace(/([a-z0-9])([A-Z])/g, '$1_$2'))).join('/');
    const written = format === 'module' ? m.alias : format === 'tuple' ? `{${m.alias}, arg}` : format === 'child_spec' ? `Supervisor.child_spec({${m.alias}, arg}, id: …)` : `%{id: …, start: {${m.alias}, :${m.fn}, args}}`;
    const argNames = m.args.map((_, i) => `arg${i + 1}`);
    // child_spec/1: everything for `MyWorker` / `{MyWorker, arg}` (as `use GenServer, restart: …` would give);
    // for Supervisor.child_spec/2 the plain default `use GenServer` gives, which the supervisor overrides
    const ownSpec = format === 'child_spec'
      ? `%{id: __MODULE__, start: {__MODULE__, ${exAtom(m.fn)}, [arg]}}`
      : `%{${[['id', exAtom(c.id)], ['start', `{__MODULE__, ${exAtom(m.fn)}, [arg]}`], ...specKeys(c)].map(([k, v]) => `${k}: ${v}`).join(', ')}}`;
    files[`${lib}/workers/${fileName}.ex`] = [
      `defmodule ${m.module} do`,
      `  @moduledoc ${exString(`The child ${c.id} (${c.path}), written in its supervisor as ${written}. Its process is ${behaviourModule.get(c.behaviour)} with the design's parameters; the start arguments are kept in its env as start_args.`)}`,
      `  alias ${App}.Studio`,
      '',
      ...(format === 'map' ? [] : [
        `  @doc ${exString(format === 'child_spec' ? 'The default child spec (as `use GenServer` gives it); the supervisor overrides id, restart, shutdown and type with Supervisor.child_spec/2.' : 'The child spec Supervisor reads for this module: id, start and what differs from the defaults (restart :permanent; shutdown 5000 for a worker, :infinity for a supervisor; type :worker).')}`,
        `  def child_spec(arg), do: ${ownSpec}`,
        '',
      ]),
      `  def ${m.fn}(${argNames.join(', ')}) do`,
      `    env = Map.put(Studio.env(${exString(c.path)}, ${paramsTerm(c, '    ')}), :start_args, [${argNames.join(', ')}])`,
      `    ${behaviourModule.get(c.behaviour)}.start_link(env)`,
      '  end',
      'end',
      '',
    ].join('\n');
  }

  // ---- behaviours ----------------------------------------------------------------------------------------------
  for (const id of used) {
    const mod = behaviourModule.get(id)!;
    const snake = exIdent(mod.split('.').pop()!.replace(/([a-z0-9])([A-Z])/g, '$1_$2'));
    if (customIds.has(id)) {
      const def = spec.customBehaviours.find((b) => b.id === id)!;
      files[`${lib}/custom/${snake}.ex`] = customSkeleton(App, mod, def);
    } else {
      const twin = ELIXIR_TWINS[id];
      if (!twin) throw new Error(`no Elixir twin for behaviour "${id}"`);
      files[`${lib}/behaviours/${id}.ex`] = fill(twin);
    }
  }

  // ---- the design's wiring (Studio) ----------------------------------------------------------------------------
  const paths = new Map<string, string>();
  for (const c of all) if (!paths.has(c.id)) paths.set(c.id, c.path);
  const nodeEntry = (c: ChildSpec) => {
    const fields: [string, string][] = [
      ['name', exAtom(c.id)],
      ['kind', `:${c.kind}`],
      ['behaviour', c.kind === 'worker' ? behaviourTerm(c.behaviour) : 'nil'],
      ['children', `[${('children' in c ? c.children : []).map((x) => exString(x.path)).join(', ')}]`],
      ['calls', `[${spec.calls.filter((x) => x.from === c.path).map((x) => exString(x.to)).join(', ')}]`],
      ['links', `[${spec.links.flatMap((l) => (l.a === c.path ? [l.b] : l.b === c.path ? [l.a] : [])).map(exString).join(', ')}]`],
      ['monitors', `[${spec.monitors.filter((m) => m.watcher === c.path).map((m) => exString(m.target)).join(', ')}]`],
      ['registration', registrationTerm(c.registration)],
    ];
    return `    ${exString(c.path)} => %{${fields.map(([k, v]) => `${k}: ${v}`).join(', ')}}`;
  };
  const defaults = [...used].filter((id) => getBehaviour(id)).sort().map((id) => {
    const fields = getBehaviour(id)!.fields.filter((f) => f.default !== undefined);
    return `    ${exAtom(id)} => ${exMap(fields.map((f) => [f.name, paramValue(f, f.default)]), '    ')}`;
  });
  files[`${lib}/studio.ex`] = [
    `defmodule ${App}.Studio do`,
    `  @moduledoc ${exString("The design around each process: who calls whom, links, monitors, registrations, and the helpers the behaviour modules use (lookups, counters, non-blocking requests). Generated by Supervisor Studio.")}`,
    '',
    `  @nodes %{\n${all.map(nodeEntry).join(',\n')}\n  }`,
    `  @paths %{${[...paths].map(([n, p]) => `${exString(n)} => ${exString(p)}`).join(', ')}}`,
    `  @registry ${spec.registries[0] ? exAtom(spec.registries[0].name) : 'nil'}`,
    `  @registries [${spec.registries.map((r) => exAtom(r.name)).join(', ')}]`,
    `  @modules %{${[...behaviourModule].map(([id, m]) => `${behaviourTerm(id)} => ${m}`).join(', ')}}`,
    `  @defaults %{\n${defaults.join(',\n')}\n  }`,
    STUDIO_FUNCTIONS.trimEnd(),
    'end',
    '',
  ].join('\n');

  // ---- application, roots, scenarios ---------------------------------------------------------------------------
  const single = spec.roots.length === 1 && spec.roots[0].kind !== 'worker' && spec.roots[0].kind !== 'registry';
  const roots = childList(spec.roots, '    ');
  files[`lib/${app}.ex`] = [
    `defmodule ${App} do`,
    `  @moduledoc ${exString(`${spec.title}\n\nExported from Supervisor Studio. root_specs/0 lists the top-level processes in start order.`)}`,
    ...(roots.includes('Studio') ? [`  alias ${App}.Studio`] : []),
    '',
    '  @doc "The child specs of the top-level processes, in start order."',
    `  def root_specs do\n    ${roots}\n  end`,
    'end',
    '',
  ].join('\n');
  files[`${lib}/application.ex`] = [
    `defmodule ${App}.Application do`,
    '  @moduledoc false',
    '  use Application',
    '',
    '  @impl true',
    '  def start(_type, _args) do',
    `    ${App}.Studio.init_tables()`,
    single
      ? `    ${supModule.get(spec.roots[0].path)}.start_link([])`
      : `    # several top-level processes: one supervisor above them\n    Supervisor.start_link(${App}.root_specs(), strategy: :one_for_one, name: ${App}.Roots)`,
    '  end',
    'end',
    '',
  ].join('\n');
  files[`${lib}/scenarios.ex`] = scenariosModule(App, spec);
  files['test/test_helper.exs'] = '# OTP\'s crash reports are kept for the tests that fail (capture_log)\nExUnit.start(capture_log: true)\n';
  files[`test/${app}_test.exs`] = scenariosTest(App, app, spec);
  files[`${lib}/runner.ex`] = fill(RUNNER).replace('__COMMANDS__', elixirCommandClauses().split('\n').map((l) => (l ? `  ${l}` : l)).join('\n'));
  files['lib/mix/tasks/scenario.ex'] = fill(MIX_TASK);
  files['mix.exs'] = [
    `defmodule ${App}.MixProject do`,
    '  use Mix.Project',
    '',
    '  def project do',
    `    [app: ${exAtom(app)}, version: "0.1.0", elixir: "~> 1.14", start_permanent: Mix.env() == :prod, deps: [], aliases: aliases()]`,
    '  end',
    '',
    '  # the tests start the tree themselves (as its parent, like the studio), so mix test does not start the application',
    '  defp aliases, do: [test: "test --no-start"]',
    '',
    '  def application do',
    `    [extra_applications: [:logger], mod: {${App}.Application, []}]`,
    '  end',
    'end',
    '',
  ].join('\n');
  files['.formatter.exs'] = '[inputs: ["{mix,.formatter}.exs", "{config,lib,test}/**/*.{ex,exs}"]]\n';
  files['.gitignore'] = '/_build/\n/deps/\n';
  files['README.md'] = readme(app, App, spec, [...used].filter((id) => customIds.has(id)), startModule.size > 0);
  return { files };
}

/** A command as the runner's map: every field of its catalog entry (runtime/sim/commands.ts), keys in snake_case. */
function commandTerm(c: SpecCommand): string {
  const parts = [`at: ${c.at}`, `type: :${c.type}`];
  for (const [name, f] of Object.entries(commandFields(c.type))) {
    const v = (c as Record<string, unknown>)[name];
    let text: string;
    if (v === undefined) text = 'nil';
    else {
      switch (f.kind) {
        case 'target': case 'process': case 'source': case 'scenario': case 'text': text = exString(String(v)); break;
        case 'term': case 'ms': case 'number': text = exTerm(v); break;
        case 'bool': text = v ? 'true' : 'false'; break;
        default: { const never: never = f.kind; throw new Error(`unknown field kind ${String(never)}`); }
      }
    }
    parts.push(`${elixirKey(name)}: ${text}`);
  }
  return `%{${parts.join(', ')}}`;
}

/** The design's workers in design order (depth first, children in start order): chaos picks among the running ones. */
function designWorkers(spec: RuntimeSpec): string[] {
  const out: string[] = [];
  const walk = (c: ChildSpec) => {
    if (c.kind === 'worker') out.push(c.path);
    if ('children' in c) c.children.forEach(walk);
  };
  spec.roots.forEach(walk);
  return out;
}

function scenariosModule(App: string, spec: RuntimeSpec): string {
  const scenario = (s: RuntimeSpec['scenarios'][number]) => {
    const until = s.untilMs ?? Math.max(0, ...s.commands.map((c) => c.at)) + 2000;
    return [
      '      %{',
      `        name: ${exString(s.name)},`,
      `        description: ${exString(s.description)},`,
      `        until_ms: ${until},`,
      `        commands: [${s.commands.length ? `\n${s.commands.map((c) => `          ${commandTerm(c)}`).join(',\n')}\n        ` : ''}]`,
      '      }',
    ].join('\n');
  };
  const load = (l: RuntimeSpec['loadSources'][number]) => {
    const params: [string, string][] = [
      ['target', exString(l.target)], ['rate', exTerm(l.rate)], ['burstSize', '0'], ['burstEveryMs', '1000'], ['mode', `:${l.mode}`],
      ['message', exTerm(l.message)], ['timeoutMs', exTerm(l.timeoutMs)],
      ['bursts', `[${l.bursts.map((b) => `%{atMs: ${exTerm(b.atMs)}, durationMs: ${exTerm(b.durationMs)}, rate: ${exTerm(b.rate)}}`).join(', ')}]`],
      ['enabled', String(l.enabled)],
    ];
    return `      {${exString(l.nodeId)}, %{path: ${exString(l.name)}, name: ${exString(l.name)}, behaviour: :load_source, calls: [], links: [], monitors: [], registration: :none,\n        params: ${exMap(params, '        ')}}}`;
  };
  return [
    `defmodule ${App}.Scenarios do`,
    `  @moduledoc ${exString('The design\'s named scenarios (timed commands; targets are design paths) and load sources, for the runner.')}`,
    '',
    `  def all do\n    [${spec.scenarios.length ? `\n${spec.scenarios.map(scenario).join(',\n')}\n    ` : ''}]\n  end`,
    '',
    '  @doc "The design\'s workers in design order (chaos picks its victims among the running ones)."',
    `  def workers, do: [${designWorkers(spec).map(exString).join(', ')}]`,
    '',
    '  @doc "Starts the design\'s load sources (switched on and off by :load commands); a map node id => pid."',
    spec.loadSources.length
      ? `  def start_load_sources do\n    Map.new([\n${spec.loadSources.map(load).join(',\n')}\n    ], fn {id, env} -> {id, elem(${App}.Behaviours.LoadSource.start_link(env), 1)} end)\n  end`
      : '  def start_load_sources, do: %{}',
    'end',
    '',
  ].join('\n');
}

function customSkeleton(App: string, mod: string, def: RuntimeSpec['customBehaviours'][number]): string {
  return [
    exComment(`SKELETON — the custom behaviour ${JSON.stringify(def.id)} was written in TypeScript in Supervisor Studio and is`),
    exComment('not translated. This GenServer starts and stays up so the tree runs, answers every call with'),
    exComment('{:error, :not_implemented} and ignores casts and messages. Port the callbacks below by hand.'),
    exComment('Failures port one to one: ctx.exit(r) → exit(r), ctx.throw(v) or a JS throw of a value → throw(v),'),
    exComment("ctx.raise('ArgumentError', msg) → raise ArgumentError, msg, ctx.error(r) → :erlang.error(r),"),
    exComment('ctx.try(body, { rescue, catch, after }) → try do … rescue e -> … catch kind, v -> … after … end.'),
    exComment(''),
    exComment('The TypeScript source, as written:'),
    exComment(''),
    exComment(def.source.trimEnd()),
    `defmodule ${mod} do`,
    `  @moduledoc ${exString(`SKELETON of the custom behaviour ${JSON.stringify(def.id)} (${def.title}): port it from the TypeScript source in the comment above this module.`)}`,
    '  use GenServer',
    `  alias ${App}.Studio`,
    '',
    '  def start_link(env), do: Studio.start_link(__MODULE__, env)',
    '',
    '  @impl true',
    '  def init(env) do',
    '    Studio.bind(env)',
    '    # TODO: port init(params, ctx) — its { ok: state } becomes {:ok, state}',
    '    {:ok, env.params}',
    '  end',
    '',
    '  @impl true',
    '  # TODO: port handleCall(msg, from, state, ctx) — { reply, state } becomes {:reply, reply, state}',
    '  def handle_call(_request, _from, state), do: {:reply, {:error, :not_implemented}, state}',
    '',
    '  @impl true',
    '  # TODO: port handleCast(msg, state, ctx)',
    '  def handle_cast(_request, state), do: {:noreply, state}',
    '',
    '  @impl true',
    '  # TODO: port handleInfo(msg, state, ctx)',
    '  def handle_info(_message, state), do: {:noreply, state}',
    'end',
    '',
  ].join('\n');
}

function readme(app: string, App: string, spec: RuntimeSpec, custom: string[], workers: boolean): string {
  return [
    `# ${spec.title.replace(/[\r\n\u2028\u2029]+/g, ' ')}`,
    '',
    `An Elixir mix project exported from Supervisor Studio (OTP application \`:${app}\`, module \`${App}\`).`,
    'It uses only Elixir\'s standard library: `mix compile` works offline.',
    '',
    '```sh',
    'mix compile',
    'mix test                      # every scenario on real OTP must print the studio simulator\'s events (see below)',
    'iex -S mix                    # starts the application: the supervision tree runs',
    'mix scenario --list           # the design\'s scenarios',
    'mix scenario "<name>"         # run one on real OTP and print its supervision events (--verbose: with crash reports)',
    'mix scenario --all',
    '```',
    '',
    '## Layout',
    '',
    `- \`lib/${app}.ex\` — \`root_specs/0\`: the top-level processes in start order`,
    `- \`lib/${app}/application.ex\` — starts them`,
    `- \`lib/${app}/supervisors/\` — one module per supervisor, with its child specs (id, restart, shutdown, type)`,
    ...(workers ? [`- \`lib/${app}/workers/\` — the start modules of children written as a module, \`{module, arg}\`, \`Supervisor.child_spec/2\` or with their own start {M, F, A}`] : []),
    `- \`lib/${app}/behaviours/\` — the GenServers (Elixir twins of the studio's behaviour library)`,
    ...(custom.length ? [`- \`lib/${app}/custom/\` — **skeletons** of the custom TypeScript behaviours (${custom.map((c) => `\`${c.replace(/[`\r\n\u2028\u2029]/g, ' ')}\``).join(', ')}): port them by hand`] : []),
    `- \`lib/${app}/studio.ex\` — the design's wiring (calls, links, monitors, registrations) and helpers`,
    `- \`lib/${app}/scenarios.ex\`, \`runner.ex\`, \`lib/mix/tasks/scenario.ex\` — the scenarios and their runner`,
    `- \`test/${app}_test.exs\` — \`mix test\`: plain start-up and every scenario, each compared with the lines the studio's simulator printed when the design was exported`,
    '',
    '## Scenario output',
    '',
    'One line per event: milliseconds since start, commands issued so far, `start` / `exit` / `note` / `reply`,',
    'the process path, and a detail (exit reason, note, reply) printed the way the studio prints terms — the lines the',
    'studio\'s simulator and the TypeScript export print, in the order things happened. Real time jitters, so `mix test`',
    'compares them without the milliseconds, each with the number of commands issued before it, in the order OTP',
    'guarantees: every start and exit as one sequence, each process\'s own lines, each call target\'s answers (only',
    'which of two processes reacting to one exit prints first is left open). A scenario that differs runs again, up to',
    'three times. Not compared: notes and replies of custom behaviours (skeletons here, until ported) and, under load,',
    'a telemetry collector\'s time window.',
    '',
  ].join('\n');
}

/** The scenario every export runs first: start the tree, nothing else, for a second (typescript.ts's STARTUP). */
const STARTUP = '(start-up)';

/** `mix test`: start-up and every scenario, on real OTP, against the simulator's lines computed here. */
function scenariosTest(App: string, app: string, spec: RuntimeSpec): string {
  const untilOf = (s: RuntimeSpec['scenarios'][number]) => s.untilMs ?? Math.max(0, ...s.commands.map((c) => c.at)) + 2000;
  const names = new Set<string>();
  const skipTerm = (commands: readonly SpecCommand[]) => {
    const u = unassertedLines(spec, commands);
    return `%{paths: [${u.paths.map(exString).join(', ')}]}`;
  };
  const cases = [
    { name: STARTUP, scenario: `%{name: ${exString(STARTUP)}, description: "start the tree, nothing else", until_ms: 1000, commands: []}`, lines: simulatorLines(spec, [], 1000), skip: skipTerm([]) },
    ...spec.scenarios.map((s) => ({ name: s.name, scenario: `Runner.scenario(${exString(s.name)})`, lines: simulatorLines(spec, s.commands, untilOf(s)), skip: skipTerm(s.commands) })),
  ].filter((c) => !names.has(c.name) && names.add(c.name));
  return [
    `defmodule ${App}Test do`,
    `  @moduledoc ${exString('Every scenario of the design (and plain start-up) on real OTP: its events (starts, exits, notes, replies) must be the ones the studio\'s simulator printed (seed 1) when the design was exported — compared without the milliseconds, per number of commands issued, in the order OTP guarantees (Runner.comparable/3). Left out, per scenario (the skip argument): notes and replies of custom behaviours (skeletons here) and, under load, of a telemetry collector (its time window in real time).')}`,
    '  use ExUnit.Case, async: false',
    `  alias ${App}.Runner`,
    '',
    '  # real time can slip a command past the next one on a loaded machine: a scenario that differs runs again',
    '  defp check(scenario, expected, skip) do',
    '    want = Runner.comparable(expected, scenario.commands, skip)',
    '',
    '    got =',
    '      Enum.reduce_while(1..3, nil, fn _, _ ->',
    '        lines = scenario |> Runner.run_scenario() |> Runner.lines()',
    '        if Runner.comparable(lines, scenario.commands, skip) == want, do: {:halt, lines}, else: {:cont, lines}',
    '      end)',
    '',
    '    # STUDIO_LINES=<dir>: the lines go to a file too (the studio\'s own tests compare the three exports)',
    '    if dir = System.get_env("STUDIO_LINES") do',
    '      File.mkdir_p!(dir)',
    '      file = Path.join(dir, Base.url_encode64(scenario.name, padding: false) <> ".txt")',
    '      File.write!(file, Enum.join(["## scenario\t" <> scenario.name | got], "\n") <> "\n")',
    '    end',
    '',
    '    assert Runner.comparable(got, scenario.commands, skip) == want',
    '  end',
    ...cases.flatMap((c) => [
      '',
      `  test ${exString(`scenario ${c.name}`)} do`,
      `    check(${c.scenario}, [${c.lines.length ? `\n${c.lines.map((l) => `      ${exString(l)}`).join(',\n')}\n    ` : ''}], ${c.skip})`,
      '  end',
    ]),
    'end',
    '',
  ].join('\n');
}
