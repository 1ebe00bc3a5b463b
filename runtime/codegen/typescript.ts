// Export as a TypeScript project on the `supervisor-studio/runtime` library: one module per supervisor (its flags
// and child specs), the design's wiring (`design.ts`), the top-level processes (`roots.ts`), the scenarios, custom
// behaviours exactly as written (compiled and loop-guarded at run time, as in the studio), and an entry that runs a
// scenario and prints its supervision events. The runtime comes from the studio checkout as a `file:` dependency,
// so `npm install` works offline and the exported run uses the very kernel the studio uses.
import { getBehaviour, type ParamField } from '../behaviours/catalog';
import { commandFields } from '../sim/commands';
import { flattenSpec, type ChildSpec, type DynamicSupervisorSpec, type Registration, type SupervisorSpec, type RuntimeSpec, type SpecCommand, type WorkerSpec } from '../design/spec';
import { pascal, tsComment, tsIdent, tsString, tsValue } from './escape';
import { toSpec, type ExportedFiles, type SpecInput } from './input';
import { STUDIO_TS } from './typescript/studio';

export interface TypeScriptOptions {
  /** The `supervisor-studio` dependency of the exported package.json (default `file:../supervisor-studio`). */
  runtimeDependency?: string;
  /** The package name (default: from the design's title). */
  packageName?: string;
}

/** Behaviours a library behaviour starts by itself at run time (their defaults go into design.ts). */
const STARTS: Record<string, string[]> = { todo_cache: ['todo_server'], adaptive_pool: ['pool_worker'] };

