// The open document's file side: new / open / save / save as / recent / autosave and recovery, through the host.
// Parsing and serializing are runtime/design's (`parse` never throws; a file that fails to parse opens nothing and
// is never written over).
import { parse, serialize } from '../../runtime/design/parse';
import { createEmptyDocument, type DesignDocument } from '../../runtime/design/document';
import type { DocRef, Host, OpenedDoc, RecoveryEntry } from '../host/types';
import type { Editor } from '../editor/editor';

export interface SessionState {
  name: string;
  ref: DocRef | null;
  dirty: boolean;
}

const newKey = () => (globalThis.crypto?.randomUUID?.() ?? `k${Date.now()}${Math.random().toString(16).slice(2)}`).replace(/[^A-Za-z0-9_-]/g, '');

/** The answer to "unsaved changes": save them first, drop them, or stay. */
export type DiscardChoice = 'save' | 'discard' | 'cancel';
/** Asks what to do with the unsaved changes to `name` before `action` (e.g. "open Drill 5"). */
export type AskDiscard = (q: { name: string; action: string }) => DiscardChoice | Promise<DiscardChoice>;

export class DocumentOpenError extends Error {
  constructor(name: string, readonly details: string[]) {
    super(`"${name}" could not be opened:\n${details.join('\n')}`);
    this.name = 'DocumentOpenError';
  }
}

export class DocumentSession {
  private ref: DocRef | null = null;
  private name = 'Untitled.suptree';
  private key = newKey();
  private lastAutosaved: DesignDocument | null = null;
  private listeners = new Set<() => void>();
  private state: SessionState;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly host: Host, private readonly editor: Editor, private readonly askDiscard: AskDiscard) {
    this.state = this.compute();
    editor.subscribe(() => this.update());
    host.setCloseHandlers({ isDirty: () => this.editor.getSnapshot().dirty, save: () => this.save() });
    host.setDocumentState({ title: this.name, dirty: this.state.dirty, ref: null });
  }

  /** Called when an opened file has data that saving would change (not valid UTF-8, a dropped "__proto__" key). */
  onCautions: ((name: string, cautions: string[]) => void) | null = null;

  getState = () => this.state;
  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  /** Starts writing a recovery copy of the dirty document every `ms`. */
  startAutosave(ms = 4000) {
    clearInterval(this.timer);
    this.timer = setInterval(() => void this.autosaveNow(), ms);
    return () => clearInterval(this.timer);
  }

  async autosaveNow() {
    const doc = this.editor.doc;
    if (!this.editor.getSnapshot().dirty || doc === this.lastAutosaved) return;
    this.lastAutosaved = doc;
    await this.host.autosave(this.key, { name: this.name, ref: this.ref }, serialize(doc));
  }

  /** True when the current document may be replaced: nothing unsaved, or the user saved it or chose to drop it. */
  private async okToDiscard(action: string): Promise<boolean> {
    if (!this.editor.getSnapshot().dirty) return true;
    const choice = await this.askDiscard({ name: this.name, action });
    if (choice === 'cancel') return false;
    if (choice === 'discard') return true;
    return (await this.save()) && !this.editor.getSnapshot().dirty; // Save As cancelled, or edited meanwhile: stay
  }

  async newDocument(doc: DesignDocument = createEmptyDocument(), name = 'Untitled.suptree'): Promise<boolean> {
    if (!(await this.okToDiscard('start a new design'))) return false;
    this.replace(doc, name, null, { dirty: false });
    return true;
  }

  /** A copy of a template: untitled, so saving asks where. */
  async openCopy(doc: DesignDocument, name: string): Promise<boolean> {
    if (!(await this.okToDiscard(`open ${name}`))) return false;
    this.replace(doc, name, null, { dirty: false });
    return true;
  }

  /** Parses file text and shows it; throws DocumentOpenError (with JSON paths) and changes nothing on bad input. */
  loadText(opened: OpenedDoc, opts: { dirty?: boolean; key?: string } = {}) {
    const r = parse(opened.text);
    if (!r.ok) throw new DocumentOpenError(opened.name, r.errors.map((e) => `${e.path}: ${e.message}`));
    this.replace(r.doc, opened.name, opened.ref, { dirty: opts.dirty ?? false });
    if (opts.key) this.key = opts.key;
    if (r.cautions.length) this.onCautions?.(opened.name, r.cautions);
    return r.warnings;
  }

  async open(): Promise<boolean> {
    if (!(await this.okToDiscard('open another design'))) return false;
    const opened = await this.host.open();
    if (!opened) return false;
    this.loadText(opened);
    return true;
  }

  async openRecent(id: string): Promise<boolean> {
    if (!(await this.okToDiscard('open another design'))) return false;
    this.loadText(await this.host.openRecent(id));
    return true;
  }

  async restore(entry: RecoveryEntry) {
    const opened = await this.host.restoreRecovery(entry.key);
    this.loadText(opened, { dirty: true, key: entry.key });
  }

  async save(): Promise<boolean> {
    if (!this.ref) return this.saveAs();
    const doc = this.editor.doc;
    this.ref = await this.host.save(this.ref, serialize(doc));
    this.saved(doc);
    return true;
  }

  async saveAs(): Promise<boolean> {
    const doc = this.editor.doc;
    const ref = await this.host.saveAs(serialize(doc), this.name.endsWith('.suptree') ? this.name : `${this.name}.suptree`);
    if (!ref) return false;
    this.ref = ref;
    this.name = ref.name;
    this.saved(doc);
    return true;
  }

  private saved(doc: DesignDocument) {
    // only mark clean if nothing changed while the write was in flight
    if (this.editor.doc === doc) this.editor.history.markSaved();
    void this.host.discardAutosave(this.key);
    this.lastAutosaved = null;
    this.update();
  }

  private replace(doc: DesignDocument, name: string, ref: DocRef | null, opts: { dirty: boolean }) {
    void this.host.discardAutosave(this.key);
    this.key = newKey();
    this.lastAutosaved = null;
    this.name = name;
    this.ref = ref;
    this.editor.load(doc, opts);
  }

  private compute(): SessionState {
    return { name: this.name, ref: this.ref, dirty: this.editor.getSnapshot().dirty };
  }

  private update() {
    const next = this.compute();
    if (next.name === this.state.name && next.ref === this.state.ref && next.dirty === this.state.dirty) return;
    this.state = next;
    this.host.setDocumentState({ title: next.name, dirty: next.dirty, ref: next.ref });
    for (const l of this.listeners) l();
  }
}
