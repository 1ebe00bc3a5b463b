// Starts the kernel worker and returns a typed client for it.
import kernelWorkerUrl from './kernel.worker.ts?worker&url';
import { startIsolatedWorker } from './isolated-worker';
import { createClient, type Client } from './worker-channel';
import type { KernelCommands, KernelEvents } from './protocol';

export type KernelClient = Client<KernelCommands, KernelEvents> & { terminate(): void };

export function startKernelWorker(): KernelClient {
  // the design's custom code runs in this worker: isolated from the app's origin and the network (isolated-worker.ts)
  const worker = startIsolatedWorker(kernelWorkerUrl, 'kernel');
  const client = createClient<KernelCommands, KernelEvents>(worker);
  return { ...client, terminate: () => { client.close(); worker.terminate(); } };
}
