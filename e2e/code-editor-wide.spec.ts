// The custom-behaviour editor opens wide (issue 16 item 5): a large dialog holding the same CodeMirror editor —
// keyboard reachable, Esc closes it, edits kept, the same undo history — and back in the inspector after.
import { expect, test } from '@playwright/test';
import { openFresh, shot } from './helpers';

test('custom-behaviour code: Open wide from the keyboard, edit, undo across the move, Esc back with the edits kept', async ({ page }) => {
  await openFresh(page);
  await page.locator('.react-flow__pane').click({ position: { x: 40, y: 40 } });
  await page.keyboard.press('w');
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  await inspector.getByRole('button', { name: 'New custom behaviour' }).click();
  const inline = inspector.locator('.cm-content');
  await expect(inline).toBeVisible();
  const inlineWidth = (await inspector.locator('.code-editor').boundingBox())!.width;

  // type at the end inline, then open wide with the keyboard
  await inline.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n// typed inline');
  const open = inspector.getByRole('button', { name: 'Open wide' });
  await open.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: /Source of behaviour custom_1/ });
  await expect(dialog).toBeVisible();
  const wide = dialog.locator('.cm-content');
  await expect(wide).toContainText('// typed inline');
  await expect(wide).toBeFocused(); // typing goes straight into it
  const box = (await dialog.locator('.code-editor').boundingBox())!;
  expect(box.width).toBeGreaterThan(Math.max(600, inlineWidth * 2.5));
  expect(box.height).toBeGreaterThan(400);
  await shot(page, 'code-editor-wide');

  // the same editor: its undo history reaches what was typed before it moved
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\nconst wideEdit = 42;');
  await expect(wide).toContainText('const wideEdit = 42;');
  await page.keyboard.press('Control+z');
  await expect(wide).not.toContainText('wideEdit');
  await page.keyboard.press('Control+z');
  await expect(wide).not.toContainText('// typed inline');
  await page.keyboard.press('Control+Shift+z');
  await expect(wide).toContainText('// typed inline');
  await page.keyboard.type('\nconst kept = 1;');

  // Esc closes it; focus returns to the button; the inspector's editor shows the edits
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(open).toBeFocused();
  await expect(inline).toBeVisible();
  await expect(inline).toContainText('// typed inline');
  await expect(inline).toContainText('const kept = 1;');
  // the edits are in the document: a fresh inspector (select something else and back) shows them
  await page.locator('.react-flow__pane').click({ position: { x: 40, y: 300 } });
  await expect(inspector.locator('.cm-content')).toHaveCount(0);
  await page.locator('.react-flow__node').first().click();
  await expect(inspector.locator('.cm-content')).toContainText('const kept = 1;');
  // the close button closes it too
  await inspector.getByRole('button', { name: 'Open wide' }).click();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(inspector.locator('.cm-content')).toContainText('const kept = 1;');
});
