import { test as base } from '@playwright/test';
import { NO_CHROMIUM_MESSAGE, findChromium } from './chromium';

export { expect } from '@playwright/test';

/**
 * Playwright's `test`, with a check that runs before every test of the worker: without a system
 * Chromium the tests fail with a clear message (never skip, never fall back to a download).
 */
export const test = base.extend<object, { systemChromium: string }>({
  systemChromium: [
    // Playwright reads fixture dependencies from the destructuring pattern: it must be there.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const path = findChromium();
      if (path === undefined) throw new Error(NO_CHROMIUM_MESSAGE);
      await use(path);
    },
    { scope: 'worker', auto: true },
  ],
});
