import { test as base } from 'vitest';
import type { CreatedCamera } from '@argus/shared';
import { createCamera, viewerToken } from './domain';
import { discardTestData, login, startTestApp, type StartOptions, type TestApp } from './test-app';
import { closeAll, connect, type ConnectOptions, type WsClient } from './ws-client';

/** Sockets a test opened; every one still open is closed when the test ends. */
export interface Sockets {
  /** Opens a socket (not awaited: use `opened`, `next`, `closed`). */
  connect(t: Pick<TestApp, 'wsBase'>, options?: ConnectOptions): WsClient;
  /** Opens a socket and waits until it is accepted (its connection_status). */
  accepted(t: Pick<TestApp, 'wsBase'>, options?: ConnectOptions): Promise<WsClient>;
  /** Closes this test's sockets now (also done after the test). */
  closeAll(): Promise<void>;
}

/** Extra apps a file starts (restarts, two instances, other settings); closed after the file. */
export interface Apps {
  start(options?: StartOptions): Promise<TestApp>;
  /**
   * Two instances of one deployment: the same data directory, database and Redis prefix (the
   * second reuses the first's environment and clock). Their data is deleted after the file.
   */
  twoInstances(options?: Omit<StartOptions, 'reuse' | 'keepData'>): Promise<[TestApp, TestApp]>;
}

/**
 * The integration fixtures. File-scoped (one per test file, made when a test or a
 * `test.beforeAll` first asks for them, closed after the file):
 * - `appOptions`: how `t` is started; a file sets it once at its top level with
 *   `test.override('appOptions', { env: { ... } })` (vitest allows no per-describe override of a
 *   file fixture: a describe that needs other settings uses `apps.start`).
 * - `t`: the real app on a free port, fresh SQLite file or PostgreSQL schema, started before the
 *   file's tests (a file that never uses it sets `test.override('bootApp', false)`).
 * - `admin`: an admin token; `viewer`: a viewer's token (user `viewer1`).
 * - `camera`: a camera made by the admin (`cameraBody`, default `{ name: 'Gate' }`), with
 *   its ingest key.
 * - `apps`: starts further apps, each closed after the file.
 * Test-scoped: `sockets`, whose sockets are closed after each test.
 */
export const test = base
  .extend('appOptions', { scope: 'file' }, {} as StartOptions)
  .extend('bootApp', { scope: 'file' }, true as boolean)
  .extend('startApp', { scope: 'file' }, ({ appOptions }, { onCleanup }) => {
    let started: Promise<TestApp> | undefined;
    onCleanup(async () => {
      const app = await started?.catch(() => undefined);
      await app?.close();
    });
    return (): Promise<TestApp> => (started ??= startTestApp(appOptions));
  })
  .extend('t', { scope: 'file' }, async ({ startApp }) => startApp())
  .extend('admin', { scope: 'file' }, async ({ t }) => login(t))
  .extend('viewer', { scope: 'file' }, async ({ t, admin }) => viewerToken(t, admin))
  .extend('cameraBody', { scope: 'file' }, { name: 'Gate' } as Parameters<typeof createCamera>[2])
  .extend('camera', { scope: 'file' }, async ({ t, admin, cameraBody }): Promise<CreatedCamera> =>
    createCamera(t, admin, cameraBody),
  )
  .extend('apps', { scope: 'file' }, ({}, { onCleanup }): Apps => {
    const started: TestApp[] = [];
    const shared: TestApp[] = [];
    onCleanup(async () => {
      for (const app of started.reverse()) await app.close();
      for (const app of shared) await discardTestData(app);
    });
    const start = async (options?: StartOptions): Promise<TestApp> => {
      const app = await startTestApp(options);
      started.push(app);
      return app;
    };
    return {
      start,
      async twoInstances(options = {}) {
        const a = await start({ ...options, keepData: true });
        shared.push(a);
        const b = await start({ clock: options.clock, reuse: a, keepData: true });
        return [a, b];
      },
    };
  })
  .extend('sockets', ({}, { onCleanup }): Sockets => {
    const clients: WsClient[] = [];
    const track = (client: WsClient): WsClient => (clients.push(client), client);
    const closeTracked = (): Promise<void> => closeAll(clients.splice(0));
    onCleanup(closeTracked);
    return {
      connect: (t, options) => track(connect(t, options)),
      accepted: async (t, options) => {
        const client = track(connect(t, options));
        await client.next('connection_status', 5000);
        return client;
      },
      closeAll: closeTracked,
    };
  });

export const it = test;

// `t` boots in a hook (hookTimeout), before the file's tests, so booting never eats into a test's
// own timeout. Runs in every file that imports these fixtures (modules load once per test file).
test.beforeAll(async ({ bootApp, startApp }) => {
  if (bootApp) await startApp();
});
