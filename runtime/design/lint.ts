// Supervision lint: designs that run, but fail in ways a learner only finds out about in production. Each rule
// returns warnings (plus one info) with the nodes involved and, where one change clearly helps, a quick fix.
import {
  createEdge, createNode, isProcessNode, isSupervisorLike, nextId, uniqueName,
  type DesignDocument, type DesignNode, type ProcessNode, type SupervisorLikeNode, type WorkerNode,
} from './document';
import {
  childNodes, editDocument, label, moveChildBefore, parentEdge, parentNode, updateNode,
  type Analysis, type Diagnostic,
} from './analysis';

type Rule = (a: Analysis, out: Diagnostic[]) => void;

const warn = (d: Omit<Diagnostic, 'severity' | 'edgeIds'> & Partial<Diagnostic>): Diagnostic => ({ severity: 'warning', edgeIds: [], ...d });
const names = (ns: DesignNode[]) => ns.map(label).join(', ');

const runnableNodes = (a: Analysis) => a.doc.nodes.filter((n): n is ProcessNode => isProcessNode(n) && a.runnable.has(n.id));
const runnableWorkers = (a: Analysis) => runnableNodes(a).filter((n): n is WorkerNode => n.kind === 'worker');

/** Calls edges between two running siblings, with their shared supervisor. */
function siblingCalls(a: Analysis) {
  const out: { edgeId: string; caller: ProcessNode; callee: ProcessNode; sup: SupervisorLikeNode; callerAt: number; calleeAt: number }[] = [];
  for (const e of a.doc.edges) {
    if (e.kind !== 'calls' || e.source === e.target || !a.runnable.has(e.source) || !a.runnable.has(e.target)) continue;
    const pa = parentEdge(a, e.source);
    const pb = parentEdge(a, e.target);
    if (!pa || !pb || pa.source !== pb.source) continue;
    const sup = a.ix.node.get(pa.source);
    if (!sup || !isSupervisorLike(sup)) continue;
    const order = (a.ix.childEdges.get(sup.id) ?? []).map((x) => x.target);
    out.push({
      edgeId: e.id, caller: a.ix.node.get(e.source) as ProcessNode, callee: a.ix.node.get(e.target) as ProcessNode, sup,
      callerAt: order.indexOf(e.source), calleeAt: order.indexOf(e.target),
    });
  }
  return out;
}

const permanentUnderTemporary: Rule = (a, out) => {
  for (const sup of runnableNodes(a)) {
    if (!isSupervisorLike(sup) || sup.restart === 'permanent' || !parentEdge(a, sup.id)) continue;
    const permanent: ProcessNode[] = [];
    const stack = childNodes(a, sup.id);
    const seen = new Set<string>();
    while (stack.length) {
      const n = stack.pop()!;
      if (seen.has(n.id) || !isProcessNode(n)) continue;
      seen.add(n.id);
      if (n.restart === 'permanent') permanent.push(n);
      if (isSupervisorLike(n)) for (const c of childNodes(a, n.id)) stack.push(c);
    }
    if (!permanent.length) continue;
    const why = sup.restart === 'temporary' ? 'when it stops, it is never restarted'
      : 'when it gives up after too many restarts it exits with reason shutdown, and a transient child is not restarted after shutdown';
    out.push(warn({
      code: 'lint/permanent-under-temporary',
      message: `${label(sup)} is ${sup.restart}: ${why}. So its permanent children (${names(permanent)}) never come back either. Make ${label(sup)} permanent, or its children ${sup.restart} too.`,
      nodeIds: [sup.id, ...permanent.map((n) => n.id)],
      quickFix: { title: `Make ${label(sup)} permanent`, apply: (doc) => updateNode(doc, sup.id, (d) => void ((d as { restart: string }).restart = 'permanent')) },
    }));
  }
};

