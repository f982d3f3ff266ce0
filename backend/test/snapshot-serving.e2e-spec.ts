import sharp from 'sharp';
import type { CameraEvent, SnapshotUrlResponse } from '@argus/shared';
import { ingest } from './support/domain';
import { getBytes, ingestWithSnapshot, testImage } from './support/images';
import { test as base } from './support/fixtures';
import { http } from './support/test-app';

const test = base.extend('bearer', { scope: 'file' }, ({ viewer }) => {
  return () => ({ authorization: `Bearer ${viewer}` });
});
const it = test;

describe('snapshot serving (contract §8)', () => {
  let jpeg: Buffer;

  beforeAll(async () => {
    jpeg = await testImage(640, 360);
  });

  describe('GET /api/events/:id/snapshot and /thumbnail', () => {
    let event: CameraEvent;
    test.beforeAll(async ({ t, camera }) => {
      event = await ingestWithSnapshot(t, camera, { event_type: 'motion_detected' }, await testImage(1280, 720));
    });

    it('serves the image as stored, with ETag, private caching and nosniff', async ({ t, bearer }) => {
      const original = await testImage(1280, 720);
      const res = await getBytes(t, `/api/events/${event.id}/snapshot`, bearer());
      expect(res.status).toBe(200);
      expect(res.bytes.equals(original)).toBe(true);
      expect(res.headers.get('content-type')).toBe('image/jpeg');
      expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{64}"$/);
      expect(res.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('serves a JPEG thumbnail 320 px wide with its own ETag', async ({ t, bearer }) => {
      const full = await getBytes(t, `/api/events/${event.id}/snapshot`, bearer());
      const res = await getBytes(t, `/api/events/${event.id}/thumbnail`, bearer());
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/jpeg');
      const meta = await sharp(res.bytes).metadata();
      expect([meta.width, meta.height]).toEqual([320, 180]);
      expect(res.headers.get('etag')).not.toBe(full.headers.get('etag'));
    });

    it('answers 304 to If-None-Match with the current ETag, 200 to a stale one', async ({ t, bearer }) => {
      for (const kind of ['snapshot', 'thumbnail']) {
        const first = await getBytes(t, `/api/events/${event.id}/${kind}`, bearer());
        const etag = first.headers.get('etag') ?? '';
        const again = await getBytes(t, `/api/events/${event.id}/${kind}`, { ...bearer(), 'if-none-match': etag });
        expect(again.status).toBe(304);
        expect(again.bytes.length).toBe(0);
        expect(again.headers.get('etag')).toBe(etag);
        const weak = await getBytes(t, `/api/events/${event.id}/${kind}`, {
          ...bearer(),
          'if-none-match': `"x", W/${etag}`,
        });
        expect(weak.status).toBe(304);
        const stale = await getBytes(t, `/api/events/${event.id}/${kind}`, { ...bearer(), 'if-none-match': '"0000"' });
        expect(stale.status).toBe(200);
      }
    });

    it('answers 404 for an event without an image or an unknown event, 401 without credentials', async ({
      t,
      viewer,
      camera,
      bearer,
    }) => {
      const plain = await ingest(t, camera, { event_type: 'motion_detected' });
      expect((await getBytes(t, `/api/events/${plain.id}/snapshot`, bearer())).status).toBe(404);
      expect((await getBytes(t, `/api/events/${plain.id}/thumbnail`, bearer())).status).toBe(404);
      expect((await getBytes(t, `/api/events/999999/snapshot`, bearer())).status).toBe(404);
      expect((await http(t, 'GET', `/api/events/${plain.id}/snapshot-url`, { token: viewer })).status).toBe(404);
      expect((await getBytes(t, `/api/events/${event.id}/snapshot`)).status).toBe(401);
      expect((await getBytes(t, `/api/events/${event.id}/snapshot`, { authorization: 'Bearer x.y.z' })).status).toBe(
        401,
      );
      expect((await getBytes(t, `/api/events/abc/snapshot`, bearer())).status).toBe(400);
    });

    it('opens the image through a signed URL without a token, for that event and kind only', async ({
      t,
      viewer,
      camera,
    }) => {
      const res = await http<SnapshotUrlResponse>(t, 'GET', `/api/events/${event.id}/snapshot-url`, { token: viewer });
      expect(res.status).toBe(200);
      const lifetime = Date.parse(res.body.expires_at) - Date.now();
      expect(lifetime).toBeGreaterThan(9 * 60_000);
      expect(lifetime).toBeLessThanOrEqual(15 * 60_000);
      expect(res.body.url).not.toContain(viewer);
      expect((await getBytes(t, res.body.url)).status).toBe(200);
      const thumb = await getBytes(t, res.body.thumbnail_url);
      expect(thumb.status).toBe(200);
      expect((await sharp(thumb.bytes).metadata()).width).toBe(320);

      const other = await ingestWithSnapshot(t, camera, { event_type: 'motion_detected' }, jpeg);
      const query = res.body.url.slice(res.body.url.indexOf('?'));
      expect((await getBytes(t, `/api/events/${other.id}/snapshot${query}`)).status).toBe(401);
      expect((await getBytes(t, `/api/events/${event.id}/thumbnail${query}`)).status).toBe(401);
      const tampered = res.body.url.replace(/sig=./, (m) => (m.endsWith('A') ? 'sig=B' : 'sig=A'));
      expect((await getBytes(t, tampered)).status).toBe(401);
      const expired = res.body.url.replace(/expires=\d+/, `expires=${Math.floor(Date.now() / 1000) - 1}`);
      expect((await getBytes(t, expired)).status).toBe(401);
      expect((await getBytes(t, `/api/events/${event.id}/snapshot?sig=abc`)).status).toBe(401);
      expect((await getBytes(t, `${res.body.url}&extra=1`)).status).toBe(400);
    });

    it('requires a token for the signed URL itself', async ({ t }) => {
      expect((await http(t, 'GET', `/api/events/${event.id}/snapshot-url`)).status).toBe(401);
    });
  });
});
