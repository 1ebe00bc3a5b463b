import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';

export const SHOTS = 'artifacts/screenshots';
mkdirSync(SHOTS, { recursive: true });

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

/** A fresh app: no remembered layout, theme or recovery from an earlier test. */
export async function openFresh(page: Page, opts: { colorScheme?: 'light' | 'dark' } = {}) {
  await page.emulateMedia({ colorScheme: opts.colorScheme ?? 'light' });
  await page.goto('/');
  await page.evaluate(async () => {
    localStorage.clear();
    await new Promise<void>((resolve) => {
      const r = indexedDB.deleteDatabase('supervisor-studio');
      r.onsuccess = r.onerror = r.onblocked = () => resolve();
    });
  });
  await page.reload();
  await page.getByRole('toolbar', { name: 'Main toolbar' }).waitFor();
}