const dependencyOrder: Rule = (a, out) => {
  for (const c of siblingCalls(a)) {
    const { caller, callee, sup } = c;
    // A circuit breaker is meant to outlive the workers it calls (see breakerWithProtected), so it is exempt.
    const breaker = caller.kind === 'worker' && a.behaviourOf(caller)?.circuitBreaker;
    if (sup.kind === 'supervisor' && sup.strategy === 'rest_for_one' && c.calleeAt > c.callerAt && !breaker) {
      out.push(warn({
        code: 'lint/reversed-dependency',
        message: `Under rest_for_one, ${label(caller)} calls ${label(callee)}, which starts after it. When ${label(callee)} crashes only it and the children after it restart, so ${label(caller)} is left holding state about the old ${label(callee)}; and at start ${label(caller)} runs before ${label(callee)} exists. Put ${label(callee)} before ${label(caller)}.`,
        nodeIds: [caller.id, callee.id, sup.id], edgeIds: [c.edgeId],
        quickFix: { title: `Move ${label(callee)} before ${label(caller)}`, apply: (doc) => moveChildBefore(doc, sup.id, callee.id, caller.id) },
      }));
    }
    const oneForOne = (sup.kind === 'supervisor' && sup.strategy === 'one_for_one') || sup.kind === 'dynamic_supervisor';
    if (oneForOne && callee.kind === 'worker' && callee.register === 'none') {
      out.push(warn({
        code: 'lint/stale-pid',
        message: `${label(caller)} calls ${label(callee)} by pid (${label(callee)} is not registered under a name). Under one_for_one a crash of ${label(callee)} does not restart ${label(caller)}, so ${label(caller)} keeps calling the old, dead pid. Register ${label(callee)} by name, or use rest_for_one with ${label(callee)} first.`,
        nodeIds: [caller.id, callee.id, sup.id], edgeIds: [c.edgeId],
        quickFix: { title: `Register ${label(callee)} by name`, apply: (doc) => updateNode(doc, callee.id, (d) => void ((d as { register: string }).register = 'name')) },
      }));
    }
  }
};

const poolIntensity: Rule = (a, out) => {
  // pool managers and the pool size they ask for, by the supervisor they call
  const managed = new Map<string, { manager: WorkerNode; size: number }[]>();
  for (const m of runnableWorkers(a)) {
    const b = a.behaviourOf(m);
    if (b?.pool?.role !== 'manager') continue;
    const value = m.params[b.pool.sizeParam] ?? b.fields.find((f) => f.name === (b.pool as { sizeParam: string }).sizeParam)?.default;
    for (const e of a.doc.edges) {
      if (e.kind === 'calls' && e.source === m.id) managed.set(e.target, [...(managed.get(e.target) ?? []), { manager: m, size: typeof value === 'number' ? value : 0 }]);
    }
  }
  for (const sup of runnableNodes(a)) {
    if (!isSupervisorLike(sup)) continue;
    const poolWorkers = childNodes(a, sup.id).filter((n) => n.kind === 'worker' && a.behaviourOf(n)?.pool?.role === 'worker');
    const managers = managed.get(sup.id) ?? [];
    const size = Math.max(poolWorkers.length, ...managers.map((m) => m.size));
    if (size < 2 || !(sup.maxRestarts < size)) continue;
    out.push(warn({
      code: 'lint/pool-intensity',
      message: `${label(sup)} runs a pool of ${size} workers but allows only ${sup.maxRestarts} restarts in ${sup.maxSeconds} s. One bad deploy that crashes every worker once is already more than that: ${label(sup)} gives up and the whole pool goes down. Allow at least ${size} restarts.`,
      nodeIds: [sup.id, ...managers.map((m) => m.manager.id), ...poolWorkers.map((w) => w.id)],
      quickFix: { title: `Allow ${size} restarts`, apply: (doc) => updateNode(doc, sup.id, (d) => void ((d as { maxRestarts: number }).maxRestarts = size)) },
    }));
  }
};

