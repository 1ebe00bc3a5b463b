// Export as a TypeScript project on the package @supervisor-studio/runtime (runtime/package.json): one module per
// supervisor (its flags and child specs), the design's wiring (`design.ts`), the top-level processes (`roots.ts`),
// the scenarios, every custom behaviour as its own typed module, `npm start` (the tree in real time, Ctrl+C shuts it
// down in reverse start order), `npm test` (the scenarios as node:test tests asserting the simulator's events, which
// are computed here, at export time) and a README. The runtime package travels with the project under
// `vendor/supervisor-studio-runtime/` (a relative `file:` dependency), so `npm install` needs nothing from the studio
// and no path of the exporting machine is written anywhere (docs/export.md).
import { getBehaviour, type ParamField } from '../behaviours/catalog';
import { commandFields } from '../sim/commands';
import { flattenSpec, type ChildSpec, type DynamicSupervisorSpec, type Registration, type SupervisorSpec, type RuntimeSpec, type SpecCommand, type WorkerSpec } from '../design/spec';
import { pascal, tsComment, tsIdent, tsString, tsValue } from './escape';
import { simulatorLines } from './events';
import { toSpec, type ExportedFiles, type SpecInput } from './input';
import { projectLock, toolClosure, type LockPackages } from './lockfile';
import { STUDIO_TS } from './typescript/studio';

export interface TypeScriptOptions {
  /** The runtime package's files (package.json, README.md, dist/**), vendored into `vendor/supervisor-studio-runtime/`:
   *  runtime/scripts/build.mjs's buildRuntimePackage() (CLI, tests), or the app's build-time copy. Without it the
   *  project lists the vendored folder but does not contain it (a preview). */
  runtimePackage?: Readonly<Record<string, string>>;
  /** The studio's package-lock.json `packages` (or just toolClosure() of it): the exported package-lock.json pins
   *  tsx and typescript to the versions the studio uses, so npm can install them from its cache. Without it the
   *  project gets version ranges and no lockfile. */
  toolLock?: LockPackages;
  /** The package name (default: from the design's title). */
  packageName?: string;
}

