// `supervisor-studio test` as a child process: the templates pass; a wrong expectation fails with what the run
// showed, the closing count and exit code 1; folders, --scenario, --json and bad input.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';

vi.setConfig({ testTimeout: 180_000 });

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const template = (name: string) => join(root, 'templates', `${name}.suptree`);

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [join(root, 'cli/bin.mjs'), ...args], { cwd: root, timeout: 120_000 }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'suptree-test-'));
});

describe('supervisor-studio test', () => {
  it('every template passes, with at least 50 expectations in all', async () => {
    const r = await cli('test', join(root, 'templates'));
    expect(r.stderr).toBe('');
    const m = /^(\d+) passed, (\d+) failed$/m.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    expect(Number(m![2])).toBe(0);
    expect(Number(m![1])).toBeGreaterThanOrEqual(50);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ the call to clicks at 400 ms answers 0/);
  });

  it('a wrong expectation fails: ✗, what the run showed, the count, exit 1 (and as JSON)', async () => {
    const doc = JSON.parse(readFileSync(template('ch9-rest-for-one'), 'utf8'));
    doc.scenarios = doc.scenarios.slice(0, 1);
    doc.scenarios[0].expect = [
      { type: 'status', process: 'a', restarts: 1 },
      { type: 'status', process: 'c', restarts: 1 },
      { type: 'exit', process: 'b', reason: ':killed' },
      { type: 'gave_up', supervisor: 'rest_sup' },
    ];
    const sub = join(dir, 'folder');
    mkdirSync(sub, { recursive: true });
    const p = join(sub, 'wrong.suptree');
    writeFileSync(p, JSON.stringify(doc));
    const r = await cli('test', p);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ a has restarted 1 time at the end\n\s+got: running, 0 restarts at the end/);
    expect(r.stdout).toMatch(/✓ c has restarted 1 time at the end/);
    expect(r.stdout).toMatch(/✗ rest_sup gives up\n\s+got: it did not give up/);
    expect(r.stdout).toMatch(/^2 passed, 2 failed$/m);
    const json = await cli('test', sub, '--json');
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout);
    expect([out.passed, out.failed]).toEqual([2, 2]);
    expect(out.files[0].scenarios[0].results.map((x: { pass: boolean }) => x.pass)).toEqual([false, true, true, false]);
  });

  it('--scenario picks one scenario; an unknown one, a missing file and a broken expectation are clear errors', async () => {
    const one = await cli('test', template('drill-3-links'), '--scenario', 'both die');
    expect(one.code).toBe(0);
    expect(one.stdout).not.toMatch(/chain reaction/);
    expect(one.stdout).toMatch(/^4 passed, 0 failed$/m);
    const unknown = await cli('test', template('drill-3-links'), '--scenario', 'nope');
    expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringMatching(/No scenario "nope"/)]);
    const missing = await cli('test', join(dir, 'nope.suptree'));
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringMatching(/Cannot read .*nope\.suptree/)]);
    const doc = JSON.parse(readFileSync(template('ch9-rest-for-one'), 'utf8'));
    doc.scenarios[0].expect = [{ type: 'restarts', process: 'a' }];
    const p = join(dir, 'broken.suptree');
    writeFileSync(p, JSON.stringify(doc));
    const broken = await cli('test', p);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/expectation type must be one of: reply, exit, status, gave_up, counter, note/);
  });
});