const registryPresent: Rule = (a, out) => {
  const registries = runnableNodes(a).filter((n) => n.kind === 'registry');
  for (const w of runnableWorkers(a)) {
    const b = a.behaviourOf(w);
    if (w.register !== 'registry' && !b?.usesRegistryName) continue;
    const candidates = w.registry !== undefined ? registries.filter((r) => r.id === w.registry) : registries;
    if (w.registry !== undefined && a.ix.node.get(w.registry)?.kind !== 'registry') continue; // an error already
    if (!candidates.length) {
      const root = [w, ...ancestors(a, w.id)].pop()!;
      out.push(warn({
        code: 'lint/registry-missing',
        message: `${label(w)} registers its name through a Registry${b?.usesRegistryName ? ` (the ${b.title} behaviour does)` : ''}, but no Registry runs in the design: it crashes at start. Add a Registry before it.`,
        nodeIds: [w.id],
        quickFix: root.kind === 'supervisor' ? { title: `Add a Registry as the first child of ${label(root)}`, apply: (doc) => addRegistryUnder(doc, root) } : undefined,
      }));
      continue;
    }
    const at = a.startIndex.get(w.id)!;
    if (candidates.some((r) => a.startIndex.get(r.id)! < at)) continue;
    const r = candidates[0];
    const rParent = parentNode(a, r.id);
    const before = rParent && [w, ...ancestors(a, w.id)].find((x) => parentEdge(a, x.id)?.source === rParent.id);
    out.push(warn({
      code: 'lint/registry-missing',
      message: `${label(w)} registers its name through ${label(r)}, but ${label(r)} starts after it: at start the Registry does not exist yet and ${label(w)} crashes. Start ${label(r)} earlier.`,
      nodeIds: [w.id, r.id],
      quickFix: rParent && before ? { title: `Move ${label(r)} before ${label(before)}`, apply: (doc) => moveChildBefore(doc, rParent.id, r.id, before.id) } : undefined,
    }));
  }
};

function ancestors(a: Analysis, id: string): DesignNode[] {
  const out: DesignNode[] = [];
  const seen = new Set([id]);
  for (let p = parentNode(a, id); p && !seen.has(p.id); p = parentNode(a, p.id)) {
    seen.add(p.id);
    out.push(p);
  }
  return out;
}

function addRegistryUnder(doc: DesignDocument, sup: DesignNode) {
  const id = nextId(doc, 'n');
  const reg = createNode('registry', { id, name: uniqueName(doc, 'registry'), position: { x: sup.position.x - 200, y: sup.position.y + 150 } });
  const minOrder = doc.edges.reduce((m, e) => (e.kind === 'supervision' && e.source === sup.id ? Math.min(m, e.order) : m), 0);
  const edge = createEdge('supervision', { id: nextId(doc, 'e'), source: sup.id, target: id, order: minOrder - 1 });
  return editDocument(doc, (d) => {
    d.nodes.push(reg);
    d.edges.push(edge);
  });
}

const supervisorShutdown: Rule = (a, out) => {
  for (const n of runnableNodes(a)) {
    if ((!isSupervisorLike(n) && n.kind !== 'registry') || n.shutdown === 'infinity' || !parentEdge(a, n.id)) continue;
    out.push(warn({
      code: 'lint/supervisor-shutdown',
      message: `${label(n)} is a supervisor but its shutdown is ${JSON.stringify(n.shutdown)}. A supervisor needs whatever time its own children take to stop in order; ${n.shutdown === 'brutal_kill' ? 'brutal_kill' : 'a timeout'} can kill them before their terminate runs. Use infinity.`,
      nodeIds: [n.id],
      quickFix: { title: 'Use infinity', apply: (doc) => updateNode(doc, n.id, (d) => void ((d as { shutdown: unknown }).shutdown = 'infinity')) },
    }));
  }
};

const breakerWithProtected: Rule = (a, out) => {
  const bySource = new Map<string, { edgeId: string; callee: ProcessNode; sup: SupervisorLikeNode; callerAt: number; calleeAt: number }[]>();
  for (const c of siblingCalls(a)) bySource.set(c.caller.id, [...(bySource.get(c.caller.id) ?? []), c]);
  for (const b of runnableWorkers(a)) {
    if (!a.behaviourOf(b)?.circuitBreaker) continue;
    const together = (bySource.get(b.id) ?? []).filter((c) => c.sup.kind === 'supervisor'
      && (c.sup.strategy === 'one_for_all' || (c.sup.strategy === 'rest_for_one' && c.calleeAt < c.callerAt)));
    if (!together.length) continue;
    const sup = together[0].sup as Extract<SupervisorLikeNode, { kind: 'supervisor' }>;
    const firstChild = childNodes(a, sup.id)[0];
    out.push(warn({
      code: 'lint/breaker-restarted-with-protected',
      message: `Circuit breaker ${label(b)} is restarted together with the workers it protects (${names(together.map((c) => c.callee))}) because ${label(sup)} is ${sup.strategy}${sup.strategy === 'rest_for_one' ? ' and they start before it' : ''}. When they crash, the breaker restarts too and forgets the failures it counted, so it never opens. Start the breaker first under rest_for_one, or give it its own supervisor.`,
      nodeIds: [b.id, sup.id, ...together.map((c) => c.callee.id)], edgeIds: together.map((c) => c.edgeId),
      quickFix: {
        title: `Make ${label(sup)} rest_for_one with ${label(b)} first`,
        apply: (doc) => updateNode(firstChild && firstChild.id !== b.id ? moveChildBefore(doc, sup.id, b.id, firstChild.id) : doc, sup.id, (d) => void ((d as { strategy: string }).strategy = 'rest_for_one')),
      },
    }));
  }
};

