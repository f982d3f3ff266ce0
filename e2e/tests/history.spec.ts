import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import type { CreatedCamera, EventHistoryPage } from '@argus/shared';
import { EVENTS_EXPORT_COLUMNS, HISTORY_FIRST_PAGE } from '@argus/shared';
import { expect, test } from '../support/test';
import { expectBadge, signIn, snapshot } from '../support/ui';

const IMAGE = readFileSync(join(__dirname, '..', 'fixtures', 'snapshot.jpg'));
const HOUR = 3_600_000;

/** Serious or critical axe-core findings (WCAG 2.1 A/AA rules), as "rule: target" lines. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')}`));
}

/** The page cannot be scrolled sideways. */
async function noSidewaysScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
}

const items = (page: Page) => page.getByTestId('history-item');

for (const device of [
  { name: 'desktop', viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false },
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
] as const) {
  test.describe(`history pages on a ${device.name}`, () => {
    test.use({ viewport: device.viewport, isMobile: device.isMobile, hasTouch: device.hasTouch });

    test('Events: URL filters survive a reload, older pages load on scroll, live events go on top, CSV export', async ({
      page,
      appServer,
      api,
      seed: { adminToken, viewer, camera },
    }, testInfo) => {
      const other: CreatedCamera = await api.createCamera(adminToken, `Garage ${device.name}`);
      // 70 events on the camera over the last three days (two day headings at least), a few elsewhere.
      const now = Date.now();
      for (let i = 0; i < 70; i += 1) {
        const occurred_at = new Date(now - 70 * HOUR + i * HOUR).toISOString();
        await api.ingest(camera, { event_type: i % 5 === 0 ? 'face_unknown' : 'motion_detected', occurred_at });
        if (i % 10 === 0) await api.ingest(other, { event_type: 'motion_detected', occurred_at });
      }
      const pictured = await api.ingestWithSnapshot(camera, 'face_unknown', IMAGE);

      await signIn(page, appServer.baseUrl, viewer);
      await expectBadge(page, 'live', 10_000);
      await page.goto(`${appServer.baseUrl}/events?camera=${camera.id}`);
      await expect(items(page)).toHaveCount(50);
      await expect(items(page).first()).toHaveAttribute('data-event-id', String(pictured.id));
      await expect(items(page).first().getByTestId('snapshot-thumbnail')).toBeVisible({ timeout: 5_000 });
      expect(await page.getByRole('heading', { level: 2 }).count()).toBeGreaterThanOrEqual(2); // day headings
      expect(await noSidewaysScroll(page)).toBe(true);
      await snapshot(page, testInfo, `events-page-${device.name}`);
      expect(await seriousViolations(page)).toEqual([]);

      // A filter set through the controls (in a sheet on a phone) goes into the URL and survives a reload.
      if (device.name === 'phone') {
        await page.getByRole('button', { name: /^Filters/ }).click();
        const sheet = page.getByTestId('filter-sheet');
        await expect(sheet).toBeVisible();
        await sheet.getByLabel('Type').selectOption('face_unknown');
        expect(await noSidewaysScroll(page)).toBe(true);
        await snapshot(page, testInfo, `events-filter-sheet-${device.name}`);
        expect(await seriousViolations(page)).toEqual([]);
        await sheet.getByRole('button', { name: 'Show events' }).click();
        await expect(sheet).toHaveCount(0);
      } else {
        await page.getByLabel('Type').selectOption('face_unknown');
      }
      await expect(page).toHaveURL(/type=face_unknown/);
      await expect(items(page)).toHaveCount(15); // 14 face_unknown + the pictured one
      await page.reload();
      await expect(items(page)).toHaveCount(15);
      for (const type of await items(page).locator('[class*="type"]').allTextContents()) {
        expect(type).toBe('Unknown face');
      }
      if (device.name === 'desktop') await expect(page.getByLabel('Type')).toHaveValue('face_unknown');

      // Export of the current filter: the same rows as the API gives, as CSV.
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export CSV' }).click();
      const file = await (await download).path();
      const lines = readFileSync(file, 'utf8').split('\r\n');
      expect(lines[0]).toBe(EVENTS_EXPORT_COLUMNS.join(','));
      const expected = await api.call<EventHistoryPage>(
        'GET',
        `/api/events?before=${HISTORY_FIRST_PAGE}&camera_id=${camera.id}&event_type=face_unknown&limit=500`,
        { token: adminToken },
      );
      expect(lines.slice(1, -1).map((line) => Number(line.split(',')[0]))).toEqual(expected.items.map((e) => e.id));

      // Infinite scroll: the rest loads as the end comes into view.
      await page.goto(`${appServer.baseUrl}/events?camera=${camera.id}`);
      await expect(items(page)).toHaveCount(50);
      await page.getByText('Load older events').scrollIntoViewIfNeeded();
      await expect(items(page)).toHaveCount(71);
      await expect(page.getByText('No older events.')).toBeVisible();

      // A live event matching the filter goes on top, and what the user looks at stays in place.
      const anchorId = await items(page).nth(30).getAttribute('data-event-id');
      const anchor = page.locator(`[data-testid="history-item"][data-event-id="${anchorId}"]`);
      await anchor.scrollIntoViewIfNeeded();
      const before = (await anchor.boundingBox())!.y;
      const live = await api.ingest(camera, 'motion_detected');
      await api.ingest(other, 'motion_detected'); // another camera: not in this list
      await expect(items(page).first()).toHaveAttribute('data-event-id', String(live.id), { timeout: 5_000 });
      await expect(items(page)).toHaveCount(72);
      expect(Math.abs((await anchor.boundingBox())!.y - before)).toBeLessThanOrEqual(2);
    });

    test('Alerts: open or all in the URL, acknowledge from the list, who and when', async ({
      page,
      appServer,
      api,
      seed: { viewer, camera },
    }, testInfo) => {
      for (let i = 0; i < 3; i += 1) await api.ingest(camera, 'face_unknown'); // a warning for everyone each
      await signIn(page, appServer.baseUrl, viewer);
      await page.goto(`${appServer.baseUrl}/alerts?camera=${camera.id}`);
      const rows = page.getByTestId('alert-row');
      await expect(rows).toHaveCount(3);
      await rows
        .first()
        .getByRole('button', { name: /^Acknowledge/ })
        .click();
      await expect(rows.first().getByTestId('acknowledged')).toContainText(`Acknowledged by ${viewer.username}`);
      expect(await noSidewaysScroll(page)).toBe(true);
      await snapshot(page, testInfo, `alerts-page-${device.name}`);
      expect(await seriousViolations(page)).toEqual([]);

      await page.reload();
      await expect(rows).toHaveCount(2); // open only
      // On a phone the filters are in a sheet.
      const filters = async (change: (scope: Page | Locator) => Promise<void>) => {
        if (device.name === 'desktop') return change(page);
        await page.getByRole('button', { name: 'Filters' }).click();
        const sheet = page.getByTestId('alert-filter-sheet');
        await change(sheet);
        expect(await seriousViolations(page)).toEqual([]);
        await sheet.getByRole('button', { name: 'Show alerts' }).click();
        await expect(sheet).toHaveCount(0);
      };
      await filters((scope) => scope.getByLabel('All').check());
      await expect(page).toHaveURL(/status=all/);
      await expect(rows).toHaveCount(3);
      await page.reload();
      await expect(rows).toHaveCount(3);
      await expect(page.getByTestId('acknowledged')).toHaveCount(1);
      await filters((scope) =>
        scope
          .getByLabel('Severity')
          .selectOption('critical')
          .then(() => undefined),
      );
      await expect(page).toHaveURL(/severity=critical/);
      await expect(page.getByText('No alerts match these filters.')).toBeVisible();
    });
  });
}

test('the dashboard chart switches between hour, day and week from the histogram', async ({
  page,
  appServer,
  api,
  seed: { viewer, camera },
}) => {
  await api.ingest(camera, {
    event_type: 'motion_detected',
    occurred_at: new Date(Date.now() - 3 * 24 * HOUR).toISOString(),
  });
  await signIn(page, appServer.baseUrl, viewer);
  const chart = page.getByTestId('events-chart');
  await expect(chart.getByRole('heading')).toHaveText('Events in the last hour');
  const histograms: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/events/histogram')) histograms.push(request.url());
  });
  await chart.getByRole('button', { name: 'Week' }).click();
  await expect(chart.getByRole('heading')).toHaveText('Events in the last 7 days');
  await expect(chart.getByRole('button', { name: 'Week' })).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => histograms.some((url) => url.includes('bucket=day'))).toBe(true);
  await expect(chart.locator('desc')).toContainText(/events in the last 7 days/);
});
