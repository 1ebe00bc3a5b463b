// validate(doc) → diagnostics: the errors that stop a design from running (structure, values, names, parameters,
// references) followed by the supervision lint warnings (lint.ts). Pure; never throws on a parsed document.
import { defaultParams, paramsSchema, BEHAVIOURS, DEFAULT_BEHAVIOUR } from '../behaviours/catalog';
import {
  childType, defaultShutdownOf, isProcessNode, isSupervisorLike, kindChildType, uniqueName,
  type DesignDocument, type DesignEdge, type DesignNode, type ProcessNode, type Shutdown,
} from './document';
import {
  analyse, childNodes, findProcess, label, parentNode, removeEdges, updateNode,
  type Analysis, type Diagnostic, type QuickFix,
} from './analysis';
import { lint } from './lint';
import { commandFields } from '../sim/commands';
import { functionProblem, moduleProblem, nameProblem, sanitizeName } from './names';

export type { Diagnostic, QuickFix, Severity } from './analysis';

const KIND_WORDS: Record<DesignNode['kind'], string> = {
  supervisor: 'a supervisor', dynamic_supervisor: 'a dynamic supervisor', worker: 'a worker', registry: 'a registry',
  task_supervisor: 'a task supervisor', load_source: 'a load source', note: 'a note',
};

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 };

