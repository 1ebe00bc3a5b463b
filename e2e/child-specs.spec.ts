// Drill 6's child-spec fields in the inspector, with a real mouse and keyboard: each child shows the format it is
// written in and its start module; a module name Elixir cannot take is written and explained in the node's problems
// (never exported broken); setting a worker's type to supervisor moves its default shutdown to infinity.
import { expect, test, type Page } from '@playwright/test';
import { clickAt, openFresh, shot } from './helpers';

async function openDrill6(page: Page) {
  await openFresh(page);
  await page.getByRole('button', { name: 'Templates…' }).click();
  await page.getByRole('button', { name: 'Open template Drill 6 — child specs and restart types' }).click();
  await expect(page.getByTestId('node-stopper')).toBeVisible();
}

test('Drill 6: format, start and type of a child are edited in the inspector', async ({ page }) => {
  test.setTimeout(120_000);
  await openDrill6(page);
  await clickAt(page, page.getByTestId('node-stopper'));
  const writtenAs = page.getByLabel('Written as');
  await expect(writtenAs).toHaveValue('child_spec');
  await expect(page.getByLabel('Start module')).toHaveValue('Stopper');
  await expect(page.getByLabel('Start arguments')).toHaveValue('[{"$list":[]}]');
  await clickAt(page, page.getByTestId('node-on_error'));
  await expect(writtenAs).toHaveValue('tuple');
  await expect(page.getByLabel('Start module')).toHaveValue('OnError');
  await shot(page, 'drill6-child-spec-fields');

  // a module name Elixir cannot take: written, and the node's problems say why
  const mod = page.getByLabel('Start module');
  await mod.fill('on error');
  await expect(page.locator('.field-error').filter({ hasText: 'Not a valid module' })).toBeVisible();
  await mod.press('Enter');
  const problems = page.getByLabel('Problems with this node');
  await expect(problems).toContainText('cannot be an Elixir module name');
  await problems.getByRole('button', { name: 'Clear start.module' }).click();
  await expect(problems).toHaveCount(0);

  // type follows into the default shutdown
  const shutdown = page.getByLabel('Shutdown', { exact: true });
  await expect(shutdown).toHaveValue('5000');
  await page.getByLabel('Type', { exact: true }).selectOption('supervisor');
  await expect(shutdown).toHaveValue('infinity');
  await expect(page.getByLabel('Problems with this node')).toContainText('type :supervisor');
  await page.getByLabel('Type', { exact: true }).selectOption('');
  await expect(shutdown).toHaveValue('5000');
});
