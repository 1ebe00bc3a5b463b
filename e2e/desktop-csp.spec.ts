// The renderer under the desktop app's response headers, without Electron: the browser build (same bundle) is
// served through the main process's own app:// handler (electron/main/protocol.ts) on a local HTTP port, so the
// Content-Security-Policy headers are exactly those the desktop app sends. The shell must boot, the kernel worker
// must start, nothing may violate the policy, and the page itself must not be able to evaluate strings.
import { expect, test } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveAppRequest } from '../electron/main/protocol';
import { contentSecurityPolicy, cspForUrl } from '../electron/main/security';
import { skipTour } from './helpers';

const webRoot = join(import.meta.dirname, '..', 'dist', 'web'); // built by the Playwright web server (npm run build:web)
let server: Server;
let origin: string;

test.beforeAll(async () => {
  expect(existsSync(join(webRoot, 'index.html')), 'dist/web is built by the Playwright webServer').toBe(true);
  server = createServer((req, res) => {
    void serveAppRequest(`app://studio${req.url ?? '/'}`, webRoot, cspForUrl, (p) => readFile(p)).then(async (r) => {
      res.writeHead(r.status, Object.fromEntries(r.headers));
      res.end(Buffer.from(await r.arrayBuffer()));
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
test.afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

test('the app boots under the desktop CSP headers with no violation, and the page cannot eval', async ({ page }) => {
  await skipTour(page);
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const response = await page.goto(`${origin}/index.html`);
  expect(response?.headers()['content-security-policy']).toBe(contentSecurityPolicy());
  await page.getByRole('toolbar', { name: 'Main toolbar' }).waitFor();
  await expect(page.getByTestId('kernel-status')).toHaveText(/Kernel ready/);

  // A string evaluated outside DevTools' own evaluation (which CSP does not restrict) must be refused.
  await page.evaluate(() => setTimeout(() => {
    const w = window as unknown as { __eval: string };
    try {
      new Function('return 1')();
      w.__eval = 'allowed';
    } catch {
      w.__eval = 'blocked';
    }
  }, 0));
  await expect.poll(() => page.evaluate(() => (window as unknown as { __eval?: string }).__eval)).toBe('blocked');
  const violations = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
  expect(violations.filter((v) => !v.startsWith('script-src eval') && !v.startsWith('script-src-elem eval') && !/ eval$/.test(v))).toEqual([]);
});

test('auto-layout runs in ELK\'s worker under the desktop CSP headers (no fallback to the main thread)', async ({ page }) => {
  await skipTour(page);
  const workers: string[] = [];
  const warnings: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  page.on('console', (m) => { if (m.type() === 'warning' || m.type() === 'error') warnings.push(m.text()); });
  await page.goto(`${origin}/index.html`);
  await page.getByRole('toolbar', { name: 'Main toolbar' }).waitFor();
  // opening a template lays it out first
  await page.getByRole('button', { name: 'Templates…' }).click();
  await page.getByRole('dialog', { name: 'Templates' }).locator('.tpl-card', { hasText: 'ch9-one-for-all.suptree' }).click();
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
  await page.getByRole('button', { name: 'Auto-layout' }).click();
  await expect.poll(() => workers.some((u) => /elk-worker/.test(u))).toBe(true);
  // the worker's script got a policy response and ran: a layout came back (no warning about the fallback)
  await page.waitForTimeout(500);
  expect(warnings.filter((w) => /Auto-layout worker failed|Refused to/.test(w))).toEqual([]);
});
