// The README's pictures, made by the app itself at 1280×800: the design view, run mode mid-run (a worker killed
// and restarted), the blast radius of a crash, and the export dialog. With UPDATE_SCREENSHOTS=1 they are written to
// docs/images/*.png (tracked: look at them before committing); otherwise (CI) each view is still built and checked,
// and the picture goes to artifacts/screenshots/readme-*.png, so a run never rewrites tracked files.
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { clickAt, nodeCard, openFresh, runBadge, SHOTS } from './helpers';

const UPDATE = process.env.UPDATE_SCREENSHOTS === '1';
const DIR = UPDATE ? 'docs/images' : SHOTS;
mkdirSync(DIR, { recursive: true });

async function picture(page: Page, name: string) {
  // no caret blink or running transition in the picture
  await page.screenshot({ path: `${DIR}/${UPDATE ? name : `readme-${name}`}.png`, animations: 'disabled', caret: 'hide' });
}

/** One zoom step in from the fitted view: the tree then fills the canvas at 1280×800. */
async function zoomInOnce(page: Page) {
  const z = () => page.locator('.react-flow__viewport').evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).a);
  const before = await z();
  await page.getByRole('button', { name: 'Zoom In' }).click();
  await expect.poll(z).toBeGreaterThan(before * 1.15);
}

async function openCapstone(page: Page) {
  await openFresh(page);
  await page.getByRole('button', { name: 'Templates…' }).click();
  await page.getByRole('button', { name: /^Open template Capstone/ }).click();
  await expect(page.getByRole('dialog', { name: 'Templates' })).toHaveCount(0);
  await expect(nodeCard(page, 'http_client')).toBeVisible();
  // every calls edge drawn along its route, with its label
  await expect.poll(() => page.locator('.react-flow__edge path.react-flow__edge-path[data-routed="false"]').count(), { timeout: 30_000 }).toBe(0);
  await expect(page.locator('.edge-label-calls')).toHaveCount(3);
}

test.describe('README screenshots', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('design view', async ({ page }) => {
    await openCapstone(page);
    await zoomInOnce(page);
    await clickAt(page, nodeCard(page, 'breaker'));
    const inspector = page.getByRole('complementary', { name: 'Inspector' });
    await expect(inspector.getByRole('textbox', { name: 'Name' }).or(inspector.getByLabel('Name', { exact: true })).first()).toHaveValue('breaker');
    await expect(page.locator('.edge-label-order')).toHaveCount(8);
    await picture(page, 'design');
  });

  test('run mode mid-run: a pool worker killed and restarted', async ({ page }) => {
    await openCapstone(page);
    await zoomInOnce(page);
    await page.getByTestId('run-start').click();
    await expect(page.getByTestId('run-stop')).toBeVisible();
    await expect(runBadge(page, 'http_2')).toBeVisible();
    await clickAt(page, nodeCard(page, 'http_2'), 'right');
    const menu = page.getByTestId('run-menu');
    await expect(menu).toBeVisible();
    await clickAt(page, menu.getByRole('menuitem', { name: 'Kill (:kill)' }));
    await expect(menu).toHaveCount(0);
    // let the clock run until the pool has restarted it, then hold the picture still
    await page.getByTestId('run-play').click();
    await expect(runBadge(page, 'http_2')).toContainText('running');
    await page.getByTestId('run-pause').click();
    await page.getByRole('tab', { name: /Event log/ }).click();
    const log = page.getByRole('tabpanel', { name: /Event log/ });
    await expect(log.getByText(/crashed: :killed/).first()).toBeVisible();
    await picture(page, 'run');
    await page.getByTestId('run-stop').click();
  });

  test('blast radius of a crash', async ({ page }) => {
    await openCapstone(page);
    await clickAt(page, nodeCard(page, 'breaker'));
    await page.keyboard.press('k');
    const card = page.getByRole('region', { name: 'Blast radius' });
    await expect(card.getByTestId('blast-summary')).toBeVisible();
    await expect(nodeCard(page, 'breaker').locator('.sn-blast')).toHaveText('crashes');
    await expect(page.locator('.sn-blast')).toHaveCount(9);
    await picture(page, 'blast-radius');
  });

  test('export dialog', async ({ page }) => {
    await openCapstone(page);
    await page.getByRole('button', { name: 'Export…' }).click();
    const exp = page.getByRole('dialog', { name: 'Export' });
    await exp.getByText('Elixir mix project').click();
    await expect(exp.getByLabel('Preview')).toContainText('defmodule');
    await picture(page, 'export');
  });
});
