import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { conformance, lineDiff } from './conformance';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pub = path.join(process.env.SUPERVISOR_STUDIO_SHARED ?? path.resolve(repoRoot, '../shared'), 'conformance', 'public');

let out = '';
let err = '';
const io = { out: (s: string) => void (out += s), err: (s: string) => void (err += s) };
beforeEach(() => {
  out = err = '';
});

describe('conformance command', () => {
  it('prints one scenario log', async () => {
    expect(await conformance.run([path.join(pub, '02-link-propagation.json')], io)).toBe(0);
    expect(out).toBe(readFileSync(path.join(pub, '02-link-propagation.expected'), 'utf8'));
  });

  it('compares a folder, shows a diff per mismatch, counts, and exits 1', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'conf-'));
    for (const f of ['01-exit-reasons', '02-link-propagation']) {
      copyFileSync(path.join(pub, `${f}.json`), path.join(dir, `${f}.json`));
      copyFileSync(path.join(pub, `${f}.expected`), path.join(dir, `${f}.expected`));
    }
    const exp = path.join(dir, '02-link-propagation.expected');
    writeFileSync(exp, readFileSync(exp, 'utf8').replace('c EXIT b :boom', 'c EXIT b :bam'));
    expect(await conformance.run([dir], io)).toBe(1);
    expect(out).toContain('FAIL 02-link-propagation.json');
    expect(out).toContain('- c EXIT b :bam\n+ c EXIT b :boom');
    expect(out.trimEnd().split('\n').pop()).toBe('1 passed, 1 failed');
  });

  it('reports bad input clearly', async () => {
    expect(await conformance.run([], io)).toBe(2);
    expect(await conformance.run(['/no/such/file.json'], io)).toBe(2);
    const dir = mkdtempSync(path.join(tmpdir(), 'conf-'));
    writeFileSync(path.join(dir, 'bad.json'), '{"steps": [{"op": "fly"}]}');
    expect(await conformance.run([path.join(dir, 'bad.json')], io)).toBe(1);
    expect(err).toMatch(/invalid scenario at steps\.0\.op/);
  });
});

describe('lineDiff', () => {
  it('shows only the differing middle with context', () => {
    expect(lineDiff('a\nb\nc\nd\n', 'a\nb\nX\nd\n', 1)).toBe('@@ line 3 @@\n  b\n- c\n+ X\n  d');
  });
});
