import { expect, test } from '../support/test';
import { expectBadge, signIn, snapshot, statValue } from '../support/ui';

// The app ticks statistics every second here (STATS_INTERVAL_MS=1000) and the simulator is
// off, so every number on screen comes from what these tests ingest.

test('signs in, goes Live, and the statistic cards change on the next tick', async ({
  page,
  appServer,
  api,
  seed: { viewer, camera },
}, testInfo) => {
  await signIn(page, appServer.baseUrl, viewer);
  await expectBadge(page, 'live', 10_000);

  const updatedAt = page.getByTestId('stats-updated-at');
  await expect(updatedAt).toHaveAttribute('data-generated-at', /^\d{4}-\d\d-\d\dT.*Z$/);
  const firstSnapshot = await updatedAt.getAttribute('data-generated-at');
  // A new snapshot arrives within two ticks of one second.
  await expect(updatedAt).not.toHaveAttribute('data-generated-at', firstSnapshot ?? '', { timeout: 2_500 });

  const before = await statValue(page, 'events_today');
  await api.ingest(camera, 'motion_detected');
  await expect
    .poll(() => statValue(page, 'events_today'), { timeout: 3_000, message: 'events_today after one ingest' })
    .toBe(before + 1);
  await expectBadge(page, 'live', 1_000);
  await snapshot(page, testInfo, 'live');
});

test('an ingested event reaches the feed within 2 s, and its alert toast can be acknowledged', async ({
  page,
  appServer,
  api,
  seed: { viewer, camera },
}, testInfo) => {
  const viewerToken = await api.login(viewer);
  await signIn(page, appServer.baseUrl, viewer);
  await expectBadge(page, 'live', 10_000);

  const event = await api.ingest(camera, { event_type: 'face_unknown', confidence: 0.42 });
  const item = page.getByTestId('event-feed').locator(`[data-testid="event-item"][data-event-id="${event.id}"]`);
  await expect(item, 'the ingested event in the feed').toHaveCount(1, { timeout: 2_000 });

  // The default rule makes face_unknown a warning for every user, this viewer included.
  const alert = (await api.alerts(viewerToken)).find((candidate) => candidate.event_id === event.id);
  expect(alert, `an open alert for event ${event.id}`).toBeDefined();
  expect(alert!.severity).toBe('warning');

  const toast = page.getByTestId('alert-toast').filter({ hasText: alert!.message });
  await expect(toast).toBeVisible({ timeout: 3_000 });
  await expect(toast).toHaveAttribute('role', 'alert');
  const panelItem = page
    .getByTestId('alerts-panel')
    .locator(`[data-testid="alert-item"][data-alert-id="${alert!.id}"]`);
  await expect(panelItem).toHaveAttribute('data-severity', 'warning');
  await snapshot(page, testInfo, 'alert-toast');

  await toast.getByRole('button', { name: 'Acknowledge' }).click();
  await expect
    .poll(async () => (await api.alerts(viewerToken, 'open')).map((open) => open.id), {
      timeout: 5_000,
      message: 'open alerts',
    })
    .not.toContain(alert!.id);
  const acknowledged = (await api.alerts(viewerToken, 'all')).find((candidate) => candidate.id === alert!.id);
  expect(acknowledged).toMatchObject({ status: 'acknowledged', acknowledged_by: { username: viewer.username } });

  // Neither the toast nor the panel offers to acknowledge it again.
  await expect(page.getByTestId('alert-toast').getByRole('button', { name: 'Acknowledge' })).toHaveCount(0, {
    timeout: 5_000,
  });
  await expect(panelItem.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0, { timeout: 5_000 });
  await snapshot(page, testInfo, 'alert-acknowledged');
});
