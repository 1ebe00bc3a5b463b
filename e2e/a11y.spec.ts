// Automated accessibility audit (issue 16 item 2): axe-core on the designer, run mode and every dialog, in both
// themes; no serious or critical violation (colour contrast included).
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openFresh } from './helpers';

async function audit(page: Page, what: string, include?: string) {
  let b = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']);
  if (include) b = b.include(include);
  const result = await b.analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 6).map((n) => `   ${n.target.join(' ')}  ${n.failureSummary?.split('\n')[1] ?? ''}`).join('\n')}`);
  expect(report, `${what}: ${report.length} serious/critical violations\n${report.join('\n')}`).toEqual([]);
}

async function openTemplate(page: Page, title: RegExp) {
  await page.getByRole('button', { name: 'Templates…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Templates' });
  await dialog.locator('.tpl-card', { hasText: title }).first().click();
  await expect(dialog).toHaveCount(0);
}

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} theme`, () => {
    test('designer and run mode', async ({ page }) => {
      await openFresh(page, { colorScheme: scheme });
      await audit(page, 'empty designer');
      await openTemplate(page, /Exercise 1/);
      await page.getByTestId('node-todo_server').or(page.getByTestId('node-alice')).first().click();
      await audit(page, 'designer with a template, a process selected');
      await page.keyboard.press('F5');
      await expect(page.getByTestId('run-stop')).toBeVisible();
      await page.getByRole('tab', { name: /Event log/ }).click();
      await audit(page, 'run mode, event log');
      await page.getByTestId('run-stop').click();
    });

    test('first-run tour and the Lesson tab (tasks, questions, an answer shown; design and run mode)', async ({ page }) => {
      await openFresh(page, { colorScheme: scheme, tour: true });
      await expect(page.getByTestId('tour')).toBeVisible();
      await audit(page, 'tour, first step');
      for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
      await expect(page.getByTestId('tour')).toHaveAttribute('data-step', 'scrub');
      await audit(page, 'tour, timeline step');
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('tour')).toHaveCount(0);
      await openTemplate(page, /Drill 4/);
      await page.getByRole('tab', { name: /Lesson/ }).click();
      await page.getByRole('button', { name: 'Show answer' }).first().click();
      await audit(page, 'lesson tab', '#bottom-panel');
      await page.keyboard.press('F5');
      await expect(page.getByTestId('run-stop')).toBeVisible();
      await expect(page.getByRole('button', { name: /^Play the scenario/ }).first()).toBeVisible();
      await audit(page, 'lesson tab in run mode', '#bottom-panel');
      await page.getByTestId('run-stop').click();
    });

    test('dialogs: templates, export, shortcuts, save changes', async ({ page }) => {
      await openFresh(page, { colorScheme: scheme });
      await page.getByRole('button', { name: 'Templates…' }).click();
      await audit(page, 'templates dialog', '[role="dialog"]');
      await page.keyboard.press('Escape');
      await openTemplate(page, /Exercise 1/);
      await page.getByRole('button', { name: 'Export…' }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await audit(page, 'export dialog', '[role="dialog"]');
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: /Keyboard shortcuts|Shortcuts/ }).first().click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await audit(page, 'shortcuts dialog', '[role="dialog"]');
      await page.keyboard.press('Escape');
      await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
      await page.keyboard.press('w');
      await page.getByRole('button', { name: 'New design' }).click();
      await expect(page.getByRole('dialog', { name: 'Save changes?' })).toBeVisible();
      await audit(page, 'save changes dialog', '[role="dialog"]');
    });

    test('Live BEAM attach dialog, with its error', async ({ page }) => {
      await openFresh(page, { colorScheme: scheme });
      await page.getByRole('button', { name: 'Attach to a BEAM node…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Attach to a BEAM node' });
      await expect(dialog).toBeVisible();
      await audit(page, 'attach dialog', '[role="dialog"]');
      await dialog.getByLabel('Bridge address').fill('ws://10.1.2.3:4000/?token=x');
      await dialog.getByTestId('live-attach').click();
      await expect(dialog.getByRole('alert')).toContainText('only listens on 127.0.0.1');
      await audit(page, 'attach dialog with an error', '[role="dialog"]');
    });
  });
}
