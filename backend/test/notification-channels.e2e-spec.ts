import type { NotificationChannel, WebPushKeyResponse, CreatedCamera } from '@argus/shared';
import { createCamera, ingest } from './support/domain';
import { startReceiver, type Receiver } from './support/notification-receivers';
import { alertOf, SECRET } from './support/notifications';
import { createUser } from './support/realtime-fixtures';
import { http, login, startTestApp, TestApp } from './support/test-app';

// The channels API (contract §10): own channels only, secrets never answered, validation,
// the VAPID key, quiet hours input, who sees which deliveries. Sending: notification-senders.
describe('notification channels API (contract §10)', () => {
  let t: TestApp;
  let admin: string;
  let camera: CreatedCamera;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await login(t);
    camera = await createCamera(t, admin, { name: 'Front door' });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.close();
  });
  beforeEach(() => receiver.answer([]));

  it("adds, lists, edits and removes the caller's own channels and never echoes a secret", async () => {
    const created = await http<NotificationChannel>(t, 'POST', '/api/notifications/channels', {
      token: admin,
      body: {
        kind: 'ntfy',
        min_severity: 'warning',
        config: { url: `${receiver.url}/`, topic: 'argus-1', token: 'tk_secret' },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'ntfy',
      min_severity: 'warning',
      enabled: true,
      config: { url: receiver.url, topic: 'argus-1', has_token: true },
    });
    expect(JSON.stringify(created.body)).not.toContain('tk_secret');

    const patched = await http<NotificationChannel>(t, 'PATCH', `/api/notifications/channels/${created.body.id}`, {
      token: admin,
      body: { enabled: false, config: { topic: 'argus-2' } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ enabled: false, config: { topic: 'argus-2', has_token: true } });

    const listed = await http<NotificationChannel[]>(t, 'GET', '/api/notifications/channels', { token: admin });
    expect(listed.body.map((c) => c.id)).toContain(created.body.id);
    expect(JSON.stringify(listed.body)).not.toContain('tk_secret');

    // Another user sees nothing of it and cannot touch it: 404, as for an unknown id.
    const { token: viewer } = await createUser(t, admin, 'channel-peeker');
    expect(
      (await http<NotificationChannel[]>(t, 'GET', '/api/notifications/channels', { token: viewer })).body,
    ).toEqual([]);
    for (const [method, path] of [
      ['PATCH', `/api/notifications/channels/${created.body.id}`],
      ['DELETE', `/api/notifications/channels/${created.body.id}`],
      ['POST', `/api/notifications/channels/${created.body.id}/test`],
    ] as const) {
      const res = await http(t, method, path, {
        token: viewer,
        body: method === 'PATCH' ? { enabled: true } : undefined,
      });
      expect(res.status, `${method} ${path}`).toBe(404);
    }

    expect((await http(t, 'DELETE', `/api/notifications/channels/${created.body.id}`, { token: admin })).status).toBe(
      204,
    );
    expect((await http(t, 'DELETE', `/api/notifications/channels/${created.body.id}`, { token: admin })).status).toBe(
      404,
    );
  });

  it('refuses bad input with 400 naming the field', async () => {
    const cases: Array<[unknown, string]> = [
      [{ kind: 'sms', config: {} }, 'kind must be one of webpush, ntfy, webhook, mqtt'],
      [{ kind: 'webhook', config: { url: 'not a url', secret: SECRET } }, 'config.url must be an absolute URL'],
      [
        { kind: 'webhook', config: { url: 'http://127.0.0.1/', secret: 'short' } },
        'config.secret must be 16 to 256 characters',
      ],
      [
        { kind: 'webhook', min_severity: 'loud', config: { url: 'http://x/', secret: SECRET } },
        'min_severity must be one of info, warning, critical',
      ],
      [
        { kind: 'ntfy', config: { url: 'https://ntfy.sh', topic: '../x' } },
        'config.topic must be 1 to 64 letters, digits, _ or -',
      ],
      [{ kind: 'mqtt', config: { topic: 'a/#' } }, 'config.topic must not contain the wildcards + or #'],
      [{ kind: 'webpush', config: { endpoint: 'https://push.example/x' } }, 'config.keys must be an object'],
      [{ kind: 'webhook', config: 'x' }, 'config must be an object'],
    ];
    for (const [body, message] of cases) {
      const res = await http<{ message: string | string[] }>(t, 'POST', '/api/notifications/channels', {
        token: admin,
        body,
      });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.body.message)).toContain(message);
    }
    const quiet = await http<{ message: string }>(t, 'PATCH', '/api/notifications/preferences', {
      token: admin,
      body: { quiet_hours: { start: '25:00', end: '07:00' } },
    });
    expect(quiet.status).toBe(400);
    expect(JSON.stringify(quiet.body.message)).toContain('quiet_hours.start must be a time HH:MM');
    const noAlert = await http(t, 'GET', '/api/notifications/deliveries', { token: admin });
    expect(noAlert.status).toBe(400);
  });

  it('answers one VAPID public key, the same on every call', async () => {
    const first = await http<WebPushKeyResponse>(t, 'GET', '/api/notifications/webpush-key', { token: admin });
    const second = await http<WebPushKeyResponse>(t, 'GET', '/api/notifications/webpush-key', { token: admin });
    expect(first.status).toBe(200);
    expect(Buffer.from(first.body.public_key, 'base64url')).toHaveLength(65);
    expect(second.body.public_key).toBe(first.body.public_key);
    expect((await http(t, 'GET', '/api/notifications/webpush-key')).status).toBe(401);
  });

  it("deletes a user's channels and quiet hours with the user", async () => {
    const { user, token } = await createUser(t, admin, 'leaving-user');
    await http(t, 'POST', '/api/notifications/channels', {
      token,
      body: { kind: 'webhook', config: { url: `${receiver.url}/gone`, secret: SECRET } },
    });
    await http(t, 'PATCH', '/api/notifications/preferences', {
      token,
      body: { quiet_hours: { start: '01:00', end: '02:00' } },
    });
    expect((await http(t, 'DELETE', `/api/users/${user.id}`, { token: admin })).status).toBe(204);
    const before = receiver.requests.length;
    await ingest(t, camera, { event_type: 'face_unknown' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.requests.slice(before).map((r) => r.path)).not.toContain('/gone');
  });

  it('shows a viewer only their own deliveries, and 404 for alerts outside their audience', async () => {
    const { token: viewer } = await createUser(t, admin, 'log-viewer');
    const critical = await ingest(t, camera, { event_type: 'camera_offline' }); // for admins only
    const alertId = await alertOf(t, admin, critical);
    expect((await http(t, 'GET', `/api/notifications/deliveries?alert_id=${alertId}`, { token: viewer })).status).toBe(
      404,
    );
    expect((await http(t, 'GET', `/api/notifications/deliveries?alert_id=99999999`, { token: admin })).status).toBe(
      404,
    );
  });
});
