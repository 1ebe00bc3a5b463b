import { describe, expect, it } from 'vitest';
import { design, sup, under, worker } from '../design/build';
import { compile } from '../design/spec';
import { blastRadius } from './blast';

const threeUnder = (strategy: string, extra: Record<string, unknown> = {}) =>
  compile(design([sup('app', { strategy, ...extra }), worker('a'), worker('b'), worker('c')], under('app', 'a', 'b', 'c')));

describe('blastRadius', () => {
  it('one_for_one: only the failed child restarts', () => {
    const r = blastRadius(threeUnder('one_for_one'), 'b');
    expect(r.outcome).toEqual({ app: 'untouched', a: 'untouched', b: 'restarts', c: 'untouched' });
    expect(r.escalates).toBe(false);
    expect(r.reason).toBe(':killed');
    expect(r.intensity).toEqual([{ nodeId: 'app', restarts: 1, max: 3, periodS: 5 }]);
  });

  it('one_for_all: every child restarts', () => {
    expect(blastRadius(threeUnder('one_for_all'), 'b').outcome).toEqual({ app: 'untouched', a: 'restarts', b: 'restarts', c: 'restarts' });
  });

  it('rest_for_one: the failed child and the ones after it', () => {
    expect(blastRadius(threeUnder('rest_for_one'), 'b').outcome).toEqual({ app: 'untouched', a: 'untouched', b: 'restarts', c: 'restarts' });
  });

  it('restart types decide between dies and restarts', () => {
    const spec = compile(design(
      [sup('app'), worker('p'), worker('t', 'echo', { restart: 'transient' }), worker('tmp', 'echo', { restart: 'temporary' })],
      under('app', 'p', 't', 'tmp'),
    ));
    expect(blastRadius(spec, 't', 'shutdown').outcome.t).toBe('dies'); // :shutdown is a normal exit for transient
    expect(blastRadius(spec, 't', 'boom').outcome.t).toBe('restarts');
    expect(blastRadius(spec, 'tmp', 'boom').outcome.tmp).toBe('dies');
    expect(blastRadius(spec, 'p', 'boom').reason).toBe(':boom');
  });

  it('nested escalation: an inner supervisor with no restart budget gives up and its parent restarts it', () => {
    const spec = compile(design(
      [sup('root'), sup('inner', { maxRestarts: 0 }), worker('w'), worker('x'), worker('sibling')],
      [...under('root', 'inner', 'sibling'), ...under('inner', 'w', 'x')],
    ));
    const r = blastRadius(spec, 'w');
    expect(r.escalates).toBe(true);
    expect(r.escalations.map((e) => e.nodeId)).toEqual(['inner']);
    expect(r.outcome).toEqual({ root: 'untouched', inner: 'restarts', w: 'restarts', x: 'restarts', sibling: 'untouched' });
    expect(r.rootGaveUp).toBe(false);
  });

  it('escalation to the top: when the root has no budget either, everything dies', () => {
    const spec = compile(design(
      [sup('root', { maxRestarts: 0 }), sup('inner', { maxRestarts: 0 }), worker('w'), worker('sibling')],
      [...under('root', 'inner', 'sibling'), ...under('inner', 'w')],
    ));
    const r = blastRadius(spec, 'w');
    expect(r.escalations.map((e) => e.nodeId)).toEqual(['inner', 'root']);
    expect(r.rootGaveUp).toBe(true);
    expect(Object.values(r.outcome)).toEqual(['dies', 'dies', 'dies', 'dies']);
  });

  it('repeated failures: counts how many it takes until a supervisor gives up (max_restarts + 1)', () => {
    expect(blastRadius(threeUnder('one_for_one'), 'a').repeated).toEqual({ failures: 4, gaveUp: 'app', rootGaveUp: true });
    expect(blastRadius(threeUnder('one_for_one', { maxRestarts: 1 }), 'a').repeated).toEqual({ failures: 2, gaveUp: 'app', rootGaveUp: true });
  });

  it('does not touch anything but its own copy, and refuses unknown nodes', () => {
    const spec = threeUnder('one_for_one');
    const before = JSON.stringify(spec);
    blastRadius(spec, 'a');
    expect(JSON.stringify(spec)).toBe(before);
    expect(() => blastRadius(spec, 'nope')).toThrow(/no process node "nope"/);
  });
});