/** Where the runtime package goes in an exported project, and the dependency that points at it. */
export const RUNTIME_PACKAGE = '@supervisor-studio/runtime';
export const VENDOR_DIR = 'vendor/supervisor-studio-runtime';

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
      `import { ${runtimeImports.join(', ')} } from '@supervisor-studio/runtime';`,
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
    const fields = [
      `name: ${tsString(c.id)}`, `kind: '${c.kind}'`,
      ...(c.kind === 'worker' ? [`behaviour: ${tsString(c.behaviour)}`] : []),
      `children: ${tsValue('children' in c ? c.children.map((x) => x.path) : [])}`,
      `calls: ${tsValue(spec.calls.filter((x) => x.from === c.path).map((x) => x.to))}`,
      `links: ${tsValue(spec.links.flatMap((l) => (l.a === c.path ? [l.b] : l.b === c.path ? [l.a] : [])))}`,
      `monitors: ${tsValue(spec.monitors.filter((x) => x.watcher === c.path).map((x) => x.target))}`,
      `registration: ${regTerm(c.registration)}`,
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
    '  /** Monitor edges (a watcher makes its monitors itself; any other process gets them at start). */',
    '  monitors: string[];',
    '  /** How OTP finds it by name: a registered name, a Registry key, or null (unregistered: not by name). */',
    '  registration: { name: string } | { registry: string; key: string } | null;',
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
    `import { ${usesLibrary(spec.roots) ? 'LIBRARY' : ''} } from '@supervisor-studio/runtime';`.replace('{  }', '{}'),
    `import type { Root } from './studio';`,
    ...importsOf(spec.roots, './supervisors/'),
    '',
    `export const ROOTS: Root[] = [${spec.roots.length ? `\n${spec.roots.map((r) => `  (studio) => ${childExpr(r, true)},`).join('\n')}\n` : ''}];`,
    '',
  ].filter((l) => l !== "import {} from '@supervisor-studio/runtime';").join('\n');

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
    ...(termImports.length ? [`import { ${termImports.join(', ')} } from '@supervisor-studio/runtime';`] : []),
    `import type { ScenarioDef, Studio } from './studio';`,
    '',
    `export const SCENARIOS: ScenarioDef[] = [${scenarioText.length ? `\n${scenarioText.join('\n')}\n` : ''}];`,
    '',
    `export function startLoads(${loadText.length ? 'studio' : '_studio'}: Studio): void {${loadText.length ? `\n${loadText.join('\n')}\n` : ''}}`,
    '',
  ].join('\n');

  // ---- custom behaviours: one typed module each -----------------------------------------------------------------
  const customFiles: [string, string, string][] = [];
  const customTaken = new Set<string>();
  const customNames = new Set(['LIBRARY', 'behaviourOf', 'Behaviour', 'CUSTOM']);
  for (const b of spec.customBehaviours) {
    const base = tsIdent(b.id, customTaken);
    files[`src/custom/${base}.ts`] = typedCustomModule(b.id, b.source);
    customFiles.push([b.id, base, tsIdent(b.id, customNames)]);
  }
  files['src/behaviours.ts'] = [
    tsComment('The design\'s custom behaviours by id (library behaviours come from the runtime package: LIBRARY). A new behaviour: a module in src/custom/, one line here.'),
    `import { ${customFiles.length ? 'behaviourOf, ' : ''}type Behaviour } from '@supervisor-studio/runtime';`,
    ...customFiles.map(([, base, v]) => `import ${v} from './custom/${base}';`),
    '',
    `export const CUSTOM: Record<string, Behaviour> = {${customFiles.length ? `\n${customFiles.map(([id, , v]) => `  ${propKey(id)}: behaviourOf(${tsString(id)}, ${v}),`).join('\n')}\n` : ''}};`,
    '',
  ].join('\n');

  // ---- the simulator's events, for npm test ---------------------------------------------------------------------
  const scenarios = [{ name: STARTUP, commands: [], untilMs: 1000 }, ...spec.scenarios.map((s) => ({ name: s.name, commands: s.commands, untilMs: s.untilMs ?? Math.max(0, ...s.commands.map((c) => c.at)) + 2000 }))];
  const expected = scenarios.map((s) => [s.name, simulatorLines(spec, s.commands, s.untilMs, 1)] as const);
  files['test/expected.ts'] = [
    tsComment('What the studio\'s simulator printed for each scenario (seed 1) when the design was exported: the events npm test expects. Regenerate by exporting again.'),
    `export const EXPECTED: Record<string, string[]> = {${expected.map(([n, lines]) => `\n  ${tsString(n)}: [${lines.length ? `\n${lines.map((l) => `    ${tsString(l)},`).join('\n')}\n  ` : ''}],`).join('')}\n};`,
    '',
  ].join('\n');
  files['test/scenarios.test.ts'] = TEST_SOURCE;
  files['src/studio.ts'] = STUDIO_TS;
  files['src/node.d.ts'] = NODE_DECLARATIONS;
  files['src/main.ts'] = MAIN_SOURCE;
  files['src/scenario.ts'] = SCENARIO_SOURCE;
  const name = (options.packageName ?? tsIdent(spec.title)).replace(/_/g, '-');
  const runtimePkg = options.runtimePackage;
  const runtimeVersion = runtimePkg?.['package.json'] ? String(JSON.parse(runtimePkg['package.json']).version) : undefined;
  for (const [path, text] of Object.entries(runtimePkg ?? {})) files[`${VENDOR_DIR}/${path}`] = text;
  const tools = options.toolLock ? toolClosure(options.toolLock) : undefined;
  const pinned = (tool: string, range: string) => tools?.[`node_modules/${tool}`]?.version ?? range;
  const dependencies = { [RUNTIME_PACKAGE]: `file:${VENDOR_DIR}` };
  const devDependencies = { tsx: pinned('tsx', '^4.20.0'), typescript: pinned('typescript', '~5.9.0') };
  const engines = { node: '>=20' };
  files['package.json'] = `${JSON.stringify({
    name, version: '0.1.0', private: true, type: 'module',
    description: `${spec.title.replace(/[\r\n\u2028\u2029]+/g, ' ')} — exported from Supervisor Studio`,
    engines,
    scripts: {
      start: 'tsx src/main.ts',
      scenario: 'tsx src/scenario.ts',
      test: 'tsx --test test/scenarios.test.ts',
      typecheck: 'tsc --noEmit',
    },
    dependencies,
    devDependencies,
  }, null, 2)}\n`;
  if (tools) {
    const vendorPkg = runtimePkg?.['package.json'] ? JSON.parse(runtimePkg['package.json']) : undefined;
    files['package-lock.json'] = projectLock({ name, version: '0.1.0', dependencies, devDependencies, engines, tools, ...(vendorPkg && { vendor: { dir: VENDOR_DIR, pkg: vendorPkg } }) });
  }
  files['tsconfig.json'] = `${JSON.stringify(TSCONFIG, null, 2)}\n`;
  files['.gitignore'] = 'node_modules/\n';
  files['README.md'] = readme(spec, customFiles.map(([id, base]) => [id, `src/custom/${base}.ts`]), runtimeVersion);
  return { files };
}

