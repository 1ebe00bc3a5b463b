/// <reference lib="webworker" />
// The kernel's Web Worker. For now it answers `ping`, `version` and `ticks`; run mode adds the kernel commands.
import { RUNTIME_VERSION } from '../../runtime/index';
import { serve, type PortLike } from './worker-channel';
import type { KernelCommands, KernelEvents } from './protocol';

const server = serve<KernelCommands, KernelEvents>(self as unknown as PortLike, {
  ping: ({ nonce }) => ({ nonce, at: Date.now() }),
  version: () => ({ runtime: RUNTIME_VERSION }),
  ticks: ({ count }) => {
    for (let n = 0; n < count; n++) server.emit('tick', { n });
    return count;
  },
});
