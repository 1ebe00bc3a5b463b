// Every public conformance scenario (and every fuzzer regression) must produce, byte for byte, the log real OTP 25 printed (`.expected`).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runScenario, parseScenario, ScenarioError } from './index';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shared = process.env.SUPERVISOR_STUDIO_SHARED ?? path.resolve(repoRoot, '../shared');
const dir = path.join(shared, 'conformance', 'public');
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];

describe('public conformance scenarios', () => {
  it('finds the shared scenarios', () => {
    expect(files.length, `no scenarios in ${dir} (set SUPERVISOR_STUDIO_SHARED)`).toBeGreaterThanOrEqual(27);
  });
  for (const f of files) {
    it(f, () => {
      const expected = readFileSync(path.join(dir, f.replace(/\.json$/, '.expected')), 'utf8');
      expect(runScenario(readFileSync(path.join(dir, f), 'utf8'))).toBe(expected);
    });
  }
});

// Regressions found by the differential fuzzer, with the log real OTP 25 printed for them (runtime/conformance/regressions).
const regDir = path.join(repoRoot, 'runtime', 'conformance', 'regressions');
const regressions = readdirSync(regDir).filter((f) => f.endsWith('.json')).sort();

describe('regression scenarios (found by the fuzzer, expected logs from real OTP)', () => {
  it('has its regression files', () => expect(regressions.length).toBeGreaterThan(0));
  for (const f of regressions) {
    it(f, () => {
      const expected = readFileSync(path.join(regDir, f.replace(/\.json$/, '.expected')), 'utf8');
      expect(runScenario(readFileSync(path.join(regDir, f), 'utf8'))).toBe(expected);
    });
  }
});

describe('scenario input errors', () => {
  it('rejects bad JSON and bad shapes with a clear message', () => {
    expect(() => parseScenario('{')).toThrow(ScenarioError);
    expect(() => parseScenario({ steps: 3 })).toThrow(/steps/);
    expect(() => parseScenario({ behaviours: { w: { init: [{ a: 1, b: 2 }] } }, steps: [] })).toThrow(/one-key/);
  });
  it('names an unknown step, and an unknown label as a driver crash', () => {
    expect(() => runScenario({ steps: [{ op: 'nope' }] })).toThrow(/steps\.0\.op/);
    expect(() => runScenario({ steps: [{ op: 'check_alive', target: 'ghost' }] })).toThrow(/driver crashed: unknown process label "ghost"/);
  });
  it('is deterministic: the same scenario twice gives the same log', () => {
    const f = files.find((x) => x.startsWith('18-'))!;
    const src = readFileSync(path.join(dir, f), 'utf8');
    expect(runScenario(src)).toBe(runScenario(src));
  });
});