/** The scenario every export runs first: start the tree, nothing else, for a second. */
export const STARTUP = '(start-up)';

/** A custom behaviour's source as a typed module: its `export default {…}` becomes `const callbacks: CustomCallbacks
 *  = {…}` (so every callback's parameters are typed by context) exported at the end. A source of another shape is
 *  kept as written, un-type-checked. */
export function typedCustomModule(id: string, source: string): string {
  const head = (typed: boolean) => tsComment(`Custom behaviour "${id}", as written in Supervisor Studio${typed ? '' : ' (its shape is not `export default {…}`, so it is not type-checked)'}. Its callbacks: init(params, ctx) → { ok: state } | { stop } | 'ignore'; handleCall(msg, from, state, ctx) → { reply, state } | { noreply: true, state } | { stop, reply?, state }; handleCast / handleInfo(msg, state, ctx) → { state } | { stop, state }; terminate(reason, state, ctx). ctx: self, now(), random(), send(to, msg), reply(from, value), pidOf(name), note(event, data).`);
  const marks = [...source.matchAll(/^export default\s/gm)];
  if (marks.length !== 1 || /\bcallbacks\b/.test(source)) return `${head(false)}\n// @ts-nocheck\n${source}`;
  const at = marks[0].index!;
  const body = `${source.slice(0, at)}const callbacks: CustomCallbacks = ${source.slice(at + marks[0][0].length)}`;
  return `${head(true)}\nimport type { CustomCallbacks } from '@supervisor-studio/runtime';\n\n${body.replace(/\s*$/, '\n')}\nexport default callbacks;\n`;
}

/** The compiler options of an exported project (also used by the tests to check many projects in one run). */
export const TSCONFIG = {
  compilerOptions: {
    target: 'ES2023', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2023'], types: [],
    strict: true, noEmit: true, skipLibCheck: true, isolatedModules: true, verbatimModuleSyntax: true,
    // custom behaviours come from the studio's editor, where `catch (e) { e.message }` is fine
    useUnknownInCatchVariables: false,
  },
  include: ['src', 'test'],
};

/** The few Node APIs the project uses (so it needs no @types/node). */
const NODE_DECLARATIONS = `// The Node APIs this project uses (so it needs no @types/node). Add what you use, or install @types/node.
declare const process: {
  argv: string[];
  exitCode: number | undefined;
  on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): void;
  exit(code?: number): never;
};
declare const console: { log(...data: unknown[]): void; error(...data: unknown[]): void };
declare function setInterval(fn: () => void, ms: number): unknown;
declare function clearInterval(handle: unknown): void;
declare function setTimeout(fn: () => void, ms: number): unknown;
declare module 'node:test' {
  export function test(name: string, fn: () => void | Promise<void>): Promise<void>;
}
declare module 'node:assert/strict' {
  const assert: {
    deepEqual(actual: unknown, expected: unknown, message?: string): void;
    equal(actual: unknown, expected: unknown, message?: string): void;
    ok(value: unknown, message?: string): void;
  };
  export default assert;
}
`;

const MAIN_SOURCE = `// npm start: the supervision tree in real time; it keeps running and logs every supervision event until Ctrl+C
// (or SIGTERM), which stops it as OTP stops an application: the load sources, then the roots in reverse start order
// (a supervisor first stops its own children, in reverse start order).
//   npm start                          start the tree and keep it running
//   npm start -- --scenario NAME       also replay one of the design's scenarios, in real time
//   npm start -- --for MS              shut down by itself after MS milliseconds
//   npm start -- --real-effects        run effects for real (an http_worker fetches its url) instead of simulating
//                                      their latency and failures from the seed, as the studio does
// One line per event: ms since start, scenario commands issued before it, start|exit|note|reply, process path, detail.
import { ROOTS } from './roots';
import { SCENARIOS, startLoads } from './scenarios';
import { Studio, eventLine } from './studio';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const scenarioName = option('--scenario');
const scenario = scenarioName === undefined ? undefined : SCENARIOS.find((s) => s.name === scenarioName);
if (scenarioName !== undefined && !scenario) {
  console.error('no scenario named ' + JSON.stringify(scenarioName) + '; there are: ' + (SCENARIOS.map((s) => JSON.stringify(s.name)).join(', ') || 'none'));
  process.exit(2);
}
const forMs = option('--for') === undefined ? undefined : Number(option('--for'));

const effects = args.includes('--real-effects') ? 'real' : 'simulated';
const studio = new Studio({ clock: 'real', effects, scenarios: SCENARIOS, onEvent: (e) => console.log(eventLine(e)) });
studio.start(ROOTS, startLoads);
if (scenario) studio.schedule(scenario.commands);
console.error('the tree is running' + (scenario ? ' scenario ' + JSON.stringify(scenario.name) : '') + (effects === 'real' ? ' (effects for real)' : '') + '; Ctrl+C stops it');

// the kernel only keeps timers while it has work: this keeps the process up while the tree idles
const keepAlive = setInterval(() => undefined, 1 << 30);
let stopping = false;
function stop(why: string): void {
  if (stopping) return;
  stopping = true;
  console.error(why + ': shutting down');
  studio.shutdown().then(() => {
    clearInterval(keepAlive);
    console.error('stopped');
  }, (e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
if (forMs !== undefined) setTimeout(() => stop(forMs + ' ms'), forMs);
`;

