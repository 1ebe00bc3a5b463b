// Edge labels are never cut (renderer/canvas/labels.ts, edges.tsx): on every template, at several zoom levels,
// every label in view shows its whole text — its box does not cut it (scrollWidth), and at points across the text
// the element the browser hit-tests is the label itself (no node, no other label, nothing over any part of it).
// Start-order numbers sit on their own child's edge, nearest that child's top handle.
import { expect, test, type Page } from '@playwright/test';
import { openFresh, shot } from './helpers';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = join(import.meta.dirname, '..', 'templates');
const TITLES = readdirSync(DIR).filter((f) => f.endsWith('.suptree')).map((f) => (JSON.parse(readFileSync(join(DIR, f), 'utf8')) as { title: string }).title);

async function openTemplate(page: Page, title: string) {
  await page.getByRole('button', { name: 'Templates…' }).click();
  await page.getByRole('button', { name: `Open template ${title}` }).click();
  await expect(page.getByRole('dialog', { name: 'Templates' })).toHaveCount(0);
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
}

const zoomOf = (page: Page) => page.locator('.react-flow__viewport').evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).a);

/** Clicks Zoom In / Zoom Out until the zoom is within 10 % of `target`. */
async function zoomTo(page: Page, target: number) {
  for (let i = 0; i < 30; i++) {
    const z = await zoomOf(page);
    if (Math.abs(Math.log(z / target)) < Math.log(1.1)) return z;
    await page.getByRole('button', { name: z < target ? 'Zoom In' : 'Zoom Out' }).click();
    await expect.poll(() => zoomOf(page)).not.toBe(z);
    // the zoom animates: wait until two reads agree
    await expect.poll(async () => { const a = await zoomOf(page); await page.waitForTimeout(60); return a === await zoomOf(page); }).toBe(true);
  }
  return zoomOf(page);
}

/** Waits until every link/monitor/calls/load edge is drawn from its route (where the router placed its label). */
async function allRouted(page: Page) {
  await expect.poll(() => page.locator('.react-flow__edge path.react-flow__edge-path[data-routed="false"]').count(), { timeout: 30_000 }).toBe(0);
}

interface LabelCheck { id: string; kind: string; text: string; clipped: boolean; covered: string[]; overNode: string[] }

/** Every label wholly inside the canvas and clear of its overlays (controls, minimap, hud), checked. */
function checkLabels(page: Page) {
  return page.evaluate(() => {
    const pane = document.querySelector('.react-flow')!.getBoundingClientRect();
    const overlays = [...document.querySelectorAll('.react-flow__panel, .canvas-hud, .searchbox, .blast-card')].map((e) => e.getBoundingClientRect());
    const meets = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const nodes = [...document.querySelectorAll<HTMLElement>('.react-flow__node')].map((n) => ({ id: n.dataset.id!, r: n.getBoundingClientRect() }));
    // labels take no pointer events (clicks go to what is under them); for this hit test they do, so the element
    // the browser finds at a point is the topmost painted one there
    const style = document.head.appendChild(document.createElement('style'));
    style.textContent = '.edge-label { pointer-events: auto !important; }';
    const out: LabelCheck[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('.edge-label')) {
      const r = el.getBoundingClientRect();
      if (r.left < pane.left || r.right > pane.right || r.top < pane.top || r.bottom > pane.bottom) continue;
      if (overlays.some((o) => meets(o, r))) continue;
      const range = document.createRange();
      range.selectNodeContents(el);
      const t = range.getBoundingClientRect(); // the text itself
      const covered: string[] = [];
      for (const fx of [0.02, 0.25, 0.5, 0.75, 0.98]) {
        for (const fy of [0.2, 0.5, 0.8]) {
          const x = t.left + t.width * fx, y = t.top + t.height * fy;
          const hit = document.elementFromPoint(x, y);
          if (hit !== el && !el.contains(hit)) covered.push(`${hit?.getAttribute('class') || hit?.tagName} at ${fx},${fy}`);
        }
      }
      out.push({
        id: el.dataset.edgeId!, kind: [...el.classList].find((c) => c.startsWith('edge-label-'))!.slice(11), text: el.textContent ?? '',
        clipped: el.scrollWidth > el.clientWidth || t.left < r.left - 0.5 || t.right > r.right + 0.5 || t.top < r.top - 0.5 || t.bottom > r.bottom + 0.5,
        covered,
        overNode: nodes.filter((n) => meets(n.r, r)).map((n) => n.id),
      });
    }
    style.remove();
    return out;
  });
}

const EXPECTED: Record<string, RegExp> = { order: /^\d+$/, link: /^link$/, monitor: /^monitors$/, calls: /^\S.*$/, load: /^$/ };