export function validate(doc: DesignDocument): Diagnostic[] {
  const a = analyse(doc);
  const out: Diagnostic[] = [];
  const report = (d: Omit<Diagnostic, 'severity' | 'edgeIds' | 'nodeIds'> & Partial<Diagnostic>) =>
    out.push({ severity: 'error', nodeIds: [], edgeIds: [], ...d, message: capitalize(d.message) });
  checkIds(a, report);
  checkEdges(a, report);
  checkCycles(a, report);
  checkNames(a, report);
  for (const n of doc.nodes) checkNode(a, n, report);
  checkCustomBehaviours(a, report);
  checkScenarios(a, report);
  checkTasks(a, report);
  for (const d of lint(a)) out.push(d); // not push(...): 130k arguments overflow the stack
  return out.map((d, i) => [d, i] as const)
    .sort(([x, i], [y, j]) => SEVERITY_RANK[x.severity] - SEVERITY_RANK[y.severity] || i - j)
    .map(([d]) => d);
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const hasErrors = (diagnostics: readonly Diagnostic[]) => diagnostics.some((d) => d.severity === 'error');

type Report = (d: Omit<Diagnostic, 'severity' | 'edgeIds' | 'nodeIds'> & Partial<Diagnostic>) => void;

const removeEdgeFix = (e: DesignEdge, why = 'Remove this edge'): QuickFix => ({ title: why, apply: (doc) => removeEdges(doc, [e.id]) });

function checkIds(a: Analysis, report: Report) {
  const seen = new Map<string, string>();
  for (const item of [...a.doc.nodes, ...a.doc.edges]) {
    const what = 'source' in item ? 'edge' : 'node';
    const key = `${what}:${item.id}`;
    if (seen.has(key)) {
      report({
        code: 'duplicate-id', message: `Two ${what}s have the id "${item.id}". Ids must be unique; the second one is ignored.`,
        ...(what === 'node' ? { nodeIds: [item.id] } : { edgeIds: [item.id] }),
      });
    }
    seen.set(key, what);
  }
}

function checkEdges(a: Analysis, report: Report) {
  const { ix } = a;
  for (const e of a.doc.edges) {
    const src = ix.node.get(e.source);
    const dst = ix.node.get(e.target);
    if (!src || !dst) {
      const missing = [!src && `source "${e.source}"`, !dst && `target "${e.target}"`].filter(Boolean).join(' and ');
      report({ code: 'edge-missing-node', message: `This ${e.kind} edge points to a node that does not exist (${missing}).`, edgeIds: [e.id], nodeIds: [src?.id, dst?.id].filter((x): x is string => !!x), quickFix: removeEdgeFix(e) });
      continue;
    }
    const ids = { edgeIds: [e.id], nodeIds: [src.id, dst.id] };
    if (e.kind === 'supervision') {
      if (!isSupervisorLike(src)) {
        report({ code: 'children-under-non-supervisor', message: `${label(src)} is ${KIND_WORDS[src.kind]}: only supervisors can have children. Put ${label(dst)} under a supervisor instead.`, ...ids, quickFix: removeEdgeFix(e, 'Remove the supervision edge') });
      } else if (!isProcessNode(dst)) {
        report({ code: 'not-a-child', message: `${label(dst)} is ${KIND_WORDS[dst.kind]}, not a process: it cannot be supervised.`, ...ids, quickFix: removeEdgeFix(e) });
      }
      continue;
    }
    if (e.source === e.target) {
      report({ severity: 'warning', code: 'self-edge', message: `${label(src)} has a ${e.kind} edge to itself, which does nothing.`, ...ids, quickFix: removeEdgeFix(e) });
      continue;
    }
    for (const n of [src, dst]) {
      if (a.runnable.has(n.id)) continue;
      const why = !isProcessNode(n) ? 'is not a process'
        : 'never starts (it sits under a node that is not a supervisor, or in a supervision cycle)';
      report({ code: 'edge-to-non-process', message: `This ${e.kind} edge goes to ${label(n)}, which ${why}.`, ...ids, quickFix: removeEdgeFix(e) });
    }
  }
  for (const [id, parents] of a.ix.parentEdges) {
    const node = a.ix.node.get(id);
    if (!node || parents.length < 2) continue;
    const names = parents.map((p) => a.ix.node.get(p.source)).filter((p): p is DesignNode => !!p).map(label).join(' and ');
    report({
      code: 'two-parents', message: `${label(node)} has two supervisors (${names}). A process has exactly one supervisor.`,
      nodeIds: [id], edgeIds: parents.map((p) => p.id),
      quickFix: { title: `Keep only the supervision by ${label(a.ix.node.get(parents[0].source) ?? node)}`, apply: (doc) => removeEdges(doc, parents.slice(1).map((p) => p.id)) },
    });
  }
}

/** Strongly connected components of the supervision graph (Tarjan, iterative): each one with >1 node, or a self loop, is a cycle. */
function checkCycles(a: Analysis, report: Report) {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const targets = (id: string) => (a.ix.childEdges.get(id) ?? []).map((e) => e.target).filter((t) => a.ix.node.has(t));
  for (const start of a.ix.node.keys()) {
    if (index.has(start)) continue;
    const work: [string, number][] = [[start, 0]];
    while (work.length) {
      const frame = work[work.length - 1];
      const [v, i] = frame;
      if (i === 0) {
        index.set(v, index.size);
        low.set(v, index.get(v)!);
        stack.push(v);
        onStack.add(v);
      }
      const ts = targets(v);
      if (i < ts.length) {
        frame[1]++;
        const w = ts[i];
        if (!index.has(w)) work.push([w, 0]);
        else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent)!, low.get(v)!));
      }
      if (low.get(v) !== index.get(v)) continue;
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || targets(v).includes(v)) reportCycle(a, scc.reverse(), report);
    }
  }
}

function reportCycle(a: Analysis, ids: string[], report: Report) {
  const inCycle = new Set(ids);
  const edges = a.doc.edges.filter((e) => e.kind === 'supervision' && inCycle.has(e.source) && inCycle.has(e.target));
  const names = ids.map((id) => label(a.ix.node.get(id)!)).join(' → ');
  const last = edges[edges.length - 1];
  report({
    code: 'supervision-cycle',
    message: `Supervision goes round in a circle (${names}): a process cannot (indirectly) supervise itself, so none of these can start.`,
    nodeIds: ids, edgeIds: edges.map((e) => e.id),
    quickFix: last && removeEdgeFix(last, `Remove the supervision edge ${label(a.ix.node.get(last.source)!)} → ${label(a.ix.node.get(last.target)!)}`),
  });
}

