import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse } from '../../runtime/design/parse';
import { compile } from '../../runtime/design/spec';
import { blastRadius } from '../../runtime/sim/blast';
import { generateDesign } from '../../bench/ui/designs';
import { BlastClient, type WorkerLike } from './blast-client';
import { computeBlast, type BlastReply, type BlastRequest } from './blast-compute';

const doc = (() => {
  const r = parse(generateDesign(23));
  if (!r.ok) throw new Error('bad design');
  return r.doc;
})();

/** A worker stand-in: requests wait until the test answers them (with the real computation). */
function fakeWorkers() {
  const made: (WorkerLike & { posted: ({ id: number } & BlastRequest)[]; answer(): void; terminated: boolean })[] = [];
  const start = () => {
    const w = {
      posted: [] as ({ id: number } & BlastRequest)[],
      terminated: false,
      onmessage: null as WorkerLike['onmessage'],
      onerror: null as WorkerLike['onerror'],
      postMessage(m: { id: number } & BlastRequest) { this.posted.push(m); },
      terminate() { this.terminated = true; },
      answer() {
        const m = this.posted.shift()!;
        const { id, ...req } = m;
        this.onmessage?.({ data: { id, reply: computeBlast(req) } });
      },
    };
    made.push(w);
    return w;
  };
  return { made, start };
}

afterEach(() => vi.useRealTimers());

describe('blast radius off the main thread', () => {
  it('the worker computes what blastRadius computes on the main thread', () => {
    const direct = blastRadius(compile(doc), 's0', 'kill');
    expect(computeBlast({ doc, nodeId: 's0', reason: 'kill' })).toEqual(direct);
    expect(Object.values(direct.outcome).filter((o) => o === 'restarts').length).toBe(11); // s0 and its ten workers
    expect(computeBlast({ doc, nodeId: 'nope', reason: 'kill' })).toEqual({ error: expect.stringMatching(/no process node "nope"/) });
  });

  it('the newest request wins: one job at a time, overtaken requests are skipped and their replies dropped', () => {
    const { made, start } = fakeWorkers();
    const client = new BlastClient(start);
    const got: BlastReply[] = [];
    client.request({ doc, nodeId: 'w0_0', reason: 'kill' }, (r) => got.push(r));
    client.request({ doc, nodeId: 'w0_1', reason: 'kill' }, (r) => got.push(r));
    client.request({ doc, nodeId: 's1', reason: 'shutdown' }, (r) => got.push(r));
    const [w] = made;
    expect(w!.posted.map((p) => p.nodeId)).toEqual(['w0_0']); // busy: w0_1 was replaced by s1 while waiting
    w!.answer(); // w0_0's answer is stale: dropped, and s1 is sent
    expect(got).toEqual([]);
    expect(w!.posted.map((p) => p.nodeId)).toEqual(['s1']);
    w!.answer();
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ nodeId: 's1', reason: ':shutdown' });
    expect(made).toHaveLength(1);
  });

  it('cancel drops the answer in flight', () => {
    const { made, start } = fakeWorkers();
    const client = new BlastClient(start);
    const onReply = vi.fn();
    client.request({ doc, nodeId: 'w0_0', reason: 'kill' }, onReply);
    client.cancel();
    made[0]!.answer();
    expect(onReply).not.toHaveBeenCalled();
  });

  it('a hung computation is stopped after the timeout, and the next request gets a fresh worker', () => {
    vi.useFakeTimers();
    const { made, start } = fakeWorkers();
    const client = new BlastClient(start, 5000);
    const got: BlastReply[] = [];
    client.request({ doc, nodeId: 'w0_0', reason: 'kill' }, (r) => got.push(r));
    vi.advanceTimersByTime(5001);
    expect(made[0]!.terminated).toBe(true);
    expect(got).toEqual([{ error: 'The preview took longer than 5 s and was stopped.' }]);
    client.request({ doc, nodeId: 'w0_1', reason: 'kill' }, (r) => got.push(r));
    expect(made).toHaveLength(2);
    made[1]!.answer();
    expect(got[1]).toMatchObject({ nodeId: 'w0_1' });
  });

  it('a worker error answers the running request with a message', () => {
    const { made, start } = fakeWorkers();
    const client = new BlastClient(start);
    const got: BlastReply[] = [];
    client.request({ doc, nodeId: 'w0_0', reason: 'kill' }, (r) => got.push(r));
    made[0]!.onerror?.({ message: 'out of memory' });
    expect(got).toEqual([{ error: 'The preview failed: out of memory' }]);
  });
});
