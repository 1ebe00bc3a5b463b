import { defineConfig } from 'vitest/config';
import { runtimePackagePlugin } from './scripts/vite-runtime-package.ts';

export default defineConfig({
  plugins: [runtimePackagePlugin(import.meta.dirname)],
  test: {
    include: ['runtime/**/*.test.ts', 'bench/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'cli/**/*.test.ts', 'templates/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'threads',
  },
});
