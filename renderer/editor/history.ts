// The document store: the design document is the truth, every edit is an immer producer whose patches feed
// undo/redo. Steps that share a merge key (one drag, one typing burst in one field) squash into one undo step until
// the burst is sealed (drag end, blur) or goes quiet. Dirty = the top of the undo stack is not the saved step.
import { applyPatches, enablePatches, produceWithPatches, type Draft, type Patch } from 'immer';

enablePatches();

interface Step {
  id: number;
  label: string;
  patches: Patch[];
  inverse: Patch[];
  mergeKey?: string;
  at: number;
}

export interface EditOptions {
  /** Edits with the same key squash into the previous step while it is open (not sealed, not idle too long). */
  merge?: string;
  /**
   * Squash with the same key however long the pause, until `seal()`: for a gesture with an explicit end (a drag is
   * sealed when it ends), so a drag that pauses — a slow machine, a hand that stops — is still one undo step.
   */
  untilSealed?: boolean;
}

export class DocumentHistory<T extends object> {
  private undoStack: Step[] = [];
  private redoStack: Step[] = [];
  private nextId = 1;
  private sealed = true;
  private savedStepId = 0; // 0 = the empty stack (a freshly opened or created document)
  private listeners = new Set<() => void>();

  constructor(
    private current: T,
    private readonly clock: () => number = () => Date.now(),
    /** A burst with no edit for this long is closed, so the next edit starts a new step. */
    private readonly mergeWindowMs = 1500,
  ) {}

  get doc(): T {
    return this.current;
  }

  /** Runs a recipe on a draft; records one undo step (or squashes into the open one). No-op recipes record nothing. */
  edit(label: string, recipe: (draft: Draft<T>) => void, opts: EditOptions = {}): boolean {
    const [next, patches, inverse] = produceWithPatches(this.current, recipe);
    if (patches.length === 0) return false;
    this.current = next as T;
    this.redoStack = [];
    const now = this.clock();
    const top = this.undoStack.at(-1);
    if (opts.merge && top && !this.sealed && top.mergeKey === opts.merge && (opts.untilSealed || now - top.at <= this.mergeWindowMs)) {
      top.patches.push(...patches);
      top.inverse.unshift(...inverse);
      top.at = now;
      top.id = this.nextId++; // a changed step is a new state: dirty again even if it was the saved one
    } else {
      this.undoStack.push({ id: this.nextId++, label, patches, inverse, mergeKey: opts.merge, at: now });
    }
    this.sealed = !opts.merge;
    this.emit();
    return true;
  }

  /** Ends the current burst (drag end, field blur): the next edit starts a new undo step. */
  seal(): void {
    this.sealed = true;
  }

  get canUndo() {
    return this.undoStack.length > 0;
  }
  get canRedo() {
    return this.redoStack.length > 0;
  }
  get undoLabel() {
    return this.undoStack.at(-1)?.label;
  }
  get redoLabel() {
    return this.redoStack.at(-1)?.label;
  }

  undo(): boolean {
    const step = this.undoStack.pop();
    if (!step) return false;
    this.current = applyPatches(this.current, step.inverse);
    this.redoStack.push(step);
    this.sealed = true;
    this.emit();
    return true;
  }

  redo(): boolean {
    const step = this.redoStack.pop();
    if (!step) return false;
    this.current = applyPatches(this.current, step.patches);
    this.undoStack.push(step);
    this.sealed = true;
    this.emit();
    return true;
  }

  /** Replaces the document (new, open, restore): history starts over, clean unless told otherwise. */
  reset(doc: T, opts: { dirty?: boolean } = {}): void {
    this.current = doc;
    this.undoStack = [];
    this.redoStack = [];
    this.sealed = true;
    this.savedStepId = opts.dirty ? -1 : 0;
    this.emit();
  }

  markSaved(): void {
    this.savedStepId = this.undoStack.at(-1)?.id ?? 0;
    this.emit();
  }

  get dirty(): boolean {
    return (this.undoStack.at(-1)?.id ?? 0) !== this.savedStepId;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit() {
    for (const l of this.listeners) l();
  }
}
