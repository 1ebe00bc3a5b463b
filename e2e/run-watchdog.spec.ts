// Run mode: a custom behaviour that never returns. A loop is caught by the behaviour's loop guard (the process
// crashes with an error naming the handler and is restarted); a catastrophic regular expression (no loop to guard)
// silences the run worker, the watchdog stops it after its budget and names the handler, the design is untouched
// and Run works again. Browser build, real mouse.
import { expect, test } from '@playwright/test';
import { design, sup, under, worker } from '../runtime/design/build';
import { openFresh, shot, nodeCard, runBadge, clickAt, sendMessage, uploadDesign, withoutFilePickers } from './helpers';

const SOURCE = [
  'export default {',
  '  init() { return { ok: 0 }; },',
  '  handleInfo(msg, n) {',
  "    if (msg === 'loop') { while (true) {} }",
  "    if (msg === 'regex') { /^(a+)+$/.test('a'.repeat(40) + 'b'); }",
  '    return { state: n + 1 };',
  '  },',
  '};',
].join('\n');

const doc = design(
  [sup('app', { maxRestarts: 10, position: { x: 0, y: 0 } }), worker('spin', 'spinner', { position: { x: -220, y: 220 } }), worker('other', 'counter', { position: { x: 220, y: 220 } })],
  under('app', 'spin', 'other'),
  { title: 'Watchdog e2e', customBehaviours: [{ id: 'spinner', source: SOURCE }] },
);

const node = nodeCard;
const badge = runBadge;
const click = clickAt;
const send = sendMessage;

test.describe('run mode: stuck handlers', () => {
  test.describe.configure({ timeout: 300_000 });
  test('loop guard, then the watchdog: the handler is named, the design is intact, Run works again', async ({ page }) => {
    await withoutFilePickers(page);
    await openFresh(page);
    await uploadDesign(page, 'watchdog.suptree', doc);
    await expect(page.getByTestId('node-count')).toHaveText('3 processes · 2 edges');

    await click(page, page.getByTestId('run-start'));
    await expect(badge(page, 'spin')).toContainText('running', { timeout: 90_000 });

    // 1. a loop: the guard stops it inside the process, which crashes (naming the handler and line) and is restarted
    await send(page, 'spin', '"loop"');
    await click(page, page.getByTestId('run-play')); // the run is paused at t = 0: let it take the message
    await expect(badge(page, 'spin')).toContainText('↻1', { timeout: 30_000 });
    await expect(badge(page, 'spin')).toContainText('g2');
    await page.getByRole('tab', { name: 'Event log' }).click();
    await page.getByPlaceholder('Search events…').fill('loop ran too long');
    await expect(page.locator('.run-log')).toContainText(/handleInfo \(line 4\): a loop ran too long/);
    await expect(page.getByTestId('run-message')).toHaveCount(0);
    await shot(page, 'run-watchdog-loop-guard');
    await expect(badge(page, 'spin')).toContainText('running');

    // 2. a catastrophic regular expression: no loop to guard; the worker goes silent and the watchdog ends it
    await send(page, 'spin', '"regex"');
    const message = page.getByTestId('run-message');
    await expect(message).toContainText('The run stopped answering', { timeout: 60_000 });
    await expect(message).toContainText('The handler that did not return: app/spin', { timeout: 60_000 });
    await expect(message).toContainText(':regex');
    await expect(message).toContainText('Your design is unchanged; press Run to start again.');
    await shot(page, 'run-watchdog-fired');

    // the design is intact, and a new run starts and runs
    await expect(page.getByTestId('node-count')).toHaveText('3 processes · 2 edges');
    await expect(node(page, 'spin')).toBeVisible();
    await click(page, page.getByTestId('run-start'));
    await expect(badge(page, 'other')).toContainText('running', { timeout: 90_000 });
    await expect(badge(page, 'spin')).toContainText('g1');
    await expect(message).toHaveCount(0);
    await send(page, 'other', '"ping"');
    await page.getByPlaceholder('Search events…').fill('');
    await expect(page.locator('.run-log')).toContainText('send app/other :ping');
    await shot(page, 'run-watchdog-run-again');
  });
});
