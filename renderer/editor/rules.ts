// Which connections are allowed, with a reason a learner understands when one is refused (shown while dragging).
import { indexDocument, isProcessNode, isSupervisorLike, type DesignDocument, type EdgeKind } from '../../runtime/design/document';

export type ConnectCheck = { ok: true } | { ok: false; reason: string };

const KIND_WORDS: Record<string, string> = {
  supervisor: 'A supervisor', dynamic_supervisor: 'A dynamic supervisor', task_supervisor: 'A task supervisor',
  worker: 'A worker', registry: 'A registry', load_source: 'A load source', note: 'A note',
};

export function canConnect(doc: DesignDocument, source: string, target: string, kind: EdgeKind | 'load'): ConnectCheck {
  const ix = indexDocument(doc);
  const s = ix.node.get(source);
  const t = ix.node.get(target);
  if (!s || !t) return { ok: false, reason: 'Both ends must be nodes of this design.' };
  if (source === target) return { ok: false, reason: 'A process cannot connect to itself.' };
  if (t.kind === 'note' || s.kind === 'note') return { ok: false, reason: 'Notes cannot be connected.' };
  if (kind === 'load') {
    if (s.kind !== 'load_source') return { ok: false, reason: 'Only a load source sends load.' };
    if (!isProcessNode(t)) return { ok: false, reason: 'Load must go to a process.' };
    return { ok: true };
  }
  if (!isProcessNode(s) || !isProcessNode(t)) return { ok: false, reason: `${KIND_WORDS[s.kind === 'load_source' ? s.kind : t.kind]} is not a process; it cannot be ${kind === 'supervision' ? 'supervised' : 'linked or monitored'}.` };
  if (kind === 'supervision') {
    if (!isSupervisorLike(s)) return { ok: false, reason: `${KIND_WORDS[s.kind]} cannot supervise: only supervisors have children.` };
    const parents = ix.parentEdges.get(target) ?? [];
    if (parents.some((e) => e.source === source)) return { ok: false, reason: 'This child is already supervised by this supervisor.' };
    if (parents.length > 0) return { ok: false, reason: 'A process can have only one supervisor; remove its current supervision edge first.' };
    // would close a cycle: target is an ancestor of source
    const seen = new Set<string>();
    for (let cur: string | undefined = source; cur && !seen.has(cur); cur = ix.parentEdges.get(cur)?.[0]?.source) {
      if (cur === target) return { ok: false, reason: 'That would make a supervision cycle: the child is an ancestor of this supervisor.' };
      seen.add(cur);
    }
    return { ok: true };
  }
  const dup = doc.edges.some((e) => e.kind === kind && ((e.source === source && e.target === target) || (kind === 'link' && e.source === target && e.target === source)));
  if (dup) return { ok: false, reason: `These processes already have a ${kind} edge.` };
  return { ok: true };
}
