// React access to the one live session of the app (renderer/live/controller.ts).
import { useSyncExternalStore } from 'react';
import { LiveController, type LiveState } from './controller';

let controller: LiveController | null = null;

export function getLiveController(): LiveController {
  controller ??= new LiveController();
  return controller;
}

export function useLiveState(): LiveState {
  const c = getLiveController();
  return useSyncExternalStore(c.subscribe, c.getState);
}
