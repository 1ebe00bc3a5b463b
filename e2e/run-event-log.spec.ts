// A readable event log and sequence diagram (issue 13, point 6), real mouse and keyboard on the browser build: plain
// rows by default (calls with their reply and time, restarts with the reason), raw OTP terms on demand, filters by
// process and kind, the list follows new rows unless scrolled up, one Tab stop with arrow keys moving the timeline,
// diagram labels pretty-printed with the full term on hover, charts only for what the design has, one clock.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { openFresh, shot } from './helpers';

const node = (page: Page, name: string) => page.getByTestId(`node-${name}`);
const badge = (page: Page, name: string) => node(page, name).locator('.run-badge');

async function click(page: Page, loc: Locator, opts: { button?: 'left' | 'right'; modifiers?: ('Shift')[] } = {}) {
  await loc.scrollIntoViewIfNeeded();
  const b = (await loc.boundingBox())!;
  for (const m of opts.modifiers ?? []) await page.keyboard.down(m);
  await page.mouse.click(b.x + b.width / 2, b.y + Math.min(12, b.height / 2), { button: opts.button ?? 'left' });
  for (const m of opts.modifiers ?? []) await page.keyboard.up(m);
}

async function openTemplate(page: Page, title: string, someNode: string) {
  await click(page, page.getByRole('button', { name: 'Templates…' }));
  await click(page, page.getByRole('dialog', { name: 'Templates' }).locator('.tpl-card', { hasText: title }).first());
  await expect(node(page, someNode)).toBeVisible();
}

test('plain rows, raw on demand, filters, follow, one Tab stop, readable sequence diagram, charts for what the design has', async ({ page }) => {
  test.setTimeout(240_000);
  await openFresh(page);
  await openTemplate(page, 'Capstone', 'http_2');
  await click(page, page.getByTestId('run-start'));
  await expect(badge(page, 'http_2')).toContainText('running', { timeout: 90_000 });
  await click(page, page.getByRole('checkbox', { name: 'Load', exact: true }));
  await click(page, page.getByTestId('run-play'));
  await page.waitForTimeout(1500);
  // kill a pool worker with the menu
  await click(page, node(page, 'http_2'), { button: 'right' });
  await click(page, page.getByTestId('run-menu').getByRole('menuitem', { name: 'Kill (:kill)' }));
  await expect(badge(page, 'http_2')).toContainText('g2');

  await click(page, page.getByRole('tab', { name: 'Event log' }));
  const list = page.getByTestId('event-list');
  // follows new rows while playing: the last row is in view
  await expect(async () => {
    const [top, h, sh] = await list.evaluate((el) => [el.scrollTop, el.clientHeight, el.scrollHeight]);
    expect(top + h).toBeGreaterThanOrEqual(sh - 6);
  }).toPass({ timeout: 20_000 });
  await click(page, page.getByTestId('run-pause'));

  // plain language: a call with its reply and time; the restart with its reason
  await expect(page.locator('.run-log-row', { hasText: /called \w+ .* → .* in \d+ ms/ }).first()).toBeAttached();
  await page.getByLabel('Search events').fill('http_2');
  await page.getByLabel('Event kind').selectOption('restart');
  await expect(page.locator('.run-log-row', { hasText: /restarted http_2 \(killed\) as #\d+/ }).first()).toBeVisible();
  await expect(page.locator('.run-log-row').first()).not.toContainText('$gen_call');
  await shot(page, 'event-log-plain');
  await page.getByLabel('Event kind').selectOption('');
  await page.getByLabel('Search events').fill('');

  // filter by process
  await page.getByRole('combobox', { name: 'Process', exact: true }).selectOption('http_app/breaker');
  const rows = page.locator('.run-log-row');
  await expect(rows.first()).toBeVisible();
  for (const t of (await rows.allTextContents()).slice(0, 20)) expect(t).toMatch(/breaker/);
  await page.getByRole('combobox', { name: 'Process', exact: true }).selectOption('');

  // raw terms on demand
  await click(page, page.getByTestId('log-raw'));
  await expect(page.locator('.run-log-row', { hasText: '$gen_call' }).first()).toBeAttached();
  await shot(page, 'event-log-raw');
  await click(page, page.getByTestId('log-raw'));

  // one Tab stop: the list is focusable, rows are not; arrow keys move through events and the timeline follows
  expect(await page.locator('.run-log-row[tabindex], .run-log-row button').count()).toBe(0);
  await list.focus();
  await page.keyboard.press('End');
  await expect(page.locator('.run-log-row.current')).toHaveCount(1);
  const last = Number(await page.locator('.run-log-row.current .seq').textContent());
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowUp');
  await expect(page.locator('.run-log-row.current')).toHaveCount(1);
  expect(Number(await page.locator('.run-log-row.current .seq').textContent())).toBeLessThan(last);
  await expect(page.getByTestId('run-clock')).toContainText('at '); // the timeline moved to that event
  await shot(page, 'event-log-keyboard');

  // the timeline: one clock (the same present as the toolbar), the breaker chart because the design has one
  await click(page, page.getByRole('tab', { name: 'Timeline' }));
  await click(page, page.getByTestId('tl-live'));
  const clock = (await page.getByTestId('run-clock').textContent())!.trim();
  await expect(page.getByTestId('tl-position')).toContainText(clock);
  await expect(page.locator('[data-chart="breaker"]')).toHaveCount(1);
  await expect(page.locator('[data-chart="throughput"]')).toHaveCount(1);

  // sequence diagram between http_client and breaker: short labels, full term on hover
  await click(page, node(page, 'http_client'));
  await click(page, node(page, 'breaker'), { modifiers: ['Shift'] });
  await page.getByLabel('Timeline view').selectOption('sequence');
  const arrow = page.getByTestId('seq-arrow').first();
  await expect(arrow).toBeAttached();
  const label = (await arrow.locator('text').textContent())!;
  expect(label).toMatch(/^(call|reply|cast) /);
  expect(label).not.toContain('$gen_call');
  expect(label.length).toBeLessThanOrEqual(40);
  expect(await arrow.locator('title').textContent()).toMatch(/\$gen_call|#Reference/);
  await shot(page, 'sequence-diagram');
});

test('charts only for what the design has: no load, no breaker → restarts only', async ({ page }) => {
  test.setTimeout(180_000);
  await openFresh(page);
  await openTemplate(page, 'Exercise 1', 'database');
  await click(page, page.getByTestId('run-start'));
  await expect(badge(page, 'database')).toContainText('running', { timeout: 90_000 });
  await click(page, page.getByRole('tab', { name: 'Timeline' }));
  await expect(page.locator('[data-chart="restarts"]')).toHaveCount(1);
  await expect(page.locator('[data-chart="breaker"], [data-chart="throughput"], [data-chart="latency"]')).toHaveCount(0);
  await shot(page, 'charts-exercise-1');
});