/** A document JSON value as a TypeScript term expression (runtime/sim/terms.ts's reading of JSON). */
export function tsTerm(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return tsString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return tsValue(v);
  if (Array.isArray(v)) return `[${v.map(tsTerm).join(', ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === '$bin' && typeof o.$bin === 'string') return `bin(${tsString(o.$bin)})`;
    if (keys.length === 1 && keys[0] === '$list' && Array.isArray(o.$list)) return `list([${o.$list.map(tsTerm).join(', ')}])`;
    return `new Map<Term, Term>([${keys.sort().map((k) => `[${tsString(k)}, ${tsTerm(o[k])}]`).join(', ')}])`;
  }
  return 'null';
}

/** An object key: bare when it is a plain identifier, else a string literal. */
const propKey = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : tsString(k));

const regTerm = (r: Registration) =>
  r.kind === 'name' ? `{ name: ${tsString(r.name)} }` : r.kind === 'registry' && r.registryName ? `{ registry: ${tsString(r.registryName)}, key: ${tsString(r.key)} }` : 'null';

const childTerm = (c: ChildSpec) =>
  `{ id: ${tsString(c.id)}, path: ${tsString(c.path)}, restart: '${c.restart}', shutdown: ${typeof c.shutdown === 'number' ? c.shutdown : `'${c.shutdown}'`} }`;

export function exportTypeScript(input: SpecInput, options: TypeScriptOptions = {}): ExportedFiles {
  const spec: RuntimeSpec = toSpec(input);
  const all = flattenSpec(spec);
  const files: Record<string, string> = {};
  const taken = new Set(['Studio', 'LIBRARY', 'ROOTS', 'SCENARIOS', 'startLoads', 'bin', 'list']);
  const customIds = new Set(spec.customBehaviours.map((b) => b.id));

  // ---- names ---------------------------------------------------------------------------------------------------
  const sups = all.filter((c): c is SupervisorSpec | DynamicSupervisorSpec => c.kind === 'supervisor' || c.kind === 'dynamic_supervisor' || c.kind === 'task_supervisor');
  const mod = new Map(sups.map((c) => [c.path, { fn: pascal(c.id, taken), file: tsIdent(c.id) }]));
  const fileTaken = new Set<string>();
  for (const m of mod.values()) m.file = tsIdent(m.file, fileTaken);

  // ---- parameters and child specs ------------------------------------------------------------------------------
  const fieldsOf = (id: string): readonly ParamField[] => getBehaviour(id)?.fields ?? spec.customBehaviours.find((b) => b.id === id)?.fields ?? [];
  const params = (w: WorkerSpec) => {
    const fields = fieldsOf(w.behaviour);
    const entries = Object.keys(w.params).map((k) => {
      const f = fields.find((x) => x.name === k);
      return `${propKey(k)}: ${f?.type === 'process' ? tsString(String(w.params[k])) : tsValue(w.params[k])}`;
    });
    return `{ ${entries.join(', ')} }`;
  };
  const behaviourExpr = (id: string) => (customIds.has(id) ? `studio.custom(${tsString(id)})` : `LIBRARY.${id}`);
  /** The child spec expression of `c` (inside a supervisor) or its root start statement. */
  const childExpr = (c: ChildSpec, root: boolean): string => {
    const m = mod.get(c.path);
    switch (c.kind) {
      case 'worker':
        return `studio.${root ? 'rootWorker' : 'worker'}(${childTerm(c)}, ${behaviourExpr(c.behaviour)}, ${params(c)}, ${regTerm(c.registration)})`;
      case 'registry':
        return `studio.${root ? 'rootRegistry' : 'registry'}(${childTerm(c)}, '${c.keys}')`;
      case 'supervisor':
        return `studio.${root ? 'rootSupervisor' : 'supervisor'}(${childTerm(c)}, init${m!.fn})`;
      default:
        return `studio.${root ? 'rootDynamicSupervisor' : 'dynamicSupervisor'}(${childTerm(c)}, init${m!.fn}, childrenOf${m!.fn})`;
    }
  };
  const importsOf = (children: ChildSpec[], from: string) => {
    const lines: string[] = [];
    for (const c of children) {
      const m = mod.get(c.path);
      if (!m) continue;
      const names = c.kind === 'supervisor' ? `init${m.fn}` : `init${m.fn}, childrenOf${m.fn}`;
      lines.push(`import { ${names} } from '${from}${m.file}';`);
    }
    return lines;
  };
  const usesLibrary = (children: ChildSpec[]) => children.some((c) => c.kind === 'worker' && !customIds.has(c.behaviour));

  // ---- one module per supervisor -------------------------------------------------------------------------------
  for (const c of sups) {
    const m = mod.get(c.path)!;
    const children = 'children' in c ? c.children : [];
    const list = children.length ? `[\n${children.map((x) => `      ${childExpr(x, false)},`).join('\n')}\n    ]` : '[]';
    const runtimeImports = [...(usesLibrary(children) ? ['LIBRARY'] : []), c.kind === 'supervisor' ? 'type SupervisorInit' : 'type ChildSpec, type DynamicSupervisorInit'];
    const head = [
      tsComment(c.kind === 'supervisor'
        ? `Supervisor ${c.id} (${c.path}): ${c.strategy}, at most ${c.intensity} restarts in ${c.period} s.`
        : `${c.kind === 'dynamic_supervisor' ? 'DynamicSupervisor' : 'Task.Supervisor'} ${c.id} (${c.path}): at most ${c.intensity} restarts in ${c.period} s; the design's children are started right after it.`),
      `import { ${runtimeImports.join(', ')} } from 'supervisor-studio/runtime';`,
      `import type { Studio } from '../studio';`,
      ...importsOf(children, './'),
      '',
    ];
    const body = c.kind === 'supervisor'
      ? [
        `export function init${m.fn}(${children.length ? 'studio' : '_studio'}: Studio): SupervisorInit {`,
        '  return {',
        `    strategy: '${c.strategy}', maxRestarts: ${c.intensity}, maxSeconds: ${c.period}, autoShutdown: '${c.autoShutdown}',`,
        `    children: ${list},`,
        '  };',
        '}',
      ]
      : [
        `export const init${m.fn}: DynamicSupervisorInit = { maxRestarts: ${c.intensity}, maxSeconds: ${c.period}${c.maxChildren === 'infinity' ? '' : `, maxChildren: ${c.maxChildren}`} };`,
        '',
        `export function childrenOf${m.fn}(${children.length ? 'studio' : '_studio'}: Studio): ChildSpec[] {`,
        `  return ${list.replace(/\n {6}/g, '\n    ').replace(/\n {4}\]$/, '\n  ]')};`,
        '}',
      ];
    files[`src/supervisors/${m.file}.ts`] = [...head, ...body, ''].join('\n');
  }

  // ---- design wiring, roots, scenarios -------------------------------------------------------------------------
  const firstPath = new Map<string, string>();
  for (const c of all) if (!firstPath.has(c.id)) firstPath.set(c.id, c.path);
  const nodeEntry = (c: ChildSpec) => {
    const isWatcher = c.kind === 'worker' && c.behaviour === 'watcher';
    const fields = [
      `name: ${tsString(c.id)}`, `kind: '${c.kind}'`,
      ...(c.kind === 'worker' ? [`behaviour: ${tsString(c.behaviour)}`] : []),
      `children: ${tsValue('children' in c ? c.children.map((x) => x.path) : [])}`,
      `calls: ${tsValue(spec.calls.filter((x) => x.from === c.path).map((x) => x.to))}`,
      `links: ${tsValue(spec.links.flatMap((l) => (l.a === c.path ? [l.b] : l.b === c.path ? [l.a] : [])))}`,
      `monitors: ${tsValue(isWatcher ? [] : spec.monitors.filter((x) => x.watcher === c.path).map((x) => x.target))}`,
    ];
    return `  ${tsString(c.path)}: { ${fields.join(', ')} },`;
  };
  const started = new Set<string>();
  const addStarted = (id: string) => (STARTS[id] ?? []).forEach((b) => (started.add(b), addStarted(b)));
  for (const c of all) if (c.kind === 'worker') addStarted(c.behaviour);
  files['src/design.ts'] = [
    tsComment(`The design "${spec.title}": its processes by path, who calls whom, links and monitors. Generated by Supervisor Studio.`),
    'export interface DesignNode {',
    '  name: string;',
    '  kind: string;',
    '  behaviour?: string;',
    '  /** Paths of the children (supervisors), in start order. */',
    '  children: string[];',
    '  calls: string[];',
    '  links: string[];',
    '  monitors: string[];',
    '}',
    '',
    `export const NODES: Record<string, DesignNode> = {\n${all.map(nodeEntry).join('\n')}\n};`,
    '',
    '/** Name → path (the first process with that name). */',
    `export const PATHS: Record<string, string> = ${tsValue(Object.fromEntries(firstPath), 2)};`,
    '',
    '/** The design\'s Registry (dynamic children register their keys in it). */',
    `export const REGISTRY: string | undefined = ${spec.registries[0] ? tsString(spec.registries[0].name) : 'undefined'};`,
    '/** Every Registry of the design, in start order (lookups search them all). */',
    `export const REGISTRIES: string[] = ${tsValue(spec.registries.map((r) => r.name))};`,
    '',
    '/** Default parameters of the behaviours processes start at run time. */',
    `export const DEFAULT_PARAMS: Record<string, Record<string, unknown>> = ${tsValue(Object.fromEntries([...started].sort().map((b) => [b, Object.fromEntries((getBehaviour(b)?.fields ?? []).filter((f) => f.default !== undefined).map((f) => [f.name, f.default]))])), 2)};`,
    '',
  ].join('\n');

  files['src/roots.ts'] = [
    tsComment('The top-level processes, in start order (each spawned by the host, their parent).'),
    `import { ${usesLibrary(spec.roots) ? 'LIBRARY' : ''} } from 'supervisor-studio/runtime';`.replace('{  }', '{}'),
    `import type { Root } from './studio';`,
    ...importsOf(spec.roots, './supervisors/'),
    '',
    `export const ROOTS: Root[] = [\n${spec.roots.map((r) => `  (studio) => ${childExpr(r, true)},`).join('\n')}\n];`,
    '',
  ].filter((l) => l !== "import {} from 'supervisor-studio/runtime';").join('\n');

  // a command as data, every field of its catalog entry (runtime/sim/commands.ts); terms stay JSON, as in the document
  const command = (c: SpecCommand) => {
    const fields = ['at', 'type', ...Object.keys(commandFields(c.type))].filter((k) => (c as Record<string, unknown>)[k] !== undefined);
    return `{ ${fields.map((k) => `${k}: ${tsValue((c as Record<string, unknown>)[k])}`).join(', ')} }`;
  };
  const scenarioText = spec.scenarios.map((s) => [
    '  {',
    `    name: ${tsString(s.name)},`,
    `    description: ${tsString(s.description)},`,
    `    untilMs: ${s.untilMs ?? Math.max(0, ...s.commands.map((c) => c.at)) + 2000},`,
    `    commands: [${s.commands.length ? `\n${s.commands.map((c) => `      ${command(c)},`).join('\n')}\n    ` : ''}],`,
    '  },',
  ].join('\n'));
  const loadText = spec.loadSources.map((l) => {
    const p = `{ target: ${tsString(l.target)}, rate: ${tsValue(l.rate)}, burstSize: 0, burstEveryMs: 1000, mode: '${l.mode}', message: ${tsTerm(l.message)}, timeoutMs: ${tsValue(l.timeoutMs)}, bursts: ${tsValue(l.bursts)}, enabled: ${l.enabled} }`;
    return `  studio.loadSource(${tsString(l.nodeId)}, ${tsString(l.name)}, ${p});`;
  });
  const scenarioSource = [...scenarioText, ...loadText].join('\n');
  const termImports = ['bin', 'list'].filter((f) => scenarioSource.includes(`${f}(`));
  if (scenarioSource.includes('new Map<Term, Term>')) termImports.push('type Term');
  files['src/scenarios.ts'] = [
    tsComment('The design\'s named scenarios (timed commands; targets are process paths) and its load sources.'),
    ...(termImports.length ? [`import { ${termImports.join(', ')} } from 'supervisor-studio/runtime';`] : []),
    `import type { ScenarioDef, Studio } from './studio';`,
    '',
    `export const SCENARIOS: ScenarioDef[] = [${scenarioText.length ? `\n${scenarioText.join('\n')}\n` : ''}];`,
    '',
    `export function startLoads(${loadText.length ? 'studio' : '_studio'}: Studio): void {${loadText.length ? `\n${loadText.join('\n')}\n` : ''}}`,
    '',
  ].join('\n');

  // ---- custom behaviours, as written ---------------------------------------------------------------------------
  const customFiles: [string, string][] = [];
  const customTaken = new Set<string>();
  for (const b of spec.customBehaviours) {
    const file = `src/custom/${tsIdent(b.id, customTaken)}.ts`;
    files[file] = b.source;
    customFiles.push([b.id, `./${file.slice(4)}`]);
  }

  files['src/studio.ts'] = STUDIO_TS;
  files['src/node.d.ts'] = NODE_DECLARATIONS;
  files['src/main.ts'] = mainSource(customFiles);
  const name = (options.packageName ?? tsIdent(spec.title)).replace(/_/g, '-');
  files['package.json'] = `${JSON.stringify({
    name, version: '0.1.0', private: true, type: 'module',
    description: `${spec.title} — exported from Supervisor Studio`,
    scripts: { start: 'tsx src/main.ts', typecheck: 'tsc --noEmit' },
    dependencies: { 'supervisor-studio': options.runtimeDependency ?? 'file:../supervisor-studio' },
    devDependencies: { tsx: '^4.20.0', typescript: '~5.9.0' },
  }, null, 2)}\n`;
  files['tsconfig.json'] = `${JSON.stringify(TSCONFIG, null, 2)}\n`;
  files['README.md'] = readme(spec, customFiles.map(([id, f]) => [id, f]));
  return { files };
}

