#!/usr/bin/env node
// `npm run dist`: installers for this platform (electron-builder, see electron-builder.yml). Needs the Electron
// binary; without it, one sentence says why and where installers are built instead.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary, MISSING_BINARY_REASON } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
if (!('path' in findElectronBinary())) {
  console.error(`Cannot build installers: ${MISSING_BINARY_REASON}; installers for Linux, macOS and Windows are built by .github/workflows/release.yml when a v* tag is pushed.`);
  process.exit(1);
}
// electron-builder is not a dev dependency: through @electron/rebuild 4 it needs Node >= 22.12, and installing it
// would make every `npm install` on Node 20 warn (EBADENGINE). Its version is pinned in package.json `config`.
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(`Cannot build installers with Node ${process.versions.node}: electron-builder ${pkg.config.electronBuilder} needs Node ${pkg.config.electronBuilderNode} (the app itself runs on Node >= 20).`);
  process.exit(1);
}
const shell = process.platform === 'win32';
for (const [cmd, args] of [['npx', ['electron-vite', 'build']], ['npx', ['--yes', `electron-builder@${pkg.config.electronBuilder}`, ...process.argv.slice(2)]]]) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
