// The process panel (issue 13, point 5), real mouse on the browser build: one click on a running process shows it —
// a supervisor's flags, which_children and count_children; a worker's links, its mailbox (length and first messages)
// filling up while it hangs, who monitors it (a caller waiting on a call), its state; kill / send from the panel; and
// at a past instant what the trace knew then.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { answerAsk, openFresh, shot } from './helpers';

const node = (page: Page, name: string) => page.getByTestId(`node-${name}`);
const badge = (page: Page, name: string) => node(page, name).locator('.run-badge');
const panel = (page: Page) => page.getByTestId('process-panel');

async function click(page: Page, loc: Locator, button: 'left' | 'right' = 'left') {
  await loc.scrollIntoViewIfNeeded();
  const b = (await loc.boundingBox())!;
  await page.mouse.click(b.x + b.width / 2, b.y + Math.min(12, b.height / 2), { button });
}

async function fault(page: Page, name: string, item: string, answer?: string) {
  await click(page, node(page, name), 'right');
  const menu = page.getByTestId('run-menu');
  await expect(menu).toBeVisible();
  await click(page, menu.getByRole('menuitem', { name: item }));
  if (answer !== undefined) await answerAsk(page, answer);
}

test('one click on a running process shows it: supervisor tables, links, mailbox, monitors, state; kill and send from the panel', async ({ page }) => {
  test.setTimeout(240_000);
  await openFresh(page);
  await click(page, page.getByRole('button', { name: 'Templates…' }));
  await click(page, page.getByRole('dialog', { name: 'Templates' }).locator('.tpl-card', { hasText: 'Exercise 1' }).first());
  await expect(node(page, 'database')).toBeVisible();
  await click(page, page.getByTestId('run-start'));
  await expect(badge(page, 'database')).toContainText('running', { timeout: 90_000 });

  // a supervisor
  await click(page, node(page, 'todo_system'));
  await expect(page.getByTestId('inspector-readonly')).toContainText('read-only');
  await expect(panel(page)).toContainText('todo_system');
  await expect(page.getByTestId('proc-sup-flags')).toContainText('strategy: :one_for_one, intensity: 3, period: 5');
  await expect(page.getByTestId('proc-count-children')).toContainText('specs: 4, active: 4, supervisors: 2, workers: 2');
  await expect(page.getByTestId('proc-which-children').locator('li')).toHaveCount(4);
  await expect(page.getByTestId('proc-which-children')).toContainText(':database');
  await shot(page, 'process-panel-supervisor');

  // a worker: linked to its supervisor; hang it and fill its mailbox from the panel's Send…
  await click(page, node(page, 'database'));
  await expect(panel(page)).toContainText('todo_system/database');
  await expect(page.getByTestId('proc-links')).toContainText('todo_system');
  await expect(page.getByTestId('proc-state')).toBeVisible();
  await fault(page, 'database', 'Hang (stop taking messages)');
  for (const m of ['"first"', '["put", 7]', '"third"']) {
    await click(page, page.getByTestId('proc-send'));
    await answerAsk(page, m);
    await expect(page.getByTestId('proc-messages')).toContainText(m === '"first"' ? 'first' : m === '"third"' ? 'third' : '{:put, 7}');
  }
  await expect(page.getByTestId('proc-mailbox')).toHaveText('3 messages');
  // a call to the hung process: the caller monitors it while it waits
  await fault(page, 'database', 'Call and show the reply…', '"stats"');
  await expect(page.getByTestId('proc-monitored-by').locator('.proc-chip')).toHaveCount(1);
  await shot(page, 'process-panel-worker-mailbox');

  // at a past instant: what the trace knew then
  await click(page, page.getByRole('tab', { name: 'Timeline' }));
  const tl = page.getByTestId('timeline');
  const tb = (await tl.boundingBox())!;
  await page.mouse.click(tb.x + 3, tb.y + tb.height / 2); // (everything happened at 0 ms: the click lands on the present)
  for (let i = 0; i < 80 && (await page.getByTestId('proc-mailbox').textContent()) !== '0 messages'; i++) await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('proc-when')).toContainText('from the trace');
  await expect(page.getByTestId('proc-mailbox')).toHaveText('0 messages');
  await expect(page.getByTestId('proc-links')).toContainText('todo_system');
  await shot(page, 'process-panel-past');
  await click(page, page.getByTestId('tl-live'));

  // kill from the panel: the supervisor restarts it (generation 2)
  await expect(page.getByTestId('proc-kill')).toBeVisible();
  await click(page, page.getByTestId('proc-kill'));
  await expect(badge(page, 'database')).toContainText('restarting');
  await click(page, page.getByTestId('run-play'));
  await expect(badge(page, 'database')).toContainText('g2');
  await click(page, node(page, 'database'));
  await expect(panel(page)).toContainText('g2');
  await expect(page.getByTestId('proc-mailbox')).toHaveText('0 messages'); // a new process, an empty mailbox
  await shot(page, 'process-panel-after-kill');
});
