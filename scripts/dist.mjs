#!/usr/bin/env node
// `npm run dist`: installers for this platform (electron-builder, see electron-builder.yml). Needs the Electron
// binary; without it, one sentence says why and where installers are built instead.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findElectronBinary, MISSING_BINARY_REASON } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
if (!('path' in findElectronBinary())) {
  console.error(`Cannot build installers: ${MISSING_BINARY_REASON}; installers for Linux, macOS and Windows are built by .github/workflows/release.yml when a v* tag is pushed.`);
  process.exit(1);
}
const shell = process.platform === 'win32';
for (const [cmd, args] of [['npx', ['electron-vite', 'build']], ['npx', ['electron-builder', ...process.argv.slice(2)]]]) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