test.describe('edge labels', () => {
  // wide enough that Drill 3's long row of children is in view at the smallest zoom that draws labels
  test.use({ viewport: { width: 2560, height: 1440 } });

  test('every template, at several zoom levels: every label in view shows its whole text, over no node and under nothing', async ({ page }) => {
    test.setTimeout(480_000); // 18 templates × 3 zoom levels on a shared 2-core machine
    await openFresh(page);
    let checked = 0;
    for (const title of TITLES) {
      await openTemplate(page, title);
      await allRouted(page);
      const labelled = await page.locator('.react-flow__edge').evaluateAll((els) => els.filter((e) => !e.classList.contains('edge-load')).map((e) => (e as HTMLElement).dataset.id!));
      const seen = new Set<string>();
      for (const target of [0.42, 1, 1.6]) {
        const z = await zoomTo(page, target);
        await allRouted(page); // a route handed out for the earlier view is replaced before labels are judged
        const labels = await checkLabels(page);
        for (const l of labels) {
          const where = `${title} at zoom ${z.toFixed(2)}: ${l.kind} label "${l.text}" of ${l.id}`;
          expect(l.text, where).toMatch(EXPECTED[l.kind]);
          expect(l.clipped, `${where} is cut by its box`).toBe(false);
          expect(l.covered, `${where} is covered`).toEqual([]);
          expect(l.overNode, `${where} lies over a node`).toEqual([]);
          seen.add(l.id);
          checked++;
        }
        if (target === 0.42 && /Capstone|Drill 4|Drill 5|Drill 3/.test(title)) await shot(page, `edge-labels-${title.split(' ').slice(0, 2).join('-').toLowerCase()}`);
      }
      // every labelled edge's label was seen whole at one zoom level at least
      expect([...seen].sort(), `${title}: labels checked`).toEqual([...labelled].sort());
    }
    expect(checked).toBeGreaterThan(200);
  });

  for (const [width, height] of [[1024, 700], [1280, 800], [1920, 1080]] as const) {
    test(`capstone at ${width}×${height}, fitted and one step nearer: every label whole`, async ({ page }) => {
      await page.setViewportSize({ width, height });
      await openFresh(page);
      await openTemplate(page, 'Capstone — HTTP client pool with circuit breaker and retries');
      await allRouted(page);
      for (const step of ['fitted', 'nearer']) {
        if (step === 'nearer') await zoomTo(page, (await zoomOf(page)) * 1.44);
        const labels = await checkLabels(page);
        // 8 start-order numbers and 3 calls labels, all in view
        expect(labels.filter((l) => l.kind === 'order'), `${step}: numbers in view`).toHaveLength(8);
        expect(labels.filter((l) => l.kind === 'calls'), `${step}: calls labels in view`).toHaveLength(3);
        for (const l of labels) {
          expect(l.clipped, `${l.text} of ${l.id} cut`).toBe(false);
          expect(l.covered, `${l.text} of ${l.id} covered`).toEqual([]);
          expect(l.overNode, `${l.text} of ${l.id} over a node`).toEqual([]);
        }
        await shot(page, `capstone-${width}x${height}-${step}`);
      }
    });
  }

  test("start-order numbers: each sits on its own child's edge, nearest that child's top handle, and counts its place", async ({ page }) => {
    await openFresh(page);
    for (const title of ['Capstone — HTTP client pool with circuit breaker and retries', 'Drill 3 — links', 'Drill 5 — a basic supervisor with a Registry']) {
      await openTemplate(page, title);
      await allRouted(page);
      await zoomTo(page, 0.5);
      // the numbers are drawn once the opened template's layout and routes have settled
      await expect.poll(() => page.locator('.edge-label-order').count(), { timeout: 30_000 }).toBeGreaterThan(4);
      const found = await page.evaluate(() => {
        const handles = [...document.querySelectorAll<HTMLElement>('.react-flow__node')].flatMap((n) => {
          const h = n.querySelector('.react-flow__handle.h-parent');
          if (!h) return [];
          const r = h.getBoundingClientRect();
          return [{ node: n.dataset.id!, x: r.left + r.width / 2, y: r.top, order: n.querySelector('.sn-order')?.textContent ?? '' }];
        });
        return [...document.querySelectorAll<HTMLElement>('.edge-label-order')].map((el) => {
          const r = el.getBoundingClientRect();
          const c = { x: r.left + r.width / 2, y: r.top + r.height / 2 };
          const edge = document.querySelector<SVGGElement>(`.react-flow__edge[data-id="${CSS.escape(el.dataset.edgeId!)}"]`)!;
          const child = /to (\S+)$/.exec(edge.getAttribute('aria-label') ?? '')?.[1];
          const dist = (h: { x: number; y: number }) => Math.hypot(h.x - c.x, h.y - c.y);
          const nearest = handles.reduce((a, b) => (dist(b) < dist(a) ? b : a));
          // how far the label's centre is from its own edge's path
          const path = edge.querySelector<SVGPathElement>('path.react-flow__edge-path')!;
          const m = path.getScreenCTM()!;
          let onPath = Infinity;
          for (let l = 0, len = path.getTotalLength(); l <= len; l += 1) {
            const p = path.getPointAtLength(l);
            onPath = Math.min(onPath, Math.hypot(m.a * p.x + m.c * p.y + m.e - c.x, m.b * p.x + m.d * p.y + m.f - c.y));
          }
          return { text: el.textContent, child, nearest: nearest.node, order: handles.find((h) => h.node === child)?.order, onPath };
        });
      });
      expect(found.length, title).toBeGreaterThan(4);
      for (const f of found) {
        expect(f.nearest, `${title}: label ${f.text} of ${f.child}`).toBe(f.child);
        expect(f.order, `${title}: ${f.child}'s number`).toBe(`${f.text}/${f.order?.split('/')[1]}`);
        expect(f.onPath, `${title}: ${f.child}'s number lies on its edge`).toBeLessThan(1.5);
      }
      if (title.startsWith('Capstone')) await shot(page, 'start-order-capstone');
    }
  });
});
