// Byte-flipped design files: reading and compiling them gives a design or a clear CliError, never another exception;
// and whatever still compiles also runs on the simulator without throwing.
import { readFileSync, readdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Prng } from '../../runtime/kernel/index';
import { CustomSourceError } from '../../runtime/behaviours/custom-source';
import { Simulation } from '../../runtime/sim/start';
import { CliError, readSpec } from './design-file';

const templates = resolve(dirname(fileURLToPath(import.meta.url)), '../../templates');

describe('readSpec on corrupted files', () => {
  it('600 byte flips over the templates: a spec or a CliError; compiled ones run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'suptree-flip-'));
    const files = readdirSync(templates).filter((f) => f.endsWith('.suptree'));
    const rnd = new Prng(2024);
    let refused = 0, ran = 0;
    for (let i = 0; i < 600; i++) {
      const bytes = Buffer.from(readFileSync(join(templates, files[i % files.length])));
      for (let k = rnd.int(1, 3); k > 0; k--) bytes[rnd.int(0, bytes.length - 1)] = rnd.int(0, 255);
      const p = join(dir, `f${i}.suptree`);
      writeFileSync(p, bytes);
      let spec;
      try {
        spec = readSpec(p);
      } catch (e) {
        expect(e, `case ${i}`).toBeInstanceOf(CliError);
        expect((e as CliError).message.length).toBeGreaterThan(10);
        refused++;
        continue;
      }
      try {
        const sim = new Simulation(spec, { seed: i });
        sim.run(spec.scenarios[0]?.commands ?? [], 500);
        ran++;
      } catch (e) {
        // a flipped byte inside a custom behaviour's source is a source error with its line; nothing else may throw
        expect(e, `case ${i}`).toBeInstanceOf(CustomSourceError);
      }
    }
    expect(refused).toBeGreaterThan(50);
    expect(ran).toBeGreaterThan(50);
  });
});
