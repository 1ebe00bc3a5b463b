// Building and running a TodoServer tree with the keyboard only (issue 16): add nodes by their palette keys, name
// them, put them under a supervisor and order them from the inspector, add a monitor, set the strategy, run (F5),
// open the fault menu on a focused node with Shift+F10, kill, and see the restart. `focus()` stands for the Tab
// presses a keyboard user makes to reach a field; every change is made with keys.
import { expect, test, type Page } from '@playwright/test';
import { openFresh, shot } from './helpers';

const node = (page: Page, name: string) => page.getByTestId(`node-${name}`);
/** React Flow's focusable node element around our node card. */
const wrapper = (page: Page, name: string) => page.locator('.react-flow__node', { has: node(page, name) });
const inspector = (page: Page) => page.getByRole('complementary', { name: 'Inspector' });

async function typeInto(page: Page, label: string, text: string) {
  const f = inspector(page).getByLabel(label, { exact: true });
  await f.focus();
  await page.keyboard.press('Control+a');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** Picks an option of a focused <select> by pressing ArrowDown/ArrowUp until its text matches. */
async function chooseWithKeys(page: Page, label: string, option: RegExp) {
  const sel = inspector(page).getByLabel(label, { exact: true });
  await sel.focus();
  const texts = await sel.locator('option').allTextContents();
  const want = texts.findIndex((t) => option.test(t));
  expect(want, `${label}: no option ${option} in ${texts.join(' | ')}`).toBeGreaterThanOrEqual(0);
  const now = await sel.evaluate((s: HTMLSelectElement) => s.selectedIndex);
  for (let i = now; i !== want; i += want > now ? 1 : -1) await page.keyboard.press(want > now ? 'ArrowDown' : 'ArrowUp');
  await expect(sel).toHaveValue(await sel.locator('option').nth(want).getAttribute('value') ?? '');
}

/** Leave the field (a keyboard user tabs out; the canvas shortcuts work when no field has focus). */
const leaveField = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

async function addNode(page: Page, key: string, name: string) {
  await leaveField(page);
  await page.keyboard.press(key);
  await typeInto(page, 'Name', name);
  await expect(node(page, name)).toBeVisible();
}

test('build and run the TodoServer system without the mouse', async ({ page }) => {
  test.slow();
  await openFresh(page);
  await addNode(page, 's', 'todo_system');
  await addNode(page, 'w', 'database');
  await chooseWithKeys(page, 'Supervised by', /todo_system/);
  await addNode(page, 'w', 'todo_server');
  await chooseWithKeys(page, 'Supervised by', /todo_system/);
  await addNode(page, 'w', 'watcher');
  await chooseWithKeys(page, 'Supervised by', /todo_system/);
  // watcher first: start order 1 of 3
  await chooseWithKeys(page, 'Start order', /^1 of 3/);
  // watcher monitors database
  const kind = inspector(page).getByLabel('Relation kind');
  await kind.focus();
  await page.keyboard.press('ArrowDown'); // links to → monitors
  await expect(kind).toHaveValue('monitor');
  const target = inspector(page).getByLabel('Relation target');
  await target.focus();
  const opts = await target.locator('option').allTextContents();
  for (let i = 0; i < opts.indexOf('database'); i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(inspector(page).locator('.insp-relations')).toContainText('monitors database');
  await expect(page.getByTestId('node-count')).toHaveText('4 processes · 4 edges');

  // the supervisor: one_for_all
  await wrapper(page, 'todo_system').focus();
  await page.keyboard.press('Enter');
  await chooseWithKeys(page, 'Strategy', /one_for_all/);
  await expect(node(page, 'todo_system')).toContainText('one_for_all');
  await shot(page, 'keyboard-built');

  // run, then kill database from the keyboard fault menu
  await leaveField(page);
  await page.keyboard.press('F5');
  await expect(page.getByRole('button', { name: /Stop/ }).first()).toBeVisible();
  await wrapper(page, 'database').focus();
  await page.keyboard.press('Shift+F10');
  const menu = page.locator('.run-menu');
  await expect(menu).toBeVisible();
  await shot(page, 'keyboard-fault-menu');
  const kill = menu.getByRole('menuitem', { name: /^Kill/ });
  await kill.focus();
  await page.keyboard.press('Enter');
  await expect(menu).toHaveCount(0);
  await expect(node(page, 'database')).toContainText(/restarting|stopping/);
  // play (Ctrl+Enter): one_for_all restarts all three children, each in generation 2
  await leaveField(page);
  await page.keyboard.press('Control+Enter');
  for (const n of ['database', 'todo_server', 'watcher']) await expect(node(page, n)).toContainText(/running.*g2/, { timeout: 15_000 });
  await page.keyboard.press('Control+Enter'); // pause
  await shot(page, 'keyboard-killed');
});
