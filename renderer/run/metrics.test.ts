/* eslint-disable no-restricted-imports -- reads a template file from disk in a test */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from '../../runtime/design/parse';
import { compile } from '../../runtime/design/spec';
import { Metrics, percentile } from './metrics';
import { RunSession, runPaths } from './session';
import { TraceStore } from './trace-store';

function capstone() {
  const r = parse(readFileSync('templates/capstone-http-client-pool.suptree', 'utf8'));
  if (!r.ok) throw new Error('capstone does not parse');
  return compile(r.doc);
}

describe('metrics', () => {
  it('percentiles', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 99)).toBe(4);
  });

  it('load on the capstone: throughput near the load rate, latencies, then the breaker opens, half-opens and closes', () => {
    const spec = capstone();
    const s = new RunSession(spec, { seed: 1 });
    const store = new TraceStore({ knownPaths: Object.keys(runPaths(spec)) });
    const m = new Metrics(500);
    const pump = (ms: number) => { s.advance(ms); store.append(s.drain()); m.update(store); };
    s.apply({ type: 'load', source: 'traffic', on: true });
    pump(2000);
    const healthy = m.series(1999);
    const tput = healthy.throughput.slice(1, 4);
    for (const x of tput) expect(x).toBeGreaterThan(30); // rate 50/s
    expect(healthy.p50.slice(1, 4).every((x, i) => x !== null && x > 0 && healthy.p99[i + 1]! >= x)).toBe(true);
    expect(healthy.errorRate.slice(1, 4).every((x) => x === 0)).toBe(true);

    for (const w of ['http_1', 'http_2', 'http_3']) s.apply({ type: 'send', target: w, message: ['fail_rate', 1] });
    pump(600);
    const states = () => store.query({ types: new Set(['note']), text: 'breaker' }).map((i) => store.get(i)).map((e) => (e.type === 'note' ? JSON.parse(e.data).to : ''));
    expect(states()).toContain('open');
    const failing = m.series(2599);
    expect(Math.max(...failing.errorRate.slice(4).map((x) => x ?? 0))).toBeGreaterThan(0.5);
    expect(failing.breaker.at(-1)).toBe(2);

    for (const w of ['http_1', 'http_2', 'http_3']) s.apply({ type: 'send', target: w, message: ['fail_rate', 0] });
    pump(3000);
    expect(states().slice(states().indexOf('open'))).toEqual(expect.arrayContaining(['open', 'half_open', 'closed']));
    expect(m.series(s.now).breaker.at(-1)).toBe(0);
  });
});