/** The compiler options of an exported project (also used by the tests to check many projects in one run). */
export const TSCONFIG = {
  compilerOptions: {
    target: 'ES2023', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2023'], types: [],
    strict: true, noEmit: true, skipLibCheck: true, isolatedModules: true, verbatimModuleSyntax: true,
  },
  include: ['src'],
  // custom behaviours are loaded from their source at run time, exactly as the studio runs them
  exclude: ['src/custom'],
};

/** The few Node APIs the entry uses (the project needs no @types/node). */
const NODE_DECLARATIONS = `// The Node APIs src/main.ts uses (so the project needs no @types/node).
declare module 'node:fs' {
  export function readFileSync(path: URL, encoding: 'utf8'): string;
}
declare class URL {
  constructor(url: string, base?: string);
}
interface ImportMeta {
  url: string;
}
declare const process: { argv: string[]; exitCode: number | undefined };
declare const console: { log(...data: unknown[]): void; error(...data: unknown[]): void };
`;

function mainSource(custom: [string, string][]): string {
  return `// Runs the design's scenarios and prints their supervision events:
//   npx tsx src/main.ts --list | --all | [--seed N] NAME...
// One line per event: virtual ms, commands issued so far, start|exit, process path, exit reason.
${custom.length ? "import { readFileSync } from 'node:fs';\nimport { customBehaviour } from 'supervisor-studio/runtime';\n" : ''}import { ROOTS } from './roots';
import { SCENARIOS, startLoads } from './scenarios';
import { Studio, type ScenarioDef } from './studio';

${custom.length ? `/** The custom behaviours: id → source file (loaded and loop-guarded at run time, as in the studio). */
const CUSTOM: [string, string][] = ${tsValue(custom)};

` : ''}function runScenario(scenario: ScenarioDef, seed: number): string[] {
  const studio = new Studio(seed);
${custom.length ? "  for (const [id, file] of CUSTOM) studio.customBehaviours.set(id, customBehaviour(id, readFileSync(new URL(file, import.meta.url), 'utf8')));\n" : ''}  studio.scenarios = SCENARIOS;
  const events = studio.run(ROOTS, startLoads, scenario);
  return events.map((e) => [e.t, scenario.commands.filter((c) => c.at <= e.t).length, e.kind, e.path, e.reason ?? ''].join('\\t'));
}

const args = process.argv.slice(2);
let seed = 1;
const seedAt = args.indexOf('--seed');
if (seedAt >= 0) {
  seed = Number(args[seedAt + 1]);
  args.splice(seedAt, 2);
}
if (args[0] === '--list') {
  for (const s of SCENARIOS) console.log(s.name);
} else {
  const names = args[0] === '--all' ? SCENARIOS.map((s) => s.name) : args;
  if (names.length === 0) console.error('usage: tsx src/main.ts --list | --all | [--seed N] NAME...');
  for (const name of names) {
    const scenario = SCENARIOS.find((s) => s.name === name);
    if (!scenario) {
      console.error('no scenario named ' + JSON.stringify(name));
      process.exitCode = 1;
      continue;
    }
    console.log('## scenario\\t' + name.replace(/\\r\\n|[\\r\\n\\u2028\\u2029]/g, ' '));
    for (const line of runScenario(scenario, seed)) console.log(line);
  }
}
`;
}

