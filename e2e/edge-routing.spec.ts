// Links, monitors and calls go around the nodes (renderer/canvas/routing.ts), with the real mouse: the path React
// Flow draws is sampled along its length, taken to page coordinates, and held against the nodes' DOM rectangles.
import { expect, test, type Page } from '@playwright/test';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveAppRequest } from '../electron/main/protocol';
import { cspForUrl } from '../electron/main/security';
import { openFresh, shot, skipTour } from './helpers';

interface Rect { id: string; left: number; top: number; right: number; bottom: number }

async function openTemplate(page: Page, title: string) {
  await openFresh(page);
  await page.getByRole('button', { name: 'Templates…' }).click();
  await page.getByRole('button', { name: `Open template ${title}` }).click();
  await expect(page.getByRole('dialog', { name: 'Templates' })).toHaveCount(0);
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
}

/** Page coordinates of points every 4 px along the edge's drawn path, and whether it was drawn from a route. */
function samplePath(page: Page, edgeId: string) {
  return page.evaluate((id) => {
    const path = document.querySelector<SVGPathElement>(`.react-flow__edge[data-id="${CSS.escape(id)}"] path.react-flow__edge-path`);
    if (!path) return undefined;
    const m = path.getScreenCTM()!;
    const len = path.getTotalLength();
    const pts: { x: number; y: number }[] = [];
    for (let l = 0; l <= len; l += 4) {
      const p = path.getPointAtLength(l);
      pts.push({ x: m.a * p.x + m.c * p.y + m.e, y: m.b * p.x + m.d * p.y + m.f });
    }
    return { d: path.getAttribute('d')!, routed: path.getAttribute('data-routed') === 'true', pts };
  }, edgeId);
}

const nodeRects = (page: Page) => page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.react-flow__node')].map((el) => {
  const r = el.getBoundingClientRect();
  return { id: el.dataset.id!, left: r.left, top: r.top, right: r.right, bottom: r.bottom };
}));

/** Ids of the nodes (other than `except`) the sampled points pass through, 2 px inside their border. */
function crossed(pts: { x: number; y: number }[], rects: Rect[], except: string[]) {
  const hit = new Set<string>();
  for (const r of rects) {
    if (except.includes(r.id)) continue;
    if (pts.some((p) => p.x > r.left + 2 && p.x < r.right - 2 && p.y > r.top + 2 && p.y < r.bottom - 2)) hit.add(r.id);
  }
  return [...hit];
}

/** Waits until the edge is drawn from an up-to-date route (not the bezier drawn while none has arrived). */
async function routed(page: Page, edgeId: string) {
  await expect.poll(async () => (await samplePath(page, edgeId))?.routed, { message: `${edgeId} routed`, timeout: 30_000 }).toBe(true);
  return (await samplePath(page, edgeId))!;
}

const CAPSTONE_CALLS = [
  ['calls_http_client_breaker', 'http_client', 'breaker'],
  ['calls_breaker_pool_manager', 'breaker', 'pool_manager'],
  ['calls_pool_manager_http_pool', 'pool_manager', 'http_pool'],
] as const;
const RELATIONS = [...CAPSTONE_CALLS, ['load:traffic', 'traffic', 'http_client']] as const;

/** Drags a node by its head with the mouse, by (dx, dy) page px; `hold` runs before the button is released. */
async function dragBy(page: Page, name: string, dx: number, dy: number, hold?: () => Promise<void>) {
  const b = (await page.getByTestId(`node-${name}`).boundingBox())!;
  const grab = { x: b.x + b.width / 2, y: b.y + 12 };
  await page.mouse.move(grab.x, grab.y);
  await page.mouse.down();
  await page.mouse.move(grab.x + Math.sign(dx || 1) * 20, grab.y + 10, { steps: 3 });
  await page.mouse.move(grab.x + dx, grab.y + dy, { steps: 8 });
  await hold?.();
  await page.mouse.up();
}

