// `npm run bench:ui`: opens generated designs of 100, 1,000 and 3,000 processes in headless Chromium (the browser
// build, served by vite preview), and measures
//   - load time: from handing the file to the app (a real file drop on the window) until the status bar shows the
//     design and two animation frames have painted;
//   - frame times while panning: requestAnimationFrame deltas during a middle-button drag across the canvas;
//   - frame times while zooming: the same during wheel steps in (across the far-away/full node threshold) and out;
//   - frame times while panning close up: zoomed in to at least 0.6 (full React Flow nodes, mounted and unmounted
//     as they enter and leave the view), the same middle-button drag;
// next to an empty-canvas baseline measured in the same run. Writes bench/results/ui.json.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { generateDesign } from './designs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PORT = Number(process.env.BENCH_UI_PORT ?? 4391);
const SIZES = process.env.BENCH_UI_SIZES ? process.env.BENCH_UI_SIZES.split(',').map(Number) : [0, 100, 1000, 3000];
const REPEATS = Number(process.env.BENCH_UI_REPEATS ?? 3);
/** BENCH_UI_DIST: serve this build instead of dist/web (e.g. one built with --outDir of your own). */
const DIST = process.env.BENCH_UI_DIST;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const r1 = (x: number) => Math.round(x * 10) / 10;

async function waitForServer(url: string, ms = 60_000) {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`vite preview did not answer on ${url}`);
}

/** Drops the design file on the window (the app's real "file dropped" path) and waits until it is drawn. */
async function load(page: Page, text: string, processes: number): Promise<number> {
  return page.evaluate(async ({ text, processes }) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'bench.suptree', { type: 'application/json' }));
    const t0 = performance.now();
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    const want = `${processes} process`;
    await new Promise<void>((resolve, reject) => {
      const deadline = t0 + 120_000;
      const tick = () => {
        const shown = document.querySelector('[data-testid="node-count"]')?.textContent ?? '';
        // drawn as React Flow nodes, or (a big design below the far-away zoom) by the overview canvas
        const overview = Number(document.querySelector<HTMLElement>('[data-testid="overview-canvas"]')?.dataset.overviewDrawn ?? 0);
        const drawn = processes === 0 || overview > 0 || document.querySelectorAll('.react-flow__node').length > 0;
        if (shown.startsWith(want) && drawn) requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
        else if (performance.now() > deadline) reject(new Error(`not loaded: "${shown}"`));
        else requestAnimationFrame(tick);
      };
      tick();
    });
    return performance.now() - t0;
  }, { text, processes });
}

/** Starts recording requestAnimationFrame deltas in the page. */
async function startFrames(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__frames = [];
    w.__stop = false;
    let last = performance.now();
    const loop = (t: number) => {
      w.__frames.push(t - last);
      last = t;
      if (!w.__stop) requestAnimationFrame(loop);
    };
    requestAnimationFrame((t) => { last = t; requestAnimationFrame(loop); });
  });
}

async function stopFrames(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__stop = true;
    return w.__frames.slice(1);
  });
}

/** Middle-button drag across the canvas while the page records rAF deltas. */
async function pan(page: Page): Promise<number[]> {
  const box = (await page.locator('.react-flow__pane').boundingBox())!;
  await startFrames(page);
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.8, y);
  await page.mouse.down({ button: 'middle' });
  for (let i = 0; i < 3; i++) {
    await page.mouse.move(box.x + box.width * 0.2, y + 40, { steps: 40 });
    await page.mouse.move(box.x + box.width * 0.8, y - 40, { steps: 40 });
  }
  await page.mouse.up({ button: 'middle' });
  return stopFrames(page);
}

