// docs/screenshots/notification.png: a real system notification drawn by a notification daemon.
// Headless Chromium draws none, so this starts Xvfb, runs Chromium headed on that display,
// delivers a server-encrypted push to the service worker through CDP and grabs the X screen.
// Needs Debian's xvfb and imagemagick (skipped without them). Not part of `npm test` (see docs/testing.md).
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NotificationChannel, PushPayload } from '@argus/shared';
import { chromium } from '@playwright/test';
import { createSubscriber, startPushService } from '../../backend/test/support/notification-receivers';
import { ADMIN, ROOT_DIR } from '../support/app-server';
import { CHROMIUM_ARGS } from '../support/chromium';
import { expect, test } from '../support/test';
import { signIn } from '../support/ui';

const IMAGE = readFileSync(join(__dirname, '..', 'fixtures', 'snapshot.jpg'));
const CERT = join(ROOT_DIR, 'backend', 'test', 'support', 'tls', 'push-service.crt');
const OUT = join(ROOT_DIR, 'docs', 'screenshots', 'notification.png');
const DISPLAY = ':77';

test.use({ appServerOptions: { env: { NODE_EXTRA_CA_CERTS: CERT } } });

/** Whether `command` is on PATH (Xvfb and ImageMagick's `import` come from Debian packages). */
const onPath = (command: string): boolean => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

test('docs/screenshots: a Web Push notification as the desktop shows it', async ({
  appServer,
  api,
  seed,
  systemChromium,
}) => {
  test.skip(
    !onPath('Xvfb') || !onPath('import'),
    'needs Xvfb and ImageMagick: apt-get install -y xvfb imagemagick (see docs/testing.md)',
  );
  const processes: ChildProcess[] = [];
  const pushService = await startPushService();
  try {
    processes.push(spawn('Xvfb', [DISPLAY, '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: 'ignore' }));
    await new Promise((r) => setTimeout(r, 1_000));
    const env = { ...process.env, DISPLAY };

    const admin = await api.login();
    const subscriber = createSubscriber(`${pushService.url}/push/screenshot-device`);
    await api.call<NotificationChannel>('POST', '/api/notifications/channels', {
      token: admin,
      body: { kind: 'webpush', config: subscriber.config },
      expect: 201,
    });
    const browser = await chromium.launch({
      executablePath: systemChromium,
      headless: false,
      args: CHROMIUM_ARGS.filter((a) => a !== '--headless'),
      env,
    });
    try {
      const context = await browser.newContext({ viewport: { width: 900, height: 600 } });
      await context.grantPermissions(['notifications'], { origin: appServer.baseUrl });
      const page = await context.newPage();
      await signIn(page, appServer.baseUrl, ADMIN);
      await expect
        .poll(() => page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state ?? null))
        .toBe('activated');
      const cdp = await context.newCDPSession(page);
      const registration = new Promise<string>((resolve) => {
        cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
          const match = registrations.find((r) => r.scopeURL === `${appServer.baseUrl}/` && !r.isDeleted);
          if (match) resolve(match.registrationId);
        });
      });
      await cdp.send('ServiceWorker.enable');
      const before = pushService.requests.length;
      await api.ingestWithSnapshot(seed.camera, 'face_unknown', IMAGE);
      const [request] = (await pushService.waitFor(before + 1, 10_000)).slice(before);
      const payloadText = subscriber.decrypt(request.body);
      const payload = JSON.parse(payloadText) as Extract<PushPayload, { type: 'alert' }>;
      await cdp.send('ServiceWorker.deliverPushMessage', {
        origin: appServer.baseUrl,
        registrationId: await registration,
        data: payloadText,
      });
      await expect
        .poll(() =>
          page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => n.tag)),
        )
        .toContain(`argus-alert-${payload.alert.id}`);
      // Let the daemon draw it (it fetches the image first).
      await new Promise((r) => setTimeout(r, 2_000));
      execFileSync('import', ['-display', DISPLAY, '-window', 'root', OUT]);
    } finally {
      await browser.close();
    }
  } finally {
    await pushService.close();
    for (const child of processes.reverse()) child.kill();
  }
});
