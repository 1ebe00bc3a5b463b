// The blast-radius worker: one request in, one reply out (renderer/src/blast-client.ts).
import { computeBlast, type BlastRequest } from './blast-compute';

const scope = self as unknown as { onmessage: ((e: MessageEvent<{ id: number } & BlastRequest>) => void) | null; postMessage(m: unknown): void };
scope.onmessage = ({ data }) => {
  const { id, ...req } = data;
  scope.postMessage({ id, reply: computeBlast(req) });
};
