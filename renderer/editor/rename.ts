// Renaming a process follows its references: a worker parameter of type `process` and a scenario or recording
// command that named the process by its old name name it by the new one, in the same undo step. Only references
// that resolved to this node before the rename move (another node that happens to share the old name keeps its own).
import type { Draft } from 'immer';
import { getBehaviour, type ParamField } from '../../runtime/behaviours/catalog';
import type { DesignDocument } from '../../runtime/design/document';

const PROCESS_KINDS = new Set(['supervisor', 'dynamic_supervisor', 'worker', 'registry', 'task_supervisor']);

/** The first process node called `name` (how a name reference resolves: ids first, then the first such name). */
function resolvesTo(doc: Pick<DesignDocument, 'nodes'>, ref: unknown): string | undefined {
  if (typeof ref !== 'string') return undefined;
  const byId = doc.nodes.find((n) => n.id === ref && PROCESS_KINDS.has(n.kind));
  if (byId) return byId.id;
  return doc.nodes.find((n) => PROCESS_KINDS.has(n.kind) && n.name === ref)?.id;
}

function processFields(doc: Pick<DesignDocument, 'customBehaviours'>, behaviour: string): readonly ParamField[] {
  const fields = getBehaviour(behaviour)?.fields ?? doc.customBehaviours.find((b) => b.id === behaviour)?.fields ?? [];
  return fields.filter((f) => f.type === 'process');
}

/**
 * Inside an edit recipe, before the node's `name` is changed: point every reference to node `id` by `oldName` at
 * `newName`. Returns how many references moved.
 */
export function renameReferences(d: Draft<DesignDocument>, id: string, oldName: string, newName: string): number {
  if (oldName === newName) return 0;
  const doc = d as unknown as DesignDocument;
  const mine = (ref: unknown) => ref === oldName && resolvesTo(doc, ref) === id;
  let moved = 0;
  for (const n of d.nodes) {
    if (n.kind !== 'worker') continue;
    for (const f of processFields(doc, n.behaviour)) {
      if (mine(n.params[f.name])) {
        n.params[f.name] = newName;
        moved++;
      }
    }
  }
  const lists = [...d.scenarios.map((s) => s.commands), ...(d.recordings ?? []).map((r) => r.commands)];
  for (const commands of lists) {
    for (const c of commands as { target?: unknown }[]) {
      if ('target' in c && mine(c.target)) {
        c.target = newName;
        moved++;
      }
    }
  }
  return moved;
}
