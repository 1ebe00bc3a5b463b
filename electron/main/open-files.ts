// Documents handed to the app from outside: command-line arguments (Windows/Linux, first launch), a second launch
// (single-instance hand-off: its argv and working folder come to the first instance), and macOS `open-file`
// (which can fire before the app is ready). Paths wait in a queue until the renderer says it is ready; after that
// each is read and sent as a `file:opened` event.
import { isAbsolute, resolve } from 'node:path';
import type { OpenResult } from '../contract';
import { DOCUMENT_EXTENSION } from '../contract';

/** The `.suptree` paths in an argv, made absolute against `cwd`. Flags and the executable are skipped. */
export function documentPathsFromArgv(argv: readonly string[], cwd: string): string[] {
  const suffix = `.${DOCUMENT_EXTENSION}`;
  return argv
    .filter((a) => !a.startsWith('-') && a.toLowerCase().endsWith(suffix))
    .map((a) => (isAbsolute(a) ? resolve(a) : resolve(cwd, a)));
}

export interface OpenQueueDeps {
  /** Read a document (and grant it to the renderer, add it to recent files). */
  open: (path: string) => Promise<OpenResult>;
  /** Deliver a document once the renderer is ready. */
  deliver: (result: OpenResult) => void;
  /** Bring the window to the front. */
  focus: () => void;
}

export class OpenQueue {
  private pending: string[] = [];
  private ready = false;

  constructor(private readonly deps: OpenQueueDeps) {}

  /** A path to open, from any source, at any time. */
  request(path: string): void {
    this.deps.focus();
    if (!this.ready) {
      if (!this.pending.includes(path)) this.pending.push(path);
      return;
    }
    // never an unhandled rejection: a path that cannot be opened is delivered as a failed open
    void this.open(path).then(this.deps.deliver);
  }

  /** A second launch: focus this instance and open the document paths it was given. */
  secondInstance(argv: readonly string[], cwd: string): void {
    this.deps.focus();
    for (const p of documentPathsFromArgv(argv, cwd)) this.request(p);
  }

  /** The renderer is ready (again, after a reload): read the queued paths and return them. */
  async takePending(): Promise<OpenResult[]> {
    this.ready = true;
    const paths = this.pending;
    this.pending = [];
    return Promise.all(paths.map((p) => this.open(p)));
  }

  private open(path: string): Promise<OpenResult> {
    return this.deps.open(path).catch((error: unknown): OpenResult => ({
      ok: false, path, error: `Could not open "${path.split(/[\\/]/).pop()}": ${error instanceof Error ? error.message : String(error)}.`,
    }));
  }

  /** The page is reloading or gone: queue again until it says it is ready. */
  notReady(): void {
    this.ready = false;
  }
}
