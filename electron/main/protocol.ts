// Serving the packaged renderer from app://studio/ instead of file://: the page gets a real origin (so the IPC
// sender check, CSP 'self' and module workers behave), and every response carries its CSP header.
import { extname, join, relative, resolve, sep, isAbsolute } from 'node:path';
import { APP_HOST } from './security';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** The file an app:// URL names inside `root`, or null (other host, path escaping root, bad encoding). */
export function resolveAppFile(url: string, root: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  const base = resolve(root);
  const file = resolve(join(base, pathname));
  const rel = relative(base, file);
  if (rel === '' || rel.startsWith('..') || rel.split(sep).includes('..') || isAbsolute(rel)) return null;
  return file;
}

export function appResponseHeaders(file: string, csp: string): Record<string, string> {
  return {
    'content-type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'cross-origin-opener-policy': 'same-origin',
    'cache-control': 'no-cache',
  };
}

/** Handle one app:// request: the file with headers, or 404. `cspFor` picks the policy per URL; `readFile` is injected. */
export async function serveAppRequest(
  url: string, root: string, cspFor: (url: string) => string, readFile: (p: string) => Promise<Uint8Array>,
): Promise<Response> {
  const csp = cspFor(url);
  const notFound = () => new Response('Not found', { status: 404, headers: { 'content-security-policy': csp } });
  const file = resolveAppFile(url, root);
  if (!file) return notFound();
  try {
    const body = await readFile(file);
    return new Response(body as ConstructorParameters<typeof Response>[0], { status: 200, headers: appResponseHeaders(file, csp) });
  } catch {
    return notFound();
  }
}
