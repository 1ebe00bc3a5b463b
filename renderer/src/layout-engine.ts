// Auto-layout off the main thread: ELK's own worker script (elk-worker.min.js, served as an asset of the build) behind
// elkjs's API, so laying out a big design (about 1 s at 1,000 processes) never freezes the window. If the worker
// cannot start or dies, layout falls back to ELK on the main thread (slower, but the command still works); an error
// ELK reports for a graph is passed on as it is.
import ELK from 'elkjs/lib/elk-api.js';
import elkWorkerUrl from 'elkjs/lib/elk-worker.min.js?url';
import type { ElkNode } from 'elkjs/lib/elk-api';
import { setLayoutEngine, type LayoutEngine } from '../editor/layout';

class WorkerFailure extends Error {}

export function installWorkerLayout(): void {
  let api: InstanceType<typeof ELK> | undefined;
  let failed: Promise<never> | undefined;
  let broken = false;
  let mainThread: LayoutEngine | undefined;
  const start = () => {
    let fail!: (e: Error) => void;
    failed = new Promise<never>((_, reject) => { fail = reject; });
    failed.catch(() => undefined);
    api = new ELK({
      workerFactory: () => {
        const w = new Worker(elkWorkerUrl);
        w.addEventListener('error', (e) => fail(new WorkerFailure(e.message || 'the layout worker could not start')));
        return w;
      },
    });
  };
  setLayoutEngine({
    async layout(graph: ElkNode): Promise<ElkNode> {
      if (!broken) {
        try {
          if (!api) start();
          return await Promise.race([api!.layout(graph), failed!]);
        } catch (e) {
          if (!(e instanceof WorkerFailure)) throw e;
          broken = true;
          (api as { terminate?: () => void } | undefined)?.terminate?.();
          console.warn(`Auto-layout worker failed (${e.message}); laying out on the main thread instead.`);
        }
      }
      if (!mainThread) {
        const { default: Bundled } = await import('elkjs/lib/elk.bundled.js');
        mainThread = new Bundled();
      }
      return mainThread.layout(graph);
    },
  });
}
