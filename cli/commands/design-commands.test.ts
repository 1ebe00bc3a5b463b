// The design commands run as child processes (`node cli/bin.mjs ...`), on templates and on broken files.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';

// each child process boots tsx (seconds on a busy machine)
vi.setConfig({ testTimeout: 180_000 });

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const template = (name: string) => join(root, 'templates', `${name}.suptree`);

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [join(root, 'cli/bin.mjs'), ...args], { cwd: root, timeout: 60_000 }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

let dir = '';
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'suptree-cli-'));
});

describe('validate', () => {
  it('a template: exit 0, no findings', async () => {
    const r = await cli('validate', template('capstone-http-client-pool'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/0 errors, 0 warnings/);
  });

  it('a design with errors: exit 1 and the diagnostics (also as JSON)', async () => {
    const doc = JSON.parse(readFileSync(template('ch9-one-for-all'), 'utf8'));
    doc.nodes[0].maxRestarts = -1;
    doc.nodes[1].name = 'not a name';
    const p = file('bad.suptree', JSON.stringify(doc));
    const text = await cli('validate', p);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^error/m);
    const json = await cli('validate', p, '--json');
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout);
    expect(out.ok).toBe(false);
    expect(out.diagnostics.filter((d: { severity: string }) => d.severity === 'error').length).toBeGreaterThanOrEqual(2);
  });

  it('unreadable, corrupt and newer-version files get a clear error and exit 1', async () => {
    const missing = await cli('validate', join(dir, 'nope.suptree'));
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringMatching(/Cannot read .*nope\.suptree: no such file/)]);

    const corrupt = await cli('validate', file('corrupt.suptree', readFileSync(template('drill-1-error-kinds'), 'utf8').slice(0, 200)));
    expect(corrupt.code).toBe(1);
    expect(corrupt.stderr).toMatch(/not a design this version can open[\s\S]*not valid JSON/);

    const doc = JSON.parse(readFileSync(template('drill-1-error-kinds'), 'utf8'));
    const newer = await cli('validate', file('newer.suptree', JSON.stringify({ ...doc, version: 99 })));
    expect(newer.code).toBe(1);
    expect(newer.stderr).toMatch(/newer Supervisor Studio \(format version 99\)/);
  });
});

describe('run', () => {
  it('prints a summary of a scenario; --json carries the same facts; the same seed gives the same trace', async () => {
    const text = await cli('run', template('ch9-rest-for-one'), '--scenario', 'kill the middle child');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/rest_sup\/b\s+running\s+2\s+1\s+:killed @100/);
    const json = JSON.parse((await cli('run', template('ch9-rest-for-one'), '--json')).stdout);
    expect(json.scenario).toBe('kill the middle child');
    expect(json.summary.nodes.a.restarts).toBe(0);
    expect(json.summary.nodes.c.restarts).toBe(1);
    const [t1, t2] = await Promise.all([
      cli('run', template('bonus-telemetry'), '--seed', '4', '--trace'),
      cli('run', template('bonus-telemetry'), '--seed', '4', '--trace'),
    ]);
    expect(t1.stdout.split('\n').length).toBeGreaterThan(50);
    expect(t2.stdout).toBe(t1.stdout);
  });

  it('an unknown scenario or a bad option is refused', async () => {
    const r = await cli('run', template('ch9-rest-for-one'), '--scenario', 'nope');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no scenario "nope". Its scenarios: "kill the middle child"/);
    const doc = JSON.parse(readFileSync(template('drill-2-try-rescue-after'), 'utf8'));
    doc.customBehaviours[0].source = 'export default {\n  init() {\n    return { ok: 1 ;\n  },\n};';
    const [bad, broken] = await Promise.all([
      cli('run', template('ch9-rest-for-one'), '--seed', 'x'),
      cli('run', file('broken-source.suptree', JSON.stringify(doc))),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--seed must be a whole number/);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/custom behaviour "careful" \(line 3\): syntax error/);
  });
});

describe('blast and campaign', () => {
  it('blast --node: who restarts and who is untouched', async () => {
    const r = await cli('blast', template('ch9-one-for-all'), '--node', 'b', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).outcome).toEqual({ all_sup: 'untouched', a: 'restarts', b: 'restarts', c: 'restarts' });
    const missing = await cli('blast', template('ch9-one-for-all'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--node ID is required/);
  });

  it('campaign: deterministic per seed, JSON and text', async () => {
    const args = ['campaign', template('drill-1-error-kinds'), '--runs', '10', '--seed', '5', '--rate', 'worker=0.2'];
    const [a, b] = await Promise.all([cli(...args, '--json'), cli(...args, '--json')]);
    expect(a.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    expect(JSON.parse(a.stdout).runs).toBe(10);
    const text = await cli(...args);
    expect(text.stdout).toMatch(/10 runs, seed 5[\s\S]*root gives up in \d+ of 10 runs/);
  });
});

describe('--help', () => {
  it('validate, run, blast and campaign --help print their usage and exit 0', async () => {
    const cmds = ['validate', 'run', 'blast', 'campaign'];
    const results = await Promise.all(cmds.map((cmd) => cli(cmd, '--help')));
    results.forEach((r, i) => {
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^usage: supervisor-studio ${cmds[i]} <file.suptree>`));
    });
  });
});
