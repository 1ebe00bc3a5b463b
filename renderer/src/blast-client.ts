// "What if this crashes?" off the main thread. runtime/sim's blastRadius starts the design on a fresh kernel, fails
// the node, settles, and repeats the failure until a supervisor gives up; on a 1,000-process design that took
// 26–1,100 ms in Chromium (docs/renderer.md), far over a 16 ms frame. So it runs in a dedicated worker
// (blast.worker.ts), fed the document; the latest request wins: while the worker is busy only the newest request
// waits, and replies to requests that were overtaken are dropped. A computation that runs longer than `timeoutMs`
// (a custom behaviour that hangs) terminates the worker; the next request starts a fresh one.
import { useEffect, useRef, useState } from 'react';
import type { DesignDocument } from '../../runtime/design/document';
import type { BlastReply, BlastRequest } from './blast-compute';
import blastWorkerUrl from './blast.worker.ts?worker&url';
import { startIsolatedWorker } from '../run/isolated-worker';

/** The part of a Worker the client uses. */
export interface WorkerLike {
  postMessage(message: { id: number } & BlastRequest): void;
  onmessage: ((event: { data: { id: number; reply: BlastReply } }) => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
  terminate(): void;
}

// runs the design's custom code: isolated from the app's origin and the network (renderer/run/isolated-worker.ts)
export const startBlastWorker = (): WorkerLike => startIsolatedWorker(blastWorkerUrl, 'blast') as unknown as WorkerLike;

export class BlastClient {
  private worker: WorkerLike | null = null;
  private nextId = 1;
  /** The request the worker is computing. */
  private running: { id: number; timer: ReturnType<typeof setTimeout> } | null = null;
  /** The newest request, waiting for the worker. */
  private waiting: ({ id: number } & BlastRequest) | null = null;
  private latest = 0;
  private onReply: (reply: BlastReply) => void = () => undefined;

  constructor(private readonly start: () => WorkerLike = startBlastWorker, private readonly timeoutMs = 15_000) {}

  /** Ask for a preview; `onReply` gets the answer to the newest request only. */
  request(req: BlastRequest, onReply: (reply: BlastReply) => void): void {
    this.onReply = onReply;
    const id = this.nextId++;
    this.latest = id;
    this.waiting = { id, ...req };
    if (!this.running) this.pump();
  }

  /** Forget pending work (the preview was closed): late replies are dropped. */
  cancel(): void {
    this.latest = 0;
    this.waiting = null;
  }

  dispose(): void {
    this.cancel();
    if (this.running) clearTimeout(this.running.timer);
    this.running = null;
    this.worker?.terminate();
    this.worker = null;
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const w = this.start();
    w.onmessage = ({ data }) => this.finish(data.id, data.reply);
    w.onerror = (e) => {
      if (this.running) this.finish(this.running.id, { error: `The preview failed: ${e.message ?? 'worker error'}` });
    };
    this.worker = w;
    return w;
  }

  private pump(): void {
    const job = this.waiting;
    if (!job) return;
    this.waiting = null;
    const timer = setTimeout(() => {
      // hung (a custom behaviour that never returns): start over with a fresh worker
      this.worker?.terminate();
      this.worker = null;
      this.finish(job.id, { error: `The preview took longer than ${Math.round(this.timeoutMs / 1000)} s and was stopped.` });
    }, this.timeoutMs);
    this.running = { id: job.id, timer };
    this.ensureWorker().postMessage(job);
  }

  private finish(id: number, reply: BlastReply): void {
    if (!this.running || this.running.id !== id) return;
    clearTimeout(this.running.timer);
    this.running = null;
    if (id === this.latest) this.onReply(reply);
    this.pump();
  }
}

/**
 * The blast-radius preview for `nodeId` in `doc`, computed in the worker. Keeps showing the last answer for the
 * same node while a newer one is computed (so editing does not flicker); null when no node is chosen.
 */
export function useBlastRadius(doc: DesignDocument, nodeId: string | null, reason: string): BlastReply | null {
  const client = useRef<BlastClient | null>(null);
  const [answer, setAnswer] = useState<{ nodeId: string; reply: BlastReply } | null>(null);
  const present = nodeId !== null && doc.nodes.some((n) => n.id === nodeId);
  useEffect(() => () => client.current?.dispose(), []);
  useEffect(() => {
    if (!present || nodeId === null) {
      client.current?.cancel();
      return;
    }
    client.current ??= new BlastClient();
    client.current.request({ doc, nodeId, reason }, (reply) => setAnswer({ nodeId, reply }));
  }, [doc, nodeId, reason, present]);
  return present && answer?.nodeId === nodeId ? answer.reply : null;
}
