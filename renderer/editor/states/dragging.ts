// Dragging nodes: every position change squashes into one undo step ("Move"); when the drag ends the siblings of a
// moved child are re-ordered by their horizontal position (child order follows the drawing) in that same step.
import type { InteractionState } from './types';

export interface DraggingState extends InteractionState {
  readonly name: 'dragging';
  readonly nodeIds: readonly string[];
}

export const dragging = (nodeIds: readonly string[]): DraggingState => ({
  name: 'dragging',
  nodeIds,
  exit(editor) {
    editor.reorderSiblingsByPosition(nodeIds, 'drag');
    editor.history.seal();
  },
});
