import type { CreatedCamera } from '@argus/shared';
import { test as base } from '@playwright/test';
import { Api, setUpViewerAndCamera, type Credentials } from './api';
import { AppServer, type AppServerOptions } from './app-server';
import { NO_CHROMIUM_MESSAGE, findChromium } from './chromium';
import { WsBlockingProxy } from './ws-blocking-proxy';

export { expect } from '@playwright/test';

export interface Seed {
  adminToken: string;
  /** A viewer of its own for this test. */
  viewer: Credentials;
  /** A camera to ingest through, with its key. */
  camera: CreatedCamera;
}

interface WorkerFixtures {
  systemChromium: string;
  /** Settings for the app of this worker; a spec file changes them with `test.use`. */
  appServerOptions: AppServerOptions;
  /** The built app, started once per worker (so once for the files that share its settings). */
  appServer: AppServer;
  api: Api;
}

interface TestFixtures {
  seed: Seed;
  /** A proxy in front of the app that refuses WebSocket upgrades until told otherwise. */
  wsBlockingProxy: WsBlockingProxy;
}

/**
 * Playwright's `test` with the suite's fixtures. Without a system Chromium every test fails with
 * a clear message (never a skip, never a download).
 */
export const test = base.extend<TestFixtures, WorkerFixtures>({
  systemChromium: [
    // Playwright reads fixture dependencies from the destructuring pattern: it must be there.
    async ({}, use) => {
      const path = findChromium();
      if (path === undefined) throw new Error(NO_CHROMIUM_MESSAGE);
      await use(path);
    },
    { scope: 'worker', auto: true },
  ],
  appServerOptions: [{}, { scope: 'worker', option: true }],
  appServer: [
    async ({ appServerOptions }, use) => {
      const server = await AppServer.start(appServerOptions);
      await use(server);
      await server.dispose();
    },
    { scope: 'worker' },
  ],
  api: [async ({ appServer }, use) => use(new Api(appServer.baseUrl)), { scope: 'worker' }],
  seed: async ({ api }, use) => use(await setUpViewerAndCamera(api)),
  wsBlockingProxy: async ({ appServer }, use) => {
    const proxy = await WsBlockingProxy.start(appServer.port, { blocking: true });
    await use(proxy);
    await proxy.close();
  },
});
