// "Import as design": a live tree read by the agent (bridge/agent.ex) → a `.suptree` document the studio can edit,
// validate, simulate and export. Pure (no I/O): the CLI writes the file.
//
// What is carried over: supervisors (strategy, intensity, period), DynamicSupervisor / Task.Supervisor (intensity,
// max_children) and Registry nodes (partitions from its partition processes), workers with their restart type and
// shutdown, registered names, start order. What a live node cannot tell: the workers' behaviour (they become the
// default `echo` worker, the module kept as `liveModule`), a Registry's key type (`unique` assumed).
import { CURRENT_VERSION, FORMAT, type DesignDocumentInput, type Restart, type Shutdown } from '../runtime/design/document';
import { DEFAULT_BEHAVIOUR } from '../runtime/behaviours/catalog';
import { sanitizeName } from '../runtime/design/names';
import type { LiveProcess, LiveTree } from './protocol';

/** Applications that come with Erlang/Elixir: left out of an import unless asked for by name. */
export const SYSTEM_APPS = new Set([
  'kernel', 'stdlib', 'elixir', 'logger', 'compiler', 'iex', 'mix', 'ex_unit', 'eex', 'sasl', 'crypto', 'ssl', 'public_key',
  'asn1', 'inets', 'runtime_tools', 'os_mon', 'hex', 'syntax_tools', 'tools', 'observer', 'wx', 'mnesia', 'xmerl', 'parsetools',
]);

export interface ImportOptions {
  /** Only these applications (by name). Default: every non-system application plus supervisors outside any. */
  apps?: readonly string[];
  title?: string;
}

const RESTARTS = new Set(['permanent', 'transient', 'temporary']);
const STRATEGIES = new Set(['one_for_one', 'one_for_all', 'rest_for_one']);

/** The roots an import takes from a live tree (see `ImportOptions.apps`). */
export function importedRoots(tree: LiveTree, opts: ImportOptions = {}): LiveTree['apps'] {
  if (opts.apps?.length) {
    const missing = opts.apps.filter((a) => !tree.apps.some((x) => x.app === a));
    if (missing.length) throw new Error(`no running application named ${missing.join(', ')} on ${tree.node} (running: ${tree.apps.map((a) => a.app ?? '(no app)').join(', ')})`);
    return tree.apps.filter((a) => a.app !== null && opts.apps!.includes(a.app));
  }
  return tree.apps.filter((a) => a.app === null || !SYSTEM_APPS.has(a.app));
}

export function liveTreeToDesign(tree: LiveTree, opts: ImportOptions = {}): DesignDocumentInput {
  const roots = importedRoots(tree, opts);
  if (roots.length === 0) throw new Error(`${tree.node} runs no supervision tree of its own (only system applications: ${tree.apps.map((a) => a.app).join(', ')}); name one with --app`);
  const nodes: NonNullable<DesignDocumentInput['nodes']> = [];
  const edges: NonNullable<DesignDocumentInput['edges']> = [];
  const used = new Set<string>();
  let leaf = 0;

  const uniqueName = (wanted: string) => {
    const base = sanitizeName(wanted || 'process');
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}_${i}`;
    used.add(name);
    return name;
  };
  const display = (p: LiveProcess, fallback: string) => {
    if (p.registeredName) return p.registeredName;
    if (p.id && p.id !== 'undefined' && p.id !== ':undefined') return p.id;
    const mod = p.modules?.[0] ?? p.module;
    return mod && mod !== 'dynamic' ? mod : fallback;
  };
  const shutdownOf = (s: LiveProcess['shutdown']): Shutdown | undefined =>
    typeof s === 'number' ? s : s === 'brutal_kill' || s === 'infinity' ? s : undefined;
  const childSpec = (p: LiveProcess): { restart?: Restart; shutdown?: Shutdown } => {
    const shutdown = shutdownOf(p.shutdown);
    return {
      ...(p.restart && RESTARTS.has(p.restart) ? { restart: p.restart as Restart } : {}),
      ...(shutdown === undefined ? {} : { shutdown }),
    };
  };

  /** Adds `p` (and its subtree); returns [id, x-centre]. */
  const add = (p: LiveProcess, depth: number, fallback: string): [string, number] => {
    const name = uniqueName(display(p, fallback));
    const id = name;
    const y = depth * 140;
    // parents before their children in the file (the slot is filled once the children's positions are known)
    const slot = nodes.length;
    nodes.push(undefined as never);
    const put = (n: (typeof nodes)[number]) => { nodes[slot] = n; };
    const kids = p.kind === 'registry' || p.kind === 'task_supervisor' ? [] : p.children.filter((c) => c.pid || c.kind === 'worker');
    const xs: number[] = [];
    kids.forEach((c, i) => {
      const [cid, cx] = add(c, depth + 1, `${name}_child_${i + 1}`);
      xs.push(cx);
      edges.push({ id: `sup_${id}_${cid}`, kind: 'supervision', source: id, target: cid, order: i });
    });
    const x = xs.length ? (Math.min(...xs) + Math.max(...xs)) / 2 : leaf++ * 170;
    const position = { x, y };
    const intensity = {
      ...(typeof p.intensity === 'number' ? { maxRestarts: p.intensity } : {}),
      ...(typeof p.period === 'number' ? { maxSeconds: p.period } : {}),
    };
    const maxChildren: { maxChildren?: number | 'infinity' } =
      typeof p.maxChildren === 'number' ? { maxChildren: p.maxChildren } : p.maxChildren === 'infinity' ? { maxChildren: 'infinity' } : {};
    switch (p.kind) {
      case 'supervisor':
        if (p.strategy === 'simple_one_for_one') put({ id, kind: 'dynamic_supervisor', name, position, ...childSpec(p), ...intensity });
        else put({ id, kind: 'supervisor', name, position, ...childSpec(p), ...intensity, ...(p.strategy && STRATEGIES.has(p.strategy) ? { strategy: p.strategy as 'one_for_one' } : {}) });
        break;
      case 'dynamic_supervisor':
        put({ id, kind: 'dynamic_supervisor', name, position, ...childSpec(p), ...intensity, ...maxChildren });
        break;
      case 'task_supervisor':
        put({ id, kind: 'task_supervisor', name, position, ...childSpec(p), ...intensity, ...maxChildren });
        break;
      case 'registry':
        put({ id, kind: 'registry', name, position, ...childSpec(p), partitions: Math.max(1, p.children.length) });
        break;
      case 'worker':
        put({
          id, kind: 'worker', name, position, ...childSpec(p), behaviour: DEFAULT_BEHAVIOUR, register: p.registeredName ? 'name' : 'none',
          ...(p.modules?.[0] && p.modules[0] !== 'dynamic' ? { liveModule: p.modules[0] } : {}),
        });
        break;
      default: {
        const never: never = p.kind;
        throw new Error(`unknown process kind ${String(never)}`);
      }
    }
    return [id, x];
  };

  roots.forEach((r, i) => add(r.root, 0, r.app ?? `root_${i + 1}`));
  return {
    format: FORMAT,
    version: CURRENT_VERSION,
    title: opts.title ?? `Imported from ${tree.node}`,
    nodes,
    edges,
    meta: { importedFrom: { node: tree.node, apps: roots.map((r) => r.app), at: new Date().toISOString() } },
  };
}
