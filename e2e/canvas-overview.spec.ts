// A big design below the far-away zoom is drawn on one canvas (renderer/canvas/Overview.tsx): no React Flow node
// elements, and still click / Shift-click select, drag moves (one undo step), box select, the minimap moves the
// view, and zooming in brings back the real nodes.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { generateDesign } from '../bench/ui/designs';
import { openFresh, shot } from './helpers';

async function dropDesign(page: Page, processes: number) {
  const text = generateDesign(processes);
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'big.suptree', { type: 'application/json' }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, text);
  await expect(page.getByTestId('node-count')).toContainText(`${processes} process`);
}

/** The viewport transform [tx, ty, zoom] and the pane's page offset. */
async function view(page: Page) {
  const style = (await page.locator('.react-flow__viewport').getAttribute('style')) ?? '';
  const m = /translate\(([-\d.e]+)px, ([-\d.e]+)px\) scale\(([-\d.e]+)\)/.exec(style)!;
  const pane = (await page.locator('.react-flow').boundingBox())!;
  return { tx: Number(m[1]), ty: Number(m[2]), z: Number(m[3]), left: pane.x, top: pane.y };
}

/** Page coordinates of a flow point. */
async function toPage(page: Page, x: number, y: number) {
  const v = await view(page);
  return { x: v.left + v.tx + x * v.z, y: v.top + v.ty + y * v.z };
}

// generated design (bench/ui/designs.ts): group g's supervisor at ((g % 20) * 2400 + 1000, 200 + floor(g / 20) * 600),
// its worker i at ((g % 20) * 2400 + i * 230, 360 + floor(g / 20) * 600); nodes 200 × 110 until measured
const workerCentre = (g: number, i: number) => ({ x: (g % 20) * 2400 + i * 230 + 100, y: 360 + Math.floor(g / 20) * 600 + 55 });

