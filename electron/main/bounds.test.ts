import { describe, expect, it } from 'vitest';
import { DEFAULT_SIZE, restoreBounds } from './bounds';

const laptop = { x: 0, y: 0, width: 1920, height: 1050 };
const right = { x: 1920, y: 0, width: 1280, height: 1000 };

describe('remembered window bounds', () => {
  it('uses defaults for missing or malformed state', () => {
    for (const saved of [undefined, null, 'x', { width: 'big' }, { width: 1.5, height: 700 }, []]) {
      expect(restoreBounds(saved, [laptop])).toEqual({ ...DEFAULT_SIZE, maximized: false });
    }
  });

  it('restores a position that is on a display', () => {
    expect(restoreBounds({ x: 100, y: 80, width: 1000, height: 700, maximized: true }, [laptop]))
      .toEqual({ x: 100, y: 80, width: 1000, height: 700, maximized: true });
    expect(restoreBounds({ x: 2000, y: 50, width: 1000, height: 700 }, [laptop, right])).toMatchObject({ x: 2000, y: 50 });
  });

  it('drops a position on a display that is gone, keeps the size', () => {
    const r = restoreBounds({ x: 2000, y: 50, width: 1000, height: 700 }, [laptop]);
    expect(r).toEqual({ width: 1000, height: 700, maximized: false });
  });

  it('drops a position where only a sliver would be visible', () => {
    expect(restoreBounds({ x: 1900, y: 1040, width: 1000, height: 700 }, [laptop]).x).toBeUndefined();
  });

  it('clamps sizes between the minimum and the largest display', () => {
    expect(restoreBounds({ width: 100, height: 50 }, [laptop])).toMatchObject({ width: 800, height: 560 });
    expect(restoreBounds({ width: 99999, height: 99999 }, [laptop, right])).toMatchObject({ width: 1920, height: 1050 });
  });
});
