#!/usr/bin/env node
// `npm start`: the desktop app where the Electron binary exists; otherwise one line saying why, and the browser
// build served on 127.0.0.1 (the same renderer, with the browser host), so a newcomer always gets a working app.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findElectronBinary, MISSING_BINARY_REASON } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const electron = findElectronBinary();

/** Run a command with inherited output; resolve with its exit code. Ctrl-C reaches it through the process group. */
function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

if ('path' in electron) {
  const built = await run('npx', ['electron-vite', 'build']);
  if (built !== 0) process.exit(built);
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // would start Electron as plain Node
  const child = spawn(electron.path, ['.'], { cwd: root, stdio: 'inherit', env });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(`Desktop app unavailable: ${MISSING_BINARY_REASON}. Serving the browser build instead.`);
  const { build, preview } = await import('vite');
  const configFile = `${root}/vite.web.config.ts`;
  await build({ configFile, root: `${root}/renderer`, logLevel: 'warn' });
  const server = await preview({ configFile, root: `${root}/renderer`, preview: { host: '127.0.0.1', open: false } });
  const url = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:4173/';
  console.log(`Supervisor Studio (browser build) is running at ${url}  — press Ctrl-C to stop.`);
  const stop = () => {
    server.httpServer.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
