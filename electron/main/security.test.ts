import { describe, expect, it, vi } from 'vitest';
import {
  APP_ENTRY_URL, contentSecurityPolicy, cspForUrl, isWorkerScriptUrl, denyAllPermissions, guardWebContents, isAllowedExternalUrl, isAppUrl,
  mainWindowOptions, openExternalWithConfirmation, type ExternalDeps, type GuardedContents,
} from './security';

describe('main window options', () => {
  const options = mainWindowOptions({ preload: '/app/out/preload/index.cjs', bounds: { width: 1200, height: 800 }, dark: false });

  it('has the secure web preferences', () => {
    expect(options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/out/preload/index.cjs',
    });
  });

  it('uses the given bounds and waits for ready-to-show', () => {
    expect(options).toMatchObject({ width: 1200, height: 800, show: false, title: 'Supervisor Studio' });
    expect(options.x).toBeUndefined();
  });

  it('loads a single-file CommonJS preload', () => {
    expect(options.webPreferences?.preload).toMatch(/\.cjs$/);
  });
});

describe('content security policy', () => {
  const csp = contentSecurityPolicy();
  const directives = Object.fromEntries(csp.split('; ').map((d) => { const [k, ...v] = d.split(' '); return [k, v]; }));

  it('allows no remote origin anywhere', () => {
    for (const sources of Object.values(directives)) {
      for (const s of sources) expect(["'self'", "'none'", "'unsafe-inline'", 'data:', 'blob:']).toContain(s);
    }
  });

  it('runs only our own scripts and workers, no eval, no inline script', () => {
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['worker-src']).toEqual(["'self'", 'blob:']);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['default-src']).toEqual(["'self'"]);
  });

  it('lets only the kernel worker script evaluate code (custom behaviours), never the page', () => {
    expect(cspForUrl('app://studio/index.html')).toContain("script-src 'self';");
    expect(cspForUrl('app://studio/assets/index-CQVL6l_P.js')).not.toContain('unsafe-eval');
    expect(cspForUrl('app://studio/assets/kernel.worker-8KIuX-LE.js')).toContain("script-src 'self' 'unsafe-eval';");
    expect(isWorkerScriptUrl('http://localhost:5173/src/run/kernel.worker.ts?worker_file&type=module')).toBe(true);
    expect(isWorkerScriptUrl('http://localhost:5173/src/run/kernel.worker.ts')).toBe(false);
    expect(isWorkerScriptUrl('app://studio/assets/not-a-worker.js')).toBe(false);
    expect(isWorkerScriptUrl('app://studio/assets/kernel.worker-abc.js.map')).toBe(false);
    const page = contentSecurityPolicy().split('; ');
    const worker = contentSecurityPolicy(undefined, 'worker').split('; ');
    expect(worker.filter((d) => !page.includes(d))).toEqual(["script-src 'self' 'unsafe-eval'"]);
  });

  it('adds only the dev server websocket in development', () => {
    expect(contentSecurityPolicy('http://localhost:5173/')).toContain("connect-src 'self' ws://localhost:5173");
  });
});

