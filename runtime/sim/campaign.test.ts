import { describe, expect, it } from 'vitest';
import { design, sup, under, worker } from '../design/build';
import { compile } from '../design/spec';
import { runCampaign, runSeed, type CampaignProgress } from './campaign';

const tree = (maxRestarts: number, behaviour = 'echo', params: Record<string, unknown> = {}) =>
  compile(design([sup('app', { maxRestarts }), worker('a', behaviour, { params }), worker('b')], under('app', 'a', 'b')));

describe('runCampaign', () => {
  it('is deterministic per seed, and another seed gives other runs', () => {
    const spec = tree(3);
    const model = { rates: { worker: 0.5 }, durationMs: 5000 };
    const x = runCampaign(spec, model, { runs: 20, seed: 42 });
    const y = runCampaign(spec, model, { runs: 20, seed: 42 });
    expect(JSON.stringify(y)).toBe(JSON.stringify(x));
    const z = runCampaign(spec, model, { runs: 20, seed: 43 });
    expect(JSON.stringify(z.outcomes)).not.toBe(JSON.stringify(x.outcomes));
    expect(new Set(x.outcomes.map((o) => o.seed)).size).toBe(20);
  });

  it('reports progress after every run', () => {
    const seen: CampaignProgress[] = [];
    runCampaign(tree(3), { rates: { worker: 1 }, durationMs: 1000 }, { runs: 5, seed: 1, onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => p.done)).toEqual([1, 2, 3, 4, 5]);
    expect(seen.every((p) => p.total === 5)).toBe(true);
  });

  it('no faults: nothing restarts and the root never gives up', () => {
    const r = runCampaign(tree(3), { rates: {}, durationMs: 2000 }, { runs: 5, seed: 1 });
    expect(r.rootGiveUpProbability).toBe(0);
    expect(r.faults).toBe(0);
    expect(r.restartsPerNode.a).toEqual({ mean: 0, max: 0 });
  });

  it('a supervisor without restart budget always gives up; a generous one never does', () => {
    const model = { rates: { worker: 1 }, durationMs: 5000 };
    expect(runCampaign(tree(0), model, { runs: 10, seed: 7 }).rootGiveUpProbability).toBe(1);
    const robust = runCampaign(tree(1000), model, { runs: 10, seed: 7 });
    expect(robust.rootGiveUpProbability).toBe(0);
    expect(robust.recovery.unrecovered).toBe(0);
    // each injected fault is one restart of the node it hit
    const restarts = robust.outcomes.reduce((n, o) => n + o.restarts.a + o.restarts.b, 0);
    expect(restarts).toBe(robust.faults);
    expect(robust.restartsPerNode.a.mean).toBeGreaterThan(2);
  });

  it('measures time to recover: a worker with a slow init takes that long to come back', () => {
    const spec = compile(design([sup('app', { maxRestarts: 100 }), worker('slow', 'slow_init', { params: { initMs: 250 } })], under('app', 'slow')));
    const r = runCampaign(spec, { rates: { worker: 0.5 }, durationMs: 10_000 }, { runs: 5, seed: 3 });
    expect(r.faults).toBeGreaterThan(0);
    const times = r.outcomes.flatMap((o) => o.recoveries) as number[];
    expect(Math.min(...times)).toBe(250); // a lone fault: exactly the init time
    expect(times.every((t) => t >= 250)).toBe(true); // a fault during a restart makes it longer
    expect(r.recovery.meanMs).toBeGreaterThanOrEqual(250);
  });

  it('per-behaviour rates override the per-kind rate', () => {
    const spec = tree(1000, 'counter');
    const r = runCampaign(spec, { rates: { worker: 0 }, behaviourRates: { counter: 2 }, durationMs: 3000 }, { runs: 5, seed: 1 });
    expect(r.restartsPerNode.a.mean).toBeGreaterThan(0);
    expect(r.restartsPerNode.b.mean).toBe(0);
  });

  it('derives distinct, stable run seeds', () => {
    expect(runSeed(1, 0)).toBe(runSeed(1, 0));
    expect(runSeed(1, 0)).not.toBe(runSeed(1, 1));
    expect(runSeed(1, 0)).not.toBe(runSeed(2, 0));
  });
});