function checkNames(a: Analysis, report: Report) {
  const named = a.doc.nodes.filter((n) => n.kind !== 'note');
  for (const n of named) {
    const problem = nameProblem(n.name);
    if (!problem) continue;
    const fixed = uniqueName(a.doc, sanitizeName(n.name || n.kind));
    report({
      code: 'invalid-name',
      message: `${n.name ? `"${n.name}" can't be used as a process name: ${problem}` : `${label(n)} has no name`}. Names must start with a lowercase letter and use only letters, digits and _, so the design exports to TypeScript and Elixir.`,
      nodeIds: [n.id],
      quickFix: { title: `Rename to "${fixed}"`, apply: (doc) => updateNode(doc, n.id, (d) => void (d.name = fixed)) },
    });
  }
  // Child ids are unique per supervisor; top-level processes share one namespace too.
  const groups = new Map<string, ProcessNode[]>();
  for (const n of named) {
    if (!isProcessNode(n) || !n.name) continue;
    const key = `${a.ix.parentEdges.get(n.id)?.[0]?.source ?? ''}\u0000${n.name}`;
    groups.set(key, [...(groups.get(key) ?? []), n]);
  }
  const sameParent = new Set<string>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const parent = parentNode(a, group[0].id);
    group.forEach((n) => sameParent.add(n.id));
    report({
      code: 'duplicate-name',
      message: `${group.length} children of ${parent ? label(parent) : 'the top level'} are called "${group[0].name}". Child ids must be unique under one supervisor.`,
      nodeIds: group.map((n) => n.id),
      quickFix: { title: 'Give each a unique name', apply: (doc) => renameApart(doc, group.slice(1).map((n) => n.id)) },
    });
  }
  // Locally registered names are global: two processes registered as "cache" anywhere collide at start.
  const registered = new Map<string, ProcessNode[]>();
  for (const n of named) {
    if (!isProcessNode(n) || !a.runnable.has(n.id) || (n.kind === 'worker' && n.register !== 'name')) continue;
    registered.set(n.name, [...(registered.get(n.name) ?? []), n]);
  }
  for (const group of registered.values()) {
    if (group.length < 2 || group.every((n) => sameParent.has(n.id))) continue;
    report({
      code: 'duplicate-registered-name',
      message: `${group.length} processes are registered under the name "${group[0].name}"; only the first can start (already_registered). Rename one, or register workers through a Registry.`,
      nodeIds: group.map((n) => n.id),
      quickFix: { title: 'Give each a unique name', apply: (doc) => renameApart(doc, group.slice(1).map((n) => n.id)) },
    });
  }
}

function renameApart(doc: DesignDocument, ids: string[]): DesignDocument {
  let out = doc;
  for (const id of ids) {
    const n = out.nodes.find((x) => x.id === id);
    if (n) {
      const name = uniqueName(out, n.name);
      out = updateNode(out, id, (d) => void (d.name = name));
    }
  }
  return out;
}

const isCount = (v: number, min: number) => Number.isInteger(v) && v >= min;

