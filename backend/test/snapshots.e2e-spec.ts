import sharp from 'sharp';
import type { ApiError, CameraEvent, CreatedCamera, EventsPage, Person } from '@argus/shared';
import { createCamera } from './support/domain';
import { getBytes, postMultipart, testImage } from './support/images';
import { http, login, TestApp } from './support/test-app';
import { endlessChunks, rawExchange } from './support/raw-http';
import { test as base } from './support/fixtures';

const test = base
  .override('appOptions', { env: { SNAPSHOT_MAX_BYTES: String(300 * 1024) } })
  .extend(
    'path',
    { scope: 'file' },
    ({ camera }) =>
      () =>
        `/api/cameras/${camera.id}/events`,
  )
  .extend('key', { scope: 'file' }, ({ camera }) => () => ({ 'x-camera-key': camera.ingest_key }))
  .extend('eventCount', { scope: 'file' }, ({ t, admin }) => {
    return async () => (await http<EventsPage>(t, 'GET', '/api/events?limit=500', { token: admin })).body.items.length;
  });
const it = test;

describe('snapshots (contract §8)', () => {
  let jpeg: Buffer;
  beforeAll(async () => {
    jpeg = await testImage(640, 360);
  });

  describe('multipart ingest', () => {
    it('stores the event with its image: has_snapshot on REST and on the socket', async ({
      t,
      viewer,
      sockets,
      path,
      key,
    }) => {
      const socket = await sockets.accepted(t, { token: viewer });
      const res = await postMultipart(
        t,
        path(),
        { fields: { event_type: 'face_unknown', confidence: '0.62' }, file: { bytes: jpeg } },
        key(),
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ event_type: 'face_unknown', data: { confidence: 0.62 }, has_snapshot: true });
      const live = await socket.next('camera_event', 2000);
      expect(live).toMatchObject({ id: res.body.id, has_snapshot: true });
      const page = await http<EventsPage>(t, 'GET', `/api/events?after=${res.body.id - 1}`, { token: viewer });
      expect(page.body.items[0]).toMatchObject({ id: res.body.id, has_snapshot: true });
    });

    it('takes the whole event as one JSON `event` field, typed as JSON', async ({ t, admin, path, key }) => {
      const people = await http<Person>(t, 'POST', '/api/people', { token: admin, body: { name: 'Ann' } });
      const res = await postMultipart(
        t,
        path(),
        {
          fields: {
            event: JSON.stringify({ event_type: 'face_recognized', person_id: people.body.id, confidence: 0.9 }),
          },
          file: { bytes: await testImage(64, 64, 'png') },
        },
        key(),
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        event_type: 'face_recognized',
        data: { person_id: people.body.id, person_name: 'Ann', confidence: 0.9 },
        has_snapshot: true,
      });
    });

    it('stores an event without a file (or with the empty part of an empty file input) as has_snapshot false', async ({
      t,
      admin,
      path,
      key,
    }) => {
      const empty = await postMultipart(
        t,
        path(),
        { fields: { event_type: 'motion_detected' }, file: { bytes: Buffer.alloc(0), name: '' } },
        key(),
      );
      expect(empty.status).toBe(201);
      expect(empty.body.has_snapshot).toBe(false);
      // A browser sends an empty file input as a file part with filename="" and no bytes.
      const browser = await fetch(`${t.baseUrl}${path()}`, {
        method: 'POST',
        headers: { ...key(), 'content-type': 'multipart/form-data; boundary=b' },
        body:
          '--b\r\nContent-Disposition: form-data; name="event_type"\r\n\r\nmotion_detected\r\n' +
          '--b\r\nContent-Disposition: form-data; name="snapshot"; filename=""\r\n' +
          'Content-Type: application/octet-stream\r\n\r\n\r\n--b--\r\n',
      });
      expect(browser.status).toBe(201);
      expect(((await browser.json()) as CameraEvent).has_snapshot).toBe(false);
      const res = await postMultipart(t, path(), { fields: { event_type: 'motion_detected' } }, key());
      expect(res.status).toBe(201);
      expect(res.body.has_snapshot).toBe(false);
      expect((await http(t, 'GET', `/api/events/${res.body.id}/snapshot`, { token: admin })).status).toBe(404);
    });

    it('validates the fields like a JSON body, naming the field, and stores nothing', async ({
      t,
      path,
      key,
      eventCount,
    }) => {
      const before = await eventCount();
      const cases: Array<[Record<string, string>, string]> = [
        [{ event_type: 'motion_detected', confidence: 'high' }, 'confidence'],
        [{ event_type: 'motion_detected', confidence: '2' }, 'confidence'],
        [{ event_type: 'motion_detected', person_id: '1e3' }, 'person_id'],
        [{ event_type: 'sneezing' }, 'event_type'],
        [{ event_type: 'motion_detected', colour: 'red' }, 'colour'],
        [{ event_type: 'motion_detected', person_name: 'a\u0000b' }, 'person_name'],
        [{ event: '{"event_type":' }, 'event'],
        [{ event: '[1]' }, 'event'],
        [{ event: `${'{"a":'.repeat(40)}1${'}'.repeat(40)}` }, 'nested'],
        [{ event: '{"event_type":"motion_detected"}', confidence: '0.5' }, 'event'],
      ];
      for (const [fields, field] of cases) {
        const res = await postMultipart<ApiError>(t, path(), { fields, file: { bytes: jpeg } }, key());
        expect(res.status, JSON.stringify(fields)).toBe(400);
        expect(JSON.stringify(res.body.message)).toContain(field);
      }
      expect(await eventCount()).toBe(before);
    });

    it('refuses a file over SNAPSHOT_MAX_BYTES with 413 and stores nothing', async ({ t, path, key, eventCount }) => {
      const before = await eventCount();
      const big = Buffer.concat([jpeg, Buffer.alloc(300 * 1024)]);
      const res = await postMultipart<ApiError>(
        t,
        path(),
        { fields: { event_type: 'motion_detected' }, file: { bytes: big } },
        key(),
      );
      expect(res.status).toBe(413);
      expect(res.body.message).toBe(`snapshot is larger than ${300 * 1024} bytes`);
      expect(await eventCount()).toBe(before);
    });

    it('refuses other types and undecodable bytes with 415, whatever the declared type, and stores nothing', async ({
      t,
      path,
      key,
      eventCount,
    }) => {
      const before = await eventCount();
      const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#0f0' } })
        .gif()
        .toBuffer();
      const files = [
        { bytes: gif, type: 'image/jpeg', name: 'x.jpg' },
        { bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), type: 'image/png' },
        { bytes: jpeg.subarray(0, jpeg.length / 2) },
        { bytes: Buffer.from('%PDF-1.7'), type: 'application/pdf' },
      ];
      for (const file of files) {
        const res = await postMultipart<ApiError>(
          t,
          path(),
          { fields: { event_type: 'motion_detected' }, file },
          key(),
        );
        expect(res.status).toBe(415);
      }
      expect(await eventCount()).toBe(before);
    });

    it('recognises the type by its bytes: a PNG declared as JPEG is served as PNG', async ({
      t,
      viewer,
      path,
      key,
    }) => {
      const png = await testImage(32, 32, 'png');
      const res = await postMultipart(
        t,
        path(),
        { fields: { event_type: 'motion_detected' }, file: { bytes: png, type: 'image/jpeg', name: 'a.jpg' } },
        key(),
      );
      expect(res.status).toBe(201);
      const image = await getBytes(t, `/api/events/${res.body.id}/snapshot`, { authorization: `Bearer ${viewer}` });
      expect(image.headers.get('content-type')).toBe('image/png');
      expect(image.bytes.equals(png)).toBe(true);
    });

    it('refuses a second file, another file field and an unauthenticated upload', async ({ t, path, key }) => {
      const form = (field: string) =>
        postMultipart<ApiError>(
          t,
          path(),
          { fields: { event_type: 'motion_detected' }, file: { bytes: jpeg, field } },
          key(),
        );
      expect((await form('picture')).status).toBe(400);
      const text = await postMultipart<ApiError>(
        t,
        path(),
        { fields: { event_type: 'motion_detected', snapshot: 'x' } },
        key(),
      );
      expect(text.status).toBe(400);
      expect(text.body.message).toBe('snapshot must be a file');
      const noAuth = await postMultipart(t, path(), {
        fields: { event_type: 'motion_detected' },
        file: { bytes: jpeg },
      });
      expect(noAuth.status).toBe(401);
    });
  });
});

