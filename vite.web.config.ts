import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { runtimePackagePlugin } from './scripts/vite-runtime-package.ts';

/** Libraries in chunks of their own: the app's code changes often, these rarely (and the entry stays small). */
export const VENDOR_CHUNKS = [
  { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
  { name: 'xyflow', test: /node_modules[\\/](@xyflow|d3-[a-z-]+|zustand|classcat)[\\/]/ },
  { name: 'codemirror', test: /node_modules[\\/](@codemirror|@lezer|codemirror|crelt|style-mod|w3c-keyname|@marijn)[\\/]/ },
  { name: 'elk-fallback', test: /node_modules[\\/]elkjs[\\/]lib[\\/]elk\.bundled\.js$/ },
  { name: 'vendor', test: /node_modules[\\/]/ },
];

// The browser build of the renderer: same bundle as the desktop renderer, served by any static file server.
export default defineConfig({
  root: resolve(import.meta.dirname, 'renderer'),
  base: './',
  plugins: [react(), runtimePackagePlugin(import.meta.dirname)],
  worker: { format: 'es' },
  build: {
    outDir: resolve(import.meta.dirname, 'dist/web'), emptyOutDir: true, sourcemap: true,
    // checks.pluginTimings: Rolldown's "callbacks ran for N s" note is noise on a slow or busy machine
    rolldownOptions: { output: { codeSplitting: { groups: VENDOR_CHUNKS } }, checks: { pluginTimings: false } },
    // Every chunk we split stays under Vite's 500 kB, except ELK's prebuilt single-file bundle (elk.bundled.js,
    // ~1.46 MB minified, not splittable): it is loaded only when the layout worker cannot start.
    chunkSizeWarningLimit: 1500,
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
  preview: { host: '127.0.0.1', port: 4173 },
});