function checkNode(a: Analysis, n: DesignNode, report: Report) {
  const nodeIds = [n.id];
  if (isSupervisorLike(n)) {
    if (!isCount(n.maxRestarts, 0) || !isCount(n.maxSeconds, 1)) {
      report({
        code: 'bad-intensity',
        message: `${label(n)} allows ${n.maxRestarts} restarts in ${n.maxSeconds} s: max restarts must be a whole number ≥ 0 and max seconds a whole number ≥ 1.`,
        nodeIds, quickFix: { title: 'Use the OTP default (3 restarts in 5 s)', apply: (doc) => updateNode(doc, n.id, (d) => Object.assign(d, { maxRestarts: 3, maxSeconds: 5 })) },
      });
    }
  }
  if (n.kind === 'dynamic_supervisor' || n.kind === 'task_supervisor') {
    if (n.maxChildren !== 'infinity' && !isCount(n.maxChildren, 0)) {
      report({ code: 'bad-max-children', message: `${label(n)}: max children must be "infinity" or a whole number ≥ 0 (got ${n.maxChildren}).`, nodeIds, quickFix: { title: 'Use infinity', apply: (doc) => updateNode(doc, n.id, (d) => void ((d as { maxChildren: unknown }).maxChildren = 'infinity')) } });
    } else if (n.maxChildren !== 'infinity' && childNodes(a, n.id).length > n.maxChildren) {
      const count = childNodes(a, n.id).length;
      report({ code: 'too-many-children', message: `${label(n)} starts with ${count} ${count === 1 ? 'child' : 'children'} but allows at most ${n.maxChildren}: the extra ones fail to start.`, nodeIds });
    }
  }
  if (n.kind === 'registry' && !isCount(n.partitions, 1)) {
    report({ code: 'bad-registry', message: `${label(n)}: partitions must be a whole number ≥ 1 (got ${n.partitions}).`, nodeIds, quickFix: { title: 'Use 1 partition', apply: (doc) => updateNode(doc, n.id, (d) => void ((d as { partitions: number }).partitions = 1)) } });
  }
  if (isProcessNode(n)) checkChildSpec(a, n, report);
  if (n.kind === 'worker') checkWorker(a, n, report);
  if (n.kind === 'load_source') {
    const target = n.target === undefined ? undefined : a.ix.node.get(n.target);
    if (!target || !a.runnable.has(target.id)) {
      report({ code: 'load-source-target', message: n.target === undefined ? `Load source ${label(n)} has no target: connect it to the process that should receive the requests.` : `Load source ${label(n)} sends to ${target ? label(target) : `"${n.target}"`}, which ${target ? 'never runs' : 'does not exist'}.`, nodeIds: target ? [n.id, target.id] : nodeIds });
    }
    const badBurst = n.bursts.some((b) => !(b.atMs >= 0 && b.durationMs >= 0 && b.rate >= 0));
    if (!(n.rate >= 0) || badBurst || !(n.timeoutMs >= 0)) {
      report({ code: 'bad-load', message: `Load source ${label(n)}: rates, times and the timeout must be 0 or more.`, nodeIds });
    }
  }
}

const defaultShutdown = (n: ProcessNode): Shutdown => defaultShutdownOf(childType(n));

function checkChildSpec(a: Analysis, n: ProcessNode, report: Report) {
  const nodeIds = [n.id];
  if (typeof n.shutdown === 'number' && !isCount(n.shutdown, 0)) {
    const dflt = defaultShutdown(n);
    report({
      code: 'bad-shutdown', message: `${label(n)} has shutdown ${n.shutdown}: it must be a whole number of milliseconds ≥ 0, "brutal_kill" or "infinity".`,
      nodeIds, quickFix: { title: `Use ${JSON.stringify(dflt)}`, apply: (doc) => updateNode(doc, n.id, (d) => void ((d as { shutdown: Shutdown }).shutdown = dflt)) },
    });
  }
  if (n.type !== undefined && n.type !== kindChildType(n.kind)) {
    const kindType = kindChildType(n.kind);
    report({
      severity: 'warning', code: 'child-type-mismatch',
      message: `${label(n)} is ${KIND_WORDS[n.kind]} but its child spec says type :${n.type}. OTP believes the spec: its default shutdown becomes ${JSON.stringify(defaultShutdownOf(n.type))}${kindType === 'supervisor' ? ' (a supervisor given 5000 ms may be killed before its own children have stopped)' : ''}, and which_children/count_children count it as a ${n.type}.`,
      nodeIds, quickFix: { title: `Use type :${kindType}`, apply: (doc) => updateNode(doc, n.id, (d) => void delete (d as { type?: string }).type) },
    });
  }
  if (!n.significant) return;
  if (n.restart === 'permanent') {
    report({
      code: 'significant-permanent', message: `${label(n)} is significant and permanent; OTP refuses that: a significant child must be transient or temporary (its exit is what shuts the supervisor down).`,
      nodeIds, quickFix: { title: 'Make it transient', apply: (doc) => updateNode(doc, n.id, (d) => void ((d as { restart: string }).restart = 'transient')) },
    });
  }
  const parent = parentNode(a, n.id);
  if (!parent || parent.kind !== 'supervisor' || parent.autoShutdown === 'never') {
    const fix: QuickFix = parent?.kind === 'supervisor'
      ? { title: `Set ${label(parent)} to shut down when any significant child exits`, apply: (doc) => updateNode(doc, parent.id, (d) => void ((d as { autoShutdown: string }).autoShutdown = 'any_significant')) }
      : { title: 'Make it not significant', apply: (doc) => updateNode(doc, n.id, (d) => void ((d as { significant: boolean }).significant = false)) };
    report({
      code: 'significant-without-auto-shutdown',
      message: `${label(n)} is significant, but ${!parent ? 'it has no supervisor' : parent.kind === 'supervisor' ? `${label(parent)} has auto shutdown "never"` : `${label(parent)} is ${KIND_WORDS[parent.kind]}, which cannot shut down automatically`}. Significant children are only allowed under a supervisor with auto shutdown any_significant or all_significant.`,
      nodeIds: parent ? [n.id, parent.id] : nodeIds, quickFix: fix,
    });
  }
}

