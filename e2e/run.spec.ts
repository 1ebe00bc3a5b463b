// Run mode with a real mouse on the browser build: open the capstone, run it, break it, travel back, replay.
import { expect, test, type Page } from '@playwright/test';
import { answerAsk, openFresh, shot } from './helpers';

const node = (page: Page, name: string) => page.getByTestId(`node-${name}`);
const badge = (page: Page, name: string) => node(page, name).locator('.run-badge');

async function openCapstone(page: Page) {
  await openFresh(page);
  await page.getByRole('button', { name: 'Templates…' }).click();
  await page.getByRole('dialog', { name: 'Templates' }).locator('.tpl-card', { hasText: 'Capstone' }).first().click();
  await expect(node(page, 'http_2')).toBeVisible();
}

async function runIt(page: Page) {
  const run = page.getByTestId('run-start');
  const box = (await run.boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  // the first run starts the worker (loads the runtime): generous on a loaded machine
  await expect(badge(page, 'http_2')).toContainText('running', { timeout: 90_000 });
}

/** Right-click a node with the mouse and pick a fault from the menu. */
async function fault(page: Page, name: string, item: string | RegExp) {
  const box = (await node(page, name).boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + 12, { button: 'right' });
  const menu = page.getByTestId('run-menu');
  await expect(menu).toBeVisible();
  const entry = menu.getByRole('menuitem', { name: item });
  const eb = (await entry.boundingBox())!;
  await page.mouse.click(eb.x + eb.width / 2, eb.y + eb.height / 2);
  await expect(menu).toHaveCount(0);
}

const generation = async (page: Page, name: string) => Number(/g(\d+)/.exec((await badge(page, name).textContent()) ?? '')?.[1]);

async function step(page: Page, n = 1) {
  for (let i = 0; i < n; i++) await page.getByRole('button', { name: 'Step one event' }).click();
}

async function openTab(page: Page, name: string) {
  await page.getByRole('tab', { name }).click();
}

test.describe('run mode', () => {
  test.describe.configure({ timeout: 240_000 });
  test('kill a pool worker: it restarts while the others live; scrub back to see the old state', async ({ page }) => {
    await openCapstone(page);
    await runIt(page);
    await shot(page, 'run-started');
    const g1 = await generation(page, 'http_1');
    const g3 = await generation(page, 'http_3');
    expect(await generation(page, 'http_2')).toBe(1);

    // let some virtual time pass first, so the kill is not at the very start of the timeline
    await page.getByTestId('run-play').click();
    await page.waitForTimeout(1500);
    await page.getByTestId('run-pause').click();
    await fault(page, 'http_2', 'Kill (:kill)');
    await step(page, 3);
    await expect(badge(page, 'http_2')).toContainText('running');
    await expect(badge(page, 'http_2')).toContainText('g2');
    expect(await generation(page, 'http_1')).toBe(g1);
    expect(await generation(page, 'http_3')).toBe(g3);
    await expect(badge(page, 'http_2')).toContainText('↻1');
    await shot(page, 'run-kill-restart');

    // time travel: back to the crash and before it
    await openTab(page, 'Timeline');
    await page.getByTestId('tl-prev-crash').click();
    await expect(badge(page, 'http_2')).toContainText(/restarting|dead/);
    await expect(page.getByTestId('tl-position')).toContainText('event');
    await shot(page, 'run-scrub-crash');
    const tl = (await page.getByTestId('timeline').boundingBox())!;
    await page.mouse.click(tl.x + 2, tl.y + tl.height / 2);
    await expect(badge(page, 'http_2')).toContainText('g1');
    await expect(badge(page, 'http_2')).toContainText('running');
    await shot(page, 'run-scrub-back');
    await page.getByTestId('tl-live').click();
    await expect(badge(page, 'http_2')).toContainText('g2');

    // the event log: the kill command and the restart are there; clicking one moves the timeline
    await openTab(page, 'Event log');
    await page.getByLabel('Search events').fill('kill');
    const row = page.locator('.run-log-row', { hasText: 'you: kill http_app/pool/http_pool/http_2' }).first();
    await expect(row).toBeVisible();
    await row.click();
    await expect(page.getByTestId('run-inspector')).toBeVisible();
    await shot(page, 'run-event-log');
  });

  test('kill faster than the intensity allows: the supervisor gives up and escalates', async ({ page }) => {
    await openCapstone(page);
    await runIt(page);
    // http_pool allows 10 restarts in 5 s: the 11th kill within the window makes it give up
    // the first kills with the right-click menu, the rest with the keyboard (Alt+K kills the selected process)
    for (let i = 0; i < 3; i++) {
      await fault(page, 'http_1', 'Kill (:kill)');
      await step(page, 2);
    }
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Alt+K');
      await step(page, 2);
    }
    await step(page, 10);
    await openTab(page, 'Event log');
    await page.getByLabel('Search events').fill('intensity_exceeded');
    await expect(page.locator('.run-log-row', { hasText: 'gave up: too many restarts' }).first()).toBeVisible();
    await openTab(page, 'Timeline');
    await expect(page.getByTestId('timeline').locator('title', { hasText: 'escalation' }).first()).toBeAttached();
    await expect(badge(page, 'http_pool')).toContainText('g2'); // restarted by pool after it gave up
    await shot(page, 'run-escalation');
  });

  test('trip the circuit breaker under load: open → half_open → closed; replay the recording', async ({ page }) => {
    await openCapstone(page);
    await runIt(page);
    await page.getByRole('checkbox', { name: 'Load' }).check();
    const setFailRate = async (rate: number) => {
      for (const w of ['http_1', 'http_2', 'http_3']) {
        await fault(page, w, 'Send a message…');
        await answerAsk(page, JSON.stringify(['fail_rate', rate]));
      }
    };
    await page.getByLabel('Speed').selectOption('2');
    await page.getByTestId('run-play').click();
    await page.waitForTimeout(600);
    await setFailRate(1);
    await expect(badge(page, 'breaker')).toContainText('open', { timeout: 15_000 });
    await openTab(page, 'Timeline');
    await shot(page, 'run-breaker-open');
    await setFailRate(0);
    await expect(badge(page, 'breaker')).toContainText('closed', { timeout: 20_000 });
    await page.getByTestId('run-pause').click();
    await openTab(page, 'Event log');
    await page.getByLabel('Event kind').selectOption('note');
    await page.getByLabel('Search events').fill('breaker');
    const notes = await page.locator('.run-log-row .what').allTextContents();
    const path = notes.map((t) => /"to":"(\w+)"/.exec(t)?.[1]).filter(Boolean);
    const open = path.indexOf('open');
    expect(open).toBeGreaterThanOrEqual(0);
    expect(path.slice(open)).toEqual(expect.arrayContaining(['open', 'half_open', 'closed']));
    await openTab(page, 'Timeline');
    await shot(page, 'run-breaker-closed');

    // save the run as a recording and replay it: the same trace
    await page.getByTestId('run-save-recording').click();
    await expect(page.getByTestId('run-note')).toContainText('Saved');
    await page.getByTestId('run-replay').click();
    await expect(page.getByTestId('run-note')).toContainText('Replay: identical trace', { timeout: 20_000 });
    await shot(page, 'run-replay');
  });

  test('run is refused while the design has errors, with a way to the problems', async ({ page }) => {
    await openFresh(page);
    await page.getByRole('button', { name: 'Templates…' }).click();
    await page.getByRole('dialog', { name: 'Templates' }).locator('.tpl-card', { hasText: 'Capstone' }).first().click();
    // an empty name is an error
    await node(page, 'http_2').click();
    const name = page.getByRole('complementary', { name: 'Inspector' }).getByLabel('Name', { exact: true });
    await name.fill('');
    await name.press('Tab');
    await page.getByTestId('run-start').click();
    await expect(page.getByTestId('run-note')).toContainText('Run refused');
    await page.getByTestId('run-note').getByRole('button', { name: 'Show problems' }).click();
    await expect(page.getByRole('tab', { name: /Problems/ })).toHaveAttribute('aria-selected', 'true');
    await shot(page, 'run-refused');
  });
});
