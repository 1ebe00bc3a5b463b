// Drawing a selection box on the pane: the selection is committed when the box is released.
import type { InteractionState } from './types';

export const boxSelecting = (): InteractionState => ({ name: 'box-selecting' });
