import { expect, test, type Download } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { openFresh, shot } from './helpers';
import { ExportFileArgs, ExportFolderArgs } from '../electron/contract';

async function bytes(d: Download): Promise<Buffer> {
  return readFileSync((await d.path())!);
}

/**
 * The SVG renders outside a browser: rsvg (GNOME, Inkscape's import) and ImageMagick turn it into a PNG with a real
 * picture in it (many colours, not one flat background). .ci/run installs both.
 */
function renderedOutsideTheBrowser(svgPath: string) {
  for (const [tool, args] of [['rsvg-convert', [svgPath, '-o', `${svgPath}.rsvg.png`]], ['convert', [svgPath, `${svgPath}.im.png`]]] as const) {
    const r = spawnSync(tool, [...args], { encoding: 'utf8' });
    expect(r.error, `${tool} is not installed (apt-get install librsvg2-bin imagemagick)`).toBeUndefined();
    expect(r.status, `${tool}: ${r.stderr}`).toBe(0);
    const png = args[args.length - 1];
    const colours = Number(spawnSync('identify', ['-format', '%k', png], { encoding: 'utf8' }).stdout);
    expect(colours, `${tool} drew a flat picture`).toBeGreaterThan(20);
  }
}

test.describe('export dialog', () => {
  test('TypeScript project: preview, zip download; canvas as PNG and SVG', async ({ page }) => {
    await openFresh(page);
    await page.getByRole('button', { name: 'Templates…' }).click();
    const gallery = page.getByRole('dialog', { name: 'Templates' });
    const card = gallery.locator('.tpl-card', { hasText: 'ch9-one-for-all.suptree' });
    // the card's summary keeps identifiers whole and does not run the "## What it shows" heading into the text
    const lesson = card.locator('.tpl-lesson');
    await expect(lesson).toContainText('one_for_all');
    await expect(lesson).not.toContainText('What it shows');
    await card.click();
    await expect(gallery).toHaveCount(0);
    await expect(page.locator('.react-flow__node').first()).toBeVisible();
    await page.getByRole('button', { name: 'Export…' }).click();
    const exp = page.getByRole('dialog', { name: 'Export' });

    await exp.getByText('TypeScript project').click();
    const files = exp.getByRole('listbox', { name: 'Files' });
    // the project carries the runtime package (vendor/) and its tests; the first file shown is the root supervisor
    await expect(files.getByRole('option', { name: 'vendor/supervisor-studio-runtime/dist/index.js' })).toHaveCount(1);
    await expect(files.getByRole('option', { name: 'test/scenarios.test.ts' })).toHaveCount(1);
    await expect(files.getByRole('option', { name: 'src/supervisors/all_sup.ts' })).toHaveAttribute('aria-selected', 'true');
    const preview = exp.getByLabel('Preview');
    await expect(preview).toContainText('export function initAllSup(studio: Studio): SupervisorInit');
    await expect(preview).toContainText("strategy: 'one_for_all', maxRestarts: 3");
    await files.getByRole('option', { name: 'package.json', exact: true }).click();
    await expect(preview).toContainText('"@supervisor-studio/runtime": "file:vendor/supervisor-studio-runtime"');
    await files.getByRole('option', { name: 'src/supervisors/all_sup.ts' }).click();
    await shot(page, 'export-typescript');

    // Chromium has the File System Access API: the folder is offered next to the zip (the native picker itself
    // cannot be driven headless; saveToFolder is unit-tested against a fake directory handle)
    await expect(exp.getByRole('button', { name: 'Save to folder…' })).toBeVisible();
    const zipP = page.waitForEvent('download');
    await exp.getByRole('button', { name: /^Download .*-typescript\.zip$/ }).click();
    const zip = await zipP;
    expect(zip.suggestedFilename()).toMatch(/^[\w.-]+-typescript\.zip$/);
    const z = await bytes(zip);
    expect(z.length).toBeGreaterThan(1000);
    expect(z.subarray(0, 2).toString('latin1')).toBe('PK');
    // the entries are under the project folder, the supervisor module among them
    expect(z.toString('latin1')).toContain('-typescript/src/supervisors/all_sup.ts');
    expect(z.toString('latin1')).toContain('-typescript/vendor/supervisor-studio-runtime/dist/index.js');
    await expect(exp.getByRole('status')).toContainText('Downloaded');

    await exp.getByText('Canvas as PNG').click();
    await expect(exp.getByRole('img', { name: 'The canvas as PNG' })).toBeVisible();
    const pngP = page.waitForEvent('download');
    await exp.getByRole('button', { name: /^Download .*\.png$/ }).click();
    const png = await pngP;
    expect(png.suggestedFilename()).toMatch(/\.png$/);
    expect([...(await bytes(png)).subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    await shot(page, 'export-png');

    await exp.getByText('Canvas as SVG').click();
    await expect(exp.getByRole('img', { name: 'The canvas as SVG' })).toBeVisible();
    const svgP = page.waitForEvent('download');
    await exp.getByRole('button', { name: /^Download .*\.svg$/ }).click();
    const svg = await svgP;
    expect(svg.suggestedFilename()).toMatch(/\.svg$/);
    const text = (await bytes(svg)).toString('utf8');
    expect(text).toContain('<svg');
    expect(text).toMatch(/<text [^>]*>all_sup<\/text>/); // the node labels are real SVG text
    expect(text).not.toMatch(/foreignObject|<div|<span|class=|var\(--/); // no HTML, no CSS: it renders anywhere
    expect(text.length).toBeLessThan(100_000); // was 950 KB of HTML for a few nodes
    renderedOutsideTheBrowser((await svg.path())!);
  });

  test('dark theme: the SVG is drawn on the canvas background, not on white', async ({ page }) => {
    await openFresh(page, { colorScheme: 'dark' });
    await page.getByRole('button', { name: 'Templates…' }).click();
    await page.getByRole('dialog', { name: 'Templates' }).locator('.tpl-card', { hasText: 'ch9-rest-for-one.suptree' }).click();
    await expect(page.locator('.react-flow__node').first()).toBeVisible();
    await shot(page, 'export-dark-canvas');
    const bg = await page.locator('.react-flow').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(bg).not.toBe('rgb(255, 255, 255)');
    await page.getByRole('button', { name: 'Export…' }).click();
    const exp = page.getByRole('dialog', { name: 'Export' });
    await exp.getByText('Canvas as SVG').click();
    await expect(exp.getByRole('img', { name: 'The canvas as SVG' })).toBeVisible();
    await shot(page, 'export-svg-dark');
    const svgP = page.waitForEvent('download');
    await exp.getByRole('button', { name: /^Download .*\.svg$/ }).click();
    const file = await svgP;
    const text = (await bytes(file)).toString('utf8');
    // the first shape is the background: the canvas colour of the dark theme
    expect(/<rect [^>]*fill="([^"]+)"/.exec(text)?.[1]).toBe(bg);
    expect(text).toMatch(/<text [^>]*>rest_sup<\/text>/);
    // the edge order labels keep their theme colour, resolved (no CSS variables in the file)
    const labelFill = await page.locator('.edge-label-order').first().evaluate((el) => getComputedStyle(el).color);
    expect(text).toMatch(new RegExp(`<text [^>]*fill="${labelFill.replace(/[()]/g, '\\$&')}"[^>]*>1</text>`));
    expect(text).not.toContain('var(--');
    renderedOutsideTheBrowser((await file.path())!);
  });

  test('desktop build: projects, single files and images go through the host (a stand-in preload API)', async ({ page }) => {
    test.slow(); // many steps, two canvas renderings: over a minute on the loaded 2-core machine
    // The desktop host is chosen when the preload exposed `window.studioDesktop`; this stand-in records what the
    // dialog sends, and the real contract schemas check it below. e2e/electron.spec.ts does the same against the
    // real main process where the Electron binary exists.
    await page.addInitScript(() => {
      const calls: unknown[] = [];
      (window as unknown as { __calls: unknown[] }).__calls = calls;
      const api: Record<string, unknown> = {
        rendererReady: async () => ({ platform: 'linux', appVersion: '0.0.0', pendingOpens: [], recovered: [] }),
        listRecentFiles: async () => [],
        listRecovered: async () => [],
        saveExportToFolder: async (a: { folderName: string; files: unknown[] }) => {
          calls.push({ channel: 'folder', args: a });
          return { ok: true, folder: `/home/u/exports/${a.folderName}`, files: a.files.length, replaced: false };
        },
        saveExportFile: async (a: { suggestedName: string; content: string | Uint8Array }) => {
          const bytes = typeof a.content !== 'string';
          calls.push({ channel: 'file', args: { suggestedName: a.suggestedName, content: bytes ? [...(a.content as Uint8Array)] : a.content }, bytes });
          return { ok: true, path: `/home/u/${a.suggestedName}`, name: a.suggestedName };
        },
        onMenuCommand: () => () => undefined,
        onFileOpened: () => () => undefined,
        onCloseSaveRequested: () => () => undefined,
      };
      (window as unknown as { studioDesktop: unknown }).studioDesktop = new Proxy(api, { get: (t, k: string) => t[k] ?? (async () => undefined) });
    });
    await openFresh(page);
    await expect(page.getByRole('contentinfo', { name: 'Status bar' })).toContainText('Desktop');
    await page.getByRole('button', { name: 'Templates…' }).click();
    await page.getByRole('dialog', { name: 'Templates' }).locator('.tpl-card', { hasText: 'ch9-one-for-all.suptree' }).click();
    await expect(page.locator('.react-flow__node').first()).toBeVisible();
    await page.getByRole('button', { name: 'Export…' }).click();
    const exp = page.getByRole('dialog', { name: 'Export' });
    const calls = () => page.evaluate(() => (window as unknown as { __calls: { channel: string; args: Record<string, unknown>; bytes?: boolean }[] }).__calls);

    await exp.getByText('TypeScript project').click();
    // no browser download buttons on desktop
    await expect(exp.getByRole('button', { name: /^Download/ })).toHaveCount(0);
    await exp.getByRole('button', { name: 'Save to folder…' }).click();
    await expect(exp.getByRole('status')).toContainText(/^Wrote \d+ files in \/home\/u\/exports\/[\w.-]+-typescript\.$/);
    const [folder] = await calls();
    expect(folder.channel).toBe('folder');
    const args = ExportFolderArgs.parse(folder.args);
    expect(args.folderName).toMatch(/-typescript$/);
    expect(args.files.map((f) => f.path)).toContain('src/supervisors/all_sup.ts');
    expect(args.files.map((f) => f.path)).toContain('vendor/supervisor-studio-runtime/package.json');
    await shot(page, 'export-desktop-folder');

    await exp.getByRole('button', { name: 'Save as .zip…' }).click();
    await expect(exp.getByRole('status')).toContainText(/^Saved \/home\/u\/[\w.-]+-typescript\.zip\.$/);
    await exp.getByText('Design (.suptree)').click();
    await exp.getByRole('button', { name: /^Save .*\.suptree…$/ }).click();
    await expect(exp.getByRole('status')).toContainText(/\.suptree\.$/);
    await exp.getByText('Canvas as PNG').click();
    await expect(exp.getByRole('img', { name: 'The canvas as PNG' })).toBeVisible();
    await exp.getByRole('button', { name: /^Save .*\.png…$/ }).click();
    await expect(exp.getByRole('status')).toContainText(/\.png\.$/);
    await exp.getByText('Canvas as SVG').click();
    await expect(exp.getByRole('img', { name: 'The canvas as SVG' })).toBeVisible();
    await exp.getByRole('button', { name: /^Save .*\.svg…$/ }).click();
    await expect(exp.getByRole('status')).toContainText(/\.svg\.$/);

    const files = (await calls()).slice(1);
    expect(files.map((c) => [c.channel, String(c.args.suggestedName).replace(/^.*\./, ''), c.bytes])).toEqual([
      ['file', 'zip', true], ['file', 'suptree', false], ['file', 'png', true], ['file', 'svg', false],
    ]);
    for (const c of files) {
      const content = c.bytes ? Uint8Array.from(c.args.content as number[]) : c.args.content;
      expect(ExportFileArgs.safeParse({ ...c.args, content }).success, String(c.args.suggestedName)).toBe(true);
    }
    expect(String(files[3]!.args.content)).toContain('all_sup');
  });
});
