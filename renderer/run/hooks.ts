// React access to the run: one RunController per app (its worker starts on the first Run), its state, one node's
// live status (a per-node subscription, so a restart storm re-renders only the nodes that changed), and the process
// selected in the event log / inspector.
import { useSyncExternalStore } from 'react';
import { RunController, type RunState } from './controller';
import { startKernelWorker } from './kernel-client';
import type { NodeLive } from './trace-store';

let controller: RunController | null = null;

export function getRunController(): RunController {
  controller ??= new RunController({ startWorker: startKernelWorker });
  return controller;
}

export function useRunState(): RunState {
  const c = getRunController();
  return useSyncExternalStore(c.subscribe, c.getState);
}

export function useNodeRun(nodeId: string): NodeLive | undefined {
  const c = getRunController();
  return useSyncExternalStore(
    (fn) => c.status.subscribe(nodeId, fn),
    () => c.status.get(nodeId),
  );
}

// ---- the selected process (pid) ---------------------------------------------------------------------------------------

let selectedPid: number | null = null;
const pidListeners = new Set<() => void>();

export function selectPid(pid: number | null): void {
  selectedPid = pid;
  pidListeners.forEach((f) => f());
}

export function useSelectedPid(): number | null {
  return useSyncExternalStore(
    (fn) => {
      pidListeners.add(fn);
      return () => pidListeners.delete(fn);
    },
    () => selectedPid,
  );
}