function readme(spec: RuntimeSpec, custom: [string, string][]): string {
  return [
    `# ${spec.title.replace(/[\r\n\u2028\u2029]+/g, ' ')}`,
    '',
    'A TypeScript project exported from Supervisor Studio. It runs on `supervisor-studio/runtime` (the studio\'s',
    'kernel and OTP layer), taken from the studio checkout by a `file:` dependency: `npm install` needs no network.',
    'If the project is not next to the studio, point `dependencies["supervisor-studio"]` at the studio folder.',
    '',
    '```sh',
    'npm install',
    'npm run typecheck            # tsc --noEmit',
    'npx tsx src/main.ts --list   # the scenarios',
    'npx tsx src/main.ts --all    # run them (virtual time, seed 1) and print the supervision events',
    '```',
    '',
    '## Layout',
    '',
    '- `src/supervisors/` — one module per supervisor: its flags and child specs, in start order',
    '- `src/roots.ts` — the top-level processes; `src/design.ts` — who calls whom, links, monitors',
    '- `src/scenarios.ts` — the named scenarios and load sources; `src/main.ts` — the entry',
    '- `src/studio.ts` — the design around each process (BehaviourEnv), start-up and the scenario runner',
    ...(custom.length ? ['- `src/custom/` — the custom behaviours exactly as written in the studio (not type-checked: they are loaded and loop-guarded at run time, like in the studio)'] : []),
    '',
    'Output: one line per event — virtual milliseconds, commands issued so far, `start` / `exit`, the process path',
    'and the exit reason (printed like Elixir, pids and references anonymous).',
    '',
  ].join('\n');
}
