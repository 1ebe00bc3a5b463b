// Panel sizes and collapsed state, remembered in localStorage.
import { useCallback, useEffect, useState } from 'react';

export interface Layout {
  left: number;
  right: number;
  bottom: number;
  leftOpen: boolean;
  rightOpen: boolean;
  bottomOpen: boolean;
}

export const LIMITS = {
  left: { min: 160, max: 480 },
  right: { min: 220, max: 560 },
  bottom: { min: 96, max: 600 },
} as const;

const WIDE: Layout = { left: 232, right: 300, bottom: 180, leftOpen: true, rightOpen: true, bottomOpen: true };
/** The first layout for a window: narrower panels below 1280×800 so the canvas keeps room (issue 16). */
export function defaultLayout(win?: { innerWidth: number; innerHeight: number }): Layout {
  if (!win) return WIDE;
  const narrow = win.innerWidth < 1280;
  return { ...WIDE, left: narrow ? 180 : WIDE.left, right: narrow ? 240 : WIDE.right, bottom: win.innerHeight < 800 ? 150 : WIDE.bottom };
}
const KEY = 'supervisor-studio.layout.v1';

export function loadLayout(storage: Pick<Storage, 'getItem'> | undefined, win?: { innerWidth: number; innerHeight: number }): Layout {
  const DEFAULT = defaultLayout(win);
  try {
    const raw = storage?.getItem(KEY);
    if (!raw) return DEFAULT;
    const v = JSON.parse(raw) as Partial<Layout>;
    const num = (k: 'left' | 'right' | 'bottom') =>
      typeof v[k] === 'number' && Number.isFinite(v[k]) ? Math.min(LIMITS[k].max, Math.max(LIMITS[k].min, v[k]!)) : DEFAULT[k];
    const bool = (k: 'leftOpen' | 'rightOpen' | 'bottomOpen') => (typeof v[k] === 'boolean' ? v[k]! : DEFAULT[k]);
    return {
      left: num('left'), right: num('right'), bottom: num('bottom'),
      leftOpen: bool('leftOpen'), rightOpen: bool('rightOpen'), bottomOpen: bool('bottomOpen'),
    };
  } catch {
    return DEFAULT; // a corrupt entry never breaks the app
  }
}

export function useLayout() {
  const [layout, setLayout] = useState<Layout>(() => loadLayout(globalThis.localStorage, typeof window === 'undefined' ? undefined : window));
  useEffect(() => {
    try {
      localStorage.setItem(KEY, JSON.stringify(layout));
    } catch {
      /* storage full or disabled: sizes are simply not remembered */
    }
  }, [layout]);
  const update = useCallback((patch: Partial<Layout>) => setLayout((l) => ({ ...l, ...patch })), []);
  return [layout, update] as const;
}
