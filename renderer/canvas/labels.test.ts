import { describe, expect, it } from 'vitest';
import { labelBox, LABEL_MARGIN, measureLabel, orderLabelCenter, placeLabel } from './labels';
import type { Box } from './routing';

const meets = (a: Box, b: Box, m = 0) => a.x - m < b.x + b.width && b.x < a.x + a.width + m && a.y - m < b.y + b.height && b.y < a.y + a.height + m;

describe('edge labels', () => {
  it('sizes a label from its text: longer text, wider box; the same text, the same box', () => {
    expect(measureLabel('monitors').width).toBeGreaterThan(measureLabel('link').width);
    expect(measureLabel('monitors').width).toBeGreaterThanOrEqual(8 * 6);
    expect(measureLabel('12')).toEqual(measureLabel('12'));
  });

  it('puts the label in the middle of a route when nothing is in the way', () => {
    const pts = [{ x: 0, y: 0 }, { x: 200, y: 0 }];
    expect(placeLabel(pts, { width: 50, height: 16 }, [])).toEqual({ x: 100, y: 0 });
  });

  it('moves it along the route, to the free point nearest the middle, when a node or label is on the middle', () => {
    // a vertical lane 20 px wide between two nodes (a 50 px label cannot sit in it), then a free horizontal run
    const pts = [{ x: 110, y: 0 }, { x: 110, y: 200 }, { x: 400, y: 200 }];
    const nodes: Box[] = [{ x: 0, y: 0, width: 100, height: 180 }, { x: 120, y: 0, width: 100, height: 180 }];
    const size = { width: 50, height: 16 };
    const c = placeLabel(pts, size, nodes);
    for (const n of nodes) expect(meets(labelBox(c, size), n, LABEL_MARGIN)).toBe(false);
    expect(c.y === 200 || c.y < 0 || (c.x === 110 && c.y > 180 + 8 + LABEL_MARGIN)).toBe(true);
    // a label already placed there pushes the next one further along
    const taken = [...nodes, labelBox(c, size)];
    const d = placeLabel(pts, size, taken);
    for (const b of taken) expect(meets(labelBox(d, size), b)).toBe(false);
  });

  it('keeps the middle when no point of the route is free (the label layer is above the nodes: it stays whole)', () => {
    const pts = [{ x: 0, y: 0 }, { x: 100, y: 0 }];
    expect(placeLabel(pts, { width: 30, height: 16 }, [{ x: -50, y: -50, width: 200, height: 100 }])).toEqual({ x: 50, y: 0 });
  });

  it("puts a start-order number above its child's top handle, clear of the child", () => {
    const c = orderLabelCenter(300, 100);
    expect(c.x).toBe(300);
    const b = labelBox(c, measureLabel('3'));
    expect(b.y + b.height).toBeLessThan(100 - 8); // above the 10 px arrow head's tip region
  });
});