const brutalKillTerminate: Rule = (a, out) => {
  for (const w of runnableWorkers(a)) {
    const b = a.behaviourOf(w);
    if (w.shutdown !== 'brutal_kill' || !b?.hasTerminate) continue;
    out.push(warn({
      code: 'lint/brutal-kill-terminate',
      message: `${label(w)} (${b.title}) does cleanup in terminate, but shutdown brutal_kill kills it without running terminate. Give it a shutdown timeout, e.g. 5000 ms.`,
      nodeIds: [w.id],
      quickFix: { title: 'Use a 5000 ms shutdown', apply: (doc) => updateNode(doc, w.id, (d) => void ((d as { shutdown: unknown }).shutdown = 5000)) },
    }));
  }
};

const unsupervised: Rule = (a, out) => {
  const procs = runnableNodes(a);
  if (!procs.some(isSupervisorLike)) return;
  for (const n of procs) {
    if (n.kind !== 'worker' || parentEdge(a, n.id)) continue;
    out.push({ severity: 'info', code: 'lint/unsupervised', message: `${label(n)} runs without a supervisor: if it crashes, nothing restarts it.`, nodeIds: [n.id], edgeIds: [] });
  }
};

/** Edges and registrations a behaviour cannot use: a monitor whose DOWN message its watcher drops, a process
 *  parameter naming a process that is not registered under a name (the behaviour finds it by name). */
const unusable: Rule = (a, out) => {
  for (const e of a.doc.edges) {
    if (e.kind !== 'monitor' || !a.runnable.has(e.source) || !a.runnable.has(e.target)) continue;
    const w = a.ix.node.get(e.source);
    const t = a.ix.node.get(e.target);
    if (!w || !t || w.kind !== 'worker') continue;
    const b = a.behaviourOf(w);
    if (!b || b.handlesDown) continue;
    out.push(warn({
      code: 'lint/unused-monitor',
      message: `${label(w)} monitors ${label(t)}, but the ${b.title} behaviour does nothing with DOWN messages: the monitor is made and its {:DOWN, ...} message is dropped. Use a watcher (or a custom behaviour that handles DOWN), or remove the edge.`,
      nodeIds: [w.id, t.id], edgeIds: [e.id],
      quickFix: { title: 'Remove the monitor edge', apply: (doc) => editDocument(doc, (d) => void (d.edges = d.edges.filter((x) => x.id !== e.id))) },
    }));
  }
  for (const w of runnableWorkers(a)) {
    const b = a.behaviourOf(w);
    for (const f of b?.fields ?? []) {
      const v = w.params[f.name] ?? f.default;
      if (f.type !== 'process' || typeof v !== 'string' || v === '') continue;
      const t = a.doc.nodes.find((n) => n.id === v) ?? a.doc.nodes.find((n) => n.name === v);
      if (!t || t.kind !== 'worker' || t.register !== 'none' || !a.runnable.has(t.id)) continue;
      out.push(warn({
        code: 'lint/unregistered-target',
        message: `${label(w)} finds ${label(t)} by name (its ${f.label ?? f.name} parameter), but ${label(t)} is not registered (register: none): the name reaches no process. Register ${label(t)} by name.`,
        nodeIds: [w.id, t.id],
        quickFix: { title: `Register ${label(t)} by name`, apply: (doc) => updateNode(doc, t.id, (d) => void ((d as { register: string }).register = 'name')) },
      }));
    }
  }
};

export const LINT_RULES: readonly Rule[] = [
  permanentUnderTemporary, dependencyOrder, poolIntensity, registryPresent, supervisorShutdown, breakerWithProtected,
  brutalKillTerminate, unsupervised, unusable,
];

export function lint(a: Analysis): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const rule of LINT_RULES) rule(a, out);
  return out;
}
