import { describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { resolveAppFile, serveAppRequest } from './protocol';
import { contentSecurityPolicy, cspForUrl } from './security';

const root = resolve('/opt/studio/out/renderer');

describe('app:// protocol', () => {
  it('maps our URLs to files inside the renderer folder', () => {
    expect(resolveAppFile('app://studio/', root)).toBe(join(root, 'index.html'));
    expect(resolveAppFile('app://studio/index.html', root)).toBe(join(root, 'index.html'));
    expect(resolveAppFile('app://studio/assets/worker-abc.js?x=1#y', root)).toBe(join(root, 'assets/worker-abc.js'));
    expect(resolveAppFile('app://studio/assets/a%20b.css', root)).toBe(join(root, 'assets/a b.css'));
  });

  it('refuses other hosts, path traversal and bad encodings', () => {
    for (const url of [
      'app://other/index.html',
      'app://studio/assets/..%2f..%2f..%2fetc%2fpasswd',
      'app://studio/%E0%A4%A',
      'app://studio/a%00b',
      'not a url',
    ]) expect(resolveAppFile(url, root)).toBeNull();
  });

  it('keeps dot segments that the URL parser normalizes inside the folder', () => {
    // WHATWG URL parsing removes `..` and `%2e%2e` segments before we see them: they cannot climb out.
    expect(resolveAppFile('app://studio/../../etc/passwd', root)).toBe(join(root, 'etc/passwd'));
    expect(resolveAppFile('app://studio/%2e%2e/%2e%2e/etc/passwd', root)).toBe(join(root, 'etc/passwd'));
  });

  it('answers with the file, its type and the CSP header; 404 otherwise', async () => {
    const csp = contentSecurityPolicy();
    const files: Record<string, string> = { [join(root, 'index.html')]: '<!doctype html>', [join(root, 'assets/kernel.worker-x1.js')]: 'onmessage=()=>{}' };
    const read = async (p: string) => {
      if (!(p in files)) throw new Error('ENOENT');
      return new TextEncoder().encode(files[p]);
    };
    const ok = await serveAppRequest('app://studio/index.html', root, cspForUrl, read);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(ok.headers.get('content-security-policy')).toBe(csp);
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await ok.text()).toBe('<!doctype html>');
    const missing = await serveAppRequest('app://studio/nothing.js', root, cspForUrl, read);
    expect(missing.status).toBe(404);
    const escape = await serveAppRequest('app://studio/..%2fsecret', root, cspForUrl, read);
    expect(escape.status).toBe(404);
    const worker = await serveAppRequest('app://studio/assets/kernel.worker-x1.js', root, cspForUrl, read);
    expect(worker.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(worker.headers.get('content-security-policy')).toBe(contentSecurityPolicy(undefined, 'worker'));
  });
});
