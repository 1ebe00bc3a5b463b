// Big and odd files through the real CLI (issue 15 item 6), as child processes with Node's default stack: a design
// with 140,000 findings validates (spreading them into push overflowed the stack), and a FIFO named as the design is
// refused at once instead of blocking forever.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dir = mkdtempSync(join(tmpdir(), 'studio-odd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(process.execPath, [join(root, 'cli/bin.mjs'), ...args], { cwd: root, timeout: 120_000, maxBuffer: 256 << 20 }, (err, stdout, stderr) =>
      done({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }));
  });

describe('big and odd files in the CLI', () => {
  it('validates a design with 140,000 findings', async () => {
    const nodes = Array.from({ length: 140_000 }, (_, i) => ({ id: `w${i}`, kind: 'worker', name: `w${i}`, position: { x: i, y: 0 }, behaviour: 'echo', params: {} }));
    // one supervisor with no children: every worker is "unsupervised", a finding each
    const sup = { id: 'root', kind: 'supervisor', name: 'root', position: { x: 0, y: -100 }, strategy: 'one_for_one' };
    const file = join(dir, 'many.suptree');
    writeFileSync(file, JSON.stringify({ format: 'supervisor-studio', version: 1, title: 'many', nodes: [sup, ...nodes], edges: [] }));
    const r = await cli('validate', file);
    expect(r.stderr).not.toMatch(/Maximum call stack|RangeError/);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/runs without a supervisor/g)).toHaveLength(140_000);
  }, 180_000);

  it('refuses a FIFO named as the design at once (validate and export read it themselves)', async () => {
    const fifo = join(dir, 'pipe.suptree');
    execFileSync('mkfifo', [fifo]);
    for (const args of [['validate', fifo], ['export', fifo, '--lang', 'mermaid']]) {
      const r = await cli(...args);
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toBe(`Cannot read ${fifo}: it is not a regular file (a pipe, socket or device).`);
    }
  }, 180_000);
});
