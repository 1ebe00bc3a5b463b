// Where the Electron binary is, or why it is not there. Shared by start.mjs, dist.mjs and the Electron e2e spec.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';

const require = createRequire(import.meta.url);

/** @returns {{ path: string } | { missing: string }} */
export function findElectronBinary() {
  let path;
  try {
    path = require('electron'); // a string: the binary's path, when the binary was downloaded at install time
  } catch (error) {
    return { missing: error instanceof Error ? error.message : String(error) };
  }
  if (typeof path !== 'string' || !existsSync(path)) return { missing: `no file at ${String(path)}` };
  return { path };
}

export const MISSING_BINARY_REASON =
  'the Electron desktop binary is not installed (npm install cannot download it on this machine: its download host ' +
  'is unreachable, or ELECTRON_SKIP_BINARY_DOWNLOAD was set); on a machine with internet access, run ' +
  '`node node_modules/electron/install.js` to get it';
