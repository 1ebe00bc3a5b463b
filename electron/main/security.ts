// The security policy of the window, as plain functions (tested without Electron): where the page may come from,
// its Content-Security-Policy, navigation and new-window denial, permission denial, and external links.
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/** The privileged custom scheme the packaged renderer is served from: app://studio/index.html. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'studio';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * The Content-Security-Policy sent as a response header with everything the renderer loads (renderer/index.html
 * repeats the page policy as a meta tag). No remote origins anywhere. The kernel worker is a bundled module file
 * loaded from our own origin (`worker-src 'self'`; `blob:` matches the meta tag). The dev server adds its websocket.
 *
 * `scope: 'worker'` is the policy of the kernel worker script: the same, plus `'unsafe-eval'`, because the kernel
 * runs user-written custom behaviours with `new Function` (runtime/behaviours/custom-source.ts) — inside the worker,
 * under its watchdog. A dedicated worker gets the policy of its own script response, so the page keeps no eval.
 */
export function contentSecurityPolicy(devServerUrl?: string, scope: 'page' | 'worker' = 'page'): string {
  const connect = ["'self'"];
  if (devServerUrl) {
    const u = new URL(devServerUrl);
    connect.push(`ws://${u.host}`);
  }
  return [
    "default-src 'self'",
    scope === 'worker' ? "script-src 'self' 'unsafe-eval'" : "script-src 'self'",
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Is this URL a worker script of ours? Vite names built worker chunks `<name>.worker-<hash>.js` and serves them in
 * development as `<name>.worker.ts?worker_file`.
 */
export function isWorkerScriptUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return /\.worker-[A-Za-z0-9_-]+\.js$/.test(u.pathname) || (/\.worker\.[cm]?[jt]s$/.test(u.pathname) && u.searchParams.has('worker_file'));
  } catch {
    return false;
  }
}

/**
 * The policy of renderer/public/sandbox.html, the sandboxed frame (opaque origin) that hosts the workers running a
 * design's custom code (renderer/run/isolated-worker.ts): its inline script (the page's meta tag pins its hash),
 * eval for `new Function`, blob: workers, and nothing else — no network (connect-src 'none'), embeddable only by
 * the app itself.
 */
export const SANDBOX_FRAME_CSP = [
  "default-src 'none'",
  "script-src 'unsafe-inline' 'unsafe-eval' blob:",
  'worker-src blob:',
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');

const isSandboxFrameUrl = (url: string): boolean => {
  try {
    return new URL(url).pathname.endsWith('/sandbox.html');
  } catch {
    return false;
  }
};

/** The policy for one response URL. */
export function cspForUrl(url: string, devServerUrl?: string): string {
  if (isSandboxFrameUrl(url)) return SANDBOX_FRAME_CSP;
  return contentSecurityPolicy(devServerUrl, isWorkerScriptUrl(url) ? 'worker' : 'page');
}

/** Is this URL our own page (app://studio/…, or the dev server's origin in development)? */
export function isAppUrl(url: string, devServerUrl?: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (devServerUrl) {
    const dev = new URL(devServerUrl);
    if (u.protocol === dev.protocol && u.host === dev.host) return true;
  }
  return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}

export const WEB_PREFERENCES = {
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  spellcheck: false,
} as const satisfies WebPreferences;

export interface Bounds { x?: number; y?: number; width: number; height: number }

export function mainWindowOptions(opts: { preload: string; bounds: Bounds; icon?: string; dark: boolean }): BrowserWindowConstructorOptions {
  return {
    ...opts.bounds,
    minWidth: 800,
    minHeight: 560,
    show: false, // shown on ready-to-show, no white flash
    title: 'Supervisor Studio',
    backgroundColor: opts.dark ? '#1b1d22' : '#f7f7f9',
    ...(opts.icon ? { icon: opts.icon } : {}),
    webPreferences: { ...WEB_PREFERENCES, preload: opts.preload },
  };
}

/** External links the app may hand to the system browser: https only, no credentials in the URL. */
export function isAllowedExternalUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && u.username === '' && u.password === '' && u.hostname !== '';
  } catch {
    return false;
  }
}

export interface ExternalDeps {
  /** Ask the user "Open <url> in your browser?"; true to go ahead. */
  confirm: (url: string) => Promise<boolean>;
  openExternal: (url: string) => Promise<void>;
  log: (message: string) => void;
}

/** Open an https link in the system browser after the user confirms; everything else is refused. */
export async function openExternalWithConfirmation(url: string, deps: ExternalDeps): Promise<boolean> {
  if (!isAllowedExternalUrl(url)) {
    deps.log(`refused to open external URL (not https): ${url.slice(0, 200)}`);
    return false;
  }
  if (!(await deps.confirm(url))) return false;
  await deps.openExternal(url);
  return true;
}

/** The bits of a WebContents the guards attach to (structural, so tests pass a fake). */
export interface GuardedContents {
  on(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', listener: (event: { preventDefault(): void }, ...rest: any[]) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * Deny every navigation away from the loaded page, every redirect, every <webview> and every new window.
 * A new-window request for an https URL is offered to the system browser (after confirmation).
 */
export function guardWebContents(contents: GuardedContents, deps: ExternalDeps): void {
  const deny = (what: string) => (event: { preventDefault(): void }, url?: unknown) => {
    event.preventDefault();
    deps.log(`denied ${what}${typeof url === 'string' ? `: ${url.slice(0, 200)}` : ''}`);
  };
  contents.on('will-navigate', deny('navigation'));
  contents.on('will-redirect', deny('redirect'));
  contents.on('will-attach-webview', deny('webview'));
  contents.setWindowOpenHandler(({ url }) => {
    deps.log(`denied new window: ${url.slice(0, 200)}`);
    if (isAllowedExternalUrl(url)) void openExternalWithConfirmation(url, deps).catch((e) => deps.log(String(e)));
    return { action: 'deny' };
  });
}

/** The bits of a Session the permission guards use. */
export interface GuardedSession {
  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
}

/** Every permission request (camera, notifications, clipboard-read, geolocation, …) is denied. */
export function denyAllPermissions(session: GuardedSession, log: (m: string) => void): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log(`denied permission request: ${permission}`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
}