describe('isAppUrl', () => {
  it('accepts our pages only', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://studio/assets/index.js')).toBe(true);
    for (const url of ['app://other/index.html', 'file:///tmp/index.html', 'https://studio/', 'app://user:pw@studio/', 'not a url', '']) {
      expect(isAppUrl(url)).toBe(false);
    }
    expect(isAppUrl('http://localhost:5173/index.html', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5174/index.html', 'http://localhost:5173')).toBe(false);
    expect(isAppUrl('http://localhost:5173/index.html')).toBe(false);
  });
});

function fakeContents() {
  const listeners = new Map<string, (event: { preventDefault(): void }, ...rest: unknown[]) => void>();
  let openHandler: ((d: { url: string }) => { action: 'deny' }) | undefined;
  const contents: GuardedContents = {
    on: (event, listener) => listeners.set(event, listener),
    setWindowOpenHandler: (h) => { openHandler = h; },
  };
  const fire = (event: string, url: string) => {
    const e = { preventDefault: vi.fn() };
    listeners.get(event)!(e, url);
    return e.preventDefault;
  };
  return { contents, fire, open: (url: string) => openHandler!({ url }) };
}

function externalDeps(answer: boolean) {
  return {
    confirm: vi.fn(async () => answer),
    openExternal: vi.fn(async () => undefined),
    log: vi.fn(),
  } satisfies ExternalDeps;
}

describe('navigation and new windows', () => {
  it('prevents every navigation, redirect and webview, and logs it', () => {
    const deps = externalDeps(true);
    const { contents, fire } = fakeContents();
    guardWebContents(contents, deps);
    for (const url of ['https://example.com/', 'app://studio/index.html', 'file:///etc/passwd', 'javascript:alert(1)']) {
      expect(fire('will-navigate', url)).toHaveBeenCalledOnce();
    }
    expect(fire('will-redirect', 'https://example.com/')).toHaveBeenCalledOnce();
    expect(fire('will-attach-webview', '')).toHaveBeenCalledOnce();
    expect(deps.log).toHaveBeenCalledTimes(6);
    expect(deps.openExternal).not.toHaveBeenCalled();
  });

  it('denies new windows; an https link goes to the system browser after confirmation', async () => {
    const deps = externalDeps(true);
    const { contents, open } = fakeContents();
    guardWebContents(contents, deps);
    expect(open('https://hexdocs.pm/elixir/Supervisor.html')).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(deps.openExternal).toHaveBeenCalledWith('https://hexdocs.pm/elixir/Supervisor.html'));
    expect(deps.confirm).toHaveBeenCalledOnce();
  });

  it('refuses non-https new windows without asking', async () => {
    const deps = externalDeps(true);
    const { contents, open } = fakeContents();
    guardWebContents(contents, deps);
    for (const url of ['http://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'about:blank', 'app://studio/x']) {
      expect(open(url)).toEqual({ action: 'deny' });
    }
    await new Promise((r) => setTimeout(r, 5));
    expect(deps.confirm).not.toHaveBeenCalled();
    expect(deps.openExternal).not.toHaveBeenCalled();
  });
});

describe('openExternalWithConfirmation', () => {
  it('opens only https URLs the user confirmed', async () => {
    const yes = externalDeps(true);
    expect(await openExternalWithConfirmation('https://www.erlang.org/doc/', yes)).toBe(true);
    expect(yes.openExternal).toHaveBeenCalledOnce();

    const no = externalDeps(false);
    expect(await openExternalWithConfirmation('https://www.erlang.org/doc/', no)).toBe(false);
    expect(no.openExternal).not.toHaveBeenCalled();

    for (const url of ['http://x.org', 'smb://host/share', 'https://user:pw@x.org/', 'file:///C:/Windows/calc.exe', 'nope']) {
      expect(await openExternalWithConfirmation(url, yes)).toBe(false);
    }
    expect(yes.openExternal).toHaveBeenCalledOnce();
    expect(isAllowedExternalUrl('https://example.org/a?b#c')).toBe(true);
  });
});

describe('permissions', () => {
  it('denies every permission request and check', () => {
    let request: ((c: unknown, p: string, cb: (granted: boolean) => void) => void) | undefined;
    let check: ((c: unknown, p: string) => boolean) | undefined;
    const log = vi.fn();
    denyAllPermissions({ setPermissionRequestHandler: (h) => { request = h; }, setPermissionCheckHandler: (h) => { check = h; } }, log);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'fullscreen', 'openExternal']) {
      const cb = vi.fn();
      request!({}, permission, cb);
      expect(cb).toHaveBeenCalledWith(false);
      expect(check!({}, permission)).toBe(false);
    }
    expect(log).toHaveBeenCalledTimes(6);
  });
});
