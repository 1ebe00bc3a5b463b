// Exact replay in the browser build, with a real mouse: a run with Chaos, load, a hang and a raise from the fault menu,
// played at a fractional speed, is saved as a recording (.suprun download + the document) and replayed — the trace is
// identical, and every time in the file is a whole millisecond.
import { expect, test, type Page } from '@playwright/test';
import { openFresh, shot } from './helpers';

const node = (page: Page, name: string) => page.getByTestId(`node-${name}`);
const badge = (page: Page, name: string) => node(page, name).locator('.run-badge');

async function clickCenter(page: Page, loc: ReturnType<Page['getByTestId']>) {
  const b = (await loc.boundingBox())!;
  await page.mouse.click(b.x + b.width / 2, b.y + b.height / 2);
}

async function fault(page: Page, name: string, item: string | RegExp) {
  const box = (await node(page, name).boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + 12, { button: 'right' });
  const menu = page.getByTestId('run-menu');
  await expect(menu).toBeVisible();
  await clickCenter(page, menu.getByRole('menuitem', { name: item }) as never);
  await expect(menu).toHaveCount(0);
}

test('a run with chaos, load, hang and raise replays identically; its recording has whole-ms times', async ({ page }) => {
  test.setTimeout(240_000);
  await openFresh(page);
  await page.getByRole('button', { name: 'Templates…' }).click();
  await page.getByRole('dialog', { name: 'Templates' }).locator('.tpl-card', { hasText: 'Capstone' }).first().click();
  await expect(node(page, 'http_2')).toBeVisible();
  await clickCenter(page, page.getByTestId('run-start'));
  await expect(badge(page, 'http_2')).toContainText('running', { timeout: 90_000 });

  // the menu lists the catalog's faults for a worker
  const box = (await node(page, 'http_1').boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + 12, { button: 'right' });
  const menu = page.getByTestId('run-menu');
  for (const label of ['Kill (:kill)', 'Exit :shutdown', 'Raise an exception', 'Throw a value', 'Hang (stop taking messages)', 'Slow down (+200 ms per message)', 'Cast a request…', 'Call and show the reply…']) {
    await expect(menu.getByRole('menuitem', { name: label })).toBeVisible();
  }
  await shot(page, 'run-fault-menu');
  await page.keyboard.press('Escape');

  await page.getByRole('checkbox', { name: 'Load' }).check();
  await page.getByRole('checkbox', { name: 'Chaos' }).check();
  await page.getByLabel('Speed').selectOption('2');
  await page.getByTestId('run-play').click();
  await page.waitForTimeout(1200);
  await fault(page, 'http_3', 'Hang (stop taking messages)');
  await page.waitForTimeout(700);
  await fault(page, 'breaker', 'Raise an exception');
  await page.waitForTimeout(900);
  await page.getByTestId('run-pause').click();
  await page.getByRole('tab', { name: 'Event log' }).click();
  await page.getByLabel('Search events').fill('chaos');
  await expect(page.locator('.run-log-row').first()).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByTestId('run-save-recording').click();
  await expect(page.getByTestId('run-note')).toContainText('Saved');
  const file = await (await download).path();
  const { readFileSync } = await import('node:fs');
  const rec = JSON.parse(readFileSync(file!, 'utf8')) as { version: number; durationMs: number; commands: { type: string; at: number }[] };
  expect(rec.version).toBe(2);
  expect(rec.commands.map((c) => c.type)).toEqual(expect.arrayContaining(['load', 'chaos', 'hang', 'raise']));
  for (const c of rec.commands) expect(Number.isInteger(c.at), `${c.type} at ${c.at}`).toBe(true);
  expect(Number.isInteger(rec.durationMs)).toBe(true);

  await page.getByTestId('run-replay').click();
  await expect(page.getByTestId('run-note')).toContainText('Replay: identical trace', { timeout: 30_000 });
  await shot(page, 'run-replay-chaos');
});
