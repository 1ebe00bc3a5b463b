import { describe, expect, it } from 'vitest';
import { design, sup, under, worker } from '../../runtime/design/build';
import { compile } from '../../runtime/design/spec';
import { RunSession, runPaths } from './session';
import { TraceStore } from './trace-store';
import { EventText, messageKind, prettyTerm } from './event-text';

const spec = () => compile(design([
  sup('app', { maxRestarts: 3, maxSeconds: 5 }), worker('w1', 'echo'), worker('w2', 'echo'),
  { kind: 'load_source', id: 'load', name: 'load', target: 'w1', rate: 50, mode: 'call', message: 'ping' },
], under('app', 'w1', 'w2')));

function run() {
  const s = new RunSession(spec(), { seed: 1 });
  const store = new TraceStore({ knownPaths: Object.keys(runPaths(s.spec)) });
  s.apply({ type: 'load', on: true });
  s.advance(100);
  s.apply({ type: 'kill', target: 'app/w2' });
  s.advance(50);
  store.append(s.drain());
  return { store, text: new EventText(store, () => store.liveView) };
}

describe('plain event text', () => {
  it('tells a call with its reply and how long it took', () => {
    const { store, text } = run();
    const calls = store.query({ types: new Set(['send']), text: '$gen_call' }).map((i) => text.plain(i));
    expect(calls.length).toBeGreaterThan(0);
    expect(calls[0]).toMatch(/^load called w1 :ping → .+ in \d+ ms$/);
  });

  it('tells a restart with the reason the old process died, and a supervisor decision in words', () => {
    const { store, text } = run();
    const restart = store.query({ types: new Set(['restart']) }).map((i) => text.plain(i)).find((l) => l.includes('restarted'));
    expect(restart).toMatch(/^app restarted w2 \(killed\) as #\d+$/);
    const decision = store.query({ types: new Set(['decision']) }).map((i) => text.plain(i));
    expect(decision).toContain('app restarts w2 (one_for_one; it exited :killed)');
    const exit = store.query({ types: new Set(['exit']) }).map((i) => text.plain(i));
    expect(exit).toContain('w2 crashed: :killed');
  });

  it('pretty-prints terms: pids by name, refs recognised, long terms shortened', () => {
    expect(prettyTerm('{:ok, #PID<http_app/breaker.2>}')).toBe('{:ok, breaker}');
    expect(prettyTerm('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(messageKind('{:"$gen_call", {#PID<traffic.10>, #Reference<0.0.0.1>}, {:get, :"/status"}}')).toEqual({ kind: 'call', ref: '#Reference<0.0.0.1>', req: '{:get, :"/status"}' });
    expect(messageKind('{#Reference<0.0.0.4>, {:ok, 200}}')).toEqual({ kind: 'reply', ref: '#Reference<0.0.0.4>', value: '{:ok, 200}' });
    expect(messageKind('{:"$gen_cast", :flush}')).toEqual({ kind: 'cast', req: ':flush' });
  });
});
