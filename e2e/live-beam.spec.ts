// Live BEAM end to end (issue 17): one of the templates exported to Elixir by the CLI runs on a real named node; the
// CLI bridge attaches to it; the browser build attaches to the bridge with the mouse, unlocks fault injection, kills a
// worker from the canvas (confirmed once per session), sees the real restart (new pids) in the canvas and the
// timeline, scrubs back, compares the session with the simulator, imports the tree as a design and compares it with
// the template it came from. Every node and bridge started here is stopped in afterAll.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { parse } from '../runtime/design/parse';
import { clickAt, nodeCard, openFresh, SHOTS } from './helpers';

const hasElixir = spawnSync('elixir', ['--version'], { stdio: 'ignore' }).status === 0;
const TEMPLATE = 'templates/ch9-rest-for-one.suptree';
const APP = 'live_demo';
const COOKIE = `c${randomBytes(8).toString('hex')}`;
/** With UPDATE_SCREENSHOTS=1 the pictures go to docs/images (tracked: look at them first), else to artifacts/ (a run
 *  never rewrites tracked files), as e2e/readme-screenshots.spec.ts does. */
const IMAGES = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/images' : SHOTS;

let dir = '';
let target: ChildProcess | undefined;
let bridge: ChildProcess | undefined;
let targetNode = '';
let bridgeText = '';

/** Lines a child prints until `re` matches (or it exits / `ms` pass). */
function waitFor(p: ChildProcess, re: RegExp, what: string, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error(`${what} did not start within ${ms} ms: ${out}`)), ms);
    const on = (d: Buffer) => {
      out += d.toString();
      if (re.test(out)) { clearTimeout(t); resolve(out); }
    };
    p.stdout!.on('data', on);
    p.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
    p.once('exit', (code) => { clearTimeout(t); reject(new Error(`${what} exited (${code}): ${out}`)); });
  });
}

const stopGroup = (p: ChildProcess | undefined, signal: NodeJS.Signals) => {
  if (p?.pid && p.exitCode === null && p.signalCode === null) {
    try { process.kill(-p.pid, signal); } catch { /* gone */ }
  }
};

const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const port = (s.address() as { port: number }).port;
    s.close(() => resolve(port));
  });
});

const badge = (page: Page, name: string) => page.getByTestId(`live-badge-${name}`);
const pidOf = async (page: Page, name: string) => (await badge(page, name).getAttribute('data-pid')) ?? '';

