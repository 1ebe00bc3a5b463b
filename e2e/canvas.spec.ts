import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openFresh, shot, withoutFilePickers } from './helpers';

const node = (page: Page, name: string) => page.getByTestId(`node-${name}`);

async function center(l: Locator) {
  const b = (await l.boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** Drags a palette entry onto the canvas with the mouse, dropping at (x, y) in page coordinates. */
async function dragFromPalette(page: Page, label: string, x: number, y: number) {
  const from = await center(page.getByRole('button', { name: `Add ${label}`, exact: true }));
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 30, from.y + 10, { steps: 2 });
  await page.mouse.move(x, y, { steps: 3 });
  await page.mouse.up();
}

/** Drags from one handle to another with the mouse; `hold` runs while the pointer is over the target. */
async function dragHandle(page: Page, from: Locator, to: Locator, hold?: () => Promise<void>) {
  const a = await center(from);
  const b = await center(to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 3 });
  await page.mouse.move(b.x, b.y, { steps: 3 });
  if (hold) await hold();
  await page.mouse.up();
}

test.describe('designer canvas', () => {
  // long mouse-driven flows; the shared test machine can be heavily loaded
  test.describe.configure({ timeout: 240_000 });
  test.beforeEach(async ({ page }) => {
    page.on('pageerror', (e) => console.log('page error:', e.message));
    // exercise the upload/download path: headless Chromium cannot drive native File System Access pickers
    await withoutFilePickers(page);
  });

  test('build a tree with the mouse, edit, undo/redo, layout, copy, fix a problem, save and reopen', async ({ page }) => {
    await openFresh(page);
    await expect(page.getByText('Design a supervision tree')).toBeVisible();
    await shot(page, 'canvas-empty');
    const canvas = (await page.locator('.canvas-area').boundingBox())!;
    const cx = canvas.x + canvas.width / 2;

    await dragFromPalette(page, 'Supervisor', cx, canvas.y + 120);
    await expect(node(page, 'sup')).toBeVisible();
    await dragFromPalette(page, 'Worker', cx - 260, canvas.y + 330);
    await dragFromPalette(page, 'Worker', cx, canvas.y + 330);
    await dragFromPalette(page, 'Worker', cx + 260, canvas.y + 330);
    for (const n of ['echo', 'echo_2', 'echo_3']) await expect(node(page, n)).toBeVisible();
    await expect(page.getByTestId('node-count')).toHaveText('4 processes · 0 edges');

    for (const w of ['echo', 'echo_2', 'echo_3']) {
      await dragHandle(page, node(page, 'sup').locator('.h-children'), node(page, w).locator('.h-parent'));
    }
    await expect(page.getByTestId('node-count')).toHaveText('4 processes · 3 edges');
    await expect(node(page, 'echo_3')).toContainText('3/3');
    await shot(page, 'canvas-connected');

    // an invalid connection is refused while dragging, with the reason
    await dragFromPalette(page, 'Supervisor', cx + 300, canvas.y + 120);
    await expect(node(page, 'sup_2')).toBeVisible();
    await dragHandle(page, node(page, 'sup_2').locator('.h-children'), node(page, 'echo_3').locator('.h-parent'), async () => {
      await expect(page.locator('.refusal')).toContainText('only one supervisor');
      await shot(page, 'canvas-refused');
    });
    await expect(page.getByTestId('node-count')).toHaveText('5 processes · 3 edges');
    await node(page, 'sup_2').click();
    await page.keyboard.press('Delete');
    await expect(node(page, 'sup_2')).toHaveCount(0);

    // inspector: one_for_all, then undo and redo
    await node(page, 'sup').click();
    const inspector = page.getByRole('complementary', { name: 'Inspector' });
    await inspector.getByLabel('Strategy').selectOption('one_for_all');
    await expect(node(page, 'sup')).toContainText('one_for_all');
    await shot(page, 'canvas-inspector');
    await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
    await page.keyboard.press('Control+z');
    await expect(node(page, 'sup')).toContainText('one_for_one');
    await page.keyboard.press('Control+Shift+z');
    await expect(node(page, 'sup')).toContainText('one_for_all');

    // auto-layout: top-down, children left to right in child order
    await page.getByRole('button', { name: 'Auto-layout' }).click();
    await page.waitForTimeout(600);
    const boxes = await Promise.all(['sup', 'echo', 'echo_2', 'echo_3'].map(async (n) => (await node(page, n).boundingBox())!));
    expect(boxes[0].y).toBeLessThan(boxes[1].y);
    expect(boxes[1].y).toBeCloseTo(boxes[2].y, 0);
    expect(boxes[1].x).toBeLessThan(boxes[2].x);
    expect(boxes[2].x).toBeLessThan(boxes[3].x);
    await shot(page, 'canvas-layout');

    // copy the subtree and paste it
    await node(page, 'sup').click();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await expect(page.getByTestId('node-count')).toHaveText('8 processes · 6 edges');
    await expect(node(page, 'sup_2')).toBeVisible();
    await shot(page, 'canvas-pasted');
    await page.keyboard.press('Control+z');
    await expect(page.getByTestId('node-count')).toHaveText('4 processes · 3 edges');

    // a validation error appears and is fixed
    await node(page, 'echo_2').click();
    const name = inspector.getByLabel('Name');
    await name.fill('Bad Name');
    await expect(inspector.locator('.field-error')).toContainText('Not a valid name');
    await expect(page.getByTestId('problem-count').locator('.err')).toHaveText(/[1-9]/);
    await expect(page.getByRole('list', { name: 'Problems' })).toContainText('Bad Name');
    await shot(page, 'canvas-problem');
    await page.getByRole('list', { name: 'Problems' }).getByRole('button').first().click();
    await expect(inspector.getByLabel('Name')).toHaveValue('Bad Name');
    await name.fill('cache');
    await expect(node(page, 'cache')).toBeVisible();
    await expect(page.getByTestId('problem-count').locator('.err')).toHaveCount(0);

    // save (download in this browser mode) and reopen the file (upload): the same design comes back
    await expect(page.getByTestId('doc-title')).toContainText('Untitled.suptree');
    await expect(page.getByTestId('doc-title').locator('.dirty')).toBeVisible();
    const downloadP = page.waitForEvent('download');
    await page.keyboard.press('Control+s');
    const download = await downloadP;
    const path = test.info().outputPath('saved.suptree');
    await download.saveAs(path);
    const saved = JSON.parse(readFileSync(path, 'utf8'));
    expect(saved.nodes.map((n: { name: string }) => n.name).sort()).toEqual(['cache', 'echo', 'echo_3', 'sup']);
    expect(saved.nodes.find((n: { name: string }) => n.name === 'sup').strategy).toBe('one_for_all');
    await expect(page.getByTestId('doc-title').locator('.dirty')).toHaveCount(0);

    await page.getByRole('button', { name: 'New design' }).click();
    await expect(page.getByTestId('node-count')).toHaveText('0 processes · 0 edges');
    const chooserP = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open…' }).click();
    await (await chooserP).setFiles(path);
    await expect(page.getByTestId('node-count')).toHaveText('4 processes · 3 edges');
    await expect(node(page, 'sup')).toContainText('one_for_all');
    await expect(node(page, 'cache')).toContainText('2/3');
    await shot(page, 'canvas-reopened');
  });

  test('a file that is not a design opens nothing and says why', async ({ page }) => {
    await openFresh(page);
    await dragFromPalette(page, 'Supervisor', 700, 300);
    const chooserP = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open…' }).click();
    // the in-app "Save changes?" question: drop the unsaved supervisor and go on to the file picker
    await page.getByRole('dialog', { name: 'Save changes?' }).getByRole('button', { name: 'Don’t Save' }).click();
    await (await chooserP).setFiles({ name: 'bad.suptree', mimeType: 'application/json', buffer: Buffer.from('{"format":"other"}') });
    await expect(page.getByRole('alert').filter({ hasText: 'bad.suptree' })).toContainText('not a Supervisor Studio design');
    await expect(node(page, 'sup')).toBeVisible();
  });

  test('templates gallery opens an untitled copy; export previews the design', async ({ page }) => {
    await openFresh(page);
    await page.getByRole('button', { name: 'Templates…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Templates' });
    await expect(dialog.locator('.tpl-card').first()).toBeVisible();
    await shot(page, 'templates');
    const count = await dialog.locator('.tpl-card').count();
    expect(count).toBeGreaterThan(3);
    const card = dialog.locator('.tpl-card', { hasText: 'one_for_all' }).first();
    const title = (await card.locator('.tpl-title').textContent())!;
    await card.click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('doc-title')).toContainText(title);
    await expect(page.locator('.react-flow__node').first()).toBeVisible();
    // the minimap draws every node (it reads the node objects' sizes)
    await expect(page.locator('.react-flow__minimap-node')).toHaveCount(await page.locator('.react-flow__node').count());
    await shot(page, 'template-opened');

    await page.getByRole('button', { name: 'Export…' }).click();
    const exp = page.getByRole('dialog', { name: 'Export' });
    await expect(exp.getByLabel('Preview')).toContainText('"format": "supervisor-studio"');
    await exp.getByText('Runtime spec (JSON)').click();
    await expect(exp.getByLabel('Preview')).toContainText('"children"');
    await shot(page, 'export');
    const d = page.waitForEvent('download');
    await exp.getByRole('button', { name: /Download/ }).click();
    expect((await d).suggestedFilename()).toMatch(/\.spec\.json$/);
  });

  test('keyboard: add nodes, find by name, collapse a subtree, shortcuts overlay lists editing commands', async ({ page }) => {
    await openFresh(page);
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('s');
    await page.keyboard.press('w');
    await expect(page.getByTestId('node-count')).toHaveText('2 processes · 0 edges');
    await dragHandle(page, node(page, 'sup').locator('.h-children'), node(page, 'echo').locator('.h-parent'));
    await node(page, 'sup').click();
    await page.keyboard.press('Control+.');
    await expect(node(page, 'echo')).toBeHidden();
    await expect(node(page, 'sup').getByRole('button', { name: 'Expand sup' })).toHaveText('+1');
    await page.keyboard.press('Control+f');
    await page.getByRole('combobox', { name: 'Find by name' }).fill('ech');
    await page.keyboard.press('Enter');
    await expect(node(page, 'echo')).toBeVisible();
    await expect(page.getByRole('complementary', { name: 'Inspector' }).getByLabel('Name')).toHaveValue('echo');
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Shift+?');
    const overlay = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(overlay).toContainText('Auto-layout');
    await expect(overlay).toContainText('Space + drag'); // how to pan is shown
    await expect(overlay).toContainText('Ctrl+Shift+L');
    await shot(page, 'shortcuts-full');
  });
});