/** A worker's `start` {module, function, args} and `specFormat`: names that would break the Elixir export are errors. */
function checkStart(a: Analysis, n: Extract<DesignNode, { kind: 'worker' }>, report: Report) {
  const nodeIds = [n.id];
  const start = n.start;
  if (!start) return;
  const clear = (field: 'module' | 'function' | 'args'): QuickFix => ({
    title: `Clear start.${field}`, apply: (doc) => updateNode(doc, n.id, (d) => void delete ((d as { start?: Record<string, unknown> }).start ?? {})[field]),
  });
  if (start.module !== undefined) {
    const problem = moduleProblem(start.module);
    if (problem) report({ code: 'bad-start-module', message: `${label(n)} starts with module ${JSON.stringify(start.module)}, which cannot be an Elixir module name here: ${problem}.`, nodeIds, quickFix: clear('module') });
    else {
      const twin = a.doc.nodes.find((o) => o !== n && o.kind === 'worker' && o.start?.module === start.module);
      if (twin && a.doc.nodes.indexOf(twin) < a.doc.nodes.indexOf(n)) {
        report({ code: 'duplicate-start-module', message: `${label(n)} and ${label(twin)} both start with module ${start.module}: the export writes one module per child (its child_spec/1 names the child), so give each its own.`, nodeIds: [twin.id, n.id], quickFix: clear('module') });
      }
    }
  }
  if (start.function !== undefined) {
    const problem = functionProblem(start.function);
    if (problem) report({ code: 'bad-start-function', message: `${label(n)} starts with function ${JSON.stringify(start.function)}, which cannot be an Elixir function name here: ${problem}.`, nodeIds, quickFix: clear('function') });
  }
  const args = start.args;
  if (args === undefined) return;
  const format = n.specFormat ?? 'map';
  if ((format === 'tuple' || format === 'child_spec') && args.length !== 1) {
    report({ code: 'bad-start-args', message: `${label(n)} is written as {module, arg}${format === 'child_spec' ? ' in Supervisor.child_spec/2' : ''}, which passes exactly one argument to the start function, but start.args has ${args.length}. Give one argument, or write the child as a map.`, nodeIds, quickFix: clear('args') });
  }
  const emptyList = (t: unknown) => typeof t === 'object' && t !== null && !Array.isArray(t) && Object.keys(t).length === 1 && Array.isArray((t as { $list?: unknown }).$list) && (t as { $list: unknown[] }).$list.length === 0;
  if (format === 'module' && !(args.length === 1 && emptyList(args[0]))) {
    report({ code: 'bad-start-args', message: `${label(n)} is written as a bare module, so its start function gets [] as its only argument (Elixir calls child_spec([])); start.args ${JSON.stringify(args)} cannot be given that way. Clear start.args, or write the child as {module, arg} or a map.`, nodeIds, quickFix: clear('args') });
  }
}

