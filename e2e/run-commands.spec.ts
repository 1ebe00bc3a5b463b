// The catalog's behaviour requests in the run-mode fault menu, with a real mouse: Drill 4's watcher demonitors
// service (killing service then brings it no DOWN), and Exercise 2's pool gets a checked-out worker back.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { answerAsk, clickAt, nodeCard, openFresh, runBadge, shot } from './helpers';

async function open(page: Page, title: string, node: string) {
  await openFresh(page);
  await page.getByRole('button', { name: 'Templates…' }).click();
  await page.getByRole('button', { name: `Open template ${title}` }).click();
  await expect(nodeCard(page, node)).toBeVisible();
  await clickAt(page, page.getByTestId('run-start'));
  await expect(runBadge(page, node)).toContainText('running', { timeout: 90_000 });
}

/** Right-click `name`, pick `item`, answer its prompt (if any) with `answer`; the reply shown, if one is awaited. */
async function fault(page: Page, name: string, item: string, answer?: string) {
  await clickAt(page, nodeCard(page, name), 'right');
  const menu = page.getByTestId('run-menu');
  await expect(menu).toBeVisible();
  await clickAt(page, menu.getByRole('menuitem', { name: item }));
  await expect(menu).toHaveCount(0);
  if (answer !== undefined) await answerAsk(page, answer);
}

test.describe('behaviour requests in the fault menu', () => {
  test.describe.configure({ timeout: 240_000 });

  test('Drill 4: demonitor from the menu; the kill that follows reaches the watcher no more', async ({ page }) => {
    await open(page, 'Drill 4 — monitors vs links', 'watcher');
    // only the watcher offers it
    await clickAt(page, nodeCard(page, 'service'), 'right');
    await expect(page.getByTestId('fault-demonitor')).toHaveCount(0);
    await page.keyboard.press('Escape');
    await fault(page, 'watcher', 'Demonitor a process…', 'service');
    await expect(page.getByTestId('run-reply')).toContainText('true');
    await fault(page, 'service', 'Kill (:kill)');
    await fault(page, 'watcher', 'Call and show the reply…', '"watching"');
    await expect(page.getByTestId('run-reply')).toContainText('[:backend]');
    await fault(page, 'watcher', 'Call and show the reply…', '"downs"');
    await expect(page.getByTestId('run-reply')).toContainText('[]');
    await shot(page, 'run-demonitor');
  });

  test("a command's questions are asked in the app's own dialog: labelled, Escape and Cancel send nothing, axe-clean", async ({ page }) => {
    await open(page, 'Drill 4 — monitors vs links', 'watcher');
    const askFor = async () => {
      await clickAt(page, nodeCard(page, 'watcher'), 'right');
      await clickAt(page, page.getByTestId('run-menu').getByRole('menuitem', { name: 'Demonitor a process…' }));
      const dialog = page.getByRole('dialog', { name: 'Demonitor a process: monitors_sup/watcher' });
      await expect(dialog).toBeVisible();
      return dialog;
    };
    let dialog = await askFor();
    // one labelled field, focused, with the catalog's default
    const field = dialog.getByLabel('Stop monitoring which process? (its name)');
    await expect(field).toBeFocused();
    const axe = await new AxeBuilder({ page }).include('[role="dialog"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await shot(page, 'run-ask-dialog');
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    dialog = await askFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
    // nothing was sent: the watcher still monitors service
    await fault(page, 'watcher', 'Call and show the reply…', '"watching"');
    await expect(page.getByTestId('run-reply')).toContainText('service');
    // Enter sends
    dialog = await askFor();
    await dialog.getByLabel('Stop monitoring which process? (its name)').fill('service');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('run-reply')).toContainText('true');
  });

  test('Exercise 2: a worker checked out by a client is checked back in from the menu', async ({ page }) => {
    await open(page, 'Exercise 2 — a supervised worker pool', 'pool_manager');
    await fault(page, 'client_a', 'Call and show the reply…', '"checkout"');
    await expect(page.getByTestId('run-reply')).toContainText('#PID');
    await fault(page, 'pool_manager', 'Call and show the reply…', '"status"');
    await expect(page.getByTestId('run-reply')).toContainText('checked_out: 1');
    await fault(page, 'pool_manager', 'Check a worker back in…', 'worker_1');
    await fault(page, 'pool_manager', 'Call and show the reply…', '"status"');
    await expect(page.getByTestId('run-reply')).toContainText('checked_out: 0');
    await shot(page, 'run-checkin');
  });
});
