// Live BEAM on a two-node cluster (issue 17 item 4), from the browser with the mouse: node a runs worker_a, node b a
// worker linked to worker_a across the nodes. One bridge attached to both: both nodes' trees drawn side by side and
// labelled, fault injection unlocked per node, a kill on a shows on b (the linked worker dies of it and is restarted
// there), b going down shows as such. Every node and bridge started here is stopped in afterAll.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { NODE_A, NODE_B, startUntil, stopGroup } from '../bridge/cluster.test-support';
import { clickAt, nodeCard, openFresh, SHOTS } from './helpers';

/** UPDATE_SCREENSHOTS=1 writes the tracked picture (docs/images), else artifacts/ (see live-beam.spec.ts). */
const IMAGES = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/images' : SHOTS;

const hasElixir = spawnSync('elixir', ['--version'], { stdio: 'ignore' }).status === 0;
const COOKIE = `c${randomBytes(8).toString('hex')}`;
const tag = randomBytes(3).toString('hex');

const started: ChildProcess[] = [];
const start = (cmd: string, args: string[], ready: RegExp, what: string) => startUntil(started, cmd, args, ready, what);
const stop = stopGroup;
const pidOf = async (page: Page, name: string) => (await page.getByTestId(`live-badge-${name}`).getAttribute('data-pid')) ?? '';

let a = '', b = '', bridgeText = '';
let nodeB: ChildProcess | undefined, bridge: ChildProcess | undefined;

test.describe('Live BEAM cluster', () => {
  test.skip(!hasElixir, 'elixir is not installed (.ci/run installs it)');
  test.use({ viewport: { width: 1280, height: 800 } });

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    a = /READY (\S+)/.exec((await start('elixir', ['--sname', `clu_a_${tag}`, '--cookie', COOKIE, '-e', NODE_A], /READY \S+/, 'node a')).out)![1];
    const rb = await start('elixir', ['--sname', `clu_b_${tag}`, '--cookie', COOKIE, '-e', NODE_B(a)], /READY \S+/, 'node b');
    nodeB = rb.p;
    b = /READY (\S+)/.exec(rb.out)![1];
    const br = await start('node', ['cli/bin.mjs', 'bridge', '--node', a, '--node', b, '--cookie', COOKIE], /ws:\/\/127\.0\.0\.1:\d+\/\?token=\S+/, 'the bridge');
    bridge = br.p;
    bridgeText = br.out;
  });

  test.afterAll(async () => {
    stop(bridge, 'SIGINT');
    if (bridge && bridge.exitCode === null) await new Promise((r) => { bridge!.once('exit', r); setTimeout(r, 8000); });
    for (const p of started) stop(p, 'SIGKILL');
  });

  test('both nodes side by side; a kill on a restarts the linked worker on b; b going down shows', async ({ page }) => {
    test.setTimeout(120_000);
    await openFresh(page, { colorScheme: 'dark' }); // (the single-node spec runs in the light theme)
    await page.getByRole('button', { name: 'Attach to a BEAM node…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Attach to a BEAM node' });
    await dialog.getByLabel('Bridge address').fill(bridgeText);
    await dialog.getByTestId('live-attach').click();
    await expect(dialog).toHaveCount(0);

    const bar = page.getByTestId('live-bar');
    await expect(bar.getByTestId('live-node')).toHaveText([a, b]);
    await expect(page.locator('.sn-note', { hasText: `node ${a}` })).toBeVisible();
    await expect(page.locator('.sn-note', { hasText: `node ${b}` })).toBeVisible();
    for (const n of ['sup_a', 'worker_a', 'sup_b', 'linker']) await expect(nodeCard(page, n)).toBeVisible();
    // the two trees side by side, each under its node's label
    // (polled: the view may still be fitting itself to the second node's tree)
    await expect.poll(async () => {
      const boxA = (await nodeCard(page, 'sup_a').boundingBox())!, boxB = (await nodeCard(page, 'sup_b').boundingBox())!;
      return Math.abs(boxA.y - boxB.y) < 5 && boxB.x > boxA.x + boxA.width;
    }).toBe(true);
    const [w0, l0] = [await pidOf(page, 'worker_a'), await pidOf(page, 'linker')];

    // unlocking a leaves b read-only
    await clickAt(page, nodeCard(page, 'worker_a'), 'right');
    const menu = page.getByTestId('live-menu');
    await menu.getByTestId('live-menu-unlock').click();
    await expect(bar.locator(`[data-node="${a}"]`).getByTestId('live-lock')).toHaveText('faults unlocked');
    await expect(bar.locator(`[data-node="${b}"]`).getByTestId('live-lock')).toHaveText('read-only');
    await clickAt(page, nodeCard(page, 'linker'), 'right');
    await expect(menu.getByTestId('live-fault-kill')).toBeDisabled();
    await expect(menu.getByTestId('live-menu-unlock')).toContainText(b);
    await page.keyboard.press('Escape');

    // kill worker_a on a: the linked worker on b dies of it and b's supervisor restarts it
    await clickAt(page, nodeCard(page, 'worker_a'), 'right');
    await menu.getByTestId('live-fault-kill').click();
    await page.getByRole('dialog', { name: `Kill a process on ${a}?` }).getByTestId('live-confirm').click();
    await expect.poll(() => pidOf(page, 'worker_a'), { timeout: 20_000 }).not.toBe(w0);
    await expect.poll(() => pidOf(page, 'linker'), { timeout: 20_000 }).not.toBe(l0);
    // the inspector shows the link across the nodes (the new linker is linked to the new worker_a on a)
    await nodeCard(page, 'linker').click();
    await expect(page.getByTestId('live-insp-remote-links')).toContainText(`on ${a}`);
    await page.getByRole('tab', { name: /Event log/ }).click();
    const log = page.getByTestId('live-event-log');
    await expect(log).toContainText(`exit ${l0} (SupB/Linker) :killed`);
    await expect(log).toContainText(`restart SupB/Linker: ${l0} →`);
    await page.screenshot({ path: `${IMAGES}/live-beam-cluster.png` });
    // axe in the dark theme: the bar with two nodes, the labels, the badges, the live event log
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(', ')}`)).toEqual([]);

    // b goes down
    stop(nodeB, 'SIGKILL');
    await expect(bar.locator(`[data-node="${b}"]`).getByTestId('live-lock')).toHaveText('down', { timeout: 30_000 });
    await expect(bar.getByTestId('live-message')).toContainText(`${b} went down`);
    await expect(bar.locator(`[data-node="${a}"]`).getByTestId('live-lock')).toHaveText('faults unlocked');
  });
});
