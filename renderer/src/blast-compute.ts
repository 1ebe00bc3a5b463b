// One blast-radius computation, as the worker runs it (no React, no DOM: it is bundled into blast.worker.ts).
import type { DesignDocument } from '../../runtime/design/document';
import { compile } from '../../runtime/design/spec';
import { blastRadius, type BlastResult } from '../../runtime/sim/blast';

export interface BlastRequest {
  doc: DesignDocument;
  nodeId: string;
  reason: string;
}
export type BlastReply = BlastResult | { error: string };

/** What the worker does with one request (also used by the tests without a worker). */
export function computeBlast({ doc, nodeId, reason }: BlastRequest): BlastReply {
  try {
    return blastRadius(compile(doc), nodeId, reason);
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}
