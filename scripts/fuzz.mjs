#!/usr/bin/env node
// `npm run fuzz -- --runs N --seed S [--parallel P] [--no-shrink] [--save]`: the differential fuzzer
// (cli/commands/fuzz.ts) run through tsx, so it works from a fresh clone without a build step. See docs/fuzz.md.
import { register } from 'tsx/esm/api';

register();
const { fuzzCommand } = await import('../cli/commands/fuzz.ts');
process.exitCode = await fuzzCommand.run(process.argv.slice(2));
