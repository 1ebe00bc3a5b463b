// The desktop app through Playwright's `_electron.launch`, each test with a fresh user-data folder. Runs wherever
// the Electron binary is installed (the release workflow on Linux, macOS and Windows); elsewhere every test is
// skipped with the reason. Build first: `npx electron-vite build` (the spec builds if out/ is missing).
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findElectronBinary, MISSING_BINARY_REASON } from '../scripts/electron-binary.mjs';
import type { StudioDesktopApi } from '../electron/contract';

const root = join(import.meta.dirname, '..');
const binary = findElectronBinary();
const SHOTS = join(root, 'artifacts', 'screenshots');

test.skip(!('path' in binary), `Electron binary not installed: ${MISSING_BINARY_REASON}`);
test.describe.configure({ mode: 'serial' });

declare global {
  interface Window {
    studioDesktop: StudioDesktopApi;
    __menuCommands?: string[];
  }
}

let profile: string;
let app: ElectronApplication | undefined;

test.beforeAll(() => {
  if (!existsSync(join(root, 'out/main/index.js'))) execSync('npx electron-vite build', { cwd: root, stdio: 'inherit' });
  mkdirSync(SHOTS, { recursive: true });
});
test.beforeEach(() => { profile = mkdtempSync(join(tmpdir(), 'studio-e2e-')); });
test.afterEach(async () => {
  await app?.close().catch(() => undefined);
  app = undefined;
  rmSync(profile, { recursive: true, force: true });
});

async function launch(...extraArgs: string[]): Promise<{ app: ElectronApplication; page: Page }> {
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && e[0] !== 'ELECTRON_RUN_AS_NODE'));
  // Chromium refuses to run as root with its OS sandbox (CI containers); `sandbox: true` still isolates the page.
  const rootArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  app = await electron.launch({ args: [...rootArgs, root, `--user-data-dir=${profile}`, ...extraArgs], env, cwd: root });
  const page = await app.firstWindow();
  await page.getByRole('toolbar', { name: 'Main toolbar' }).waitFor();
  // a fresh profile is a first launch: the first-run tour (renderer/tour) is up; Esc dismisses it for this profile
  if (await page.getByTestId('tour').count()) await page.keyboard.press('Escape');
  return { app, page };
}

test('opens one secure window with the app shell', async () => {
  const { app, page } = await launch();
  await expect(page.getByRole('contentinfo', { name: 'Status bar' })).toContainText('Desktop');
  expect(page.url()).toBe('app://studio/index.html');
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  // The web preferences themselves are unit-tested (electron/main/security.test.ts); here, their effect:
  // no Node in the page, and the preload exposes named methods only.
  const surface = await page.evaluate(() => ({
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
    api: Object.keys(window.studioDesktop).sort(),
  }));
  expect(surface.require).toBe('undefined');
  expect(surface.process).toBe('undefined');
  expect(surface.api).toContain('saveDocument');
  expect(surface.api).not.toContain('invoke');
  // The CSP comes as a response header.
  const csp = await page.evaluate(() => fetch('app://studio/index.html').then((r) => r.headers.get('content-security-policy')));
  expect(csp).toContain("script-src 'self'");
  await page.screenshot({ path: join(SHOTS, 'electron-shell.png') });
});

test('menu commands reach the renderer through the contract', async () => {
  const { app, page } = await launch();
  await page.evaluate(() => {
    window.__menuCommands = [];
    window.studioDesktop.onMenuCommand((c) => window.__menuCommands!.push(c));
  });
  const before = await page.evaluate(() => document.documentElement.dataset.theme);
  await app.evaluate(({ Menu }) => Menu.getApplicationMenu()!.getMenuItemById('toggleTheme')!.click());
  await expect.poll(() => page.evaluate(() => window.__menuCommands)).toEqual(['toggleTheme']);
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).not.toBe(before);
});

test('navigation, new windows and bad IPC are refused', async () => {
  const { app, page } = await launch();
  await page.evaluate(() => { location.href = 'https://example.com/'; });
  await page.waitForTimeout(500);
  expect(page.url()).toBe('app://studio/index.html');
  // An https window.open asks before handing the link to the system browser: answer Cancel.
  await app.evaluate(({ dialog }) => {
    dialog.showMessageBox = (async () => ({ response: 1, checkboxChecked: false })) as typeof dialog.showMessageBox;
  });
  expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  const refused = await page.evaluate(() => window.studioDesktop.readDocument({ path: '' }).then(() => 'accepted', (e: Error) => e.message));
  expect(refused).toMatch(/^Request refused: invalid argument/);
  const notChosen = await page.evaluate(() => window.studioDesktop.saveDocument({ path: '/tmp/elsewhere.suptree', content: '{}' }).then(() => 'accepted', (e: Error) => e.message));
  expect(notChosen).toMatch(/use Save As/);
});

