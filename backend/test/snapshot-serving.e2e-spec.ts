import sharp from 'sharp';
import type { CameraEvent, CreatedCamera, SnapshotUrlResponse } from '@argus/shared';
import { createCamera, ingest, viewerToken } from './support/domain';
import { getBytes, ingestWithSnapshot, testImage } from './support/images';
import { http, login, startTestApp, TestApp } from './support/test-app';

describe('snapshot serving (contract §8)', () => {
  let t: TestApp;
  let admin: string;
  let viewer: string;
  let camera: CreatedCamera;
  let jpeg: Buffer;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await login(t);
    viewer = await viewerToken(t, admin);
    camera = await createCamera(t, admin, { name: 'Gate' });
    jpeg = await testImage(640, 360);
  });
  afterAll(async () => t.close());

  describe('GET /api/events/:id/snapshot and /thumbnail', () => {
    let event: CameraEvent;
    beforeAll(async () => {
      event = await ingestWithSnapshot(t, camera, { event_type: 'motion_detected' }, await testImage(1280, 720));
    });
    const bearer = () => ({ authorization: `Bearer ${viewer}` });

    it('serves the image as stored, with ETag, private caching and nosniff', async () => {
      const original = await testImage(1280, 720);
      const res = await getBytes(t, `/api/events/${event.id}/snapshot`, bearer());
      expect(res.status).toBe(200);
      expect(res.bytes.equals(original)).toBe(true);
      expect(res.headers.get('content-type')).toBe('image/jpeg');
      expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{64}"$/);
      expect(res.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('serves a JPEG thumbnail 320 px wide with its own ETag', async () => {
      const full = await getBytes(t, `/api/events/${event.id}/snapshot`, bearer());
      const res = await getBytes(t, `/api/events/${event.id}/thumbnail`, bearer());
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/jpeg');
      const meta = await sharp(res.bytes).metadata();
      expect([meta.width, meta.height]).toEqual([320, 180]);
      expect(res.headers.get('etag')).not.toBe(full.headers.get('etag'));
    });

    it('answers 304 to If-None-Match with the current ETag, 200 to a stale one', async () => {
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

    it('answers 404 for an event without an image or an unknown event, 401 without credentials', async () => {
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

    it('opens the image through a signed URL without a token, for that event and kind only', async () => {
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

    it('requires a token for the signed URL itself', async () => {
      expect((await http(t, 'GET', `/api/events/${event.id}/snapshot-url`)).status).toBe(401);
    });
  });
});