const SCENARIO_SOURCE = `// npm run scenario -- --list | --all | [--seed N] NAME...
// Runs scenarios on the virtual clock (a scenario of seconds takes milliseconds and prints the same every time) and
// prints their events, the lines the studio's simulator and the Elixir export print for the same scenario:
// ms, commands issued so far, start|exit|note|reply, process path (or call target), detail.
import { ROOTS } from './roots';
import { SCENARIOS, startLoads } from './scenarios';
import { Studio, eventLine } from './studio';

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
  if (names.length === 0) console.error('usage: npm run scenario -- --list | --all | [--seed N] NAME...' + (SCENARIOS.length ? '' : ' (this design has no scenarios)'));
  for (const name of names) {
    const scenario = SCENARIOS.find((s) => s.name === name);
    if (!scenario) {
      console.error('no scenario named ' + JSON.stringify(name));
      process.exitCode = 1;
      continue;
    }
    console.log('## scenario\\t' + name.replace(/\\r\\n|[\\r\\n\\u2028\\u2029]/g, ' '));
    for (const e of new Studio({ seed, scenarios: SCENARIOS }).run(ROOTS, startLoads, scenario)) console.log(eventLine(e));
  }
}
`;

const TEST_SOURCE = `// npm test: every scenario of the design (and plain start-up) runs on the virtual clock, seed 1, and must print the
// events the studio's simulator printed when the design was exported (test/expected.ts). Then the tree must shut
// down as OTP stops an application: roots in reverse start order, every process gone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROOTS } from '../src/roots';
import { SCENARIOS, startLoads } from '../src/scenarios';
import { Studio, eventLine, type ScenarioDef } from '../src/studio';
import { EXPECTED } from './expected';

const STARTUP: ScenarioDef = { name: '${STARTUP}', description: 'start the tree, nothing else', untilMs: 1000, commands: [] };

for (const scenario of [STARTUP, ...SCENARIOS]) {
  test(scenario.name, () => {
    const lines = new Studio({ seed: 1, scenarios: SCENARIOS }).run(ROOTS, startLoads, scenario).map((e) => eventLine(e));
    assert.deepEqual(lines, EXPECTED[scenario.name]);
  });
}

test('shutdown stops the roots in reverse start order and leaves no process running', async () => {
  const studio = new Studio({ seed: 1 });
  studio.run(ROOTS, startLoads, STARTUP);
  const before = studio.events.length;
  await studio.shutdown();
  const alive = new Map<string, number>();
  for (const e of studio.events) {
    if (e.kind === 'start') alive.set(e.path, (alive.get(e.path) ?? 0) + 1);
    if (e.kind === 'exit') alive.set(e.path, (alive.get(e.path) ?? 0) - 1);
  }
  assert.deepEqual([...alive].filter(([, n]) => n > 0), [], 'processes still running after shutdown');
  const firstStart = (path: string) => studio.events.findIndex((e) => e.kind === 'start' && e.path === path);
  const exits = studio.events.slice(before).filter((e) => e.kind === 'exit').map((e) => e.path);
  const roots = exits.filter((p) => !p.includes('/'));
  assert.deepEqual(roots, [...roots].sort((a, b) => firstStart(b) - firstStart(a)), 'roots stopped in reverse start order');
});
`;

