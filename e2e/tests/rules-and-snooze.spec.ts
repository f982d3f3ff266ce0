import type { AlertRule, Camera } from '@argus/shared';
import { ADMIN } from '../support/app-server';
import { expect, test } from '../support/test';
import { expectBadge, signIn, snapshot } from '../support/ui';

// Rules with judgement and camera snooze in the dashboard (contract §10), on a desktop and on a
// phone: an admin adds a rule with a cooldown and a schedule, edits it, snoozes a camera from
// the dashboard and resumes it. What the UI did is checked through the API.

for (const device of [
  { name: 'desktop', viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false },
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
] as const) {
  test.describe(`rules and snooze on a ${device.name}`, () => {
    test.use({ viewport: device.viewport, isMobile: device.isMobile, hasTouch: device.hasTouch });

    test('adds a rule with a cooldown and a schedule, then edits it', async ({
      page,
      appServer,
      api,
      seed: { adminToken, camera },
    }, testInfo) => {
      await signIn(page, appServer.baseUrl, ADMIN);
      await page.goto(`${appServer.baseUrl}/alert-rules`);
      const add = page.getByRole('region', { name: 'Add alert rule' });
      await add.getByLabel('Event type').selectOption({ label: 'Motion' });
      await add.getByLabel('Camera').selectOption({ label: camera.name });
      await add.getByLabel('Severity').selectOption({ label: 'Info' });
      await add.getByLabel('Cooldown (seconds)').fill('120');
      await add.getByLabel('Only on certain days and hours').check();
      // Weekdays are preselected; add Saturday, drop Friday.
      await add.getByRole('button', { name: 'Saturday' }).click();
      await add.getByRole('button', { name: 'Friday' }).click();
      await expect(add.getByRole('button', { name: 'Friday' })).toHaveAttribute('aria-pressed', 'false');
      await add.getByLabel('From').fill('21:30');
      await add.getByLabel('Until').fill('07:00');
      await expect(add.getByText(/Overnight: from 21:30/)).toBeVisible();
      await add.getByRole('button', { name: 'Add rule' }).click();

      const created = async () =>
        (await api.call<AlertRule[]>('GET', '/api/alert-rules', { token: adminToken })).find(
          (rule) => rule.camera_id === camera.id && rule.event_type === 'motion_detected',
        );
      await expect.poll(created, { timeout: 5_000 }).toMatchObject({
        severity: 'info',
        min_confidence: null,
        cooldown_seconds: 120,
        schedule: { days: [1, 2, 3, 4, 6], start: '21:30', end: '07:00' },
      });
      const rule = (await created())!;
      const row = page.locator(`[data-testid="alert-rule-row"][data-rule-id="${rule.id}"]`);
      await expect(row.getByTestId('rule-judgement')).toHaveText('cooldown 2 min · Mon–Thu, Sat 21:30–07:00');

      await row.getByRole('button', { name: `Edit rule ${rule.id}` }).click();
      const dialog = page.getByTestId('edit-rule-dialog');
      await expect(dialog).toBeVisible();
      await expect(dialog.getByLabel('Cooldown (seconds)')).toHaveValue('120');
      await dialog.getByLabel('Minimum confidence (%)').fill('75');
      await dialog.getByRole('button', { name: 'Sunday' }).click();
      await snapshot(page, testInfo, `rule-edit-${device.name}`);
      await dialog.getByRole('button', { name: 'Save rule' }).click();
      await expect(dialog).toHaveCount(0);
      await expect.poll(created, { timeout: 5_000 }).toMatchObject({
        min_confidence: 0.75,
        schedule: { days: [0, 1, 2, 3, 4, 6], start: '21:30', end: '07:00' },
      });
      await expect(row.getByTestId('rule-judgement')).toHaveText(
        '≥ 75 % confidence · cooldown 2 min · Mon–Thu, Sat, Sun 21:30–07:00',
      );
      await snapshot(page, testInfo, `rules-${device.name}`);
      await api.call('DELETE', `/api/alert-rules/${rule.id}`, { token: adminToken, expect: 204 });
    });

    test('snoozes a camera from the dashboard: no alerts until resumed', async ({
      page,
      appServer,
      api,
      seed: { viewer, camera },
    }, testInfo) => {
      const viewerToken = await api.login(viewer);
      await signIn(page, appServer.baseUrl, ADMIN);
      await expectBadge(page, 'live', 10_000);
      const item = page.getByTestId('cameras-panel').locator(`[data-camera-id="${camera.id}"]`);
      await item.getByRole('button', { name: `Snooze alerts from ${camera.name}` }).click();
      const dialog = page.getByRole('dialog', { name: `Snooze ${camera.name}` });
      const before = Date.now();
      await dialog.getByRole('button', { name: '8 hours' }).click();
      await expect(dialog).toHaveCount(0);
      await expect(item.getByTestId('camera-snoozed')).toContainText('Alerts snoozed until');

      const stored = async () =>
        (await api.call<Camera[]>('GET', '/api/cameras', { token: viewerToken })).find((c) => c.id === camera.id);
      const until = Date.parse((await stored())?.snoozed_until ?? '');
      expect(until).toBeGreaterThanOrEqual(before + 8 * 3_600_000 - 1_000);
      expect(until).toBeLessThan(Date.now() + 8 * 3_600_000 + 1_000);

      // An unknown face would warn everyone: snoozed, it is stored but raises no alert.
      const quiet = await api.ingest(camera, { event_type: 'face_unknown', confidence: 0.6 });
      await expect(page.getByTestId('event-feed').locator(`[data-event-id="${quiet.id}"]`)).toHaveCount(1);
      expect((await api.alerts(viewerToken, 'all')).some((alert) => alert.event_id === quiet.id)).toBe(false);
      await snapshot(page, testInfo, `camera-snoozed-${device.name}`);

      await item.getByRole('button', { name: `Resume alerts from ${camera.name}` }).click();
      await expect(item.getByTestId('camera-snoozed')).toHaveCount(0);
      await expect.poll(async () => (await stored())?.snoozed_until).toBeNull();
      const loud = await api.ingest(camera, { event_type: 'face_unknown', confidence: 0.6 });
      expect((await api.alerts(viewerToken, 'all')).some((alert) => alert.event_id === loud.id)).toBe(true);
    });
  });
}
