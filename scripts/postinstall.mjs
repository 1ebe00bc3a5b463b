#!/usr/bin/env node
// Best-effort download of the Electron desktop binary after `npm install`.
//
// Electron's own install script is denied in package.json `allowScripts` because it makes `npm install` FAIL where
// its download host is unreachable. This script runs the same installer instead and turns a failure into one line:
// `npm install` always succeeds, and `npm start` then serves the browser build (see scripts/start.mjs).
// Set ELECTRON_SKIP_BINARY_DOWNLOAD=1 to skip the attempt (CI does).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findElectronBinary } from './electron-binary.mjs';

const require = createRequire(import.meta.url);

if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  console.log('supervisor-studio: ELECTRON_SKIP_BINARY_DOWNLOAD is set — desktop binary not downloaded; `npm start` will serve the browser build.');
  process.exit(0);
}
if ('path' in findElectronBinary()) process.exit(0); // already there

let installer;
try {
  installer = join(dirname(require.resolve('electron/package.json')), 'install.js');
} catch {
  process.exit(0); // electron not installed (e.g. `npm install --omit=dev`): nothing to do
}
if (!existsSync(installer)) process.exit(0);

const r = spawnSync(process.execPath, [installer], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 15 * 60_000, encoding: 'utf8' });
if (r.status === 0 && 'path' in findElectronBinary()) {
  console.log('supervisor-studio: Electron desktop binary installed.');
} else {
  const why = (r.stderr || r.error?.message || '').split('\n').find((l) => /Error/.test(l))?.trim() ?? 'download failed';
  console.log(`supervisor-studio: the Electron desktop binary could not be downloaded (${why}); \`npm start\` will serve the browser build instead.`);
}
process.exit(0);
