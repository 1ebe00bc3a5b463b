import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { runtimePackagePlugin } from './scripts/vite-runtime-package';

// The browser build of the renderer: same bundle as the desktop renderer, served by any static file server.
export default defineConfig({
  root: resolve(__dirname, 'renderer'),
  base: './',
  plugins: [react(), runtimePackagePlugin()],
  worker: { format: 'es' },
  build: { outDir: resolve(__dirname, 'dist/web'), emptyOutDir: true, sourcemap: true },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
  preview: { host: '127.0.0.1', port: 4173 },
});
