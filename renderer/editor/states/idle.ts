import type { InteractionState } from './types';

export const idle = (): InteractionState => ({ name: 'idle' });
