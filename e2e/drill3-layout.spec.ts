// Drill 3's sixteen workers are laid out in rows grouped by experiment, not in one row: at the zoom that fits the
// whole tree, the node cards are big enough to read and none overlaps another.
import { expect, test } from '@playwright/test';
import { openFresh, shot } from './helpers';

test('Drill 3: the tree fits the canvas readably, no node over another', async ({ page }) => {
  test.setTimeout(120_000);
  await openFresh(page);
  await page.getByRole('button', { name: 'Templates…' }).click();
  await page.getByRole('button', { name: 'Open template Drill 3 — links' }).click();
  const cards = page.locator('.react-flow__node [data-testid^="node-"]');
  await expect(page.getByTestId('node-bystander')).toBeVisible();
  await expect(cards).toHaveCount(17);
  await page.waitForTimeout(500); // the fit-view animation
  await shot(page, 'drill3-layout');
  const boxes = await cards.evaluateAll((els) => els.map((e) => {
    const r = e.getBoundingClientRect();
    return { id: e.getAttribute('data-testid'), x: r.x, y: r.y, w: r.width, h: r.height };
  }));
  // readable: a card is at least 80 px wide on a 1440 px window (one row of 16 fitted at 13 % made them about 26)
  for (const b of boxes) expect(b.w, b.id!).toBeGreaterThan(80);
  for (const a of boxes) {
    for (const b of boxes) {
      if (a.id! >= b.id!) continue;
      const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
      expect(overlap, `${a.id} overlaps ${b.id}`).toBe(false);
    }
  }
});
