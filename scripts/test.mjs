#!/usr/bin/env node
// `npm test`: every test of the project, in order — lint, typecheck, unit (Vitest), end-to-end (Playwright).
// Prints one closing line `N passed, N failed, N skipped` summed over Vitest and Playwright.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const tmp = join(root, 'test-results');
mkdirSync(tmp, { recursive: true });
const only = process.argv.slice(2); // e.g. `npm test -- unit` runs only that stage
const want = (stage) => only.length === 0 || only.includes(stage);
let passed = 0, failed = 0, skipped = 0, stageFailures = [];
const skippedWhy = [];

function run(stage, cmd, args, env = {}) {
  console.log(`\n=== ${stage}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) stageFailures.push(stage);
  return r.status === 0;
}

if (want('lint')) run('lint', 'npx', ['eslint', '.', '--max-warnings=0']);
if (want('typecheck')) run('typecheck', 'npx', ['tsc', '-b']);

if (want('unit')) {
  const out = join(tmp, 'vitest.json');
  rmSync(out, { force: true });
  run('unit', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  if (existsSync(out)) {
    const j = JSON.parse(readFileSync(out, 'utf8'));
    passed += j.numPassedTests; failed += j.numFailedTests; skipped += j.numPendingTests + j.numTodoTests;
  }
}

if (want('e2e')) {
  const out = join(tmp, 'playwright.json');
  rmSync(out, { force: true });
  run('e2e', 'npx', ['playwright', 'test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: out });
  if (existsSync(out)) {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    const s = report.stats ?? {};
    passed += (s.expected ?? 0) + (s.flaky ?? 0); failed += s.unexpected ?? 0; skipped += s.skipped ?? 0;
    // every skipped test with its reason (the `test.skip(condition, reason)` annotation)
    const walk = (suite, file) => {
      for (const spec of suite.specs ?? []) {
        for (const t of spec.tests ?? []) {
          if (t.status !== 'skipped') continue;
          const why = (t.annotations ?? []).find((a) => a.type === 'skip')?.description ?? 'no reason given';
          skippedWhy.push(`${file ?? spec.file}: ${spec.title} — ${why}`);
        }
      }
      for (const child of suite.suites ?? []) walk(child, file ?? suite.file);
    };
    for (const suite of report.suites ?? []) walk(suite, suite.file);
  }
}

if (skippedWhy.length) console.log(`\nSkipped:\n${skippedWhy.map((l) => `  ${l}`).join('\n')}`);
if (stageFailures.length) console.log(`\nFailed stages: ${stageFailures.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(stageFailures.length || failed ? 1 : 0);
