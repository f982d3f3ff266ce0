import { join } from 'node:path';
import type { Camera, EventsPage } from '@argus/shared';
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
  const [camera] = await api.call<Camera[]>('GET', '/api/cameras', { token: adminToken });
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