/** Wheel steps in, then back out, over the middle of the canvas while the page records rAF deltas. */
async function zoom(page: Page): Promise<number[]> {
  const box = (await page.locator('.react-flow__pane').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await startFrames(page);
  for (const dy of [-120, 120]) {
    for (let i = 0; i < 12; i++) {
      await page.mouse.wheel(0, dy);
      await page.waitForTimeout(40);
    }
  }
  await page.waitForTimeout(200);
  return stopFrames(page);
}

/** The viewport's zoom (from React Flow's transform). */
async function zoomLevel(page: Page): Promise<number> {
  const style = (await page.locator('.react-flow__viewport').getAttribute('style')) ?? '';
  return Number(/scale\(([-\d.e]+)\)/.exec(style)?.[1] ?? 1);
}

/**
 * Zooms in over the middle of the canvas until the full nodes show (zoom ≥ NEAR_ZOOM), then pans there: a big
 * design close up is drawn by React Flow, which mounts and unmounts nodes as they enter and leave the view.
 */
const NEAR_ZOOM = 0.6;
async function nearPan(page: Page): Promise<{ frames: number[]; zoom: number; inDom: number }> {
  const box = (await page.locator('.react-flow__pane').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 60 && (await zoomLevel(page)) < NEAR_ZOOM; i++) {
    await page.mouse.wheel(0, -120);
    await page.waitForTimeout(30);
  }
  await page.waitForTimeout(600);
  const zoom = await zoomLevel(page);
  const inDom = await page.locator('.react-flow__node').count();
  return { frames: await pan(page), zoom, inDom };
}

async function main() {
  const server = spawn('npx', ['vite', 'preview', '--config', 'vite.web.config.ts', ...(DIST ? ['--outDir', DIST] : []), '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], {
    cwd: root, stdio: 'ignore', detached: true,
  });
  const stop = () => { try { process.kill(-server.pid!); } catch { /* gone */ } };
  process.on('exit', stop);
  try {
    await waitForServer(`http://127.0.0.1:${PORT}/`);
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
    const results: Record<string, unknown>[] = [];
    for (const n of SIZES) {
      const loads: number[] = [];
      const frames: number[] = [];
      const zoomFrames: number[] = [];
      const nearFrames: number[] = [];
      let near = { zoom: 0, inDom: 0 };
      const text = generateDesign(n);
      for (let rep = 0; rep < REPEATS; rep++) {
        const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
        // tsx keeps function names with a `__name` helper that does not exist inside the page
        await page.addInitScript({ content: 'window.__name = (f) => f;' });
        await page.goto(`http://127.0.0.1:${PORT}/`);
        await page.getByTestId('node-count').waitFor();
        loads.push(await load(page, text, n));
        await page.waitForTimeout(300);
        frames.push(...(await pan(page)));
        zoomFrames.push(...(await zoom(page)));
        const rendered = await page.locator('.react-flow__node').count();
        const onOverview = await page.evaluate(() => Number(document.querySelector<HTMLElement>('[data-testid="overview-canvas"]')?.dataset.overviewDrawn ?? 0));
        const np = await nearPan(page);
        nearFrames.push(...np.frames);
        near = { zoom: r1(np.zoom * 100) / 100, inDom: np.inDom };
        await page.close();
        if (rep === 0) console.log(`  ${n} processes: ${rendered} nodes in the DOM, ${onOverview} drawn on the overview canvas after the zoom; zoomed in to ${near.zoom}: ${near.inDom} nodes in the DOM`);
      }
      const row = {
        processes: n,
        loadMs: { median: r1(median(loads)), runs: loads.map(r1) },
        frameMs: { median: r1(median(frames)), p95: r1(pct(frames, 0.95)), max: r1(Math.max(...frames)), frames: frames.length },
        fps: r1(1000 / median(frames)),
        zoomFrameMs: { median: r1(median(zoomFrames)), p95: r1(pct(zoomFrames, 0.95)), max: r1(Math.max(...zoomFrames)), frames: zoomFrames.length },
        nearPan: { zoom: near.zoom, nodesInDom: near.inDom, frameMs: { median: r1(median(nearFrames)), p95: r1(pct(nearFrames, 0.95)), max: r1(Math.max(...nearFrames)), frames: nearFrames.length } },
      };
      results.push(row);
      console.log(`${String(n).padStart(5)} processes  load ${String(row.loadMs.median).padStart(7)} ms   pan frame median ${row.frameMs.median} ms  p95 ${row.frameMs.p95} ms  max ${row.frameMs.max} ms   zoom frame median ${row.zoomFrameMs.median} ms  p95 ${row.zoomFrameMs.p95} ms   close-up pan median ${row.nearPan.frameMs.median} ms  p95 ${row.nearPan.frameMs.p95} ms`);
    }
    await browser.close();
    const baseline = results[0] as { frameMs: { median: number; p95: number }; zoomFrameMs: { p95: number } };
    const out = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadavg: os.loadavg().map(r1) },
      note: 'processes = 0 is the empty-canvas baseline of the same run; ratios are pan (zoom) frame p95 / baseline pan (zoom) frame p95',
      results: results.map((r) => {
        const x = r as { frameMs: { p95: number }; zoomFrameMs: { p95: number } };
        return { ...r, p95VsBaseline: r1(x.frameMs.p95 / baseline.frameMs.p95), zoomP95VsBaseline: r1(x.zoomFrameMs.p95 / baseline.zoomFrameMs.p95) };
      }),
    };
    mkdirSync(join(root, 'bench', 'results'), { recursive: true });
    writeFileSync(join(root, 'bench', 'results', 'ui.json'), `${JSON.stringify(out, null, 2)}\n`);
    console.log('wrote bench/results/ui.json');
  } finally {
    stop();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
