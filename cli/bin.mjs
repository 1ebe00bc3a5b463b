#!/usr/bin/env node
// Package bin: runs the TypeScript sources through tsx's API, so it works from a fresh clone without a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