function checkWorker(a: Analysis, n: Extract<DesignNode, { kind: 'worker' }>, report: Report) {
  checkStart(a, n, report);
  const nodeIds = [n.id];
  const b = a.behaviourOf(n);
  if (!b) {
    report({
      code: 'unknown-behaviour', message: `${label(n)} uses the behaviour "${n.behaviour}", which is neither built in nor one of this design's custom behaviours.`,
      nodeIds, quickFix: { title: 'Use the echo worker', apply: (doc) => updateNode(doc, n.id, (d) => void ((d as { behaviour: string }).behaviour = DEFAULT_BEHAVIOUR)) },
    });
  } else {
    const defaults = defaultParams(b.fields);
    let result: ReturnType<ReturnType<typeof paramsSchema>['safeParse']> | undefined;
    try {
      result = paramsSchema(b.fields).safeParse(n.params);
    } catch (e) {
      report({ code: 'bad-param', message: `The parameters of ${label(n)} cannot be checked: ${e instanceof Error ? e.message : String(e)}.`, nodeIds });
    }
    for (const issue of result?.success === false ? result.error.issues : []) {
      const param = String(issue.path[0] ?? '');
      const hasDefault = param in defaults;
      report({
        code: 'bad-param', message: `${label(n)} (${b.title}): ${issue.message}.`, nodeIds,
        quickFix: hasDefault ? { title: `Reset ${param} to ${JSON.stringify(defaults[param])}`, apply: (doc) => updateNode(doc, n.id, (d) => void ((d as { params: Record<string, unknown> }).params[param] = defaults[param])) } : undefined,
      });
    }
    const declared = new Set(b.fields.map((f) => f.name));
    const unknown = Object.keys(n.params).filter((k) => !declared.has(k));
    if (unknown.length) {
      report({
        severity: 'info', code: 'unknown-param', nodeIds,
        message: `${label(n)} has parameters the ${b.title} behaviour does not use (${unknown.join(', ')}); they are kept in the file but not passed on.`,
        quickFix: { title: 'Remove them', apply: (doc) => updateNode(doc, n.id, (d) => { for (const k of unknown) delete (d as { params: Record<string, unknown> }).params[k]; }) },
      });
    }
    for (const f of b.fields) {
      const v = n.params[f.name] ?? f.default;
      if (f.type !== 'process' || v === undefined || typeof v !== 'string' || v === '') continue;
      const target = findProcess(a, v);
      if (!target || !a.runnable.has(target.id)) {
        report({ code: 'bad-param', message: `${label(n)}: ${f.label ?? f.name} refers to "${v}", but no process with that id or name ${target ? 'ever runs' : 'exists'}.`, nodeIds: target ? [n.id, target.id] : nodeIds });
      }
    }
  }
  if (n.register === 'registry' && n.registry !== undefined) {
    const reg = a.ix.node.get(n.registry);
    if (!reg || reg.kind !== 'registry') {
      report({
        code: 'bad-registry-ref', message: `${label(n)} registers through "${n.registry}", which is ${reg ? `${KIND_WORDS[reg.kind]}, not a registry` : 'not in the design'}.`,
        nodeIds, quickFix: { title: 'Use any registry in the tree', apply: (doc) => updateNode(doc, n.id, (d) => void delete (d as { registry?: string }).registry) },
      });
    }
  }
}

