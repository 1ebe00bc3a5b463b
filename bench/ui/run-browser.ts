// Run mode in the real page with 10,000 processes (`npx tsx bench/ui/run-browser.ts`; also run by `npm run bench:ui`).
// Opens a design of ten adaptive pools of 1,000 workers each (one_for_one root, each pool under its own
// DynamicSupervisor: 10,021 processes once started) in headless Chromium on the browser build, presses Run, waits
// until every pool has its 1,000 children, then records requestAnimationFrame deltas (the page's frame times, React
// rendering and the worker's batches included) for: the idle run (baseline of the same run), playing at 1× with
// chaos on, and playing at 100× with chaos on. Writes bench/results/ui-run-browser.json. Frame times only; no
// assertion (tests never assert times).
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { calls, design, dynSup, sup, under, worker } from '../../runtime/design/build';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PORT = Number(process.env.BENCH_UI_PORT ?? 4392);
const DIST = process.env.BENCH_UI_DIST;
const POOLS = 10;
const SIZE = 1000;

function poolsDesign(): string {
  const nodes = [sup('app', { maxRestarts: 100, position: { x: POOLS * 150 - 100, y: 0 } })];
  const edges = [];
  for (let i = 0; i < POOLS; i++) {
    nodes.push(dynSup(`workers_${i}`, { maxRestarts: 2000, position: { x: i * 300, y: 200 } }));
    nodes.push(worker(`pool_${i}`, 'adaptive_pool', {
      position: { x: i * 300, y: 420 }, params: { minSize: SIZE, maxSize: SIZE, scaleUpAt: 2, scaleDownAfterMs: 500 },
    }));
    edges.push(...under('app', `workers_${i}`, `pool_${i}`), calls(`pool_${i}`, `workers_${i}`));
  }
  return JSON.stringify(design(nodes, edges, { title: `${POOLS} pools of ${SIZE}` }));
}

async function frames(page: Page, ms: number) {
  return page.evaluate(`(async () => {
    const out = []; let last = performance.now(); const end = last + ${ms};
    await new Promise((res) => { function f(t) { out.push(t - last); last = t; if (t < end) requestAnimationFrame(f); else res(); } requestAnimationFrame(f); });
    out.sort((a, b) => a - b);
    const r = (x) => Math.round(x * 10) / 10;
    return { frames: out.length, median: r(out[Math.floor(out.length / 2)]), p95: r(out[Math.floor(out.length * 0.95)]), max: r(out[out.length - 1]) };
  })()`) as Promise<{ frames: number; median: number; p95: number; max: number }>;
}

async function main() {
  const server = spawn('npx', ['vite', 'preview', '--config', 'vite.web.config.ts', ...(DIST ? ['--outDir', DIST] : []), '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], {
    cwd: root, stdio: 'ignore', detached: true,
  });
  const stop = () => { try { process.kill(-server.pid!); } catch { /* gone */ } };
  process.on('exit', stop);
  const t0 = Date.now();
  for (;;) {
    try { if ((await fetch(`http://127.0.0.1:${PORT}/`)).ok) break; } catch { /* not up yet */ }
    if (Date.now() - t0 > 60_000) throw new Error('vite preview did not answer');
    await new Promise((r) => setTimeout(r, 300));
  }
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`http://127.0.0.1:${PORT}/`);
  await page.waitForSelector('[data-testid="node-count"]');
  await page.evaluate(`window.__T = ${JSON.stringify(poolsDesign())}`);
  await page.evaluate(`(() => { const dt = new DataTransfer(); dt.items.add(new File([window.__T], 'pools.suptree', { type: 'application/json' })); window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true })); })()`);
  await page.waitForSelector('[data-testid="node-pool_0"]');
  const started = Date.now();
  await page.getByTestId('run-start').click();
  // every pool's group shows its SIZE children (the count is in the DOM even when the far-away form hides it)
  const allStarted = `[...Array(${POOLS}).keys()].every((i) => (document.querySelector('[data-testid="run-group-workers_' + i + '"]')?.textContent ?? '').includes('${SIZE} children'))`;
  while (!(await page.evaluate(allStarted))) {
    if (Date.now() - started > 300_000) throw new Error('the pools did not start in 5 minutes');
    await new Promise((r) => setTimeout(r, 250));
  }
  const startMs = Date.now() - started;
  console.log(`${POOLS * SIZE + 2 * POOLS + 1} processes running ${startMs} ms after Run`);
  const idle = await frames(page, 3000);
  await page.getByLabel('Chaos').check();
  await page.getByTestId('run-play').click();
  const chaos1 = await frames(page, 5000);
  await page.locator('select').filter({ hasText: '1000×' }).first().selectOption({ label: '100×' });
  const chaos100 = await frames(page, 5000);
  const clock = await page.getByTestId('run-clock').innerText();
  const group0 = (await page.getByTestId('run-group-workers_0').textContent() ?? '').replace(/\s+/g, ' ').trim();
  mkdirSync(join(root, 'artifacts', 'screenshots'), { recursive: true });
  await page.screenshot({ path: join(root, 'artifacts', 'screenshots', 'run-10k-chaos.png') });
  await browser.close();
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadavg: os.loadavg().map((x) => Math.round(x * 10) / 10) },
    processes: POOLS * SIZE + 2 * POOLS + 1,
    startMs,
    note: 'page frame times (rAF deltas) while the run is idle (baseline), then playing with chaos on at 1× and at 100×',
    idleFrameMs: idle, chaos1xFrameMs: chaos1, chaos100xFrameMs: chaos100, clockAtEnd: clock, firstGroupAtEnd: group0,
  };
  console.log(JSON.stringify(result, null, 2));
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results', 'ui-run-browser.json'), JSON.stringify(result, null, 2) + '\n');
  stop();
}

main().catch((e) => { console.error(e); process.exit(1); });
