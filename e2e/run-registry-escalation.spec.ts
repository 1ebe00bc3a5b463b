// Issue 12: "A Registry child never stops when its supervisor gives up." On the canvas, as a user does it: Drill 5,
// Run, kill `clicks` four times → app_sup gives up and the whole tree stops — the Registry too, and app_sup itself —
// as the design's Elixir export does on real OTP (clicks :killed ×4, visits, counters, app_sup :shutdown).
import { expect, test, type Page } from '@playwright/test';
import { openFresh, shot } from './helpers';

const node = (page: Page, name: string) => page.getByTestId(`node-${name}`);
const badge = (page: Page, name: string) => node(page, name).locator('.run-badge');

async function kill(page: Page, name: string) {
  const box = (await node(page, name).boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + 12, { button: 'right' });
  const menu = page.getByTestId('run-menu');
  await expect(menu).toBeVisible();
  await menu.getByRole('menuitem', { name: 'Kill (:kill)' }).click();
  await expect(menu).toHaveCount(0);
}

test('Drill 5: kill clicks 4 times → app_sup gives up and every process stops, the Registry included', async ({ page }) => {
  test.setTimeout(240_000);
  await openFresh(page);
  await page.getByRole('button', { name: 'Templates…' }).click();
  await page.getByRole('dialog', { name: 'Templates' }).locator('.tpl-card', { hasText: 'Drill 5' }).first().click();
  await expect(node(page, 'counters')).toBeVisible();
  await page.getByTestId('run-start').click();
  await expect(badge(page, 'clicks')).toHaveAttribute('data-status', 'running', { timeout: 90_000 });
  await expect(badge(page, 'counters')).toHaveAttribute('data-status', 'running');
  for (let i = 0; i < 4; i++) {
    await kill(page, 'clicks');
    for (let j = 0; j < 3; j++) await page.getByRole('button', { name: 'Step one event' }).click();
  }
  await page.getByTestId('run-play').click();
  // nothing is left running or stuck "stopping": app_sup, the Registry and both counters are down
  for (const name of ['app_sup', 'counters', 'clicks', 'visits']) {
    await expect(badge(page, name), name).not.toHaveAttribute('data-status', /running|stopping|restarting/, { timeout: 30_000 });
  }
  await page.getByTestId('run-pause').click();
  await page.getByRole('tab', { name: 'Event log' }).click();
  await page.getByTestId('log-raw').check(); // the OTP term of the decision, not the plain "gave up" row
  await page.getByLabel('Search events').fill('intensity_exceeded');
  await expect(page.locator('.run-log-row', { hasText: 'intensity_exceeded' }).first()).toBeVisible();
  await shot(page, 'run-registry-escalation');
});
