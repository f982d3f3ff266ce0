import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './support/chromium';

// The browser suite drives the built app (`node backend/dist/main.js`) in Debian's Chromium.
// One worker: Chromium is heavy on two cores. The app is a worker fixture (support/test.ts).
export default defineConfig({
  testDir: './tests',
  globalSetup: './support/global-setup.ts',
  outputDir: './artifacts/test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 90_000,
  expect: { timeout: 5_000 },
  reporter: [
    ['list'],
    // scripts/test.mjs passes PLAYWRIGHT_JSON_OUTPUT_NAME (an absolute path); an explicit
    // outputFile would win over that variable, so it is read here.
    ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'artifacts/results.json' }],
  ],
  use: {
    browserName: 'chromium',
    // The tests fail with a clear message when this is undefined (support/test.ts).
    launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
    viewport: { width: 1280, height: 900 },
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
