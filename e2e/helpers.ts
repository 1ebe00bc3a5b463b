import { mkdirSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';

export const SHOTS = 'artifacts/screenshots';
mkdirSync(SHOTS, { recursive: true });

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

/** The first-run tour (renderer/tour) stays away: every page load of `page` finds it already dismissed, unless a
 *  test set the flag itself. Specs that open the app without `openFresh` call this first. */
export async function skipTour(page: Page) {
  await page.addInitScript(() => {
    try {
      if (localStorage.getItem('supervisor-studio:tour') === null) localStorage.setItem('supervisor-studio:tour', 'dismissed');
    } catch {
      // an opaque origin has no storage
    }
  });
}

/** A fresh app: no remembered layout, theme or recovery from an earlier test; the first-run tour dismissed unless
 *  `tour` (e2e/lesson-path.spec.ts shows it). */
export async function openFresh(page: Page, opts: { colorScheme?: 'light' | 'dark'; tour?: boolean } = {}) {
  if (!opts.tour) await skipTour(page);
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

/** A node card on the canvas, by process name, and its run-mode status badge. */
export const nodeCard = (page: Page, name: string) => page.getByTestId(`node-${name}`);
export const runBadge = (page: Page, name: string) => nodeCard(page, name).locator('.run-badge');

/** A real mouse click near the top of `loc` (a node's title row), left or right. */
export async function clickAt(page: Page, loc: ReturnType<Page['locator']>, button: 'left' | 'right' = 'left') {
  const b = (await loc.boundingBox())!;
  await page.mouse.click(b.x + b.width / 2, b.y + Math.min(12, b.height / 2), { button });
}

/** Answer the app's question dialog (a run command's fields, run/components/AskDialog.tsx): the fields in order, then Send. */
export async function answerAsk(page: Page, ...answers: string[]) {
  const form = page.getByTestId('ask-dialog');
  await expect(form).toBeVisible();
  const fields = form.locator('input');
  await expect(fields).toHaveCount(answers.length);
  for (let i = 0; i < answers.length; i++) await fields.nth(i).fill(answers[i]);
  await form.getByTestId('ask-submit').click();
  await expect(form).toHaveCount(0);
}

/** Run mode: right-click the node, "Send a message…", answer with `json`. */
export async function sendMessage(page: Page, name: string, json: string) {
  await clickAt(page, nodeCard(page, name), 'right');
  const menu = page.getByTestId('run-menu');
  await expect(menu).toBeVisible();
  await clickAt(page, menu.getByRole('menuitem', { name: 'Send a message…' }));
  await answerAsk(page, json);
}

/** Make the app open and save through upload/download: headless Chromium cannot drive native File System Access pickers. */
export async function withoutFilePickers(page: Page) {
  await page.addInitScript(() => {
    for (const k of ['showOpenFilePicker', 'showSaveFilePicker']) {
      delete (Window.prototype as unknown as Record<string, unknown>)[k];
      delete (window as unknown as Record<string, unknown>)[k];
    }
  });
}

/** Open `doc` with Open… through the file chooser (call withoutFilePickers before the page loads). */
export async function uploadDesign(page: Page, name: string, doc: unknown) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open…' }).click();
  await (await chooser).setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
}
