// Workers that run a design's custom code (untrusted: designs are downloaded and shared), isolated from the app.
//
// The worker does not run in the page's origin: a hidden <iframe sandbox="allow-scripts"> loads public/sandbox.html
// (an opaque origin: no access to the app's IndexedDB autosaves, localStorage or cookies; its Content-Security-
// Policy has connect-src 'none': no fetch, XHR or WebSocket, and no script from anywhere). The page fetches the
// bundled worker script (one file) and hands its text to the frame, which starts it from a blob: URL, so the worker
// inherits the frame's origin and policy. Messages go page ⇄ MessageChannel ⇄ frame ⇄ worker; the frame wraps them
// ({t:'m', d} for data, {t:'e', message} for a worker error). A browser that isolates sandboxed frames puts the frame
// in its own process, so a call that makes the engine abort ('x'.repeat(2**29-24).split('')) takes down the frame,
// not the page: the run's watchdog then fails the run and the design stays.
//
// In development (Vite's dev server serves workers as many modules) the worker starts directly, as before.

/** The part of a Worker the app uses: postMessage, message/error listeners (or onmessage/onerror), terminate. */
export interface IsolatedWorker {
  postMessage(message: unknown): void;
  addEventListener(type: 'message' | 'error', listener: (e: MessageEvent) => void): void;
  removeEventListener(type: 'message' | 'error', listener: (e: MessageEvent) => void): void;
  onmessage: ((e: MessageEvent) => void) | null;
  onerror: ((e: { message?: string }) => void) | null;
  terminate(): void;
}

export const SANDBOX_PAGE = 'sandbox.html';

let codeCache = new Map<string, Promise<string>>();

/** Start the bundled worker at `scriptUrl` inside a sandboxed frame (or directly, in development). */
export function startIsolatedWorker(scriptUrl: string, name: string, opts: { direct?: boolean } = {}): IsolatedWorker {
  if (opts.direct ?? import.meta.env.DEV) return new Worker(scriptUrl, { type: 'module', name }) as unknown as IsolatedWorker;
  return new FramedWorker(scriptUrl, name);
}

class FramedWorker implements IsolatedWorker {
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: ((e: { message?: string }) => void) | null = null;
  private readonly listeners = { message: new Set<(e: MessageEvent) => void>(), error: new Set<(e: MessageEvent) => void>() };
  private readonly frame: HTMLIFrameElement;
  private readonly channel = new MessageChannel();
  private queue: unknown[] | null = [];
  private dead = false;
  private readonly onWindowMessage: (e: MessageEvent) => void;

  constructor(scriptUrl: string, private readonly name: string) {
    const code = codeCache.get(scriptUrl) ?? fetch(scriptUrl).then((r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      return r.text();
    });
    codeCache.set(scriptUrl, code);
    code.catch(() => codeCache.delete(scriptUrl));
    this.frame = document.createElement('iframe');
    this.frame.setAttribute('sandbox', 'allow-scripts');
    this.frame.setAttribute('aria-hidden', 'true');
    this.frame.tabIndex = -1;
    this.frame.title = `${name} sandbox`;
    this.frame.dataset.isolatedWorker = name;
    this.frame.style.cssText = 'position:absolute;width:0;height:0;border:0;visibility:hidden';
    this.frame.src = new URL(SANDBOX_PAGE, document.baseURI).href;
    this.onWindowMessage = (e: MessageEvent) => {
      // only the ready signal of our own frame; everything else from frames is ignored
      if (e.source !== this.frame.contentWindow || (e.data as { kind?: string })?.kind !== 'supervisor-studio:sandbox-ready') return;
      window.removeEventListener('message', this.onWindowMessage);
      code.then(
        (text) => {
          if (this.dead) return;
          this.frame.contentWindow?.postMessage({ kind: 'supervisor-studio:start', code: text, name: this.name }, '*', [this.channel.port2]);
          const queued = this.queue ?? [];
          this.queue = null;
          for (const m of queued) this.channel.port1.postMessage(m);
        },
        (err: unknown) => this.fail(`the run worker's code could not be loaded (${err instanceof Error ? err.message : String(err)})`),
      );
    };
    window.addEventListener('message', this.onWindowMessage);
    this.channel.port1.onmessage = (e: MessageEvent<{ t: 'm'; d: unknown } | { t: 'e'; message: string }>) => {
      const m = e.data;
      if (m?.t === 'm') this.dispatch('message', new MessageEvent('message', { data: m.d }));
      else if (m?.t === 'e') this.fail(m.message);
    };
    document.body.appendChild(this.frame);
  }

  private dispatch(type: 'message' | 'error', e: MessageEvent): void {
    if (this.dead) return;
    if (type === 'message') this.onmessage?.(e);
    for (const l of this.listeners[type]) l(e);
  }

  private fail(message: string): void {
    if (this.dead) return;
    const e = new MessageEvent('error', { data: message });
    Object.defineProperty(e, 'message', { value: message });
    this.onerror?.(e as MessageEvent & { message: string });
    for (const l of this.listeners.error) l(e);
  }

  postMessage(message: unknown): void {
    if (this.dead) return;
    if (this.queue) this.queue.push(message);
    else this.channel.port1.postMessage(message);
  }

  addEventListener(type: 'message' | 'error', listener: (e: MessageEvent) => void): void {
    this.listeners[type].add(listener);
  }

  removeEventListener(type: 'message' | 'error', listener: (e: MessageEvent) => void): void {
    this.listeners[type].delete(listener);
  }

  terminate(): void {
    if (this.dead) return;
    this.dead = true;
    window.removeEventListener('message', this.onWindowMessage);
    this.channel.port1.close();
    this.frame.remove(); // ends the frame's document and its worker
  }
}

/** Tests: forget fetched worker code. */
export function resetIsolatedWorkerCache(): void {
  codeCache = new Map();
}
