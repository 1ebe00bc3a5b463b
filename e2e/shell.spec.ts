import { expect, test } from '@playwright/test';
import { openFresh, shot } from './helpers';

test.describe('app shell', () => {
  test('the frame renders: toolbar, palette, canvas with grid/controls/minimap, inspector, bottom panel, status bar', async ({ page }) => {
    await openFresh(page);
    await expect(page.getByRole('toolbar', { name: 'Main toolbar' })).toBeVisible();
    await expect(page.getByRole('complementary', { name: 'Palette' })).toBeVisible();
    await expect(page.getByRole('complementary', { name: 'Inspector' })).toBeVisible();
    await expect(page.locator('.react-flow__background')).toBeVisible();
    await expect(page.locator('.react-flow__controls')).toBeVisible();
    await expect(page.locator('.react-flow__minimap')).toBeVisible();
    await expect(page.getByRole('tab', { name: /Problems/ })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('contentinfo', { name: 'Status bar' })).toContainText('Browser');
    await shot(page, 'shell-light');
  });

  test('the kernel worker answers a real round trip', async ({ page }) => {
    await openFresh(page);
    const status = page.getByTestId('kernel-status');
    await expect(status).toHaveText(/Kernel ready · runtime \d+\.\d+\.\d+/);
    await status.click();
    await expect(page.getByText(/Kernel answered ping 42 in [\d.]+ ms/)).toBeVisible();
  });

  test('panels resize by dragging a splitter and by keyboard; sizes are remembered', async ({ page }) => {
    await openFresh(page);
    const palette = page.getByRole('complementary', { name: 'Palette' });
    const before = (await palette.boundingBox())!.width;
    const handle = page.getByRole('separator', { name: 'Resize palette' });
    const hb = (await handle.boundingBox())!;
    await page.mouse.move(hb.x + hb.width / 2, hb.y + hb.height / 2);
    await page.mouse.down();
    await page.mouse.move(hb.x + 60, hb.y + 200, { steps: 6 });
    await page.mouse.move(hb.x + 100, hb.y + 200, { steps: 6 });
    await page.mouse.up();
    const after = (await palette.boundingBox())!.width;
    expect(after - before).toBeGreaterThan(90);
    expect(after - before).toBeLessThan(110);

    const bottom = page.getByRole('region', { name: 'Bottom panel' });
    const h0 = (await bottom.boundingBox())!.height;
    const bh = page.getByRole('separator', { name: 'Resize bottom panel' });
    const bb = (await bh.boundingBox())!;
    await page.mouse.move(bb.x + 300, bb.y + bb.height / 2);
    await page.mouse.down();
    await page.mouse.move(bb.x + 300, bb.y - 80, { steps: 8 });
    await page.mouse.up();
    expect((await bottom.boundingBox())!.height - h0).toBeGreaterThan(70);

    const inspectorHandle = page.getByRole('separator', { name: 'Resize inspector' });
    await inspectorHandle.focus();
    const w0 = Number(await inspectorHandle.getAttribute('aria-valuenow'));
    await page.keyboard.press('Shift+ArrowLeft');
    await expect(inspectorHandle).toHaveAttribute('aria-valuenow', String(w0 + 50));

    await page.reload();
    await expect(page.getByRole('complementary', { name: 'Palette' })).toBeVisible();
    expect(Math.abs((await page.getByRole('complementary', { name: 'Palette' }).boundingBox())!.width - after)).toBeLessThan(2);
  });

  test('panels collapse and come back by toolbar button, shortcut and splitter double-click', async ({ page }) => {
    await openFresh(page);
    const palette = page.getByRole('complementary', { name: 'Palette' });
    await page.getByRole('button', { name: 'Toggle palette' }).click();
    await expect(palette).toHaveCount(0);
    await page.keyboard.press('Control+b');
    await expect(palette).toBeVisible();
    await page.getByRole('separator', { name: 'Resize inspector' }).dblclick();
    await expect(page.getByRole('complementary', { name: 'Inspector' })).toHaveCount(0);
    await page.keyboard.press('Control+j');
    await expect(page.getByRole('region', { name: 'Bottom panel' })).toHaveCount(0);
    await shot(page, 'shell-collapsed');
    await page.getByRole('button', { name: 'Toggle bottom panel' }).click();
    await page.getByRole('button', { name: 'Toggle inspector' }).click();
    await expect(page.getByRole('region', { name: 'Bottom panel' })).toBeVisible();
    await expect(page.getByRole('complementary', { name: 'Inspector' })).toBeVisible();
  });

  test('theme follows the system and toggles', async ({ page }) => {
    await openFresh(page, { colorScheme: 'dark' });
    const html = page.locator('html');
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await shot(page, 'shell-dark');
    await page.getByRole('button', { name: 'Toggle light/dark theme' }).click();
    await expect(html).toHaveAttribute('data-theme', 'light');
    const bg = await page.locator('.toolbar').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(bg).toBe('rgb(248, 249, 251)');
    await page.keyboard.press('Control+Alt+t');
    await expect(html).toHaveAttribute('data-theme', 'dark');
  });

  test('? opens the shortcuts overlay, Escape closes it', async ({ page }) => {
    await openFresh(page);
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Shift+?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Toggle palette');
    await expect(dialog).toContainText('Ctrl+B');
    await shot(page, 'shell-shortcuts');
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
  });
});
