// compile(doc) → RuntimeSpec: the plain, JSON-serializable description of what to start, independent of the canvas.
// The kernel starts it, the simulator runs scenarios on it, codegen renders it as TypeScript and Elixir.
//
// Processes are addressed by their *path*: the names from the top of their tree down, joined by `/`
// (`app/pool/worker_1`). Paths are unique (validate checks sibling names) and readable in traces and exports;
// `nodeIdByPath` / `pathByNodeId` map them back to document nodes for the canvas, run mode and blast radius.
import { paramsSchema, type ParamField } from '../behaviours/catalog';
import { mapTarget } from '../sim/commands';
import {
  childType, isSupervisorLike,
  type AutoShutdown, type Command, type DesignDocument, type ProcessNode, type RegistryNode, type Restart, type Shutdown, type SpecFormat, type Strategy,
} from './document';
import type { Expectation } from './expectations';
import { analyse, childNodes, findProcess, parentEdge, type Analysis, type Diagnostic } from './analysis';
import { hasErrors, validate } from './validate';
import { dict } from '../dict';

export const SPEC_VERSION = 1;

interface ChildSpecBase {
  /** The document node this process comes from. */
  nodeId: string;
  /** The child id (and, when registered by name, the process name). */
  id: string;
  path: string;
  restart: Restart;
  shutdown: Shutdown;
  type: 'worker' | 'supervisor';
  significant: boolean;
}

export type Registration =
  | { kind: 'name'; name: string }
  /** `{:via, Registry, {registryName, key}}`; `registry` is the Registry's path (absent when none runs: start fails). */
  | { kind: 'registry'; registry?: string; registryName?: string; key: string }
  | { kind: 'none' };

export interface WorkerSpec extends ChildSpecBase {
  kind: 'worker';
  behaviour: string;
  /** True when the behaviour is one of the document's custom behaviours (see RuntimeSpec.customBehaviours). */
  custom: boolean;
  /** The behaviour's declared parameters with defaults filled in (others dropped); `process` parameters hold the target's name. */
  params: Record<string, unknown>;
  /** For each `process` parameter, the path of the process it names. */
  processRefs: Record<string, string>;
  registration: Registration;
  /** How the Elixir export writes this child (absent: the full map with the behaviour module's start_link). */
  format?: SpecFormat;
  /** The design's own `start: {module, function, args}` (the Elixir export writes a start module for it). */
  start?: { module?: string; function?: string; args?: unknown[] };
}

export interface SupervisorSpec extends ChildSpecBase {
  kind: 'supervisor';
  strategy: Strategy;
  /** OTP intensity and period: at most `intensity` restarts within `period` seconds, else the supervisor gives up. */
  intensity: number;
  period: number;
  autoShutdown: AutoShutdown;
  registration: Registration;
  children: ChildSpec[];
}

export interface DynamicSupervisorSpec extends ChildSpecBase {
  kind: 'dynamic_supervisor' | 'task_supervisor';
  intensity: number;
  period: number;
  maxChildren: number | 'infinity';
  registration: Registration;
  /** Children started right after the supervisor (more can be started at run time). */
  children: ChildSpec[];
}

export interface RegistrySpec extends ChildSpecBase {
  kind: 'registry';
  keys: 'unique' | 'duplicate';
  partitions: number;
  registration: Registration;
}

export type ChildSpec = WorkerSpec | SupervisorSpec | DynamicSupervisorSpec | RegistrySpec;

export interface LoadSourceSpec {
  nodeId: string;
  name: string;
  /** Path of the process that receives the requests. */
  target: string;
  rate: number;
  bursts: { atMs: number; durationMs: number; rate: number }[];
  mode: 'call' | 'cast';
  message: unknown;
  timeoutMs: number;
  enabled: boolean;
}

/** A scenario command with process targets turned into paths (`load.source` stays a load source node id). */
export type SpecCommand = Command;

