import { join } from 'node:path';
import type { Alert, NotificationChannel, PushPayload } from '@argus/shared';
import type { CDPSession, Page } from '@playwright/test';
import { createSubscriber, startPushService, type Receiver } from '../../backend/test/support/notification-receivers';
import { expect, test } from '../support/test';
import { signIn, snapshot } from '../support/ui';
import { readFileSync } from 'node:fs';

const IMAGE = readFileSync(join(__dirname, '..', 'fixtures', 'snapshot.jpg'));
const CERT = join(__dirname, '..', '..', 'backend', 'test', 'support', 'tls', 'push-service.crt');

// The app trusts the fake push service's self-signed certificate (web-push speaks HTTPS only).
test.use({ appServerOptions: { env: { NODE_EXTRA_CA_CERTS: CERT } } });

interface ShownNotification {
  title: string;
  body: string;
  tag: string;
  image: string;
  actions: string[];
}

/** The notifications the service worker is showing (the Notifications API of its registration). */
function shownNotifications(page: Page): Promise<ShownNotification[]> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    // `image` and `actions` are not in TypeScript's DOM types yet (Chromium has them).
    type Shown = Notification & { image: string; actions: Array<{ action: string }> };
    return ((await registration.getNotifications()) as Shown[]).map((n) => ({
      title: n.title,
      body: n.body,
      tag: n.tag,
      image: n.image,
      actions: n.actions.map((a) => a.action),
    }));
  });
}

