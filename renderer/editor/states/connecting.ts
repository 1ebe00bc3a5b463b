// Dragging a new edge from a handle: remembers the source and the edge kind, and the reason the connection under the
// pointer is refused (the canvas shows it next to the pointer).
import type { EdgeKind } from '../../../runtime/design/document';
import type { InteractionState } from './types';

export interface ConnectingState extends InteractionState {
  readonly name: 'connecting';
  readonly source: string;
  readonly kind: EdgeKind | 'load';
  refusal?: string;
}

export const connecting = (source: string, kind: EdgeKind | 'load'): ConnectingState => ({ name: 'connecting', source, kind });
