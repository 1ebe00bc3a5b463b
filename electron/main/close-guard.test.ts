import { describe, expect, it, vi } from 'vitest';
import { CloseGuard, type CloseChoice } from './close-guard';

function setup(choice: CloseChoice, unresponsive: 'close' | 'wait' = 'wait') {
  const timers: (() => void)[] = [];
  const deps = {
    ask: vi.fn(async (_title: string) => choice),
    requestSave: vi.fn(),
    close: vi.fn(),
    discardAutosaves: vi.fn(async () => undefined),
    askUnresponsive: vi.fn(async (_title: string) => unresponsive),
    // timers fire only when the test says so (fireTimers)
    setTimer: vi.fn((run: () => void) => {
      timers.push(run);
      return () => { const i = timers.indexOf(run); if (i >= 0) timers.splice(i, 1); };
    }),
    timers,
  };
  const guard = new CloseGuard(deps);
  deps.close.mockImplementation(() => expect(guard.onClose()).toBe(false)); // the real close goes through
  return { guard, deps };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('closing with unsaved changes', () => {
  it('closes at once when nothing is unsaved', () => {
    const { guard, deps } = setup('save');
    guard.setDocumentState({ title: 'a.suptree', dirty: false });
    expect(guard.onClose()).toBe(false);
    expect(deps.ask).not.toHaveBeenCalled();
  });

  it('Cancel keeps the window open; closing again asks again', async () => {
    const { guard, deps } = setup('cancel');
    guard.setDocumentState({ title: 'a.suptree', dirty: true });
    expect(guard.onClose()).toBe(true);
    await tick();
    expect(deps.ask).toHaveBeenCalledWith('a.suptree');
    expect(deps.close).not.toHaveBeenCalled();
    expect(guard.onClose()).toBe(true);
    await tick();
    expect(deps.ask).toHaveBeenCalledTimes(2);
  });

  it("Don't Save forgets the autosaves and closes", async () => {
    const { guard, deps } = setup('discard');
    guard.setDocumentState({ title: 'a', dirty: true });
    expect(guard.onClose()).toBe(true);
    await tick();
    expect(deps.discardAutosaves).toHaveBeenCalledOnce();
    expect(deps.close).toHaveBeenCalledOnce();
  });

  it('Save asks the renderer to save; the window closes only after it says it saved', async () => {
    const { guard, deps } = setup('save');
    guard.setDocumentState({ title: 'a', dirty: true });
    guard.onClose();
    await tick();
    expect(deps.requestSave).toHaveBeenCalledOnce();
    expect(guard.onClose()).toBe(true); // a second click while waiting does not ask twice
    await tick();
    expect(deps.ask).toHaveBeenCalledOnce();
    guard.answer(false); // save failed or cancelled
    expect(deps.close).not.toHaveBeenCalled();

    guard.onClose();
    await tick();
    guard.answer(true);
    expect(deps.close).toHaveBeenCalledOnce();
    expect(deps.discardAutosaves).not.toHaveBeenCalled();
  });

  it('ignores an answer nobody asked for', () => {
    const { guard, deps } = setup('save');
    guard.setDocumentState({ title: 'a', dirty: true });
    guard.answer(true);
    expect(deps.close).not.toHaveBeenCalled();
  });

  it('a crashed renderer cannot answer: close without asking (its autosaves stay)', () => {
    const { guard, deps } = setup('save');
    guard.setDocumentState({ title: 'a', dirty: true });
    guard.markRendererGone();
    expect(guard.onClose()).toBe(false);
    expect(guard.rendererCrashed()).toBe(true);
    expect(deps.ask).not.toHaveBeenCalled();
  });

  it('a reloaded page starts clean: no prompt until it reports unsaved changes', () => {
    const { guard, deps } = setup('save');
    guard.setDocumentState({ title: 'a', dirty: true });
    guard.markRendererGone();
    guard.pageReady();
    expect(guard.rendererCrashed()).toBe(false);
    expect(guard.onClose()).toBe(false);
    guard.setDocumentState({ title: 'a', dirty: true });
    expect(guard.onClose()).toBe(true);
    expect(deps.close).not.toHaveBeenCalled();
  });

  it('"Save" and a page that never answers: after the timeout the user may close without saving (autosaves kept)', async () => {
    const { guard, deps } = setup('save', 'close');
    guard.setDocumentState({ title: 'hung.suptree', dirty: true });
    expect(guard.onClose()).toBe(true);
    await tick();
    expect(deps.requestSave).toHaveBeenCalledOnce();
    expect(deps.timers).toHaveLength(1);
    deps.timers.shift()!();
    await tick();
    expect(deps.askUnresponsive).toHaveBeenCalledWith('hung.suptree');
    expect(deps.close).toHaveBeenCalledOnce();
    expect(deps.discardAutosaves).not.toHaveBeenCalled();
    expect(guard.rendererCrashed()).toBe(true); // so the clean-exit path keeps this session's autosaves
  });

  it('"Keep waiting" waits another round; a late answer still closes and cancels the timer', async () => {
    const { guard, deps } = setup('save', 'wait');
    guard.setDocumentState({ title: 'slow.suptree', dirty: true });
    guard.onClose();
    await tick();
    deps.timers.shift()!();
    await tick();
    expect(deps.close).not.toHaveBeenCalled();
    expect(deps.timers).toHaveLength(1); // waiting again
    guard.answer(true);
    expect(deps.close).toHaveBeenCalledOnce();
    expect(deps.timers).toHaveLength(0);
    expect(guard.rendererCrashed()).toBe(false);
  });
});