/** The service worker's registration id, from the DevTools protocol's ServiceWorker domain. */
async function registrationId(cdp: CDPSession, scope: string): Promise<string> {
  const found = new Promise<string>((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const match = registrations.find((r) => r.scopeURL === scope && !r.isDeleted);
      if (match) resolve(match.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable');
  return found;
}

test.describe('notifications', () => {
  let pushService: Receiver;
  test.beforeAll(async () => {
    pushService = await startPushService();
  });
  test.afterAll(async () => {
    await pushService?.close();
  });

  test('a push message shows the alert with its thumbnail, and its Acknowledge action acknowledges it', async ({
    page,
    context,
    appServer,
    api,
    seed: { camera },
  }, testInfo) => {
    const admin = await api.login();
    // The browser's own subscription would need a real push service; this device's keys are
    // made here, the server encrypts to them, and the message is handed to the worker by CDP.
    const subscriber = createSubscriber(`${pushService.url}/push/e2e-device`);
    await api.call<NotificationChannel>('POST', '/api/notifications/channels', {
      token: admin,
      body: { kind: 'webpush', config: subscriber.config },
      expect: 201,
    });
    await context.grantPermissions(['notifications'], { origin: appServer.baseUrl });
    await signIn(page, appServer.baseUrl, { username: 'admin', password: 'e2e-admin-password' });
    await expect
      .poll(() => page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state ?? null))
      .toBe('activated');
    const cdp = await context.newCDPSession(page);
    const registration = await registrationId(cdp, `${appServer.baseUrl}/`);

    const before = pushService.requests.length;
    const event = await api.ingestWithSnapshot(camera, 'face_unknown', IMAGE);
    const [request] = (await pushService.waitFor(before + 1, 10_000)).slice(before);
    const payloadText = subscriber.decrypt(request.body);
    const payload = JSON.parse(payloadText) as Extract<PushPayload, { type: 'alert' }>;
    expect(payload.alert.event_id).toBe(event.id);

    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: appServer.baseUrl,
      registrationId: registration,
      data: payloadText,
    });
    const tag = `argus-alert-${payload.alert.id}`;
    await expect
      .poll(async () => (await shownNotifications(page)).find((n) => n.tag === tag))
      .toMatchObject({
        title: `Warning: ${camera.name}`,
        body: `Unknown face at ${camera.name}`,
        actions: ['ack'],
      });
    const shown = (await shownNotifications(page)).find((n) => n.tag === tag)!;
    expect(shown.image).toMatch(new RegExp(`/api/events/${event.id}/thumbnail\\?expires=\\d+&sig=`));
    // The thumbnail URL opens without a session (it is signed).
    expect((await fetch(shown.image)).status).toBe(200);

    // The Acknowledge action: the worker runs its notificationclick path with action "ack".
    const result = await page.evaluate(
      (notificationTag) =>
        new Promise<unknown>((resolve) => {
          navigator.serviceWorker.addEventListener(
            'message',
            (message: MessageEvent<{ type: string; result: unknown }>) => {
              if (message.data.type === 'argus:notificationclick:done') resolve(message.data.result);
            },
          );
          void navigator.serviceWorker.ready.then((r) =>
            r.active?.postMessage({ type: 'argus:notificationclick', tag: notificationTag, action: 'ack' }),
          );
        }),
      tag,
    );
    expect(result).toEqual({ acknowledged: true, status: 200 });
    const alerts = await api.alerts(admin, 'all');
    expect(alerts.find((a: Alert) => a.id === payload.alert.id)).toMatchObject({
      status: 'acknowledged',
      acknowledged_by: { username: 'admin' },
    });
    await expect.poll(async () => (await shownNotifications(page)).filter((n) => n.tag === tag)).toEqual([]);
    // The dashboard shows it acknowledged (after a reload: the live alert_updated message to
    // open dashboards is not part of this change).
    await page.reload();
    const item = page.locator(`[data-testid="alert-item"][data-alert-id="${payload.alert.id}"]`);
    await expect(item).toBeVisible();
    await expect(item.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0);
    await snapshot(page, testInfo, 'notification-acknowledged-dashboard');
  });

  test('the Notifications page: add channels, test one, quiet hours, the delivery log', async ({
    page,
    appServer,
    api,
    seed: { viewer, camera },
  }, testInfo) => {
    await signIn(page, appServer.baseUrl, viewer);
    await page.getByRole('link', { name: 'Notifications' }).click();
    await expect(page.getByRole('heading', { name: 'Notifications', level: 1 })).toBeVisible();

    // A webhook to the push service's twin would need TLS trust in the browser; the app's own
    // health route stands in as a receiver that answers (405 for a POST: the test shows a failure).
    const form = page.getByTestId('channel-form');
    await form.getByLabel('Kind').selectOption('webhook');
    await form.getByLabel('URL').fill(`${appServer.baseUrl}/api/health`);
    await form.getByLabel('Signing secret').fill('a-webhook-secret-of-length');
    await form.getByRole('button', { name: 'Add channel' }).click();
    const row = page.getByTestId('channel-row').filter({ hasText: '/api/health' });
    await expect(row).toBeVisible();
    await row.getByRole('button', { name: 'Test' }).click();
    await expect(row.getByTestId('channel-test-result')).toContainText('Test failed: HTTP 404');

    await form.getByLabel('Kind').selectOption('ntfy');
    await form.getByLabel('Server URL').fill('https://ntfy.example.net');
    await form.getByLabel('Topic').fill('front-door-alerts');
    await form.getByLabel('Access token (optional)').fill('tk_e2e_secret');
    await form.getByRole('button', { name: 'Add channel' }).click();
    const ntfy = page.getByTestId('channel-row').filter({ hasText: 'front-door-alerts' });
    await expect(ntfy).toBeVisible();
    await expect(page.locator('body')).not.toContainText('tk_e2e_secret');
    await ntfy.getByRole('combobox').selectOption('critical');
    await expect(ntfy.getByRole('combobox')).toHaveValue('critical');

    const quiet = page.getByTestId('quiet-hours');
    await quiet.getByLabel('Quiet hours').check();
    await quiet.getByLabel('From').fill('22:30');
    await quiet.getByLabel('Until').fill('06:45');
    await quiet.getByRole('button', { name: 'Save' }).click();
    await expect(quiet.getByRole('status')).toHaveText('Saved.');

    // An alert raised now goes to the webhook (quiet hours permitting) and shows in the log.
    await page.reload();
    await expect(page.getByTestId('quiet-hours').getByLabel('From')).toHaveValue('22:30');
    await api.ingest(camera, 'face_unknown');
    await page.reload();
    const log = page.getByTestId('deliveries');
    await expect(log.getByRole('combobox')).toBeVisible();
    await snapshot(page, testInfo, 'notifications-settings');
    await page.setViewportSize({ width: 390, height: 844 });
    await snapshot(page, testInfo, 'notifications-settings-phone');
  });
});
