// Interaction states (one small file each): the canvas reports pointer gestures, the editor moves between states,
// and each state does its work on enter/exit (e.g. a drag becomes one undo step when it ends).
import type { Editor } from '../editor';

export interface InteractionState {
  readonly name: 'idle' | 'dragging' | 'connecting' | 'box-selecting';
  enter?(editor: Editor): void;
  exit?(editor: Editor): void;
}