test.describe('overview of a big design', () => {
  test.describe.configure({ timeout: 240_000 });

  test('1,000 processes: drawn on one canvas, select, drag, box select, minimap, zoom back to nodes', async ({ page }) => {
    page.on('pageerror', (e) => console.log('page error:', e.message));
    await openFresh(page);
    await dropDesign(page, 1000);
    const canvas = page.getByTestId('overview-canvas');
    await expect(canvas).toHaveAttribute('data-overview-drawn', /^[1-9]/);
    await expect(page.locator('.react-flow__node')).toHaveCount(0);
    await expect(page.getByTestId('overview-minimap')).toBeVisible();
    await shot(page, 'overview-1000-fitted');
    // zoom in a little (still below the far-away zoom) so a worker is a target of several pixels
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
    for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -120);
    await expect.poll(async () => (await view(page)).z).toBeGreaterThan(0.1);
    await expect.poll(async () => (await view(page)).z, { timeout: 3000 }).toBeLessThan(0.35);
    await page.waitForTimeout(400);
    await shot(page, 'overview-1000-zoomed');
    // the group nearest the middle of the view
    const v0 = await view(page);
    const fx = (pane.x - v0.left + pane.width / 2 - v0.tx) / v0.z;
    const fy = (pane.y - v0.top + pane.height / 2 - v0.ty) / v0.z;
    const col = Math.max(0, Math.min(19, Math.round((fx - 1000) / 2400)));
    const row = Math.max(0, Math.min(3, Math.round((fy - 200) / 600)));
    const g = row * 20 + col;

    // click selects (the proxy under the pointer carries the node's id)
    const inspector = page.getByRole('complementary', { name: 'Inspector' });
    let p = await toPage(page, workerCentre(g, 0).x, workerCentre(g, 0).y);
    await page.mouse.move(p.x, p.y);
    await expect(page.getByTestId('overview-proxy')).toHaveAttribute('data-id', `w${g}_0`);
    await page.mouse.down();
    await page.mouse.up();
    await expect(inspector.getByLabel('Name')).toHaveValue(`worker_${g}_0`);
    // Shift-click adds
    p = await toPage(page, workerCentre(g, 2).x, workerCentre(g, 2).y);
    await page.mouse.move(p.x, p.y);
    await expect(page.getByTestId('overview-proxy')).toHaveAttribute('data-id', `w${g}_2`);
    await page.keyboard.down('Shift');
    await page.mouse.down();
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await expect(inspector).toContainText('2 nodes, 0 edges selected');

    // the wheel over the proxy still zooms, a middle-button drag over it still pans
    const z0 = (await view(page)).z;
    await page.mouse.wheel(0, -120);
    await expect.poll(async () => (await view(page)).z).toBeGreaterThan(z0 * 1.05);
    await page.mouse.wheel(0, 120);
    await expect.poll(async () => Math.abs((await view(page)).z - z0)).toBeLessThan(z0 * 0.02);
    const t0 = await view(page);
    p = await toPage(page, workerCentre(g, 2).x, workerCentre(g, 2).y);
    await page.mouse.move(p.x, p.y);
    await expect(page.getByTestId('overview-proxy')).toHaveAttribute('data-id', `w${g}_2`);
    await page.mouse.down({ button: 'middle' });
    await page.mouse.move(p.x + 40, p.y, { steps: 4 });
    await page.mouse.move(p.x + 80, p.y, { steps: 4 });
    await page.mouse.up({ button: 'middle' });
    await expect.poll(async () => (await view(page)).tx - t0.tx).toBeGreaterThan(60);
    await expect(inspector).toContainText('2 nodes, 0 edges selected');
    p = await toPage(page, workerCentre(g, 2).x, workerCentre(g, 2).y);

    // drag moves both selected nodes, 150 flow units down, in one undo step
    const { z } = await view(page);
    await page.mouse.move(p.x, p.y);
    await page.mouse.down();
    // (few pointer moves: the history squashes a drag's moves only while they come within 1.5 s of each other)
    await page.mouse.move(p.x, p.y + (75 * z));
    await page.mouse.move(p.x, p.y + (150 * z));
    await page.mouse.up();
    const moved = await toPage(page, workerCentre(g, 0).x, workerCentre(g, 0).y + 150);
    await page.mouse.move(moved.x, moved.y);
    await expect(page.getByTestId('overview-proxy')).toHaveAttribute('data-id', `w${g}_0`);
    const old = await toPage(page, workerCentre(g, 0).x, workerCentre(g, 0).y);
    await page.mouse.move(old.x, old.y);
    await expect(page.getByTestId('overview-proxy')).toHaveCount(0);
    await page.keyboard.press('Control+z');
    await page.mouse.move(old.x + 1, old.y);
    await expect(page.getByTestId('overview-proxy')).toHaveAttribute('data-id', `w${g}_0`);

    // box select on the empty pane: the ten workers of that group and nothing else
    const from = await toPage(page, col * 2400 - 60, row * 600 + 340);
    const to = await toPage(page, col * 2400 + 9 * 230 + 260, row * 600 + 500);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 4 });
    await page.mouse.move(to.x, to.y, { steps: 4 });
    await page.mouse.up();
    await expect(inspector).toContainText('10 nodes, 0 edges selected');
    await shot(page, 'overview-1000-box-selected');

    // the minimap moves the view
    const before = await view(page);
    const mini = (await page.getByTestId('overview-minimap').boundingBox())!;
    await page.mouse.click(mini.x + mini.width * 0.85, mini.y + mini.height / 2);
    await expect.poll(async () => (await view(page)).tx).not.toBe(before.tx);

    // zooming in past the far-away zoom brings the real nodes back and removes the canvas
    await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
    for (let i = 0; i < 8; i++) await page.mouse.wheel(0, -120);
    await expect.poll(async () => (await view(page)).z).toBeGreaterThan(0.35);
    await expect(page.locator('.react-flow__node.sn, .react-flow__node .sn').first()).toBeVisible();
    await expect(canvas).toHaveCount(0);
  });

  test('run mode: a right click on a node of the overview opens its fault menu', async ({ page }) => {
    page.on('pageerror', (e) => console.log('page error:', e.message));
    await openFresh(page);
    await dropDesign(page, 1000);
    await expect(page.getByTestId('overview-canvas')).toHaveAttribute('data-overview-drawn', /^[1-9]/);
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
    for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -120);
    await expect.poll(async () => (await view(page)).z).toBeGreaterThan(0.1);
    await page.getByRole('button', { name: /^Run/ }).first().click();
    await page.getByTestId('run-play').click();
    await page.getByTestId('run-pause').click();
    const v = await view(page);
    const fx = (pane.x - v.left + pane.width / 2 - v.tx) / v.z;
    const fy = (pane.y - v.top + pane.height / 2 - v.ty) / v.z;
    const g = Math.max(0, Math.min(3, Math.round((fy - 200) / 600))) * 20 + Math.max(0, Math.min(19, Math.round((fx - 1000) / 2400)));
    const p = await toPage(page, workerCentre(g, 3).x, workerCentre(g, 3).y);
    await page.mouse.move(p.x, p.y);
    await expect(page.getByTestId('overview-proxy')).toHaveAttribute('data-id', `w${g}_3`);
    await page.mouse.click(p.x, p.y, { button: 'right' });
    await expect(page.getByTestId('run-menu')).toBeVisible();
    await expect(page.getByTestId('run-menu')).toContainText(`worker_${g}_3`);
    await shot(page, 'overview-1000-run-menu');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('run-menu')).toHaveCount(0);
  });

  test('export: PNG and SVG of the whole design while the overview draws it', async ({ page }) => {
    page.on('pageerror', (e) => console.log('page error:', e.message));
    await openFresh(page);
    await dropDesign(page, 1000);
    await expect(page.getByTestId('overview-canvas')).toHaveAttribute('data-overview-drawn', /^[1-9]/);
    await expect(page.locator('.react-flow__node')).toHaveCount(0);
    await page.getByRole('button', { name: 'Export…' }).click();
    const exp = page.getByRole('dialog', { name: 'Export' });
    await exp.getByText('Canvas as PNG').click();
    await expect(exp.getByRole('img', { name: 'The canvas as PNG' })).toBeVisible();
    await shot(page, 'overview-1000-export-png');
    const pngP = page.waitForEvent('download');
    await exp.getByRole('button', { name: /^Download .*\.png$/ }).click();
    const png = readFileSync((await (await pngP).path())!);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // IHDR: the design (20 groups of 2,400 px side by side, 4 rows) scaled into at most 4,096 px, wider than tall
    const w = png.readUInt32BE(16);
    const h = png.readUInt32BE(20);
    expect(w).toBe(4096);
    expect(h).toBeGreaterThan(100);
    expect(h).toBeLessThan(w);
    await exp.getByText('Canvas as SVG').click();
    const svgP = page.waitForEvent('download');
    await exp.getByRole('button', { name: /^Download .*\.svg$/ }).click();
    const svg = readFileSync((await (await svgP).path())!).toString('utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="4096"/);
    // every process drawn: a box and a kind stripe each, plus the background
    expect(svg.match(/<rect /g)?.length).toBe(2 * 1000 + 1);
    // 999 supervision edges in one path of 999 steps
    expect(svg.match(/V[-\d.]+H[-\d.]+V[-\d.]+/g)?.length).toBe(999);
  });

  test('auto-layout of 1,000 processes: one row per level in start order, undo puts the grid back', async ({ page }) => {
    page.on('pageerror', (e) => console.log('page error:', e.message));
    const workers: string[] = [];
    const warnings: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
    await openFresh(page);
    await dropDesign(page, 1000);
    const saved = async () => {
      await page.getByRole('button', { name: 'Export…' }).click();
      const exp = page.getByRole('dialog', { name: 'Export' });
      await exp.getByText('Design (.suptree)').click();
      const dl = page.waitForEvent('download');
      await exp.getByRole('button', { name: /^Download .*\.suptree$/ }).click();
      const doc = JSON.parse(readFileSync((await (await dl).path())!, 'utf8')) as { nodes: { id: string; position: { x: number; y: number } }[] };
      await exp.getByRole('button', { name: 'Close', exact: true }).last().click();
      await expect(exp).toHaveCount(0);
      return new Map(doc.nodes.map((n) => [n.id, n.position]));
    };
    const before = await saved();
    await page.getByRole('button', { name: 'Auto-layout' }).click();
    await expect.poll(async () => (await saved()).get('w0_0')!.y, { timeout: 30_000 }).not.toBe(before.get('w0_0')!.y);
    const after = await saved();
    // laid out in ELK's own worker (renderer/src/layout-engine.ts), not on the main thread
    expect(workers.some((u) => /elk-worker/.test(u))).toBe(true);
    expect(warnings.filter((w) => /Auto-layout worker failed/.test(w))).toEqual([]);
    const ys = (prefix: RegExp) => new Set([...after].filter(([id]) => prefix.test(id)).map(([, p]) => p.y));
    expect(ys(/^s\d+$/).size).toBe(1);
    expect(ys(/^w\d+_\d+$/).size).toBe(1);
    expect(after.get('root')!.y).toBeLessThan(after.get('s0')!.y);
    expect(after.get('s0')!.y).toBeLessThan(after.get('w0_0')!.y);
    // start order left to right: groups, and workers inside a group
    for (let g = 1; g < 90; g++) expect(after.get(`s${g}`)!.x).toBeGreaterThan(after.get(`s${g - 1}`)!.x);
    for (let i = 1; i < 10; i++) expect(after.get(`w7_${i}`)!.x).toBeGreaterThan(after.get(`w7_${i - 1}`)!.x);
    // the overview is still drawn, fitted to the new layout
    await expect(page.getByTestId('overview-canvas')).toHaveAttribute('data-overview-drawn', /^[1-9]/);
    await shot(page, 'overview-1000-auto-layout');
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await saved()).get('w0_0')!.y).toBe(before.get('w0_0')!.y);
  });
});