test.describe('edge routing', () => {
  test('capstone: calls edges go around the pool and every other node; a node dragged into the way is avoided', async ({ page }) => {
    test.setTimeout(180_000); // many mouse steps and polls on a shared, loaded machine
    await openTemplate(page, 'Capstone — HTTP client pool with circuit breaker and retries');
    let rects = await nodeRects(page);
    expect(rects.map((r) => r.id)).toContain('pool');
    let straightThroughPool = 0;
    for (const [id, source, target] of RELATIONS) {
      const p = await routed(page, id);
      const [a, z] = [p.pts[0], p.pts[p.pts.length - 1]];
      const line = Array.from({ length: 101 }, (_, i) => ({ x: a.x + ((z.x - a.x) * i) / 100, y: a.y + ((z.y - a.y) * i) / 100 }));
      if (crossed(line, rects, [source, target]).includes('pool')) straightThroughPool++;
      expect(p.pts.length).toBeGreaterThan(10);
      expect(crossed(p.pts, rects, [source, target]), `${id} crosses`).toEqual([]);
    }
    expect(straightThroughPool, 'calls edges whose straight line would cross the pool').toBeGreaterThan(0);
    await shot(page, 'routing-capstone');

    // the capstone is laid out tight; first drag http_client 200 px right with the mouse (into the empty part of
    // the view): its edges follow it, re-routed once the drag ends
    const shift = await samplePath(page, 'calls_http_client_breaker');
    await dragBy(page, 'http_client', 200, 0);
    await expect.poll(async () => {
      const p = await samplePath(page, 'calls_http_client_breaker');
      return p?.routed && p.d !== shift!.d;
    }, { message: 'the edge follows its moved end' }).toBe(true);
    rects = await nodeRects(page);
    for (const [id, source, target] of RELATIONS) expect(crossed((await routed(page, id)).pts, rects, [source, target]), `${id} after moving http_client`).toEqual([]);

    // then drag http_1 to where it covers a point of a route (of an edge it is no end of) but overlaps no other
    // node (20 px clear on the screen, 30 at this zoom: a lane wider than the router's 2 × 12 px clearance)
    const mover: string = 'http_1';
    const box = (await page.getByTestId(`node-${mover}`).boundingBox())!;
    const others = rects.filter((r) => r.id !== mover);
    const free = (c: { x: number; y: number }) => others.every((r) =>
      c.x + box.width / 2 + 20 < r.left || c.x - box.width / 2 - 20 > r.right || c.y + box.height / 2 + 20 < r.top || c.y - box.height / 2 - 20 > r.bottom);
    let edge = '', src = '', dst = '';
    let before: Awaited<ReturnType<typeof routed>> | undefined;
    let drop: { x: number; y: number } | undefined; // the node's centre
    search: for (const [id, source, target] of RELATIONS) {
      if (source === mover || target === mover) continue;
      const p = await routed(page, id);
      for (const pt of p.pts.slice(4, -4)) {
        for (let dx = -box.width / 2 + 10; dx < box.width / 2 - 10; dx += 8) {
          for (let dy = -box.height / 2 + 10; dy < box.height / 2 - 10; dy += 8) {
            const c = { x: pt.x + dx, y: pt.y + dy };
            if (!free(c)) continue;
            [edge, src, dst, before, drop] = [id, source, target, p, c];
            break search;
          }
        }
      }
    }
    expect(drop, 'a free place on a route').toBeDefined();
    await dragBy(page, mover, drop!.x - (box.x + box.width / 2), drop!.y - (box.y + box.height / 2), async () => {
      // while dragging, the node lies across the old route
      const moved = (await nodeRects(page)).find((r) => r.id === mover)!;
      expect(crossed(before!.pts, [moved], [])).toEqual([mover]);
    });

    await expect.poll(async () => {
      const p = await samplePath(page, edge);
      return p?.routed && p.d !== before!.d;
    }, { message: 'the edge re-routes after the drag' }).toBe(true);
    const after = await routed(page, edge);
    const rectsAfter = await nodeRects(page);
    await shot(page, 'routing-capstone-dragged');
    expect(crossed(after.pts, rectsAfter, [src, dst])).toEqual([]);
    for (const [id, source, t] of RELATIONS) {
      expect(crossed((await routed(page, id)).pts, rectsAfter, [source, t]), `${id} after the drag`).toEqual([]);
    }

    // undo puts the node back, and the route follows
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await samplePath(page, edge))?.d === before!.d || undefined, { message: 'route after undo' }).toBe(true);
  });

  test('drill 3: every link is routed, drawn with its label, clear of other nodes', async ({ page }) => {
    await openTemplate(page, 'Drill 3 — links');
    const rects = await nodeRects(page);
    const links = await page.locator('.react-flow__edge.edge-link').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id!));
    expect(links).toHaveLength(10);
    for (const id of links) {
      const p = await routed(page, id);
      const [, source, target] = /^link_(\w+?)_(\w+)$/.exec(id) ?? [];
      expect(crossed(p.pts, rects, [source, target]), `${id} crosses`).toEqual([]);
    }
    await shot(page, 'routing-drill-3-links');
    // fitted to the window the design is drawn far away (nodes.tsx FAR_ZOOM): no labels; nearer, every link has one
    const zoomIn = page.getByRole('button', { name: 'Zoom In' });
    for (let i = 0; i < 6 && await page.locator('.edge-label-link').count() < 10; i++) await zoomIn.click();
    await expect(page.locator('.edge-label-link')).toHaveCount(10);
    await expect(page.locator('.edge-label-link').first()).toHaveText('link');
    for (let i = 0; i < 4; i++) await zoomIn.click(); // near enough to read
    for (const id of links) expect((await samplePath(page, id))?.routed, `${id} still routed`).toBe(true);
    await shot(page, 'routing-drill-3-links-near');
  });

  test('under the desktop CSP headers the router (WebAssembly, in its worker) loads and routes', async ({ page }) => {
    // the page may not compile WebAssembly (script-src 'self'); the routing worker gets the worker policy
    // (electron/main/security.ts). Served as desktop-csp.spec.ts does: the main process's app:// handler on HTTP.
    const webRoot = join(import.meta.dirname, '..', 'dist', 'web');
    const server = createServer((req, res) => {
      void serveAppRequest(`app://studio${req.url ?? '/'}`, webRoot, cspForUrl, (f) => readFile(f)).then(async (r) => {
        res.writeHead(r.status, Object.fromEntries(r.headers));
        res.end(Buffer.from(await r.arrayBuffer()));
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    try {
      await skipTour(page);
      const errors: string[] = [];
      page.on('console', (m) => { if (m.type() === 'warning' || m.type() === 'error') errors.push(m.text()); });
      await page.goto(`http://127.0.0.1:${(server.address() as { port: number }).port}/index.html`);
      await page.getByRole('toolbar', { name: 'Main toolbar' }).waitFor();
      await page.getByRole('button', { name: 'Templates…' }).click();
      await page.getByRole('button', { name: 'Open template Drill 3 — links' }).click();
      await routed(page, 'link_guard_victim').catch((e: unknown) => {
        throw new Error(`${String(e)}\nconsole: ${errors.join('\n')}`);
      });
      expect(errors.filter((e) => /Edge routing is off|WebAssembly|Refused/i.test(e))).toEqual([]);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    }
  });
});
