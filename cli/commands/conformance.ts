// `supervisor-studio conformance <scenario.json | folder>`: run conformance scenarios on the kernel.
// One file: print its log. A folder: run every *.json, compare with the .expected beside it, print a diff for each
// mismatch and a final `N passed, N failed` line; exit 1 on any mismatch.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runScenario } from '../../runtime/conformance/index';
import type { Command } from './types';

/** A small line diff: the common prefix and suffix are skipped, the differing middle is shown as -/+ lines. */
export function lineDiff(expected: string, actual: string, context = 2): string {
  const a = expected.split('\n'), b = actual.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let ea = a.length, eb = b.length;
  while (ea > start && eb > start && a[ea - 1] === b[eb - 1]) { ea--; eb--; }
  const out = [`@@ line ${start + 1} @@`];
  for (let i = Math.max(0, start - context); i < start; i++) out.push(`  ${a[i]}`);
  for (let i = start; i < ea; i++) out.push(`- ${a[i]}`);
  for (let i = start; i < eb; i++) out.push(`+ ${b[i]}`);
  for (let i = ea; i < Math.min(a.length, ea + context); i++) out.push(`  ${a[i]}`);
  return out.join('\n');
}

function runOne(file: string): { out?: string; error?: string } {
  try {
    return { out: runScenario(readFileSync(file, 'utf8')) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Where the command writes (tests pass their own). */
export interface Io {
  out(s: string): void;
  err(s: string): void;
}
const stdio: Io = { out: (s) => void process.stdout.write(s), err: (s) => void process.stderr.write(s) };

export const conformance: Command & { run(args: readonly string[], io?: Io): number } = {
  summary: 'run a conformance scenario (prints its log) or a folder of them (compares with .expected)',
  run(args: readonly string[], io: Io = stdio): number {
    const target = args[0];
    if (!target) {
      io.err('usage: supervisor-studio conformance <scenario.json | folder>\n');
      return 2;
    }
    if (!existsSync(target)) {
      io.err(`no such file or folder: ${target}\n`);
      return 2;
    }
    if (!statSync(target).isDirectory()) {
      const r = runOne(target);
      if (r.error !== undefined) {
        io.err(`${target}: ${r.error}\n`);
        return 1;
      }
      io.out(r.out!);
      return 0;
    }
    let passed = 0, failed = 0;
    const files = readdirSync(target).filter((f) => f.endsWith('.json')).sort();
    for (const f of files) {
      const file = join(target, f);
      const expFile = file.replace(/\.json$/, '.expected');
      const r = runOne(file);
      if (!existsSync(expFile)) {
        failed++;
        io.out(`FAIL ${f}: no ${expFile.split('/').pop()} beside it\n`);
        continue;
      }
      const expected = readFileSync(expFile, 'utf8');
      if (r.out === expected) {
        passed++;
        continue;
      }
      failed++;
      io.out(`FAIL ${f}\n${r.error !== undefined ? `  error: ${r.error}` : lineDiff(expected, r.out!)}\n`);
    }
    io.out(`${passed} passed, ${failed} failed\n`);
    return failed > 0 ? 1 : 0;
  },
};
