// Every window size from 1024×700 up (issue 16 item 1): the header fits (less important items move into "More ▾"),
// the minimap shrinks or hides on a small canvas, and fit-to-view leaves every node clear of the overlays.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { openFresh, shot } from './helpers';

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function boxesOf(loc: Locator): Promise<Box[]> {
  const out: Box[] = [];
  for (const el of await loc.all()) {
    if (!(await el.isVisible())) continue;
    const b = await el.boundingBox();
    if (b && b.width > 0 && b.height > 0) out.push(b);
  }
  return out;
}

async function openTemplate(page: Page, title: RegExp) {
  await page.getByRole('button', { name: 'Templates…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Templates' });
  await dialog.locator('.tpl-card', { hasText: title }).first().click();
  await expect(dialog).toHaveCount(0);
}

async function headerFits(page: Page, width: number, height: number) {
  const header = page.getByRole('toolbar', { name: 'Main toolbar' });
  const controls = await boxesOf(header.locator('button, input, select, [role="timer"], .doc-title'));
  expect(controls.length).toBeGreaterThan(5);
  // below 1280 px (1440 px while a run is active) the less important buttons are in "More ▾"
  const running = await header.getByTestId('run-stop').count();
  await expect(header.getByTestId('more-menu')).toBeVisible({ visible: width < (running ? 1440 : 1280) });
  for (const b of controls) {
    expect(b.x, JSON.stringify(b)).toBeGreaterThanOrEqual(0);
    expect(b.x + b.width, JSON.stringify(b)).toBeLessThanOrEqual(width);
    expect(b.y + b.height).toBeLessThanOrEqual(height);
  }
  // the document's name stays readable: whole, or at least 100 px of it before the ellipsis
  const title = await header.locator('.doc-title').evaluate((e) => ({ shown: e.clientWidth, full: e.scrollWidth }));
  expect(title.shown, `document name squeezed to ${title.shown} px of ${title.full}`).toBeGreaterThanOrEqual(Math.min(title.full, 100));
  // no two header controls overlap
  for (let i = 0; i < controls.length; i++)
    for (let j = i + 1; j < controls.length; j++)
      expect(overlaps(controls[i], controls[j]), `${JSON.stringify(controls[i])} × ${JSON.stringify(controls[j])}`).toBe(false);
}

/** After fit-to-view no node sits under the minimap, the controls or the floating "Side handles draw" bar. */
async function nodesClearOfOverlays(page: Page) {
  const nodes = await boxesOf(page.locator('.react-flow__node'));
  expect(nodes.length).toBeGreaterThan(0);
  const overlays = await boxesOf(page.locator('.react-flow__minimap, .react-flow__controls, .canvas-hud, .run-banner'));
  for (const n of nodes) for (const o of overlays) expect(overlaps(n, o), `node ${JSON.stringify(n)} under overlay ${JSON.stringify(o)}`).toBe(false);
}

for (const size of SIZES) {
  test(`${size.width}×${size.height}: header fits, overlays leave the nodes clear`, async ({ page }) => {
    await page.setViewportSize(size);
    await openFresh(page);
    await headerFits(page, size.width, size.height);
    await openTemplate(page, /Exercise 1/);
    await page.waitForTimeout(400); // the fit animation (250 ms); screenshots only
    await nodesClearOfOverlays(page);
    await shot(page, `window-${size.width}x${size.height}-design`);

    // run mode: the run controls fit too
    await page.keyboard.press('F5');
    await expect(page.locator('.react-flow__node').first()).toBeVisible();
    await headerFits(page, size.width, size.height);
    // the event log's header texts do not overlap
    await page.getByRole('tab', { name: /Event log/ }).click();
    await expect(page.locator('.run-log-filters')).toBeVisible();
    const logHeader = [
      ...(await boxesOf(page.locator('.run-log-filters > *'))),
      ...(await boxesOf(page.locator('.run-inspector'))),
    ];
    expect(logHeader.length).toBeGreaterThan(4);
    for (let i = 0; i < logHeader.length; i++)
      for (let j = i + 1; j < logHeader.length; j++) expect(overlaps(logHeader[i], logHeader[j])).toBe(false);
    await shot(page, `window-${size.width}x${size.height}-run`);
  });
}

test('1024×700: "More ▾" lists the hidden header commands and runs them from the keyboard', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await openFresh(page);
  const header = page.getByRole('toolbar', { name: 'Main toolbar' });
  await expect(header.getByRole('button', { name: 'Toggle inspector' })).toBeHidden();
  const more = header.getByTestId('more-menu');
  await more.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: 'More' });
  await expect(menu).toBeVisible();
  const inspector = menu.getByRole('menuitemcheckbox', { name: /inspector/i });
  await expect(inspector).toHaveAttribute('aria-checked', 'true');
  // every item is inside the window
  for (const b of await boxesOf(menu.getByRole('menuitem').or(menu.getByRole('menuitemcheckbox')))) {
    expect(b.x).toBeGreaterThanOrEqual(0);
    expect(b.x + b.width).toBeLessThanOrEqual(1024);
  }
  await shot(page, 'window-1024x700-more-menu');
  // the empty canvas says how to pan (left drag box-selects, React Flow's default here)
  await expect(page.getByTestId('pan-hint')).toContainText('Space');
  await inspector.focus();
  await page.keyboard.press('Enter');
  await expect(menu).toBeHidden();
  await expect(page.getByRole('complementary', { name: 'Inspector' })).toHaveCount(0);
  await more.click();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(more).toBeFocused();
});