function readme(spec: RuntimeSpec, custom: [string, string][], runtimeVersion: string | undefined): string {
  const title = spec.title.replace(/[\r\n\u2028\u2029]+/g, ' ');
  return [
    `# ${title}`,
    '',
    'A TypeScript project exported from Supervisor Studio: the design\'s supervision tree on',
    `\`${RUNTIME_PACKAGE}\`${runtimeVersion ? ` ${runtimeVersion}` : ''} (the studio's kernel and OTP layer, the same code its simulator runs).`,
    '',
    '```sh',
    'npm install                       # offline: the runtime is in vendor/, tsx and typescript are dev tools',
    'npm start                         # the tree in real time, logging supervision events; Ctrl+C shuts it down',
    'npm start -- --scenario NAME      # … and replay one of the scenarios in real time',
    'npm start -- --real-effects       # effects for real (an http_worker fetches its url); default: simulated from the seed',
    'npm test                          # every scenario on the virtual clock must print the simulator\'s events',
    'npm run scenario -- --all         # print the scenarios\' events (--list, --seed N, NAME...)',
    'npm run typecheck                 # tsc --noEmit, strict',
    '```',
    '',
    '## Layout',
    '',
    '| | |',
    '|---|---|',
    '| `src/supervisors/` | one module per supervisor: its flags (strategy, intensity) and child specs, in start order |',
    '| `src/roots.ts` | the top-level processes, in start order |',
    '| `src/behaviours.ts` | the custom behaviours by id (library behaviours come from the runtime: `LIBRARY.echo`, …) |',
    ...(custom.length ? [`| \`src/custom/\` | one typed module per custom behaviour, as written in the studio: ${custom.map(([id, f]) => `\`${id}\` (\`${f}\`)`).join(', ')} |`] : []),
    '| `src/design.ts` | the wiring: processes by path, who calls whom, links, monitors, the Registry |',
    '| `src/scenarios.ts` | the named scenarios (timed commands) and load sources |',
    '| `src/studio.ts` | generic: the design around each process (`BehaviourEnv`), start-up, commands, shutdown, events |',
    '| `src/main.ts` | `npm start`; `src/scenario.ts`: `npm run scenario` |',
    '| `test/` | `npm test` (node:test): `expected.ts` holds the simulator\'s events, recorded at export time |',
    `| \`${VENDOR_DIR}/\` | the runtime package (built JavaScript + types), a \`file:\` dependency |`,
    '',
    '## Adding a worker',
    '',
    '1. Write its behaviour in `src/custom/my_worker.ts` — callbacks as plain objects (see any file there, or the runtime\'s',
    '   README): `const callbacks: CustomCallbacks = { init(params, ctx) { return { ok: 0 }; }, handleCall(msg, from, n) { return { reply: n, state: n + 1 }; } }; export default callbacks;`',
    '   — or use a library behaviour (`LIBRARY.counter`, …) and skip to 3.',
    '2. Register it in `src/behaviours.ts`: `import myWorker from \'./custom/my_worker\';` and `my_worker: behaviourOf(\'my_worker\', myWorker),`',
    '   (`behaviourOf` comes from `@supervisor-studio/runtime`).',
    '3. Add a child spec to its supervisor in `src/supervisors/<name>.ts`, where the order is the start order:',
    '   `studio.worker({ id: \'my_worker\', path: \'<supervisor path>/my_worker\', restart: \'permanent\', shutdown: 5000 }, studio.custom(\'my_worker\'), {}, { name: \'my_worker\' })`',
    '   and its entry in `NODES` (`src/design.ts`) if other processes call, link to or monitor it.',
    '4. `npm start` shows it start. `npm test` compares with the simulator\'s events recorded at export time, so a new',
    '   worker (a new `start` line) fails it: update `test/expected.ts`, or change the design in the studio and export again.',
    '',
    '## Events',
    '',
    'One line per event, TAB-separated: milliseconds since start (virtual for scenarios and tests, real for `npm start`),',
    'scenario commands issued before it, `start` / `exit` / `note` / `reply`, the process path (a reply: the call\'s target),',
    'and the detail: an exit reason, a behaviour\'s `{event, data}` note, a call\'s `{:ok, reply}` / `{:exit, reason}`.',
    'Terms print as Elixir prints them, pids and references anonymous (`#PID`). The studio\'s simulator and the Elixir',
    'export print the same lines for the same scenario.',
    '',
    '## The runtime',
    '',
    `\`${VENDOR_DIR}/\` is the package \`${RUNTIME_PACKAGE}\`${runtimeVersion ? ` ${runtimeVersion}` : ''}, as published to npm. To take it from the registry`,
    `instead, change one line of package.json: \`"${RUNTIME_PACKAGE}": "${runtimeVersion ?? '<version>'}"\`, and delete \`vendor/\`.`,
    '',
  ].join('\n');
}
