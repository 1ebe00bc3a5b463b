// Run on BEAM from the app (issue 17 item 2): a bridge started with --serve (attached to nothing), the app attached
// to it; "Run on BEAM" compiles the open template's Elixir export on a fresh local node and the canvas shows its real
// tree; "Sim vs OTP" runs one of the template's scenarios on the simulator and on real OTP (the bridge's compare) and
// shows both logs side by side. The bridge stops the node it started when it is stopped (afterAll).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { nodeCard, openFresh, SHOTS } from './helpers';

/** UPDATE_SCREENSHOTS=1 writes the tracked picture (docs/images), else artifacts/ (see live-beam.spec.ts). */
const IMAGES = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/images' : SHOTS;

const hasElixir = spawnSync('elixir', ['--version'], { stdio: 'ignore' }).status === 0;
let bridge: ChildProcess | undefined;
let bridgeText = '';

test.describe('Run on BEAM', () => {
  test.skip(!hasElixir, 'elixir is not installed (.ci/run installs it)');
  test.use({ viewport: { width: 1280, height: 800 } });

  test.beforeAll(async () => {
    bridge = spawn('node', ['cli/bin.mjs', 'bridge', '--serve'], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    bridgeText = await new Promise<string>((resolve, reject) => {
      let out = '';
      const t = setTimeout(() => reject(new Error(`the bridge did not start: ${out}`)), 30_000);
      bridge!.stdout!.setEncoding('utf8').on('data', (d: string) => { out += d; if (/ws:\/\/\S+token=\S+/.test(out)) { clearTimeout(t); resolve(out); } });
      bridge!.stderr!.setEncoding('utf8').on('data', (d: string) => { out += d; });
      bridge!.once('exit', (code) => { clearTimeout(t); reject(new Error(`the bridge exited (${code}): ${out}`)); });
    });
  });

  test.afterAll(async () => {
    if (bridge?.pid && bridge.exitCode === null) {
      try { process.kill(-bridge.pid, 'SIGINT'); } catch { /* gone */ }
      await new Promise((r) => { bridge!.once('exit', r); setTimeout(r, 15_000); });
      try { process.kill(-bridge.pid, 'SIGKILL'); } catch { /* gone */ }
    }
  });

  test('run the open design on a real node, then a scenario on the simulator and on OTP side by side', async ({ page }) => {
    test.setTimeout(240_000);
    await openFresh(page);
    await page.getByRole('button', { name: 'Templates…' }).click();
    const templates = page.getByRole('dialog', { name: 'Templates' });
    await templates.locator('.tpl-card', { hasText: /rest_for_one/ }).first().click();
    await expect(templates).toHaveCount(0);

    await page.getByRole('button', { name: 'Attach to a BEAM node…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Attach to a BEAM node' });
    await dialog.getByLabel('Bridge address').fill(bridgeText);
    await dialog.getByTestId('live-attach').click();
    await expect(dialog).toHaveCount(0);
    const bar = page.getByTestId('live-bar');
    await expect(bar).toContainText('no node yet');
    // no node yet: the canvas still shows the design
    await expect(nodeCard(page, 'rest_sup')).toBeVisible();
    await expect(page.locator('.live-badge')).toHaveCount(0);

    await bar.getByTestId('live-run').click();
    await expect(bar.getByTestId('live-node')).toHaveCount(1, { timeout: 180_000 });
    const badge = page.getByTestId('live-badge-b');
    await expect(badge).toHaveAttribute('data-pid', /^<\d+\.\d+\.\d+>$/, { timeout: 30_000 });
    await expect(nodeCard(page, 'rest_sup')).toContainText('rest_for_one');

    await bar.getByTestId('live-compare').click();
    const cmp = page.getByRole('dialog', { name: 'Simulator vs real OTP' });
    await expect(cmp.getByTestId('live-compare-error')).toContainText('Nothing to compare yet');
    await cmp.getByTestId('live-compare-source').selectOption('kill the middle child');
    await expect(cmp.getByTestId('live-compare-summary')).toContainText('scenario "kill the middle child"', { timeout: 180_000 });
    await expect(cmp.getByTestId('live-compare-summary')).toContainText('the simulator did exactly what OTP did');
    await expect(cmp.getByTestId('cmp-row-same').first()).toBeVisible();
    // axe: no serious or critical violation (the sim-vs-OTP dialog)
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).include('[role="dialog"]').analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(', ')}`)).toEqual([]);
    await page.screenshot({ path: `${IMAGES}/live-beam-scenario-compare.png` });
    await page.keyboard.press('Escape');

    // stop the node Run on BEAM started: the bridge removes it
    await bar.getByTestId('live-stop').click();
    await expect(bar.getByTestId('live-node')).toHaveCount(0, { timeout: 30_000 });
    await expect(bar).toContainText('no node yet');
    await expect(nodeCard(page, 'rest_sup')).toBeVisible(); // the canvas shows the design again
  });
});
