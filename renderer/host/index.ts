// Chooses the host at startup: Electron when the preload exposed `window.studioDesktop`, the browser otherwise.
import type { StudioDesktopApi } from '../../electron/contract';
import { createElectronHost } from './electron-host';
import { createBrowserHost, realBrowserWindow } from './browser-host';
import { browserFilePicker } from './browser-files';
import { IndexedDbStore, MemoryStore } from './kv-store';
import type { Host } from './types';

export type { Host } from './types';

const isMacPlatform = () => /mac/i.test(navigator.platform || navigator.userAgent);

export function createHost(): Host {
  const api = (window as unknown as { studioDesktop?: StudioDesktopApi }).studioDesktop;
  if (api) return createElectronHost(api, isMacPlatform() ? 'darwin' : 'other');
  let store;
  try {
    store = new IndexedDbStore();
  } catch {
    store = new MemoryStore(); // private modes without IndexedDB: the app works, recovery does not survive a reload
  }
  return createBrowserHost({ store, files: browserFilePicker(), win: realBrowserWindow(), isMac: isMacPlatform() });
}
