// Closing a window with unsaved changes: ask Save / Don't save / Cancel. "Save" asks the renderer to save
// (contract `close:saveRequested`) and waits for its `close:answer`; the window closes only after a successful
// save or "Don't save". A renderer that has crashed cannot answer, so its window closes without asking (the
// autosaved copy stays in the recovery folder for the next launch). A page that never answers "Save" (hung) does
// not keep the window open for ever: after a timeout the user may close without saving (autosave kept).
export type CloseChoice = 'save' | 'discard' | 'cancel';

export interface CloseGuardDeps {
  /** The native prompt. */
  ask: (title: string) => Promise<CloseChoice>;
  /** Send `close:saveRequested` to the renderer. */
  requestSave: () => void;
  /** Close the window for real (the guard lets this one through). */
  close: () => void;
  /** "Don't save": forget this session's autosaved copies. */
  discardAutosaves: () => Promise<void>;
  /**
   * "Save" was chosen but the page has not answered within `saveTimeoutMs` (it hangs, or is stuck in a dialog):
   * close without saving, or keep waiting. Closing this way keeps the autosaved copy for the next launch.
   */
  askUnresponsive: (title: string) => Promise<'close' | 'wait'>;
  saveTimeoutMs?: number;
  /** Timer (injected for tests); returns a function that cancels it. */
  setTimer?: (run: () => void, ms: number) => () => void;
}

const defaultTimer = (run: () => void, ms: number) => {
  const t = setTimeout(run, ms);
  return () => clearTimeout(t);
};

export class CloseGuard {
  private dirty = false;
  private title = 'Untitled';
  private allowed = false;
  private busy = false;
  private rendererGone = false;
  /** Closed after the page failed to answer a save: its autosaves must survive like after a crash. */
  private closedUnsaved = false;
  private cancelTimer: (() => void) | null = null;

  constructor(private readonly deps: CloseGuardDeps) {}

  setDocumentState(state: { title: string; dirty: boolean }): void {
    this.title = state.title;
    this.dirty = state.dirty;
  }

  isDirty(): boolean {
    return this.dirty;
  }

  markRendererGone(): void {
    this.rendererGone = true;
  }

  /** A (re)loaded page said it is ready: it has no unsaved changes until it says so. */
  pageReady(): void {
    this.rendererGone = false;
    this.dirty = false;
    this.busy = false;
  }

  /** Whether the page crashed (then its autosaved copies must survive the exit). */
  rendererCrashed(): boolean {
    return this.rendererGone || this.closedUnsaved;
  }

  /** Call from the window's `close` event; returns true when the close must be prevented. */
  onClose(): boolean {
    if (this.allowed || !this.dirty || this.rendererGone) return false;
    if (!this.busy) void this.prompt();
    return true;
  }

  private async prompt(): Promise<void> {
    this.busy = true;
    try {
      const choice = await this.deps.ask(this.title);
      if (choice === 'cancel') {
        this.busy = false;
      } else if (choice === 'discard') {
        await this.deps.discardAutosaves().catch(() => undefined);
        this.closeNow();
      } else {
        this.deps.requestSave(); // stays busy until the renderer answers, or the user gives up waiting
        this.waitForAnswer();
      }
    } catch {
      this.busy = false;
    }
  }

  private waitForAnswer(): void {
    this.cancelTimer?.();
    this.cancelTimer = (this.deps.setTimer ?? defaultTimer)(() => {
      this.cancelTimer = null;
      if (!this.busy) return;
      void this.deps.askUnresponsive(this.title).then((choice) => {
        if (!this.busy) return; // the page answered meanwhile
        if (choice === 'close') {
          this.closedUnsaved = true;
          this.closeNow();
        } else {
          this.waitForAnswer();
        }
      }, () => this.waitForAnswer());
    }, this.deps.saveTimeoutMs ?? 10_000);
  }

  /** The renderer's `close:answer`. */
  answer(saved: boolean): void {
    if (!this.busy) return;
    this.busy = false;
    this.cancelTimer?.();
    this.cancelTimer = null;
    if (saved) this.closeNow();
  }

  private closeNow(): void {
    this.allowed = true;
    this.busy = false;
    this.cancelTimer?.();
    this.cancelTimer = null;
    this.deps.close();
  }
}
