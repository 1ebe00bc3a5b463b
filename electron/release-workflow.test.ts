// The release workflow (.github/workflows/release.yml) runs only on a tagged push on GitHub's machines, so its
// shape is checked here: every third-party action pinned to a full commit SHA (a moved tag cannot change what
// runs with our signing secrets), signing secrets plugged into the packaging step only, and no secret echoed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const text = readFileSync(new URL('../.github/workflows/release.yml', import.meta.url), 'utf8');
// Steps split at their `- ` lines (the workflow's own indentation: 6 spaces); each step's `KEY: value` lines kept.
type Step = { name?: string; uses?: string; run?: string; env?: Record<string, string> };
const steps: Step[] = text.replace(/^\s*#.*\n/gm, '').split(/\n(?= {6}- )/).slice(1).map((block) => {
  const field = (k: string) => block.match(new RegExp(`^ {6}(?:- | {2})${k}:\\s*(.*)$`, 'm'))?.[1];
  const env = block.match(/^ {8}env:\n((?: {10}.*\n?)+)/m)?.[1];
  return {
    name: field('name'), uses: field('uses'), run: block.includes('run:') ? block.slice(block.indexOf('run:')) : undefined,
    env: env ? Object.fromEntries(env.trim().split('\n').map((l) => [l.trim().split(':')[0], l.slice(l.indexOf(':') + 1).trim().replace(/^'(.*)'$/, '$1')])) : undefined,
  };
});

describe('release workflow', () => {
  it('pins every action to a commit SHA with the tag in a comment', () => {
    const uses = text.split('\n').filter((l) => /^\s*(-\s*)?uses:/.test(l));
    expect(uses.length).toBeGreaterThanOrEqual(4);
    for (const line of uses) expect(line).toMatch(/uses:\s*[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}\s+#\s*v\d+(\.\d+)*\s*$/);
  });

  it('hands the signing and notarization secrets to electron-builder, and to no other step', () => {
    const pack = steps.find((s) => s.run?.includes('electron-builder'));
    expect(pack?.env).toBeDefined();
    for (const v of ['CSC_LINK', 'CSC_KEY_PASSWORD', 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID']) {
      expect(pack!.env![v], v).toMatch(/secrets\./);
    }
    // no keychain identity guessed on the runner: signed only with the configured certificate
    expect(pack!.env!.CSC_IDENTITY_AUTO_DISCOVERY).toBe('false');
    for (const s of steps.filter((x) => x !== pack)) {
      expect(JSON.stringify(s.env ?? {}), s.name ?? s.uses).not.toMatch(/CSC_|APPLE_/);
      expect(s.run ?? '', s.name ?? s.uses).not.toMatch(/secrets\./);
    }
  });
});
