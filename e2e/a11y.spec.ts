// Automated accessibility audit (issue 16 item 2): axe-core on the designer, run mode and every dialog, in both
// themes; no serious or critical violation (colour contrast included).
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openFresh, shot } from './helpers';

async function audit(page: Page, what: string, include?: string) {
  let b = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']);
  if (include) b = b.include(include);
  const result = await b.analyze();
  expect(result.passes.length + result.violations.length, `${what}: axe checked something`).toBeGreaterThan(0);
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 6).map((n) => `   ${n.target.join(' ')}  ${n.failureSummary?.split('\n')[1] ?? ''}`).join('\n')}`);
  expect(report, `${what}: ${report.length} serious/critical violations\n${report.join('\n')}`).toEqual([]);
  return result;
}

/**
 * Every piece of text inside `root` (each token span and line of a CodeMirror editor, its line numbers): its colour
 * against the background painted under it (its ancestors' backgrounds composited: the editor, the tinted active
 * line). axe judges the inline editor's tokens, but in the wide dialog it judged none of them (only the heading), so
 * both are also judged here with the WCAG formula, line numbers included.
 */
function textContrast(page: Page, root: string) {
  return page.evaluate((sel) => {
    const rgba = (c: string): number[] => {
      const m = /rgba?\(([^)]+)\)/.exec(c) ?? /color\(srgb ([^)]+)\)/.exec(c);
      if (!m) return [0, 0, 0, 1];
      const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
      const scale = c.startsWith('color(') ? 255 : 1;
      return [p[0] * scale, p[1] * scale, p[2] * scale, p[3] ?? 1];
    };
    const over = (top: number[], under: number[]) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat(1);
    const lum = (c: number[]) => {
      const f = (v: number) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
    };
    const ratio = (a: number[], b: number[]) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
    const background = (el: Element) => {
      const chain: Element[] = [];
      for (let e: Element | null = el; e; e = e.parentElement) chain.unshift(e);
      let bg = [255, 255, 255, 1];
      for (const e of chain) bg = over(rgba(getComputedStyle(e).backgroundColor), bg);
      return bg;
    };
    const out: { text: string; color: string; ratio: number }[] = [];
    for (const r of document.querySelectorAll(sel)) {
      for (const el of [r, ...r.querySelectorAll('*')]) {
        const own = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim()).map((n) => n.textContent!.trim()).join(' ');
        if (!own || !(el as HTMLElement).offsetParent) continue;
        const cs = getComputedStyle(el);
        const fg = over(rgba(cs.color), background(el));
        out.push({ text: own.slice(0, 30), color: cs.color, ratio: Math.round(ratio(fg, background(el)) * 100) / 100 });
      }
    }
    return out;
  }, root);
}

async function expectCodeContrast(page: Page, root: string, what: string) {
  const texts = await textContrast(page, root);
  expect(texts.length, `${what}: pieces of text judged`).toBeGreaterThan(20);
  expect(new Set(texts.map((t) => t.color)).size, `${what}: distinct token colours`).toBeGreaterThan(4);
  expect(texts.filter((t) => t.ratio < 4.5), `${what}: text under 4.5:1`).toEqual([]);
}

/** How many elements inside `selector` axe's colour-contrast rule judged (passed or failed, not left undecided). */
function contrastChecked(result: Awaited<ReturnType<typeof audit>>, selector: string) {
  return [...result.passes, ...result.violations].filter((r) => r.id === 'color-contrast')
    .flatMap((r) => r.nodes).filter((n) => n.target.join(' ').includes(selector)).length;
}

async function openTemplate(page: Page, title: RegExp) {
  await page.getByRole('button', { name: 'Templates…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Templates' });
  await dialog.locator('.tpl-card', { hasText: title }).first().click();
  await expect(dialog).toHaveCount(0);
}

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} theme`, () => {
    test('designer and run mode', async ({ page }) => {
      await openFresh(page, { colorScheme: scheme });
      await audit(page, 'empty designer');
      await openTemplate(page, /Exercise 1/);
      await page.getByTestId('node-todo_server').or(page.getByTestId('node-alice')).first().click();
      await audit(page, 'designer with a template, a process selected');
      await page.keyboard.press('F5');
      await expect(page.getByTestId('run-stop')).toBeVisible();
      await page.getByRole('tab', { name: /Event log/ }).click();
      await audit(page, 'run mode, event log');
      await page.getByTestId('run-stop').click();
    });

    test('first-run tour and the Lesson tab (tasks, questions, an answer shown; design and run mode)', async ({ page }) => {
      await openFresh(page, { colorScheme: scheme, tour: true });
      await expect(page.getByTestId('tour')).toBeVisible();
      await audit(page, 'tour, first step');
      for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
      await expect(page.getByTestId('tour')).toHaveAttribute('data-step', 'scrub');
      await audit(page, 'tour, timeline step');
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('tour')).toHaveCount(0);
      await openTemplate(page, /Drill 4/);
      await page.getByRole('tab', { name: /Lesson/ }).click();
      await page.getByRole('button', { name: 'Show answer' }).first().click();
      await audit(page, 'lesson tab', '#bottom-panel');
      await shot(page, `a11y-lesson-tab-${scheme}`);
      await page.keyboard.press('F5');
      await expect(page.getByTestId('run-stop')).toBeVisible();
      await expect(page.getByRole('button', { name: /^Play the scenario/ }).first()).toBeVisible();
      await audit(page, 'lesson tab in run mode', '#bottom-panel');
      await page.getByTestId('run-stop').click();
    });

    test('dialogs: templates, export, shortcuts, save changes', async ({ page }) => {
      await openFresh(page, { colorScheme: scheme });
      await page.getByRole('button', { name: 'Templates…' }).click();
      await audit(page, 'templates dialog', '[role="dialog"]');
      await page.keyboard.press('Escape');
      await openTemplate(page, /Exercise 1/);
      await page.getByRole('button', { name: 'Export…' }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await audit(page, 'export dialog', '[role="dialog"]');
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: /Keyboard shortcuts|Shortcuts/ }).first().click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await audit(page, 'shortcuts dialog', '[role="dialog"]');
      await page.keyboard.press('Escape');
      await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
      await page.keyboard.press('w');
      await page.getByRole('button', { name: 'New design' }).click();
      await expect(page.getByRole('dialog', { name: 'Save changes?' })).toBeVisible();
      await audit(page, 'save changes dialog', '[role="dialog"]');
    });

    test('code in view: lesson code, the custom-behaviour editor inline and wide, the export preview (colour contrast of every token)', async ({ page }) => {
      await openFresh(page, { colorScheme: scheme });
      await openTemplate(page, /Exercise 1/);
      const inspector = page.getByRole('complementary', { name: 'Inspector' });
      await expect(inspector.locator('.insp-lesson code').first()).toBeVisible();
      let r = await audit(page, 'lesson with inline code', '#inspector-panel');
      expect(contrastChecked(r, 'code'), 'lesson code judged for contrast').toBeGreaterThan(0);

      await page.locator('.react-flow__node-worker').first().click();
      await inspector.getByRole('button', { name: 'New custom behaviour' }).click();
      const code = inspector.locator('.cm-content');
      await expect(code).toBeVisible();
      // the active line (tinted) and a selection are on screen too
      await code.click();
      await page.keyboard.press('Control+Home');
      await page.keyboard.press('Shift+End');
      await audit(page, 'custom-behaviour editor', '#inspector-panel .code-editor');
      // keywords, strings, comments, names, numbers, line numbers: every piece of text at 4.5:1 or more
      await expectCodeContrast(page, '#inspector-panel .code-editor', 'custom-behaviour editor');

      await inspector.getByRole('button', { name: 'Open wide' }).click();
      const wide = page.getByRole('dialog', { name: /Source of behaviour/ });
      await expect(wide.locator('.cm-content')).toBeVisible();
      // the dialog fades in: judge the colours once it is opaque
      await wide.evaluate((el) => Promise.all(el.closest('.overlay')!.getAnimations().map((a) => a.finished)).then(() => el.id));
      await audit(page, 'wide code editor', '[role="dialog"]');
      await expectCodeContrast(page, '.code-editor-wide', 'wide code editor');
      await page.keyboard.press('Escape');
      await expect(wide).toHaveCount(0);

      await page.getByRole('button', { name: 'Export…' }).click();
      const exp = page.getByRole('dialog', { name: 'Export' });
      await expect(exp.getByLabel('Preview')).toBeVisible();
      r = await audit(page, 'export dialog code preview', '[role="dialog"]');
      expect(contrastChecked(r, 'pre'), 'export preview judged').toBeGreaterThan(0);
    });

    test('Live BEAM attach dialog, with its error', async ({ page }) => {
      await openFresh(page, { colorScheme: scheme });
      await page.getByRole('button', { name: 'Attach to a BEAM node…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Attach to a BEAM node' });
      await expect(dialog).toBeVisible();
      await audit(page, 'attach dialog', '[role="dialog"]');
      await dialog.getByLabel('Bridge address').fill('ws://10.1.2.3:4000/?token=x');
      await dialog.getByTestId('live-attach').click();
      await expect(dialog.getByRole('alert')).toContainText('only listens on 127.0.0.1');
      await audit(page, 'attach dialog with an error', '[role="dialog"]');
    });
  });
}
