// A newcomer's canvas manners (issue 16): paste lands under the pointer; a rename carries its references along.
import { expect, test, type Page } from '@playwright/test';
import { openFresh, shot } from './helpers';

const node = (page: Page, name: string) => page.getByTestId(`node-${name}`);

async function openTemplate(page: Page, title: RegExp) {
  await page.getByRole('button', { name: 'Templates…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Templates' });
  await dialog.locator('.tpl-card', { hasText: title }).first().click();
  await expect(dialog).toHaveCount(0);
}

test.describe('canvas manners', () => {
  test('Ctrl+V pastes under the pointer, not next to the original', async ({ page }) => {
    await openFresh(page);
    await openTemplate(page, /Exercise 1/);
    await node(page, 'database').click();
    await page.keyboard.press('Control+c');
    const pane = (await page.locator('.react-flow').boundingBox())!;
    // an empty spot near the canvas's lower right
    const at = { x: pane.x + pane.width - 260, y: pane.y + pane.height - 140 };
    await page.mouse.move(at.x, at.y);
    await page.keyboard.press('Control+v');
    const pasted = node(page, 'database_2');
    await expect(pasted).toBeVisible();
    const box = (await pasted.boundingBox())!;
    expect(Math.abs(box.x - at.x)).toBeLessThan(4);
    expect(Math.abs(box.y - at.y)).toBeLessThan(4);
    await shot(page, 'paste-at-cursor');
  });

  test('renaming a process updates every parameter that names it', async ({ page }) => {
    await openFresh(page);
    await openTemplate(page, /Exercise 1/);
    await node(page, 'database').click();
    const inspector = page.getByRole('complementary', { name: 'Inspector' });
    const name = inspector.getByLabel('Name', { exact: true });
    await name.fill('store');
    await name.press('Enter');
    await expect(node(page, 'store')).toBeVisible();
    await node(page, 'alice').click();
    await expect(inspector.getByLabel(/^database$/i)).toHaveValue('store');
    // nothing broke: the problems count shows no errors
    await expect(page.getByText(/\d+ errors?/)).toHaveCount(0);
    await shot(page, 'rename-references');
  });
});

test.describe('the lesson path', () => {
  test('the gallery is in lesson order with labelled pictures; lessons render as Markdown', async ({ page }) => {
    await openFresh(page);
    await page.getByRole('button', { name: 'Templates…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Templates' });
    await expect(dialog.locator('.tpl-section-title')).toHaveText(['Drills', 'Exercises', 'Capstone', 'Bonus', 'Chapter 9']);
    const first = dialog.locator('.tpl-card').first();
    await expect(first).toContainText('Drill 1');
    // each thumbnail names the processes it draws
    const pic = dialog.getByRole('img', { name: /^Preview of Exercise 1/ });
    await expect(pic.locator('text', { hasText: 'todo_system' })).toHaveCount(1);
    await shot(page, 'templates-lesson-order');
    await dialog.locator('.tpl-card', { hasText: /Exercise 1/ }).first().click();
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } }); // nothing selected: the lesson shows
    const lesson = page.locator('.insp-lesson');
    await expect(lesson.locator('h4').first()).toBeVisible();
    await expect(lesson).not.toContainText('**');
    await expect(lesson).not.toContainText('## ');
  });
});

test.describe('unsaved changes', () => {
  test('New asks Save / Don’t Save / Cancel in the app, and a new design starts at 100 %', async ({ page }) => {
    await openFresh(page);
    await openTemplate(page, /Exercise 1/);
    await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
    await page.keyboard.press('w'); // an edit: the design is now unsaved
    await page.getByRole('button', { name: 'New design' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save changes?' });
    await expect(dialog).toContainText('Exercise 1');
    await expect(dialog.getByRole('button', { name: 'Save', exact: true })).toBeFocused();
    await shot(page, 'save-changes-dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(node(page, 'todo_system')).toBeVisible();
    await page.getByRole('button', { name: 'New design' }).click();
    await page.getByRole('dialog', { name: 'Save changes?' }).getByRole('button', { name: 'Don’t Save' }).click();
    await expect(page.getByTestId('node-count')).toHaveText('0 processes · 0 edges');
    await expect(page.locator('footer')).toContainText('100%');
  });
});
