import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { VENDOR_CHUNKS } from './vite.web.config';
import { runtimePackagePlugin } from './scripts/vite-runtime-package.ts';

export default defineConfig({
  main: {
    build: {
      // Bundle main's dependencies (zod) so the packaged app needs no node_modules (electron-builder.yml leaves them out).
      externalizeDeps: false,
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'electron/main/index.ts') } },
    },
  },
  preload: {
    // A sandboxed preload must be a single CommonJS bundle (no require of local files at run time).
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    plugins: [react(), runtimePackagePlugin(import.meta.dirname)],
    worker: { format: 'es' },
    build: {
      outDir: 'out/renderer',
      // the same chunks as the browser build (vite.web.config.ts)
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'renderer/index.html') }, output: { codeSplitting: { groups: VENDOR_CHUNKS } }, checks: { pluginTimings: false } },
      chunkSizeWarningLimit: 1500,
    },
  },
});
