/// <reference lib="webworker" />
// The kernel's Web Worker: serves the run (see worker-handlers.ts) on the worker's global scope.
import { serveRun } from './worker-handlers';
import type { PortLike } from './worker-channel';

serveRun(self as unknown as PortLike);
