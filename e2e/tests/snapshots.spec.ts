import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/test';
import { expectBadge, signIn, snapshot } from '../support/ui';

// A 640x360 JPEG (drawn like the simulator's pictures), sent as a camera would send it.
const IMAGE = readFileSync(join(__dirname, '..', 'fixtures', 'snapshot.jpg'));

/** Whether an <img> has loaded and decoded (its natural size is known). */
const loaded = (page: Page, testId: string) =>
  page.getByTestId(testId).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);

for (const device of [
  { name: 'desktop', viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false },
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
] as const) {
  test.describe(`snapshots on a ${device.name}`, () => {
    test.use({ viewport: device.viewport, isMobile: device.isMobile, hasTouch: device.hasTouch });

    test('a thumbnail in the feed and on the alert; the full image in a lightbox that closes every way', async ({
      page,
      appServer,
      api,
      seed: { viewer, camera },
    }, testInfo) => {
      const images: string[] = [];
      page.on('request', (request) => {
        if (/\/api\/events\/\d+\/(snapshot|thumbnail)(\?|$)/.test(request.url())) images.push(request.url());
      });
      await signIn(page, appServer.baseUrl, viewer);
      await expectBadge(page, 'live', 10_000);

      const event = await api.ingestWithSnapshot(camera, 'face_unknown', IMAGE);
      expect(event.has_snapshot).toBe(true);
      const item = page.getByTestId('event-feed').locator(`[data-event-id="${event.id}"]`);
      const thumbnail = item.getByTestId('snapshot-thumbnail');
      await expect(thumbnail).toBeVisible({ timeout: 5_000 });
      await expect.poll(() => thumbnail.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);

      // The default face_unknown rule raised an alert: its picture shows in the alerts panel too.
      const alertItem = page.getByTestId('alerts-panel').getByTestId('alert-item').first();
      await expect(alertItem.getByTestId('snapshot-thumbnail')).toBeVisible({ timeout: 5_000 });
      await snapshot(page, testInfo, `snapshot-thumbnails-${device.name}`);

      // Images load through signed URLs: never the access token in a URL.
      expect(images.length).toBeGreaterThan(0);
      for (const url of images) expect(url).toMatch(/\?expires=\d+&sig=[\w-]+$/);

      // The alert's toast may cover the feed on a phone: put it away, as a user would.
      await page.getByTestId('alert-toast').getByRole('button', { name: 'Dismiss' }).click();
      await expect(page.getByTestId('alert-toast')).toHaveCount(0);

      // Open: the whole picture, inside the viewport.
      await thumbnail.click();
      const lightbox = page.getByTestId('snapshot-lightbox');
      await expect(lightbox).toBeVisible();
      await expect.poll(() => loaded(page, 'snapshot-full')).toBe(true);
      const box = await page.getByTestId('snapshot-full').boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.y).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(device.viewport.width);
      expect(box!.y + box!.height).toBeLessThanOrEqual(device.viewport.height);
      expect(await page.getByTestId('snapshot-full').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(640);
      await expect(page.getByRole('button', { name: 'Close picture' })).toBeVisible();
      await snapshot(page, testInfo, `snapshot-lightbox-${device.name}`);

      // Close: the button, Escape, and a tap outside the picture.
      await page.getByRole('button', { name: 'Close picture' }).click();
      await expect(lightbox).toHaveCount(0);
      await thumbnail.click();
      await expect(lightbox).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(lightbox).toHaveCount(0);
      await thumbnail.click();
      await expect(lightbox).toBeVisible();
      if (device.hasTouch) await page.touchscreen.tap(8, device.viewport.height - 8);
      else await page.mouse.click(8, device.viewport.height - 8);
      await expect(lightbox).toHaveCount(0);
      // Focus returns to the thumbnail that opened it.
      await expect(thumbnail).toBeFocused();
    });
  });
}
