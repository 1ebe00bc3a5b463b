// Smoke test of the bench workloads at tiny sizes: they must do exactly the work they claim (no timing here; the
// figures come from `npm run bench`).
import { describe, expect, it } from 'vitest';
import { counters, runCalls, runRing, runStorm, spawnIdle, workloads as ours } from './kernel';
import { workloads as nact } from './nact';
import { workloads as xstate } from './xstate';

describe('kernel bench workloads', () => {
  it('a ring of 10 × 10 laps delivers exactly 100 hops and leaves all 10 processes alive', () => {
    counters.hops = 0;
    const k = runRing(10, 10);
    expect(counters.hops).toBe(100);
    expect(k.processCount).toBe(10);
  });
  it('100 calls get 100 replies', () => {
    expect(runCalls(100).replies).toBe(100);
  });
  it('spawns n processes that all stay alive', () => {
    const { k, procs } = spawnIdle(1000);
    expect(k.processCount).toBe(1000);
    expect(procs.every((p) => p.alive)).toBe(true);
  });
  it('a restart storm restarts every killed child with a new pid under a live supervisor', () => {
    const r = runStorm(50);
    expect(r.restarted).toBe(50);
    expect(r.sup.alive).toBe(true);
    expect(r.k.processCount).toBe(51);
  });
  it('rate functions return positive rates', () => {
    expect(ours.ring!(5, 5)).toBeGreaterThan(0);
    expect(ours.restart_storm!(20)).toBeGreaterThan(0);
  });
});

describe('peer bench workloads', () => {
  it('nact: ring, call, spawn and restart storm complete', async () => {
    expect(await nact.ring!(5, 4)).toBeGreaterThan(0);
    expect(await nact.call!(20)).toBeGreaterThan(0);
    expect(await nact.spawn!(50)).toBeGreaterThan(0);
    expect(await nact.restart_storm!(20)).toBeGreaterThan(0);
  });
  it('xstate: ring, call and spawn complete; no restart storm (no supervision)', async () => {
    expect(await xstate.ring!(5, 4)).toBeGreaterThan(0);
    expect(await xstate.call!(20)).toBeGreaterThan(0);
    expect(await xstate.spawn!(50)).toBeGreaterThan(0);
    expect(xstate.restart_storm).toBeUndefined();
  });
});