test.describe('blast radius', () => {
  test.describe.configure({ timeout: 240_000 });
  test('"What if this crashes?" marks restarted processes and follows a strategy change', async ({ page }) => {
    await openFresh(page);
    await page.getByRole('button', { name: 'Templates…' }).click();
    await page.getByRole('dialog', { name: 'Templates' }).locator('.tpl-card', { hasText: 'one_for_all' }).first().click();
    await node(page, 'b').click();
    await page.keyboard.press('k');
    const card = page.getByRole('region', { name: 'Blast radius' });
    await expect(card.getByTestId('blast-summary')).toContainText('2 restarted');
    await expect(node(page, 'a').locator('.sn-blast')).toHaveText('restarted');
    await expect(node(page, 'b').locator('.sn-blast')).toHaveText('crashes');
    await expect(card.getByTestId('blast-verdict')).toHaveText('Contained: no supervisor gives up.');
    await shot(page, 'blast-one-for-all');
    await node(page, 'all_sup').click();
    await page.getByRole('complementary', { name: 'Inspector' }).getByLabel('Strategy').selectOption('rest_for_one');
    await expect(card.getByTestId('blast-summary')).toContainText('1 restarted');
    await expect(node(page, 'a').locator('.sn-blast')).toHaveText('untouched');
    await expect(node(page, 'c').locator('.sn-blast')).toHaveText('restarted');
    await page.getByRole('complementary', { name: 'Inspector' }).getByLabel('Strategy').selectOption('one_for_one');
    await expect(card.getByTestId('blast-summary')).toContainText('0 restarted');
    await shot(page, 'blast-one-for-one');
    await card.getByRole('button', { name: 'Close blast radius' }).click();
    await expect(page.locator('.sn-blast')).toHaveCount(0);
  });
});

test.describe('custom behaviour', () => {
  test.describe.configure({ timeout: 240_000 });
  test('a worker gets a custom behaviour edited in a code editor; undo restores the code', async ({ page }) => {
    await openFresh(page);
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('w');
    const inspector = page.getByRole('complementary', { name: 'Inspector' });
    await inspector.getByRole('button', { name: 'New custom behaviour' }).click();
    const code = inspector.getByRole('textbox', { name: 'Source of behaviour custom_1' });
    await expect(code).toContainText('handleCall');
    await expect(inspector.getByLabel('Behaviour', { exact: true })).toHaveValue('custom_1');
    await code.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('// tuned');
    await expect(code).toContainText('// tuned');
    await shot(page, 'custom-behaviour');
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await node(page, 'echo').click();
    await expect(inspector.getByRole('textbox', { name: 'Source of behaviour custom_1' })).toContainText('// tuned');
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+z');
    await node(page, 'echo').click();
    await expect(inspector.getByRole('textbox', { name: 'Source of behaviour custom_1' })).not.toContainText('// tuned');
  });
});