function checkCustomBehaviours(a: Analysis, report: Report) {
  const seen = new Set<string>();
  for (const c of a.doc.customBehaviours) {
    if (c.id === '') report({ code: 'custom-behaviour-id', message: 'A custom behaviour has no id; give it one so workers can use it.' });
    if (BEHAVIOURS.has(c.id) || seen.has(c.id)) {
      report({ code: 'custom-behaviour-id', message: `The custom behaviour "${c.id}" has the same id as ${BEHAVIOURS.has(c.id) ? 'a built-in behaviour' : 'another custom behaviour'}; give it its own id.` });
    }
    seen.add(c.id);
    const fieldNames = new Set<string>();
    for (const f of c.fields) {
      if (!f.name) report({ code: 'bad-custom-field', message: `A parameter of custom behaviour "${c.id}" has no name.` });
      if (fieldNames.has(f.name)) report({ code: 'bad-custom-field', message: `The custom behaviour "${c.id}" declares the parameter "${f.name}" twice.` });
      if (f.type === 'enum' && !f.options?.length) report({ code: 'bad-custom-field', message: `The parameter "${f.name}" of custom behaviour "${c.id}" is a choice without options.` });
      fieldNames.add(f.name);
    }
  }
}

function checkScenarios(a: Analysis, report: Report) {
  const names = new Set<string>();
  const all = new Set(a.doc.scenarios.map((s) => s.name));
  for (const s of a.doc.scenarios) {
    if (!s.name) report({ code: 'bad-scenario', message: 'A scenario has no name; give it one so it can be picked and run.' });
    else if (names.has(s.name)) report({ code: 'bad-scenario', message: `Two scenarios are called "${s.name}".` });
    names.add(s.name);
    s.commands.forEach((c, i) => {
      const where = `Scenario "${s.name}", command ${i + 1} (${c.type} at ${c.at} ms)`;
      if (!(c.at >= 0) || !Number.isInteger(c.at)) report({ code: 'bad-scenario', message: `${where}: the time must be a whole number of milliseconds, 0 or more.` });
      // every field the catalog (runtime/sim/commands.ts) says names something is checked against the design
      for (const [field, f] of Object.entries(commandFields(c.type))) {
        const v = (c as Record<string, unknown>)[field];
        if (typeof v !== 'string') continue;
        if (f.kind === 'target' || f.kind === 'process') {
          // a design process (name, id or path), or a key a worker registers under in a Registry (as OTP finds it)
          const p = findProcess(a, v) ?? registeredByKey(a, v);
          if (!p || !a.runnable.has(p.id)) report({ code: 'bad-scenario', message: `${where}: there is no running process "${v}" (a process's name, or the key it registers under in a Registry).`, nodeIds: p ? [p.id] : [] });
        } else if (f.kind === 'source') {
          if (a.ix.node.get(v)?.kind !== 'load_source') report({ code: 'bad-scenario', message: `${where}: "${v}" is not a load source.` });
        } else if (f.kind === 'scenario') {
          if (!all.has(v)) report({ code: 'bad-scenario', message: `${where}: there is no scenario "${v}".` });
          else if (reaches(a, v, s.name)) report({ code: 'bad-scenario', message: `${where}: scenario "${v}" runs "${s.name}" again (a cycle).` });
        }
      }
    });
  }
}

/** The worker that registers under `key` in a Registry (its registryKey). */
function registeredByKey(a: Analysis, key: string): ProcessNode | undefined {
  return a.doc.nodes.find((n): n is Extract<DesignNode, { kind: 'worker' }> => n.kind === 'worker' && n.register === 'registry' && n.registryKey === key);
}

/** A lesson task that names a scenario the design no longer has can never tick (renderer/lessons/tasks.ts). */
function checkTasks(a: Analysis, report: Report) {
  const all = new Set(a.doc.scenarios.map((s) => s.name));
  (a.doc.tasks ?? []).forEach((t, i) => {
    if (t.scenario !== undefined && !all.has(t.scenario)) {
      report({ severity: 'warning', code: 'bad-task', message: `Lesson task ${i + 1} names the scenario "${t.scenario}", which the design does not have: it cannot be done.` });
    }
  });
}

/** Scenario `from` runs scenario `to`, directly or through its scenario steps. */
function reaches(a: Analysis, from: string, to: string): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const n = stack.pop()!;
    if (n === to) return true;
    if (seen.has(n)) continue;
    seen.add(n);
    for (const s of a.doc.scenarios) if (s.name === n) for (const c of s.commands) if (c.type === 'scenario') stack.push(c.name);
  }
  return false;
}
