// Remembered window bounds, in userData/window-state.json. Validated when read: sizes within limits, and a
// position that is used only when enough of the window lands on a display that exists now.
import { z } from 'zod';
import type { Bounds } from './security';

export const WindowState = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int(),
  height: z.number().int(),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof WindowState>;

export interface Rect { x: number; y: number; width: number; height: number }

export const DEFAULT_SIZE = { width: 1280, height: 820 };
const MIN = { width: 800, height: 560 };

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Bounds to open the window with, from a saved state (anything, possibly garbage) and today's display work areas.
 * Sizes are clamped to the largest display; the saved position is kept only if at least a 200×100 area of the
 * window (or the whole window if smaller) lies on one display.
 */
export function restoreBounds(saved: unknown, displays: readonly Rect[]): Bounds & { maximized: boolean } {
  const parsed = WindowState.safeParse(saved);
  if (!parsed.success) return { ...DEFAULT_SIZE, maximized: false };
  const s = parsed.data;
  const maxW = Math.max(MIN.width, ...displays.map((d) => d.width));
  const maxH = Math.max(MIN.height, ...displays.map((d) => d.height));
  const width = Math.min(Math.max(s.width, MIN.width), maxW);
  const height = Math.min(Math.max(s.height, MIN.height), maxH);
  const result = { width, height, maximized: s.maximized };
  if (s.x === undefined || s.y === undefined) return result;
  const rect = { x: s.x, y: s.y, width, height };
  const enough = Math.min(200, width) * Math.min(100, height);
  return displays.some((d) => overlap(rect, d) >= enough) ? { ...result, x: s.x, y: s.y } : result;
}
