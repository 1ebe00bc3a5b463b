// The palette's node kinds: label, icon, one-line description. Kinds match runtime/design's NODE_KINDS; there is one
// worker entry per catalog behaviour.
import { BEHAVIOURS } from '../../runtime/behaviours/catalog';
import type { NodeKind } from '../../runtime/design/document';
import type { IconName } from '../src/components/Icons';

export interface PaletteItem {
  key: string;
  kind: NodeKind;
  /** For workers: the behaviour id the new node starts with. */
  behaviour?: string;
  label: string;
  icon: IconName;
  hint: string;
  group: 'Supervision' | 'Workers' | 'Other';
  /** Single-key shortcut that adds it at the centre of the view. */
  key1?: string;
}

export const PALETTE_ITEMS: PaletteItem[] = [
  { key: 'supervisor', kind: 'supervisor', label: 'Supervisor', icon: 'supervisor', group: 'Supervision', key1: 'S', hint: 'Starts children in order and restarts them by its strategy.' },
  { key: 'dynamic_supervisor', kind: 'dynamic_supervisor', label: 'Dynamic supervisor', icon: 'dynsup', group: 'Supervision', key1: 'D', hint: 'Children started on demand, all one_for_one.' },
  { key: 'task_supervisor', kind: 'task_supervisor', label: 'Task supervisor', icon: 'task', group: 'Supervision', key1: 'T', hint: 'Runs short-lived tasks under supervision.' },
  { key: 'registry', kind: 'registry', label: 'Registry', icon: 'registry', group: 'Supervision', key1: 'R', hint: 'Names processes by key ({:via, Registry, …}).' },
  { key: 'worker', kind: 'worker', behaviour: 'echo', label: 'Worker', icon: 'gear', group: 'Workers', key1: 'W', hint: 'A GenServer worker (echo behaviour).' },
  ...[...BEHAVIOURS.values()]
    .filter((b) => b.id !== 'echo' && b.id !== 'load_source')
    .map((b): PaletteItem => ({ key: `worker:${b.id}`, kind: 'worker', behaviour: b.id, label: b.title, icon: 'gear', group: 'Workers', hint: b.description })),
  { key: 'load_source', kind: 'load_source', label: 'Load source', icon: 'load', group: 'Other', key1: 'L', hint: 'Sends requests to a process at a rate.' },
  { key: 'note', kind: 'note', label: 'Note', icon: 'note', group: 'Other', key1: 'N', hint: 'A sticky note on the canvas.' },
];
