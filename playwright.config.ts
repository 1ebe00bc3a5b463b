import { defineConfig, devices } from '@playwright/test';

// E2E against the browser build with the system Chromium (no browser download). `npm test` runs this after the
// unit tests; scripts/test.mjs sets PLAYWRIGHT_JSON_OUTPUT_NAME for the json reporter.
// E2E_PORT / E2E_OUT let several people run the suite at once in one checkout (defaults: 4173, test-results).
const PORT = Number(process.env.E2E_PORT ?? 4173);
const OUT = process.env.E2E_OUT ?? 'test-results';

export default defineConfig({
  testDir: 'e2e',
  outputDir: `${OUT}/playwright`,
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? `${OUT}/playwright.json` }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1440, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] },
  },
  projects: [
    { name: 'chromium', testIgnore: /electron\.spec\.ts$/, use: { ...devices['Desktop Chrome'], viewport: { width: 1440, height: 900 } } },
    // The desktop app through _electron.launch (e2e/electron.spec.ts); skipped with the reason where the binary is missing.
    { name: 'electron', testMatch: /electron\.spec\.ts$/ },
  ],
  webServer: {
    command: `npm run build:web && npx vite preview --config vite.web.config.ts --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
