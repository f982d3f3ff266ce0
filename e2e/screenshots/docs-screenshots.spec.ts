import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Camera, EventsPage, ServiceStatusMessage } from '@argus/shared';
import type { WebSocketRoute } from '@playwright/test';
import { ADMIN, ROOT_DIR } from '../support/app-server';
import { expect, test } from '../support/test';
import { expectBadge, signIn } from '../support/ui';

const OUT = join(ROOT_DIR, 'docs', 'screenshots');

// A lived-in dashboard: the simulator's cameras and events, plus one unknown face for an alert.
test.use({ appServerOptions: { env: { SIMULATOR: 'on' } } });

test('docs/screenshots: the dashboard, Events and Alerts on a desktop and on a phone', async ({
  browser,
  appServer,
  api,
}) => {
  const adminToken = await api.login();
  await expect
    .poll(async () => (await api.call<EventsPage>('GET', '/api/events?limit=50', { token: adminToken })).items.length, {
      timeout: 60_000,
    })
    .toBeGreaterThanOrEqual(30);

  const desktop = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await signIn(desktop, appServer.baseUrl, ADMIN);
  await expectBadge(desktop, 'live', 10_000);
  const cameras = await api.call<Camera[]>('GET', '/api/cameras', { token: adminToken });
  const [camera] = cameras;
  // One camera snoozed for the evening, so the cameras panel shows the state.
  const snoozed = cameras[cameras.length - 1];
  await api.call('POST', `/api/cameras/${snoozed.id}/snooze`, {
    token: adminToken,
    body: { until: new Date(Date.now() + 3 * 3_600_000).toISOString() },
  });
  await api.call('POST', `/api/cameras/${camera.id}/events`, {
    token: adminToken,
    body: { event_type: 'face_unknown', confidence: 0.41 },
  });
  await expect(desktop.getByTestId('alert-toast')).toBeVisible({ timeout: 5_000 });
  await desktop.screenshot({ path: join(OUT, 'dashboard.png') });

  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  await signIn(phone, appServer.baseUrl, ADMIN);
  await expectBadge(phone, 'live', 10_000);
  await expect(phone.getByTestId('alert-item').first()).toBeVisible();
  await phone.screenshot({ path: join(OUT, 'dashboard-mobile.png') });

  // The history pages (issue 13): Events on a desktop, its filter sheet on a phone, Alerts.
  await desktop.goto(`${appServer.baseUrl}/events?range=today`);
  await expect(desktop.getByTestId('history-item').first()).toBeVisible();
  await desktop.screenshot({ path: join(OUT, 'events.png') });
  await desktop.goto(`${appServer.baseUrl}/alerts?status=all`);
  await expect(desktop.getByTestId('alert-row').first()).toBeVisible();
  await desktop.screenshot({ path: join(OUT, 'alerts.png') });
  await phone.goto(`${appServer.baseUrl}/events?range=today&type=face_recognized`);
  await expect(phone.getByTestId('history-item').first()).toBeVisible();
  await phone.getByRole('button', { name: /^Filters/ }).click();
  await phone.screenshot({ path: join(OUT, 'events-mobile-filters.png') });
});

test('docs/screenshots: the Notifications page', async ({ page, appServer, api }) => {
  // A webhook receiver that takes everything, so the delivery log shows deliveries.
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as AddressInfo).port;
  try {
    const adminToken = await api.login();
    const channels: unknown[] = [
      { kind: 'ntfy', min_severity: 'warning', config: { url: 'https://ntfy.sh', topic: 'argus-home', token: 'tk_x' } },
      {
        kind: 'webhook',
        min_severity: 'info',
        config: { url: `http://127.0.0.1:${port}/argus`, secret: 'a-long-signing-secret' },
      },
      { kind: 'mqtt', min_severity: 'critical', config: { topic: 'home/alerts/admin' } },
    ];
    for (const body of channels) await api.call('POST', '/api/notifications/channels', { token: adminToken, body });
    await api.call('PATCH', '/api/notifications/preferences', {
      token: adminToken,
      body: { quiet_hours: { start: '23:00', end: '06:30' } },
    });
    const [camera] = await api.call<Camera[]>('GET', '/api/cameras', { token: adminToken });
    await api.call('POST', `/api/cameras/${camera.id}/events`, {
      token: adminToken,
      body: { event_type: 'face_unknown', confidence: 0.41 },
    });
    await page.setViewportSize({ width: 1440, height: 900 });
    await signIn(page, appServer.baseUrl, ADMIN);
    await page.goto(`${appServer.baseUrl}/notifications`);
    await expect(page.getByTestId('delivery-row').first()).toBeVisible({ timeout: 10_000 });
    await page.screenshot({ path: join(OUT, 'notifications.png'), fullPage: true });
  } finally {
    receiver.close();
  }
});

test('docs/screenshots: editing an alert rule', async ({ browser, appServer, api }) => {
  const adminToken = await api.login();
  const [camera] = await api.call<Camera[]>('GET', '/api/cameras', { token: adminToken });
  await api.call('POST', '/api/alert-rules', {
    token: adminToken,
    body: {
      event_type: 'motion_detected',
      camera_id: camera.id,
      severity: 'warning',
      min_confidence: 0.7,
      cooldown_seconds: 300,
      schedule: { days: [1, 2, 3, 4, 5], start: '22:00', end: '06:00' },
    },
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await signIn(page, appServer.baseUrl, ADMIN);
  await page.goto(`${appServer.baseUrl}/alert-rules`);
  await page.getByTestId('alert-rule-row').last().getByRole('button', { name: /^Edit/ }).click();
  await expect(page.getByTestId('edit-rule-dialog')).toBeVisible();
  await page.screenshot({ path: join(OUT, 'alert-rules.png') });
});

test('docs/screenshots: the banner while the database is unavailable', async ({ page, appServer }) => {
  // The real socket, passed through, so one `service_status` "down" can be added: the e2e app
  // runs on SQLite, whose file cannot be made unreachable (the server side of an outage is
  // tested in backend/test with PostgreSQL behind a proxy).
  let socket: WebSocketRoute | undefined;
  await page.routeWebSocket(/\/api\/ws\/statistics/, (route) => {
    route.connectToServer();
    socket = route;
  });
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, appServer.baseUrl, ADMIN);
  await expectBadge(page, 'live', 10_000);
  await expect(page.getByTestId('event-item').first()).toBeVisible({ timeout: 30_000 });
  const down: ServiceStatusMessage = { type: 'service_status', timestamp: new Date().toISOString(), database: 'down' };
  socket?.send(JSON.stringify(down));
  await expect(page.getByTestId('service-banner')).toBeVisible();
  await page.screenshot({ path: join(OUT, 'database-down.png'), clip: { x: 0, y: 0, width: 1440, height: 420 } });
});
