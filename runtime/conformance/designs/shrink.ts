// Delta debugging over a generated design: remove commands, nodes (with their subtrees), simplify fields, until no
// one-edit simplification still fails. Every candidate is a valid design (it compiles) with its command times
// spread again by settleTimes; a candidate that cannot be settled is skipped.
import type { DesignDocument, DesignNode } from '../../design/document';
import { compile } from '../../design/spec';
import { FUZZ_SCENARIO } from './generate';
import { settleTimes } from './project';

type Cmd = DesignDocument['scenarios'][number]['commands'][number];

const scenarioOf = (d: DesignDocument) => d.scenarios.find((s) => s.name === FUZZ_SCENARIO)!;

function withCommands(d: DesignDocument, commands: Cmd[]): DesignDocument {
  return { ...d, scenarios: d.scenarios.map((s) => (s.name === FUZZ_SCENARIO ? { ...s, commands } : s)) };
}

/** Removes a node, every node under it, and whatever names them (watchers, commands, registrations). */
function withoutNode(d: DesignDocument, id: string): DesignDocument {
  const gone = new Set([id]);
  for (let grew = true; grew;) {
    grew = false;
    for (const e of d.edges) {
      if (e.kind === 'supervision' && gone.has(e.source) && !gone.has(e.target)) {
        gone.add(e.target);
        grew = true;
      }
    }
    const goneNames = new Set(d.nodes.filter((n) => gone.has(n.id)).map((n) => n.name));
    for (const n of d.nodes) {
      if (gone.has(n.id) || n.kind !== 'worker') continue;
      const target = n.params.target;
      if ((typeof target === 'string' && goneNames.has(target)) || (n.registry !== undefined && gone.has(n.registry))) {
        gone.add(n.id);
        grew = true;
      }
    }
  }
  const names = new Set(d.nodes.filter((n) => gone.has(n.id)).map((n) => n.name));
  const left = withCommands(d, scenarioOf(d).commands.filter((c) => !('target' in c) || !names.has(String(c.target))));
  return { ...left, nodes: d.nodes.filter((n) => !gone.has(n.id)), edges: d.edges.filter((e) => !gone.has(e.source) && !gone.has(e.target)) };
}

/** Replaces a supervisor that has a supervisor by its children (they move up to its place, in order). */
function withoutLevel(d: DesignDocument, id: string): DesignDocument | null {
  const up = d.edges.find((e) => e.kind === 'supervision' && e.target === id);
  const node = d.nodes.find((n) => n.id === id);
  if (!up || !node || up.kind !== 'supervision') return null;
  const down = d.edges.filter((e) => e.kind === 'supervision' && e.source === id);
  const edges = d.edges.filter((e) => e !== up && !down.includes(e));
  down.forEach((e, i) => edges.push({ ...e, id: `${e.id}_up`, source: up.source, order: up.order + (i + 1) / (down.length + 1) } as typeof e));
  const left = withCommands(d, scenarioOf(d).commands.filter((c) => !('target' in c) || String(c.target) !== node.name));
  return { ...left, nodes: d.nodes.filter((n) => n.id !== id), edges };
}

function withNode(d: DesignDocument, id: string, patch: Record<string, unknown>): DesignDocument {
  return { ...d, nodes: d.nodes.map((n) => (n.id === id ? ({ ...n, ...patch } as DesignNode) : n)) };
}

/** One-edit simplifications, biggest first. */
export function candidates(d: DesignDocument): DesignDocument[] {
  const out: DesignDocument[] = [];
  const cmds = scenarioOf(d).commands;
  for (let size = Math.floor(cmds.length / 2); size >= 1; size = Math.floor(size / 2)) {
    for (let i = 0; i + size <= cmds.length; i += size) out.push(withCommands(d, [...cmds.slice(0, i), ...cmds.slice(i + size)]));
  }
  // subtrees first (bigger), then leaves
  const sup = new Set(d.edges.filter((e) => e.kind === 'supervision').map((e) => e.source));
  for (const n of d.nodes) if (sup.has(n.id)) out.push(withoutNode(d, n.id));
  for (const n of d.nodes) if (!sup.has(n.id)) out.push(withoutNode(d, n.id));
  for (const n of d.nodes) {
    const flat = sup.has(n.id) ? withoutLevel(d, n.id) : null;
    if (flat) out.push(flat);
  }
  for (const n of d.nodes) {
    if (n.kind === 'worker') {
      if (Object.keys(n.params).length && !(n.behaviour === 'watcher')) out.push(withNode(d, n.id, { params: {} }));
      if (n.behaviour !== 'echo' && n.behaviour !== 'watcher') out.push(withNode(d, n.id, { behaviour: 'echo', params: {} }));
      if (n.register !== 'name' && n.register !== 'none') out.push(withNode(d, n.id, { register: 'name', registry: undefined, registryKey: undefined }));
    }
    if (n.kind === 'supervisor' && n.strategy !== 'one_for_one') out.push(withNode(d, n.id, { strategy: 'one_for_one' }));
    if ('shutdown' in n && n.shutdown !== 5000 && n.kind === 'worker') out.push(withNode(d, n.id, { shutdown: 5000 }));
    if ('restart' in n && n.restart !== 'permanent' && !n.significant) out.push(withNode(d, n.id, { restart: 'permanent' }));
  }
  for (const c of cmds) {
    if (c.type === 'call') out.push(withCommands(d, cmds.map((x) => (x === c ? { type: 'send', at: c.at, target: c.target, message: c.message } : x))));
  }
  return out;
}

/** A candidate ready to run: compiles and settles, else null. */
function prepared(d: DesignDocument): DesignDocument | null {
  try {
    const s = settleTimes(d);
    compile(s);
    return s;
  } catch {
    return null;
  }
}

export interface ShrinkOptions {
  /** Candidates evaluated per call of `failing` (default 12). */
  batch?: number;
  /** Give up after this many calls of `failing` (default 30). */
  maxBatches?: number;
  onStep?: (d: DesignDocument) => void;
}

/** Shrinks `d` while `failing` says (per design of a batch) that it still fails. */
export async function shrinkDesign(
  d: DesignDocument,
  failing: (batch: DesignDocument[]) => Promise<boolean[]>,
  opts: ShrinkOptions = {},
): Promise<{ design: DesignDocument; steps: number }> {
  const batch = opts.batch ?? 12;
  let current = d;
  let steps = 0;
  let calls = 0;
  outer: while (calls < (opts.maxBatches ?? 30)) {
    const all = candidates(current);
    for (let i = 0; i < all.length && calls < (opts.maxBatches ?? 30); ) {
      const chunk: DesignDocument[] = [];
      while (chunk.length < batch && i < all.length) {
        const p = prepared(all[i++]);
        if (p) chunk.push(p);
      }
      if (!chunk.length) break;
      calls++;
      const res = await failing(chunk);
      const hit = res.findIndex(Boolean);
      if (hit >= 0) {
        current = chunk[hit];
        steps++;
        opts.onStep?.(current);
        continue outer;
      }
    }
    break;
  }
  return { design: current, steps };
}