export interface RuntimeSpec {
  specVersion: typeof SPEC_VERSION;
  title: string;
  /** Top-level processes (each the root of a tree, or an unsupervised process), started in this order. */
  roots: ChildSpec[];
  registries: { path: string; name: string; nodeId: string; keys: 'unique' | 'duplicate'; partitions: number }[];
  links: { edgeId: string; a: string; b: string }[];
  monitors: { edgeId: string; watcher: string; target: string }[];
  calls: { edgeId: string; from: string; to: string; label?: string }[];
  loadSources: LoadSourceSpec[];
  customBehaviours: { id: string; title: string; source: string; fields: ParamField[] }[];
  scenarios: { name: string; description: string; untilMs?: number; commands: SpecCommand[]; expect?: Expectation[] }[];
  nodeIdByPath: Record<string, string>;
  pathByNodeId: Record<string, string>;
}

export class CompileError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(`The design has ${diagnostics.length} error${diagnostics.length === 1 ? '' : 's'}: ${diagnostics.map((d) => d.message).join(' ')}`);
    this.name = 'CompileError';
  }
}

/** Compiles a design; throws CompileError (with the error diagnostics) when validate reports errors. */
export function compile(doc: DesignDocument): RuntimeSpec {
  const diagnostics = validate(doc);
  if (hasErrors(diagnostics)) throw new CompileError(diagnostics.filter((d) => d.severity === 'error'));
  const a = analyse(doc);
  const pathByNodeId = dict<string>();
  // paths first: params and registrations refer to other processes by path
  const roots = doc.nodes.filter((n): n is ProcessNode => a.runnable.has(n.id) && !parentEdge(a, n.id));
  const assignPaths = (n: ProcessNode, prefix: string) => {
    pathByNodeId[n.id] = prefix ? `${prefix}/${n.name}` : n.name;
    for (const c of startedChildren(a, n)) assignPaths(c, pathByNodeId[n.id]);
  };
  roots.forEach((r) => assignPaths(r, ''));
  const path = (id: string) => pathByNodeId[id];
  const registryNodes = doc.nodes.filter((n): n is RegistryNode => n.kind === 'registry' && a.runnable.has(n.id))
    .sort((x, y) => a.startIndex.get(x.id)! - a.startIndex.get(y.id)!);

  const registrationOf = (n: ProcessNode): Registration => {
    if (n.kind !== 'worker') return { kind: 'name', name: n.name };
    const viaRegistry = n.register === 'registry' || a.behaviourOf(n)?.usesRegistryName;
    if (!viaRegistry) return n.register === 'none' ? { kind: 'none' } : { kind: 'name', name: n.name };
    const at = a.startIndex.get(n.id)!;
    const reg = n.registry !== undefined ? registryNodes.find((r) => r.id === n.registry)
      : registryNodes.find((r) => a.startIndex.get(r.id)! < at) ?? registryNodes[0];
    return { kind: 'registry', ...(reg && { registry: path(reg.id), registryName: reg.name }), key: n.registryKey ?? n.name };
  };

  const build = (n: ProcessNode): ChildSpec => {
    const base: ChildSpecBase = {
      nodeId: n.id, id: n.name, path: path(n.id), restart: n.restart, shutdown: n.shutdown, type: childType(n), significant: n.significant,
    };
    const registration = registrationOf(n);
    const children = () => startedChildren(a, n).map(build);
    switch (n.kind) {
      case 'worker': {
        const b = a.behaviourOf(n)!;
        const parsed: Record<string, unknown> = paramsSchema(b.fields).parse(n.params);
        const params = Object.fromEntries(b.fields.filter((f) => f.name in parsed).map((f) => [f.name, parsed[f.name]]));
        const processRefs = dict<string>();
        for (const f of b.fields) {
          const target = f.type === 'process' ? findProcess(a, params[f.name]) : undefined;
          if (!target) continue;
          params[f.name] = target.name;
          processRefs[f.name] = path(target.id);
        }
        const start = n.start && {
          ...(n.start.module !== undefined && { module: n.start.module }),
          ...(n.start.function !== undefined && { function: n.start.function }),
          ...(n.start.args !== undefined && { args: n.start.args }),
        };
        return {
          ...base, kind: 'worker', behaviour: n.behaviour, custom: b.custom, params, processRefs, registration,
          ...(n.specFormat !== undefined && { format: n.specFormat }), ...(start && { start }),
        };
      }
      case 'supervisor':
        return { ...base, kind: 'supervisor', strategy: n.strategy, intensity: n.maxRestarts, period: n.maxSeconds, autoShutdown: n.autoShutdown, registration, children: children() };
      case 'dynamic_supervisor':
      case 'task_supervisor':
        return { ...base, kind: n.kind, intensity: n.maxRestarts, period: n.maxSeconds, maxChildren: n.maxChildren, registration, children: children() };
      case 'registry':
        return { ...base, kind: 'registry', keys: n.keys, partitions: n.partitions, registration };
    }
  };

  const procRef = (ref: string) => {
    const p = findProcess(a, ref);
    return p ? path(p.id) : ref;
  };
  const edgesOf = <K extends 'link' | 'monitor' | 'calls'>(kind: K) =>
    doc.edges.filter((e): e is Extract<typeof e, { kind: K }> => e.kind === kind && path(e.source) !== undefined && path(e.target) !== undefined);

  return {
    specVersion: SPEC_VERSION,
    title: doc.title,
    roots: roots.map(build),
    registries: registryNodes.map((r) => ({ path: path(r.id), name: r.name, nodeId: r.id, keys: r.keys, partitions: r.partitions })),
    links: edgesOf('link').map((e) => ({ edgeId: e.id, a: path(e.source), b: path(e.target) })),
    monitors: edgesOf('monitor').map((e) => ({ edgeId: e.id, watcher: path(e.source), target: path(e.target) })),
    calls: edgesOf('calls').map((e) => ({ edgeId: e.id, from: path(e.source), to: path(e.target), ...(e.label !== undefined && { label: e.label }) })),
    loadSources: doc.nodes.flatMap((n) => n.kind === 'load_source' && n.target !== undefined ? [{
      nodeId: n.id, name: n.name, target: path(n.target), rate: n.rate, bursts: n.bursts.map(({ atMs, durationMs, rate }) => ({ atMs, durationMs, rate })),
      mode: n.mode, message: n.message, timeoutMs: n.timeoutMs, enabled: n.enabled,
    }] : []),
    customBehaviours: doc.customBehaviours.map((c) => ({ id: c.id, title: c.title || c.id, source: c.source, fields: c.fields })),
    scenarios: doc.scenarios.map((s) => ({
      name: s.name, description: s.description, ...(s.untilMs !== undefined && { untilMs: s.untilMs }),
      commands: s.commands.map((c) => mapTarget(c, procRef)),
      ...(s.expect !== undefined && { expect: s.expect.map((e) => expectationPaths(e, procRef)) }),
    })),
    nodeIdByPath: Object.fromEntries(Object.entries(pathByNodeId).map(([id, p]) => [p, id])),
    pathByNodeId,
  };
}

/** An expectation with its process references turned into paths (like command targets). */
function expectationPaths(e: Expectation, procRef: (ref: string) => string): Expectation {
  switch (e.type) {
    case 'reply':
      return { ...e, target: procRef(e.target) };
    case 'gave_up':
      return { ...e, supervisor: procRef(e.supervisor) };
    case 'exit':
    case 'status':
    case 'counter':
    case 'note':
      return { ...e, process: procRef(e.process) };
  }
}

/** Children a node starts: its supervision children whose first supervisor is this node. */
function startedChildren(a: Analysis, n: ProcessNode): ProcessNode[] {
  if (!isSupervisorLike(n)) return [];
  return childNodes(a, n.id).filter((c): c is ProcessNode => a.runnable.has(c.id) && parentEdge(a, c.id)?.source === n.id);
}

/** A flat list of every child spec in start order (depth first). */
export function flattenSpec(spec: RuntimeSpec): ChildSpec[] {
  const out: ChildSpec[] = [];
  const walk = (c: ChildSpec) => {
    out.push(c);
    if ('children' in c) c.children.forEach(walk);
  };
  spec.roots.forEach(walk);
  return out;
}