test('save as, autosave, crash, recovery on the next launch', async () => {
  const target = join(profile, 'saved.suptree');
  const { app, page } = await launch();
  await app.evaluate(({ dialog }, path) => {
    dialog.showSaveDialog = (async () => ({ canceled: false, filePath: path })) as typeof dialog.showSaveDialog;
  }, target);
  const saved = await page.evaluate(() => window.studioDesktop.saveDocumentAs({ content: '{"format":"supervisor-studio","version":1}' }));
  expect(saved).toMatchObject({ ok: true, path: target });
  expect(readFileSync(target, 'utf8')).toBe('{"format":"supervisor-studio","version":1}');
  await page.evaluate((path) => window.studioDesktop.writeAutosave({ docId: 'e2e-doc', path, title: 'saved.suptree', content: '{"unsaved":1}' }), target);
  app.process().kill('SIGKILL'); // a crash: nothing is cleaned up
  await app.waitForEvent('close').catch(() => undefined);

  const next = await launch();
  const recovered = await next.page.evaluate(() => window.studioDesktop.listRecovered());
  expect(recovered.map((r) => r.docId)).toContain('e2e-doc');
  const restored = await next.page.evaluate(() => window.studioDesktop.restoreRecovered({ docId: 'e2e-doc' }));
  expect(restored.content).toBe('{"unsaved":1}');
});

test('a .suptree argument is opened and added to recent files', async () => {
  const doc = join(profile, 'given.suptree');
  writeFileSync(doc, '{"format":"supervisor-studio","version":1}');
  const { page } = await launch(doc);
  await expect.poll(() => page.evaluate(() => window.studioDesktop.listRecentFiles().then((l) => l.map((f) => f.name)))).toContain('given.suptree');
});

test('closing with unsaved changes asks: Cancel keeps the window, "Don\'t Save" closes', async () => {
  const { app, page } = await launch();
  await page.evaluate(() => window.studioDesktop.setDocumentState({ title: 'Untitled', dirty: true, path: null }));
  // Stand-in for the native prompt: answers Cancel (2) first, then Don't Save (1); counts the questions.
  await app.evaluate(({ dialog }) => {
    const state = globalThis as { __asked?: number };
    state.__asked = 0;
    dialog.showMessageBox = (async () => {
      state.__asked! += 1;
      return { response: state.__asked === 1 ? 2 : 1, checkboxChecked: false };
    }) as typeof dialog.showMessageBox;
  });
  await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0].close());
  await expect.poll(() => app.evaluate(() => (globalThis as { __asked?: number }).__asked)).toBe(1);
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);

  const closed = app.waitForEvent('close');
  await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0].close());
  await closed; // the second answer, Don't Save, let the window close and the app quit
});

test('export: a TypeScript project saved to a folder through the native picker, a PNG through the save dialog', async () => {
  const { app, page } = await launch();
  const parent = join(profile, 'exports');
  mkdirSync(parent);
  const png = join(profile, 'tree.png');
  await app.evaluate(({ dialog }, paths) => {
    dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [paths.parent] })) as typeof dialog.showOpenDialog;
    dialog.showSaveDialog = (async () => ({ canceled: false, filePath: paths.png })) as typeof dialog.showSaveDialog;
  }, { parent, png });
  await page.getByRole('button', { name: 'Templates…' }).click();
  await page.getByRole('dialog', { name: 'Templates' }).locator('.tpl-card', { hasText: 'ch9-one-for-all.suptree' }).click();
  await page.getByRole('button', { name: 'Export…' }).click();
  const exp = page.getByRole('dialog', { name: 'Export' });
  await exp.getByText('TypeScript project').click();
  await exp.getByRole('button', { name: 'Save to folder…' }).click();
  await expect(exp.getByRole('status')).toContainText(/Wrote \d+ files in .*-typescript\./);
  const [folder] = readdirSync(parent);
  expect(folder).toMatch(/-typescript$/);
  expect(readFileSync(join(parent, folder, 'src/supervisors/all_sup.ts'), 'utf8')).toContain("strategy: 'one_for_all'");

  await exp.getByText('Canvas as PNG').click();
  await exp.getByRole('button', { name: /^Save .*\.png…$/ }).click();
  await expect(exp.getByRole('status')).toContainText(`Saved ${png}.`);
  expect([...readFileSync(png).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  await page.screenshot({ path: join(SHOTS, 'electron-export.png') });
});
