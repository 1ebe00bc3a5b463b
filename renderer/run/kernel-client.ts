// Starts the kernel worker and returns a typed client for it.
import { createClient, type Client } from './worker-channel';
import type { KernelCommands, KernelEvents } from './protocol';

export type KernelClient = Client<KernelCommands, KernelEvents> & { terminate(): void };

export function startKernelWorker(): KernelClient {
  const worker = new Worker(new URL('./kernel.worker.ts', import.meta.url), { type: 'module', name: 'kernel' });
  const client = createClient<KernelCommands, KernelEvents>(worker);
  return { ...client, terminate: () => { client.close(); worker.terminate(); } };
}