test.describe('Live BEAM', () => {
  test.skip(!hasElixir, 'elixir is not installed (.ci/run installs it)');
  test.use({ viewport: { width: 1280, height: 800 } });
  test.setTimeout(240_000);

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    dir = mkdtempSync(join(tmpdir(), 'live-beam-'));
    const exp = spawnSync('node', ['cli/bin.mjs', 'export', TEMPLATE, '--lang', 'elixir', '--out', join(dir, 'app'), '--name', APP], { encoding: 'utf8' });
    if (exp.status !== 0) throw new Error(`export failed: ${exp.stderr}`);
    const sname = `${APP}_${randomBytes(3).toString('hex')}`;
    target = spawn('elixir', ['--sname', sname, '--cookie', COOKIE, '-S', 'mix', 'run', '--no-halt', '-e', 'IO.puts("READY #{node()}")'],
      { cwd: join(dir, 'app'), detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MIX_ENV: 'dev' } });
    targetNode = /READY (\S+)/.exec(await waitFor(target, /READY \S+/, 'the exported app', 180_000))![1];
    bridge = spawn('node', ['cli/bin.mjs', 'bridge', '--node', targetNode, '--cookie', COOKIE], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    bridgeText = await waitFor(bridge, /ws:\/\/127\.0\.0\.1:\d+\/\?token=\S+/, 'the bridge', 60_000);
  });

  test.afterAll(async () => {
    // Ctrl-C detaches the bridge cleanly (agent removed); then the node
    stopGroup(bridge, 'SIGINT');
    if (bridge && bridge.exitCode === null) await new Promise((r) => { bridge!.once('exit', r); setTimeout(r, 8000); });
    stopGroup(bridge, 'SIGKILL');
    stopGroup(target, 'SIGKILL');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('attach, unlock, kill from the canvas, see the real restart, scrub back, compare, import', async ({ page }) => {
    await openFresh(page);
    const url = /ws:\/\/\S+/.exec(bridgeText)![0];
    const port = Number(new URL(url).port);

    // the attach dialog: a wrong token and a bridge that is not running get their own clear errors
    await page.getByRole('button', { name: 'Attach to a BEAM node…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Attach to a BEAM node' });
    const address = dialog.getByLabel('Bridge address');
    await address.fill(`ws://127.0.0.1:${port}/?token=not-the-token`);
    await dialog.getByTestId('live-attach').click();
    await expect(dialog.getByRole('alert')).toContainText('refused the token (HTTP 401)');
    await address.fill(`ws://127.0.0.1:${await freePort()}/?token=x`);
    await dialog.getByTestId('live-attach').click();
    await expect(dialog.getByRole('alert')).toContainText('No bridge is running');
    // the whole output of the bridge, as copied from the terminal
    await address.fill(bridgeText.trim());
    await dialog.getByTestId('live-attach').click();
    await expect(dialog).toHaveCount(0);

    const bar = page.getByTestId('live-bar');
    await expect(bar.getByTestId('live-node')).toHaveText(targetNode);
    await expect(bar.getByTestId('live-lock')).toHaveText('read-only');
    // the template's tree, drawn from the real node: strategy and intensity read from the live supervisor
    const parsed = parse(readFileSync(TEMPLATE, 'utf8'));
    if (!parsed.ok) throw new Error(`${TEMPLATE} does not parse`);
    const design = parsed.doc;
    for (const n of design.nodes.filter((x) => x.kind !== 'note')) await expect(nodeCard(page, n.name)).toBeVisible();
    // the status bar counts what the canvas shows: the live tree, not the (empty) design behind it
    await expect(page.getByTestId('node-count')).toHaveText(`live tree: ${design.nodes.filter((x) => x.kind !== 'note').length} processes`);
    await expect(nodeCard(page, 'rest_sup')).toContainText('rest_for_one');
    const [a0, b0, c0] = [await pidOf(page, 'a'), await pidOf(page, 'b'), await pidOf(page, 'c')];
    expect([a0, b0, c0].every((p) => /^<\d+\.\d+\.\d+>$/.test(p))).toBe(true);

    // read-only: the fault menu offers only the unlock
    await clickAt(page, nodeCard(page, 'b'), 'right');
    const menu = page.getByTestId('live-menu');
    await expect(menu).toBeVisible();
    await expect(menu.getByTestId('live-fault-kill')).toBeDisabled();
    await menu.getByTestId('live-menu-unlock').click();
    await expect(bar.getByTestId('live-lock')).toHaveText('faults unlocked');

    // kill b: asked once, then the real rest_for_one restart: b and c get new pids, a keeps its own
    await clickAt(page, nodeCard(page, 'b'), 'right');
    await menu.getByTestId('live-fault-kill').click();
    const confirm = page.getByRole('dialog', { name: /Kill a process on/ });
    await expect(confirm).toContainText(b0);
    await confirm.getByTestId('live-confirm').click();
    await expect.poll(() => pidOf(page, 'b'), { timeout: 20_000 }).not.toBe(b0);
    await expect.poll(() => pidOf(page, 'c'), { timeout: 20_000 }).not.toBe(c0);
    expect(await pidOf(page, 'a')).toBe(a0);
    const b1 = await pidOf(page, 'b');
    await expect(badge(page, 'b')).toContainText('↻1');
    await expect(page.getByTestId('live-timeline').getByTestId('live-mark-restart')).not.toHaveCount(0);
    await page.getByRole('tab', { name: /Event log/ }).click();
    await expect(page.getByTestId('live-event-log')).toContainText(`kill ${b0} (${APP}/b)`);
    await expect(page.getByTestId('live-event-log')).toContainText(`restart ${APP}/b: ${b0} → ${b1}`);
    await page.getByRole('tab', { name: /Timeline/ }).click();

    // a second kill (a: everything after it restarts too) is not asked again
    await clickAt(page, nodeCard(page, 'a'), 'right');
    await menu.getByTestId('live-fault-kill').click();
    await expect.poll(() => pidOf(page, 'a'), { timeout: 20_000 }).not.toBe(a0);
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect.poll(() => pidOf(page, 'b'), { timeout: 20_000 }).not.toBe(b1);
    // a call to a real worker (the echo worker replies with the request)
    await clickAt(page, nodeCard(page, 'a'), 'right');
    await menu.getByTestId('live-fault-call').click();
    await menu.getByTestId('live-term').fill('{:hello, 42}');
    await menu.getByTestId('live-term-go').click();
    await expect(bar.getByTestId('live-message')).toContainText(`call ${await pidOf(page, 'a')} (${APP}/a) {:hello, 42} → {:hello, 42}`);

    await page.getByRole('tab', { name: /Event log/ }).click();
    await clickAt(page, nodeCard(page, 'c'), 'right');
    await expect(menu).toBeVisible();
    // the inspector shows the right-clicked real process
    const inspector = page.getByTestId('live-inspector');
    await expect(inspector).toContainText(`${APP}/c`);
    await expect(inspector).toContainText(await pidOf(page, 'c'));
    await expect(inspector).toContainText('trap_exit');
    // axe: no serious or critical violation (the live tree, the bar, the fault menu, the inspector and the live event log)
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(', ')}`)).toEqual([]);
    mkdirSync(IMAGES, { recursive: true });
    await page.screenshot({ path: `${IMAGES}/live-beam-under-attack.png` });
    await page.keyboard.press('Escape');
    await expect(menu).toHaveCount(0);
    await page.getByRole('tab', { name: /Timeline/ }).click();

    // scrub back to the start: the tree as it was, with the first pids
    const tl = page.getByTestId('live-timeline');
    const box = (await tl.boundingBox())!;
    await page.mouse.click(box.x + 2, box.y + box.height / 2);
    await expect(page.getByTestId('live-tl-position')).not.toContainText('live');
    await expect.poll(() => pidOf(page, 'b')).toBe(b0);
    expect(await pidOf(page, 'a')).toBe(a0);
    await page.getByTestId('live-tl-live').click();
    await expect.poll(() => pidOf(page, 'b')).not.toBe(b0);

    // the same two kills on the simulator: it restarts what OTP restarted
    await bar.getByTestId('live-compare').click();
    const cmp = page.getByTestId('live-compare-view');
    await expect(cmp).toBeVisible();
    await expect(page.getByTestId('live-compare-summary')).toContainText('2 commands');
    await expect(page.getByTestId('live-compare-summary')).toContainText('the simulator did exactly what OTP did');
    await expect(cmp.getByTestId('cmp-row-same')).toHaveCount(7); // kill b, b, c, kill a, a, b, c
    await page.screenshot({ path: `${IMAGES}/live-beam-sim-vs-otp.png` });
    await page.keyboard.press('Escape');

    // Import as design: a new document with the template's structure, strategy and intensity
    await bar.getByTestId('live-import').click();
    await expect(page.getByTestId('doc-title')).toContainText(`${targetNode.replace(/@.*/, '')}.suptree`);
    await expect(page.getByRole('button', { name: 'Design', pressed: true })).toBeVisible();
    const sup = design.nodes.find((n) => n.kind === 'supervisor');
    if (sup?.kind !== 'supervisor') throw new Error('the template has no supervisor');
    await expect(nodeCard(page, 'rest_sup')).toContainText(sup.strategy);
    await expect(nodeCard(page, 'rest_sup')).toContainText(`max ${sup.maxRestarts} in ${sup.maxSeconds}s`);
    for (const n of design.nodes.filter((x) => x.kind === 'worker')) await expect(nodeCard(page, n.name)).toContainText('permanent');
    await expect(page.getByTestId('node-count')).toHaveText(`${design.nodes.filter((x) => x.kind !== 'note').length} processes · 3 edges`);
    // the imported design is editable (not the live view)
    await expect(page.locator('.live-badge')).toHaveCount(0);

    // the node goes away: the bar says so, the recording stays
    await page.getByRole('button', { name: 'Live tree' }).click();
    stopGroup(target, 'SIGKILL');
    await expect(bar.getByTestId('live-message')).toContainText(`${targetNode} went down`, { timeout: 20_000 });
    await expect(nodeCard(page, 'a')).toBeVisible();
  });
});
