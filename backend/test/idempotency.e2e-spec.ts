import type { ApiError, CameraEvent, CreatedCamera } from '@argus/shared';
import { createCamera, listEvents } from './support/domain';
import { postMultipart, testImage } from './support/images';
import { http, HttpResult, login, TestApp } from './support/test-app';
import { it } from './support/fixtures';

const postgres = process.env.ARGUS_TEST_DB === 'postgres';

function post(
  t: TestApp,
  camera: CreatedCamera,
  body: unknown,
  idempotencyKey?: string,
): Promise<HttpResult<CameraEvent & ApiError>> {
  const headers: Record<string, string> = { 'x-camera-key': camera.ingest_key };
  if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
  return http<CameraEvent & ApiError>(t, 'POST', `/api/cameras/${camera.id}/events`, { headers, body });
}

const storedFor = (t: TestApp, token: string, camera: CreatedCamera): Promise<CameraEvent[]> =>
  listEvents(t, token, { camera_id: camera.id, limit: 500 });

describe('Idempotency-Key on POST /api/cameras/:id/events', () => {
  it('stores a retry once and answers the stored event again, marked Idempotent-Replayed', async ({ t, admin }) => {
    const camera = await createCamera(t, admin, { name: 'Retry' });
    const body = { event_type: 'face_unknown', confidence: 0.4 };
    const first = await post(t, camera, body, 'retry-1');
    const second = await post(t, camera, { confidence: 0.4, event_type: 'face_unknown' }, 'retry-1');
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(await storedFor(t, admin, camera)).toHaveLength(1);
    // The alert of the face_unknown rule was raised once too.
    const alerts = await http<Array<{ event_id: number }>>(t, 'GET', '/api/alerts?status=all', { token: admin });
    expect(alerts.body.filter((a) => a.event_id === first.body.id)).toHaveLength(1);
  });

  it('answers 422 when the key comes back with a different request, and stores nothing', async ({ t, admin }) => {
    const camera = await createCamera(t, admin, { name: 'Mixed' });
    expect((await post(t, camera, { event_type: 'motion_detected' }, 'k')).status).toBe(201);
    const other = await post(t, camera, { event_type: 'motion_detected', confidence: 0.5 }, 'k');
    expect(other.status).toBe(422);
    expect(other.body.message).toBe('Idempotency-Key was already used for a different request');
    expect(await storedFor(t, admin, camera)).toHaveLength(1);
  });

  it('keeps keys per camera, and takes them with multipart snapshots (the image counts)', async ({ t, admin }) => {
    const a = await createCamera(t, admin, { name: 'A' });
    const b = await createCamera(t, admin, { name: 'B' });
    expect((await post(t, a, { event_type: 'motion_detected' }, 'same')).status).toBe(201);
    expect((await post(t, b, { event_type: 'motion_detected' }, 'same')).status).toBe(201);
    expect(await storedFor(t, admin, b)).toHaveLength(1);

    const image = await testImage(64, 48);
    const send = (bytes: Buffer) =>
      postMultipart(
        t,
        `/api/cameras/${a.id}/events`,
        { fields: { event_type: 'motion_detected' }, file: { bytes } },
        { 'x-camera-key': a.ingest_key, 'idempotency-key': 'with-image' },
      );
    const first = await send(image);
    const again = await send(image);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await send(await testImage(64, 48, 'png'))).status).toBe(422);
  });

  it('refuses malformed keys with 400 naming the header, and stores nothing', async ({ t, admin }) => {
    const camera = await createCamera(t, admin, { name: 'Bad keys' });
    for (const key of ['', 'has space', 'x'.repeat(256), 'tab\tkey', 'caf\u00e9']) {
      const res = await post(t, camera, { event_type: 'motion_detected' }, key);
      expect(res.status, JSON.stringify(key)).toBe(400);
      expect(res.body.message).toBe('Idempotency-Key must be 1 to 255 visible ASCII characters');
    }
    expect((await post(t, camera, { event_type: 'motion_detected' }, 'x'.repeat(255))).status).toBe(201);
    expect(await storedFor(t, admin, camera)).toHaveLength(1);
  });

  it('stores one event for 50 concurrent posts with one key', async ({ t, admin }) => {
    const camera = await createCamera(t, admin, { name: 'Burst' });
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => post(t, camera, { event_type: 'motion_detected' }, 'burst')),
    );
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 50 }, () => 201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(49);
    expect(await storedFor(t, admin, camera)).toHaveLength(1);
  });
});

// Two instances on one PostgreSQL database: the advisory lock serializes the check.
describe.runIf(postgres)('Idempotency-Key across two instances (PostgreSQL)', () => {
  it('stores one event for 50 concurrent posts spread over both instances', async ({ apps }) => {
    const [a, b] = await apps.twoInstances();
    const admin = await login(a);
    const camera = await createCamera(a, admin, { name: 'Two doors' });
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        post(i % 2 === 0 ? a : b, camera, { event_type: 'motion_detected' }, 'both'),
      ),
    );
    expect(answers.every((answer) => answer.status === 201)).toBe(true);
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    expect(await storedFor(a, admin, camera)).toHaveLength(1);
  }, 30_000);
});