describe('multipart limits on the wire', () => {
  let t: TestApp;
  let camera: CreatedCamera;
  test.beforeAll(async ({ apps }) => {
    t = await apps.start({ env: { SNAPSHOT_MAX_BYTES: String(64 * 1024) } });
    camera = await createCamera(t, await login(t), { name: 'Wire' });
  });

  const head = (headers: Record<string, string>): string =>
    [`POST /api/cameras/${camera.id}/events HTTP/1.1`, 'Host: 127.0.0.1', `X-Camera-Key: ${camera.ingest_key}`]
      .concat(Object.entries(headers).map(([name, value]) => `${name}: ${value}`))
      .join('\r\n') + '\r\n\r\n';

  it('answers 413 to a snapshot that never ends as soon as it passes the limit, and closes', async () => {
    const boundary = 'argusboundary';
    const exchange = await rawExchange(
      t,
      head({ 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Transfer-Encoding': 'chunked' }),
      (socket) => {
        const part =
          `--${boundary}\r\nContent-Disposition: form-data; name="event_type"\r\n\r\nmotion_detected\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="snapshot"; filename="x.jpg"\r\n` +
          'Content-Type: image/jpeg\r\n\r\n';
        socket.write(`${Buffer.byteLength(part).toString(16)}\r\n${part}\r\n`);
        return endlessChunks(socket);
      },
    );
    expect(exchange.response).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/);
    expect(exchange.response).toMatch(/\r\nConnection: close\r\n/i);
    expect(exchange.response).toContain(`"message":"snapshot is larger than ${64 * 1024} bytes"`);
    expect(exchange.closedAfterMs).toBeLessThan(2000);
  });

  it('refuses a declared Content-Length over the limit before reading, and a body without a boundary', async () => {
    const big = await rawExchange(
      t,
      head({ 'Content-Type': 'multipart/form-data; boundary=b', 'Content-Length': String(50 * 1024 * 1024) }),
    );
    expect(big.response).toMatch(/^HTTP\/1\.1 413 /);
    const res = await fetch(`${t.baseUrl}/api/cameras/${camera.id}/events`, {
      method: 'POST',
      headers: { 'x-camera-key': camera.ingest_key, 'content-type': 'multipart/form-data' },
      body: 'event_type=motion_detected',
    });
    expect(res.status).toBe(400);
    const gzip = await fetch(`${t.baseUrl}/api/cameras/${camera.id}/events`, {
      method: 'POST',
      headers: {
        'x-camera-key': camera.ingest_key,
        'content-type': 'multipart/form-data; boundary=b',
        'content-encoding': 'gzip',
      },
      body: '--b--',
    });
    expect(gzip.status).toBe(415);
  });
});
