// The test panel with a real mouse: a template's expectations run and turn green; a change to the design that breaks
// the lesson turns them red with what the run showed; "Expect this" on an event of a live run adds an expectation.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { openFresh, shot } from './helpers';

async function click(page: Page, target: Locator) {
  await target.scrollIntoViewIfNeeded();
  const box = (await target.boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

async function openDrill5(page: Page) {
  await openFresh(page);
  await click(page, page.getByRole('button', { name: 'Templates…' }));
  await click(page, page.getByRole('button', { name: 'Open template Drill 5 — a basic supervisor with a Registry' }));
  await expect(page.getByTestId('node-clicks')).toBeVisible();
}

test.describe('test panel', () => {
  test.describe.configure({ timeout: 240_000 });

  test('a template passes, a broken lesson fails in red, Expect this adds a learner expectation', async ({ page }) => {
    await openDrill5(page);
    await click(page, page.getByRole('tab', { name: 'Tests' }));
    const panel = page.getByTestId('test-panel');
    await expect(page.getByTestId('test-summary')).toHaveText('13 expectations, not run yet');
    await expect(panel).toHaveAttribute('data-verdict', 'none');

    // run: every expectation of the three scenarios passes
    await click(page, page.getByTestId('run-tests'));
    await expect(page.getByTestId('test-summary')).toHaveText('13 passed, 0 failed (seed 1)', { timeout: 90_000 });
    await expect(panel).toHaveAttribute('data-verdict', 'pass');
    await expect(panel.locator('.tests-scenario[data-state="pass"]')).toHaveCount(3);
    await expect(panel.locator('.tests-exp[data-state="pass"]')).toHaveCount(13);
    const green = await panel.locator('.tests-scenario[data-state="pass"]').first().evaluate((el) => getComputedStyle(el).borderLeftColor);
    await shot(page, 'tests-panel-pass');

    // the rubric page ticks what was passed: Drill 5's three scenarios cover "names"
    await click(page, page.getByRole('button', { name: 'Templates…' }));
    await click(page, page.getByRole('tab', { name: 'Rubric & checklist' }));
    const rubric = page.getByTestId('rubric');
    await expect(rubric.locator('[data-item="names"]')).toHaveAttribute('data-done', 'true');
    await expect(rubric.locator('[data-item="monitors"]')).toHaveAttribute('data-done', 'false');
    await expect(page.getByTestId('rubric-progress')).toHaveText('1 of 18 done.');
    await shot(page, 'rubric-page');
    await page.keyboard.press('Escape');
    await expect(rubric).toHaveCount(0);

    // break the lesson: clicks starts at 5, so "restart keeps the name" no longer answers 1, 2, 0
    await click(page, page.getByTestId('node-clicks'));
    const initial = page.getByLabel('initial', { exact: true });
    await click(page, initial);
    await initial.fill('5');
    await initial.press('Tab');
    await expect(page.getByTestId('test-summary')).toContainText('the design changed since');
    await expect(panel).toHaveAttribute('data-verdict', 'none');
    await click(page, page.getByTestId('run-tests'));
    await expect(panel).toHaveAttribute('data-verdict', 'fail', { timeout: 90_000 });
    const failed = panel.locator('.tests-scenario[data-scenario="restart keeps the name"]');
    await expect(failed).toHaveAttribute('data-state', 'fail');
    await expect(failed.locator('.tests-exp[data-state="fail"]').first()).toContainText('the call to clicks at 100 ms answers 1');
    await expect(failed.locator('.tests-exp[data-state="fail"]').first()).toContainText('got: answered 6');
    await expect(page.getByTestId('test-summary')).toContainText(/^\d+ passed, [1-9]\d* failed/);
    const red = await failed.evaluate((el) => getComputedStyle(el).borderLeftColor);
    expect(red).not.toBe(green);
    await shot(page, 'tests-panel-fail');
    await page.keyboard.press('Control+z'); // back to initial 0
    await expect(page.getByLabel('initial', { exact: true })).toHaveValue('0');

    // Expect this: run, play "no name, no call", pick the reply to visits (called by its Registry key) in the event log
    await click(page, page.getByTestId('run-start'));
    await expect(page.getByTestId('node-clicks').locator('.run-badge')).toContainText('running', { timeout: 90_000 });
    await page.getByLabel('Play scenario').selectOption('no name, no call');
    await click(page, page.getByTestId('run-play'));
    await click(page, page.getByRole('tab', { name: 'Event log' }));
    const row = page.locator('.run-log-row', { hasText: 'reply page_visits :get → 0' });
    await expect(row).toBeVisible({ timeout: 30_000 });
    await click(page, page.getByTestId('run-pause'));
    await click(page, row);
    await click(page, page.getByTestId('expect-this'));
    await expect(page.getByTestId('expect-note')).toContainText('Added to "no name, no call": the call to page_visits at 200 ms answers 0');
    await click(page, page.getByRole('tab', { name: 'Tests' }));
    const mine = panel.locator('.tests-scenario[data-scenario="no name, no call"] .tests-exp');
    await expect(mine).toHaveCount(4);
    await expect(mine.last()).toContainText('the call to page_visits at 200 ms answers 0');
    await click(page, page.getByTestId('run-tests'));
    await expect(page.getByTestId('test-summary')).toHaveText('14 passed, 0 failed (seed 1)', { timeout: 90_000 });
    await shot(page, 'tests-panel-expect-this');
  });
});
