// Issue 16 item 3, the guided path: the first-run tour (shown once, dismissable, reopened from Help, pointing at the
// real elements, keyboard-operable, at 1280×800 and 1024×700, both themes), a drill's "Try this" tasks ticking
// themselves when the learner does them in the run with the mouse, and the drill's questions with answers on demand.
import { expect, test, type Page } from '@playwright/test';
import { clickAt, nodeCard, openFresh, shot } from './helpers';

const tour = (page: Page) => page.getByTestId('tour');
const tourDialog = (page: Page) => page.getByRole('dialog', { name: /./ }).filter({ has: page.locator('#tour-title') });

/** The ring is drawn around the element the step names, and the card is inside the window. */
async function pointsAt(page: Page, target: string) {
  const ring = (await page.locator('.tour-ring').boundingBox())!;
  const vp = page.viewportSize()!;
  const box = (await page.locator(target).first().boundingBox())!;
  // the part of the element on screen (the palette runs below the window)
  const el = { x: Math.max(0, box.x), y: Math.max(0, box.y), width: 0, height: 0 };
  el.width = Math.min(vp.width, box.x + box.width) - el.x;
  el.height = Math.min(vp.height, box.y + box.height) - el.y;
  expect(ring.x).toBeLessThanOrEqual(el.x);
  expect(ring.y).toBeLessThanOrEqual(el.y);
  expect(ring.x + ring.width).toBeGreaterThanOrEqual(el.x + el.width);
  expect(ring.y + ring.height).toBeGreaterThanOrEqual(el.y + el.height);
  const card = (await page.locator('.tour-card').boundingBox())!;
  expect(card.x).toBeGreaterThanOrEqual(0);
  expect(card.y).toBeGreaterThanOrEqual(0);
  expect(card.x + card.width).toBeLessThanOrEqual(vp.width);
  expect(card.y + card.height).toBeLessThanOrEqual(vp.height);
}

const STEPS: [string, string][] = [
  ['drag', '#palette-panel'],
  ['connect', '.canvas-area'],
  ['run', '[data-testid="run-start"]'],
  ['kill', '.canvas-area'],
  ['scrub', '#tab-timeline'],
  ['learn', 'header [data-command="templates"]'],
];

async function openTemplate(page: Page, title: string) {
  await page.getByRole('button', { name: 'Templates…' }).click();
  await page.getByRole('button', { name: `Open template ${title}` }).click();
  await expect(page.getByRole('dialog', { name: 'Templates' })).toHaveCount(0);
}

for (const size of [{ width: 1280, height: 800 }, { width: 1024, height: 700 }]) {
  test(`the tour at ${size.width}×${size.height}: every step points at its element, keyboard only, both themes`, async ({ page }) => {
    await page.setViewportSize(size);
    await openFresh(page, { tour: true });
    await expect(tourDialog(page)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Next' })).toBeFocused();
    for (const [i, [id, target]] of STEPS.entries()) {
      await expect(tour(page)).toHaveAttribute('data-step', id);
      await expect(page.getByText(`Step ${i + 1} of ${STEPS.length}`)).toBeVisible();
      await expect.poll(() => pointsAt(page, target).then(() => true, () => false)).toBe(true);
      if (i === 0) await shot(page, `tour-${size.width}x${size.height}-light-drag`);
      if (id === 'run') await shot(page, `tour-${size.width}x${size.height}-light-run`);
      // Tab stays inside the card
      for (let n = 0; n < 5; n++) {
        await page.keyboard.press('Tab');
        expect(await page.evaluate(() => !!document.activeElement?.closest('.tour-card'))).toBe(true);
      }
      await page.keyboard.press('ArrowRight');
    }
    await expect(page.getByRole('button', { name: 'Finish' })).toBeVisible();
    await page.keyboard.press('ArrowLeft');
    await expect(tour(page)).toHaveAttribute('data-step', 'scrub');
    await page.keyboard.press('ArrowRight');
    // the dark theme: the same card, readable
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await shot(page, `tour-${size.width}x${size.height}-dark-learn`);
    await page.getByRole('button', { name: 'Finish' }).click();
    await expect(tour(page)).toHaveCount(0);
    expect(await page.evaluate(() => localStorage.getItem('supervisor-studio:tour'))).toBe('finished');
  });
}

test('the tour shows on the first launch only: Esc dismisses it for good, Help reopens it, Skip closes it', async ({ page }) => {
  await openFresh(page, { tour: true });
  await expect(tourDialog(page)).toBeVisible();
  // the page behind gets no keys while the tour is up: `?` opens no help, `w` adds no worker
  await page.keyboard.press('?');
  await page.keyboard.press('w');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0);
  await expect(page.getByTestId('node-count')).toHaveText(/^0 processes/);
  await expect(tour(page)).toHaveAttribute('data-step', 'drag');
  await page.keyboard.press('Escape');
  await expect(tour(page)).toHaveCount(0);
  expect(await page.evaluate(() => localStorage.getItem('supervisor-studio:tour'))).toBe('dismissed');
  await page.reload();
  await page.getByRole('toolbar', { name: 'Main toolbar' }).waitFor();
  await expect(page.getByTestId('kernel-status')).toHaveText(/Kernel ready/);
  await expect(tour(page)).toHaveCount(0);

  // Help (?) ▸ Take the tour
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).first().click();
  await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).getByRole('button', { name: 'Take the tour' }).click();
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0);
  await expect(tour(page)).toHaveAttribute('data-step', 'drag');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(tour(page)).toHaveAttribute('data-step', 'connect');
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(tour(page)).toHaveAttribute('data-step', 'drag');
  await page.getByRole('button', { name: 'Skip', exact: true }).click();
  await expect(tour(page)).toHaveCount(0);
  // and the close button is labelled
  await page.keyboard.press('?');
  await page.getByRole('button', { name: 'Take the tour' }).click();
  await page.getByRole('button', { name: 'Skip the tour' }).click();
  await expect(tour(page)).toHaveCount(0);
  await page.reload();
  await page.getByRole('toolbar', { name: 'Main toolbar' }).waitFor();
  await expect(page.getByTestId('kernel-status')).toHaveText(/Kernel ready/);
  await expect(tour(page)).toHaveCount(0);
});

