// Run mode: a supervisor with many children shows them as one collapsed group (counts by state) with a virtualised
// list; a row selects that process for the inspector, right-click gives the fault menu for that child. Real mouse.
import { expect, test, type Page } from '@playwright/test';
import { openFresh, shot } from './helpers';

const node = (page: Page, name: string) => page.getByTestId(`node-${name}`);

async function click(page: Page, loc: ReturnType<Page['locator']>, button: 'left' | 'right' = 'left') {
  const b = (await loc.boundingBox())!;
  await page.mouse.click(b.x + b.width / 2, b.y + b.height / 2, { button });
}

test.describe('run mode: large groups', () => {
  test.describe.configure({ timeout: 240_000 });
  test('a dynamic supervisor with 20 children: collapsed group, list, select, right-click kill', async ({ page }) => {
    await openFresh(page);
    await page.getByRole('button', { name: 'Templates…' }).click();
    await page.getByRole('dialog', { name: 'Templates' }).locator('.tpl-card', { hasText: 'adaptive pool' }).first().click();
    await expect(node(page, 'adaptive')).toBeVisible();
    // the pool keeps 20 workers under the dynamic supervisor. (The click is retried until the inspector shows the
    // node: a click measured while the opened template's fit-to-view still moves the nodes lands on empty canvas.)
    await expect(async () => {
      await click(page, node(page, 'adaptive'));
      await expect(page.getByLabel('maxSize', { exact: true })).toBeVisible({ timeout: 2000 });
    }).toPass({ timeout: 30_000 });
    for (const [label, v] of [['maxSize', '30'], ['minSize', '20']] as const) {
      const input = page.getByLabel(label, { exact: true });
      await input.click();
      await input.fill(v);
      await input.press('Enter');
    }
    await click(page, page.getByTestId('run-start'));
    const group = page.getByTestId('run-group-adaptive_workers');
    await expect(group).toContainText('20 children', { timeout: 90_000 });
    await expect(group.locator('.rg-count.st-running')).toHaveText('● 20');
    await expect(group.getByRole('list')).toHaveCount(0); // collapsed
    await shot(page, 'run-group-collapsed');

    await click(page, group.getByRole('button', { expanded: false }));
    const list = group.getByRole('list', { name: 'children' });
    await expect(list).toBeVisible();
    const rows = list.getByTestId('run-group-row');
    const rendered = await rows.count();
    expect(rendered).toBeGreaterThanOrEqual(10);
    expect(rendered).toBeLessThanOrEqual(20);
    await expect(rows.first()).toContainText('running');

    // a click selects that process: the event log's inspector shows it
    await page.getByRole('tab', { name: 'Event log' }).click();
    const third = rows.nth(2);
    const pid = ((await third.locator('.rg-pid').textContent()) ?? '').replace('#', '');
    await click(page, third);
    await expect(third).toHaveClass(/sel/);
    await expect(page.getByTestId('run-inspector')).toContainText(`#${pid}`);
    await shot(page, 'run-group-open');

    // right-click a row: the fault menu, aimed at that child
    await click(page, third, 'right');
    const menu = page.getByTestId('run-menu');
    await expect(menu).toBeVisible();
    await click(page, menu.getByRole('menuitem', { name: 'Kill (:kill)' }));
    await expect(menu).toHaveCount(0);
    await page.getByRole('button', { name: 'Step one event' }).click();
    // the killed child is listed dead (temporary: the pool starts a new one itself)
    const killed = list.locator(`[data-run-target="#${pid}"]`);
    await expect(killed).toContainText('dead');
    await expect(group.locator('.rg-count.st-dead')).toBeVisible();
    await expect(page.locator('.run-log')).toContainText(`kill #${pid}`);
    // the inspector follows: the selected child has exited, and its live details (links, state) are gone
    await expect(page.getByTestId('run-inspector')).toContainText('exited :killed');
    await expect(page.getByTestId('run-inspector')).not.toContainText('trap_exit');
    await shot(page, 'run-group-killed');
  });
});
