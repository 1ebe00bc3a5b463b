// The palette's node kinds: label, icon, one-line description. Kinds match runtime/design's NODE_KINDS.
import type { IconName } from '../src/components/Icons';

export interface PaletteItem {
  kind: 'supervisor' | 'dynamic_supervisor' | 'worker' | 'registry' | 'task_supervisor' | 'load_source' | 'note';
  /** For workers: the behaviour id the new node starts with. */
  behaviour?: string;
  label: string;
  icon: IconName;
  hint: string;
  group: 'Supervision' | 'Workers' | 'Other';
}

export const PALETTE_MIME = 'application/x-supervisor-studio-kind';