for (const size of [{ width: 1280, height: 800 }, { width: 1024, height: 700 }]) {
  test(`Drill 5 at ${size.width}×${size.height}: a kill with the mouse ticks its task, a played scenario ticks its own, an answer on demand`, async ({ page }) => {
    await page.setViewportSize(size);
    await openFresh(page);
    await openTemplate(page, 'Drill 5 — a basic supervisor with a Registry');
    // the inspector, under the lesson, says where its tasks and questions are
    const lessonTab = page.getByRole('tab', { name: /Lesson/ });
    await expect(page.getByTestId('lesson-link')).toHaveText('Lesson tab: tasks 0/4 done, 5 questions');
    await page.getByTestId('lesson-link').click();
    await expect(lessonTab).toHaveAttribute('aria-selected', 'true');
    const tasks = page.getByTestId('lesson-task');
    await expect(tasks).toHaveCount(4);
    await expect(page.getByTestId('task-progress')).toHaveText('0 of 4 done');
    await expect(tasks.first()).toHaveAttribute('data-done', 'false');
    await expect(tasks.first().getByRole('img', { name: 'Not done yet' })).toBeVisible();

    // run mode: right-click clicks ▸ Kill
    await page.getByTestId('run-start').click();
    await expect(page.getByTestId('run-stop')).toBeVisible();
    await expect(tasks.first()).toHaveAttribute('data-done', 'false');
    await clickAt(page, nodeCard(page, 'clicks'), 'right');
    const menu = page.getByTestId('run-menu');
    await expect(menu).toBeVisible();
    await clickAt(page, menu.getByRole('menuitem', { name: 'Kill (:kill)' }));
    await expect(tasks.first()).toHaveAttribute('data-done', 'true');
    await expect(tasks.first().getByRole('img', { name: 'Done' })).toBeVisible();
    await expect(page.getByRole('status').getByText('Lesson task done ✓ Kill clicks yourself: right-click it in the run, Kill — app_sup restarts it under the same name.')).toBeVisible();
    await expect(page.getByTestId('task-progress')).toHaveText('1 of 4 done');
    await expect(lessonTab).toContainText('1/4');
    // the others are not done by that
    await expect(tasks.nth(2)).toHaveAttribute('data-done', 'false');

    // a fresh run; "a pid is not a name" played from its task and played until it is over
    await page.getByTestId('run-stop').click();
    await page.getByTestId('run-start').click();
    const pidTask = tasks.filter({ hasText: 'a pid is not a name' });
    await pidTask.getByRole('button', { name: 'Play the scenario a pid is not a name' }).click();
    await expect(pidTask).toHaveAttribute('data-done', 'false');
    // paused: the task says the scenario needs its time
    await expect(pidTask.locator('.lp-note')).toContainText('"a pid is not a name" is playing: let the run reach');
    await page.getByTestId('run-play').click();
    await expect(pidTask).toHaveAttribute('data-done', 'true', { timeout: 20_000 });
    await expect(page.getByTestId('task-progress')).toHaveText('2 of 4 done');
    await page.getByTestId('run-pause').click();
    await expect(page.locator('.toast')).toHaveCount(0, { timeout: 15_000 }); // info toasts go after 4 s
    await page.getByTestId('lesson-path').evaluate((e) => { e.scrollTop = 0; });
    await shot(page, `lesson-tasks-${size.width}x${size.height}`);

    // the questions: answers hidden until asked for
    const q = page.getByTestId('lesson-question').first();
    await q.scrollIntoViewIfNeeded();
    const answer = q.getByTestId('lesson-answer');
    await expect(answer).toBeHidden();
    const reveal = q.getByRole('button', { name: 'Show answer' });
    await expect(reveal).toHaveAttribute('aria-expanded', 'false');
    await reveal.click();
    await expect(answer).toBeVisible();
    await expect(answer).toContainText('new pid');
    await expect(q.getByRole('button', { name: 'Hide answer' })).toHaveAttribute('aria-expanded', 'true');
    await answer.scrollIntoViewIfNeeded();
    await shot(page, `lesson-answer-${size.width}x${size.height}`);

    // progress is kept for the template: a new copy of Drill 5 after a reload shows the same ticks
    await page.getByTestId('run-stop').click();
    await page.reload();
    await page.getByRole('toolbar', { name: 'Main toolbar' }).waitFor();
    const banner = page.getByRole('alert').filter({ hasText: 'Unsaved work' });
    if (await banner.count()) await banner.getByRole('button', { name: 'Discard' }).click();
    await openTemplate(page, 'Drill 5 — a basic supervisor with a Registry');
    await page.getByRole('tab', { name: /Lesson/ }).click();
    await expect(page.getByTestId('task-progress')).toHaveText('2 of 4 done');
    await page.getByRole('button', { name: 'Start over' }).click();
    await expect(page.getByTestId('task-progress')).toHaveText('0 of 4 done');
  });
}
