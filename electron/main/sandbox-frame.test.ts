// The sandbox frame's page (renderer/public/sandbox.html) pins its one inline script by hash in its
// Content-Security-Policy: the hash must match the script, and the policy must keep the frame off the network.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SANDBOX_FRAME_CSP } from './security';

const html = readFileSync(new URL('../../renderer/public/sandbox.html', import.meta.url), 'utf8');
const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1];

describe('sandbox.html', () => {
  it('pins its inline script by hash', () => {
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(scripts).toHaveLength(1);
    const hash = createHash('sha256').update(scripts[0]).digest('base64');
    expect(csp).toContain(`'sha256-${hash}'`);
  });

  it('gives the frame no network, no other script source and only blob: workers (meta and desktop header alike)', () => {
    for (const policy of [csp, SANDBOX_FRAME_CSP]) {
      const directives = new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
      expect(directives.get('default-src')).toEqual(["'none'"]);
      expect(directives.get('connect-src')).toEqual(["'none'"]);
      expect(directives.get('worker-src')).toEqual(['blob:']);
      expect(directives.get('script-src')!.filter((s) => !/^'(sha256-.*|unsafe-eval|unsafe-inline)'$/.test(s))).toEqual(['blob:']);
    }
  });

  it('accepts a start message only from its parent, with a port', () => {
    expect(html).toMatch(/e\.source !== parent/);
    expect(html).toMatch(/m\.kind !== 'supervisor-studio:start'/);
  });
});
