import { describe, expect, it } from 'vitest';
import { paddingFor, type Rect } from './fit-padding';

const rect = (left: number, top: number, width: number, height: number): Rect => ({ left, top, width, height, right: left + width, bottom: top + height });

describe('fit padding leaves room for the overlays', () => {
  const pane = rect(100, 50, 800, 400);
  it('without overlays keeps the minimum share on each side', () => {
    expect(paddingFor(pane, [], 0.1)).toEqual({ top: 40, bottom: 40, left: 80, right: 80 });
  });
  it('a bottom-right minimap reserves the cheaper side (here the right: 215/800 < 165/400)', () => {
    const p = paddingFor(pane, [rect(900 - 215, 450 - 165, 200, 150)], 0.05);
    expect(p.right).toBe(215 + 12);
    expect(p.bottom).toBe(20);
  });
  it('on a wide, short canvas the same minimap reserves the right; on a tall, narrow one the bottom', () => {
    const tall = rect(0, 0, 400, 1000);
    const p = paddingFor(tall, [rect(400 - 215, 1000 - 165, 200, 150)], 0.05);
    expect(p.bottom).toBe(165 + 12);
    expect(p.right).toBe(20);
  });
  it('a bar floating at the top centre reserves the top; overlays outside the pane are ignored', () => {
    const p = paddingFor(pane, [rect(400, 60, 200, 30), rect(0, 0, 50, 50)], 0.05);
    expect(p.top).toBe(40 + 12);
    expect(p.left).toBe(40);
  });
});
