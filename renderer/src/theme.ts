// Light and dark themes: follow the system (`prefers-color-scheme`) until the user picks one; remembered.
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';

export type ThemePref = 'system' | 'light' | 'dark';
const KEY = 'supervisor-studio.theme';
const query = () => window.matchMedia('(prefers-color-scheme: dark)');

function subscribeSystem(cb: () => void) {
  const mq = query();
  mq.addEventListener('change', cb);
  return () => mq.removeEventListener('change', cb);
}

export function useTheme() {
  const [pref, setPref] = useState<ThemePref>(() => {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  });
  const systemDark = useSyncExternalStore(subscribeSystem, () => query().matches);
  const effective: 'light' | 'dark' = pref === 'system' ? (systemDark ? 'dark' : 'light') : pref;

  useEffect(() => {
    document.documentElement.dataset.theme = effective;
    document.documentElement.style.colorScheme = effective;
  }, [effective]);
  useEffect(() => {
    if (pref === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, pref);
  }, [pref]);

  const toggle = useCallback(() => setPref(effective === 'dark' ? 'light' : 'dark'), [effective]);
  const followSystem = useCallback(() => setPref('system'), []);
  return { pref, effective, toggle, followSystem };
}
