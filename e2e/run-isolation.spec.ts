// The run worker is isolated from the app (issue 15 items 3, 4): a design's custom code runs in a worker inside a
// sandboxed, opaque-origin frame with connect-src 'none'. It cannot open the app's IndexedDB (autosaves) or send a
// request anywhere; and one huge built-in call that makes the engine abort ('x'.repeat(2**29-24).split('')) ends the
// frame, not the page: the run fails with a message, the design stays and can be edited. Browser build, real mouse.
import { expect, test, type Page } from '@playwright/test';
import { design, sup, under, worker } from '../runtime/design/build';
import { openFresh, shot, runBadge, clickAt, sendMessage, uploadDesign, withoutFilePickers } from './helpers';

const SOURCE = [
  'let probe = "not run";',
  'export default {',
  '  init() { return { ok: 0 }; },',
  '  handleInfo(msg, n) {',
  "    if (msg === 'probe') {",
  '      const out = [];',
  "      try { indexedDB.open('supervisor-studio'); out.push('idb=open'); } catch (e) { out.push('idb=' + e.name); }",
  "      try { out.push('ls=' + typeof localStorage + (typeof localStorage === 'object' ? ':' + localStorage.length : '')); } catch (e) { out.push('ls=' + e.name); }",
  "      try { out.push('cookie=' + typeof document); } catch (e) { out.push('cookie=' + e.name); }",
  "      out.push('origin=' + self.origin);",
  "      probe = out.join(' ') + ' fetch=pending';",
  "      const base = out.join(' ');",
  "      fetch('http://127.0.0.1:' + PORT + '/exfil-probe?x=1').then(() => { probe = base + ' fetch=SENT'; }, (e) => { probe = base + ' fetch=' + e.name; });",
  "      try { new XMLHttpRequest(); } catch (e) {}",
  '    }',
  "    if (msg === 'report') throw new Error('PROBE ' + probe);",
  "    if (msg === 'huge') { const parts = 'x'.repeat(2 ** 29 - 24).split(''); return { state: parts.length }; }",
  '    return { state: n + 1 };',
  '  },',
  '};',
].join('\n');

const PORT = Number(process.env.E2E_PORT ?? 4173);
const doc = design(
  [sup('app', { maxRestarts: 10, position: { x: 0, y: 0 } }), worker('spy', 'spy', { position: { x: -220, y: 220 } }), worker('other', 'counter', { position: { x: 220, y: 220 } })],
  under('app', 'spy', 'other'),
  { title: 'Isolation e2e', customBehaviours: [{ id: 'spy', source: SOURCE.replace('PORT', String(PORT)) }] },
);

const badge = runBadge;
const click = clickAt;
const send = sendMessage;

async function openDesign(page: Page) {
  await withoutFilePickers(page);
  await openFresh(page);
  await uploadDesign(page, 'isolation.suptree', doc);
  await expect(page.getByTestId('node-count')).toHaveText('3 processes · 2 edges');
}

test.describe('run mode: custom code is isolated from the app', () => {
  test.describe.configure({ timeout: 300_000 });

  test('custom code cannot reach the app\'s storage or the network', async ({ page }) => {
    const requests: string[] = [];
    page.context().on('request', (r) => requests.push(r.url()));
    await openDesign(page);
    // the app's own storage has something to steal
    await page.evaluate(() => localStorage.setItem('secret', 'autosave'));
    await click(page, page.getByTestId('run-start'));
    await expect(badge(page, 'spy')).toContainText('running', { timeout: 90_000 });
    await send(page, 'spy', '"probe"');
    await click(page, page.getByTestId('run-play'));
    await page.waitForTimeout(1000); // let the refused fetch settle
    await send(page, 'spy', '"report"');
    await page.getByRole('tab', { name: 'Event log' }).click();
    await page.getByTestId('log-raw').check(); // the whole terms, not the shortened plain-language rows
    await page.getByPlaceholder('Search events…').fill('PROBE');
    const log = page.locator('.run-log');
    await expect(log).toContainText('PROBE', { timeout: 30_000 });
    const text = (await log.textContent())!;
    expect(text).toMatch(/idb=SecurityError/);
    expect(text).toMatch(/ls=undefined/);
    expect(text).toMatch(/origin=null/);
    expect(text).toMatch(/fetch=TypeError/);
    expect(text).not.toMatch(/fetch=SENT|idb=open/);
    expect(requests.filter((u) => u.includes('exfil-probe'))).toEqual([]);
    await shot(page, 'run-isolation-probe');
  });

  test('a huge built-in call ends the run, not the page: a message, the design stays and can be edited', async ({ page }) => {
    await openDesign(page);
    await click(page, page.getByTestId('run-start'));
    await expect(badge(page, 'spy')).toContainText('running', { timeout: 90_000 });
    await page.evaluate(() => ((window as unknown as { __alive: number }).__alive = 42)); // a reload would lose this
    // Playwright marks the whole page crashed when any of its frames' processes dies (even an out-of-process
    // frame's), and then refuses every call: so the page is watched through a DevTools session of its own
    const cdp = await page.context().newCDPSession(page);
    const targets = (await cdp.send('Target.getTargets')).targetInfos;
    expect(targets.filter((t) => t.type === 'iframe' && t.url.endsWith('/sandbox.html')).length).toBeGreaterThan(0); // own processes
    const inPage = async <T>(expression: string): Promise<T> =>
      ((await cdp.send('Runtime.evaluate', { expression, returnByValue: true })) as { result: { value: T } }).result.value;
    await send(page, 'spy', '"huge"');
    await click(page, page.getByTestId('run-play'));
    await expect.poll(() => inPage<string | null>(`document.querySelector('[data-testid="run-message"]')?.textContent ?? null`), { timeout: 120_000 })
      .toMatch(/stopped answering|crashed|failed|stopped/i);
    expect(await inPage<number>('window.__alive')).toBe(42); // the same page: not reloaded
    expect(await inPage<string>(`document.querySelector('[data-testid="node-count"]').textContent`)).toBe('3 processes · 2 edges');
    const { data } = (await cdp.send('Page.captureScreenshot', { format: 'png' })) as { data: string };
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync('artifacts/screenshots', { recursive: true });
    writeFileSync('artifacts/screenshots/run-isolation-huge-call.png', Buffer.from(data, 'base64'));
    // the page still answers and the run can start again (the message's own Run button / the toolbar)
    await inPage(`document.querySelector('[data-testid="run-start"]')?.click()`);
    await expect.poll(() => inPage<string>(`document.querySelector('[data-testid="node-other"] .run-badge')?.textContent ?? ''`), { timeout: 90_000 }).toMatch(/running/);
  });
});
