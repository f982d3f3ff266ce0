import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// `npm run screenshots -w e2e`: the README and docs screenshots, taken from the built app with
// the camera simulator on. Not part of the test suite.
export default defineConfig({
  ...base,
  testDir: './screenshots',
  reporter: 'list',
  timeout: 120_000,
});
