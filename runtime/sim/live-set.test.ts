import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LiveSet } from './live-set';

describe('LiveSet', () => {
  it('size, has and nth agree with a plain array after any sequence of sets', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 70 }).chain((n) => fc.tuple(fc.constant(n), fc.array(fc.tuple(fc.integer({ min: 0, max: Math.max(0, n - 1) }), fc.boolean()), { maxLength: 200 }))),
        ([n, ops]) => {
          const s = new LiveSet(n);
          const ref = new Array<boolean>(n).fill(false);
          for (const [i, on] of ops) {
            if (n === 0) break;
            s.set(i, on);
            ref[i] = on;
            const members = ref.flatMap((x, j) => (x ? [j] : []));
            expect(s.size).toBe(members.length);
            expect(s.has(i)).toBe(on);
            for (let k = 0; k < members.length; k++) expect(s.nth(k)).toBe(members[k]);
            expect(s.nth(members.length)).toBe(-1);
            expect(s.nth(-1)).toBe(-1);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('finds members in a large set (10,000 slots, every third one in)', () => {
    const s = new LiveSet(10_000);
    for (let i = 0; i < 10_000; i += 3) s.set(i, true);
    expect(s.size).toBe(3334);
    expect(s.nth(0)).toBe(0);
    expect(s.nth(1000)).toBe(3000);
    expect(s.nth(3333)).toBe(9999);
    s.set(3000, false);
    expect(s.nth(1000)).toBe(3003);
  });
});
