#!/usr/bin/env node
// `npm run fuzz:designs -- --runs N --seed S [--parallel P] [--no-shrink] [--save]`: the design-level differential
// test (cli/commands/fuzz-designs.ts) run through tsx, so it works from a fresh clone without a build step.
// See docs/fuzz-designs.md.
import { register } from 'tsx/esm/api';

register();
const { fuzzDesignsCommand } = await import('../cli/commands/fuzz-designs.ts');
process.exitCode = await fuzzDesignsCommand.run(process.argv.slice(2));
