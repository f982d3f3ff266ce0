import { createHmac } from 'node:crypto';
import type {
  CameraEvent,
  CreatedCamera,
  DeliveryAttempt,
  NotificationChannel,
  WebPushKeyResponse,
} from '@argus/shared';
import { createCamera, ingest } from './support/domain';
import { ingestWithSnapshot, testImage } from './support/images';
import { startReceiver, type Receiver } from './support/notification-receivers';
import { createUser } from './support/realtime-fixtures';
import { http, login, startTestApp, TestApp } from './support/test-app';

const SECRET = 'webhook-secret-0123456789';

/** Polls the deliveries log until `done` holds for it (the worker sends in the background). */
async function deliveriesUntil(
  t: TestApp,
  token: string,
  alertId: number,
  done: (log: DeliveryAttempt[]) => boolean,
  timeoutMs = 5000,
): Promise<DeliveryAttempt[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await http<DeliveryAttempt[]>(t, 'GET', `/api/notifications/deliveries?alert_id=${alertId}`, { token });
    expect(res.status).toBe(200);
    if (done(res.body)) return res.body;
    if (Date.now() > deadline) throw new Error(`deliveries never settled: ${JSON.stringify(res.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function alertOf(t: TestApp, token: string, event: CameraEvent): Promise<number> {
  const res = await http<Array<{ id: number; event_id: number }>>(t, 'GET', '/api/alerts?status=all', { token });
  const alert = res.body.find((item) => item.event_id === event.id);
  if (alert === undefined) throw new Error(`no alert for event ${event.id}`);
  return alert.id;
}

describe('notification channels (contract §10)', () => {
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

  it('POSTs each alert to a webhook once, signed with HMAC-SHA256 over the raw body', async () => {
    const channel = await http<NotificationChannel>(t, 'POST', '/api/notifications/channels', {
      token: admin,
      body: { kind: 'webhook', config: { url: `${receiver.url}/hook`, secret: SECRET } },
    });
    const before = receiver.requests.length;
    const event = await ingest(t, camera, { event_type: 'face_unknown', confidence: 0.62 });
    const [request] = (await receiver.waitFor(before + 1)).slice(before);
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/hook');
    expect(request.headers['content-type']).toBe('application/json');
    const expected = `sha256=${createHmac('sha256', SECRET).update(request.body).digest('hex')}`;
    expect(request.headers['x-argus-signature']).toBe(expected);
    expect(Math.abs(Number(request.headers['x-argus-timestamp']) - Date.now() / 1000)).toBeLessThan(30);
    const body = JSON.parse(request.body.toString()) as {
      type: string;
      alert: { id: number; event_id: number };
      event: CameraEvent;
    };
    expect(body.type).toBe('alert');
    expect(body.alert.event_id).toBe(event.id);
    expect(body.event).toEqual(event);

    const log = await deliveriesUntil(t, admin, body.alert.id, (l) => l.some((row) => row.status === 'delivered'));
    expect(log).toEqual([
      {
        channel_id: channel.body.id,
        kind: 'webhook',
        attempt: 1,
        at: expect.any(String),
        status: 'delivered',
        detail: 'HTTP 200',
      },
    ]);
    // Nothing more arrives: once per alert and channel.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.requests.length).toBe(before + 1);
    await http(t, 'DELETE', `/api/notifications/channels/${channel.body.id}`, { token: admin });
  });

  it('never makes ingest or other channels wait for a receiver that hangs', async () => {
    const fast = await startReceiver();
    const slow = await http<NotificationChannel>(t, 'POST', '/api/notifications/channels', {
      token: admin,
      body: { kind: 'webhook', config: { url: `${receiver.url}/slow`, secret: SECRET } },
    });
    const quick = await http<NotificationChannel>(t, 'POST', '/api/notifications/channels', {
      token: admin,
      body: { kind: 'webhook', config: { url: `${fast.url}/fast`, secret: SECRET } },
    });
    const release = receiver.hold();
    try {
      const before = receiver.requests.length;
      await ingest(t, camera, { event_type: 'face_unknown' });
      await receiver.waitFor(before + 1);
      await fast.waitFor(1);
      // The slow receiver holds its delivery open: later ingests are answered all the same, and
      // their deliveries to the other channel arrive.
      const more = await Promise.all([1, 2, 3].map(() => ingest(t, camera, { event_type: 'face_unknown' })));
      expect(more).toHaveLength(3);
      const received = await fast.waitFor(4);
      const alertIds = received.map(
        (r) => (JSON.parse(r.body.toString()) as { alert: { event_id: number } }).alert.event_id,
      );
      expect(alertIds.slice(1).sort()).toEqual(more.map((event) => event.id).sort());
    } finally {
      release();
      await fast.close();
    }
    for (const channel of [slow.body, quick.body]) {
      await http(t, 'DELETE', `/api/notifications/channels/${channel.id}`, { token: admin });
    }
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

  it('publishes to ntfy with title, priority, tags, token, and the snapshot uploaded', async () => {
    const channel = await http<NotificationChannel>(t, 'POST', '/api/notifications/channels', {
      token: admin,
      body: { kind: 'ntfy', config: { url: receiver.url, topic: 'front-door', token: 'tk_ntfy_123' } },
    });
    const image = await testImage(64, 48);
    const before = receiver.requests.length;
    await ingestWithSnapshot(t, camera, { event_type: 'face_unknown', confidence: '0.7' }, image);
    const [request] = (await receiver.waitFor(before + 1)).slice(before);
    expect(request.method).toBe('PUT');
    expect(request.path).toBe('/front-door');
    expect(request.headers).toMatchObject({
      title: 'Warning: Front door',
      priority: '4',
      tags: 'warning,face_unknown',
      authorization: 'Bearer tk_ntfy_123',
      filename: 'snapshot.jpg',
      message: 'Unknown face at Front door (confidence 0.70)',
    });
    expect(request.body.equals(image)).toBe(true);

    // The test button sends at once and says how it went.
    const tested = await http(t, 'POST', `/api/notifications/channels/${channel.body.id}/test`, { token: admin });
    expect(tested.status).toBe(200);
    expect(tested.body).toEqual({ status: 'delivered', detail: 'HTTP 200' });
    const testMessage = receiver.requests[receiver.requests.length - 1];
    expect(testMessage.method).toBe('POST');
    expect(testMessage.headers.title).toBe('Argus test notification');
    receiver.answer([502]);
    const failedTest = await http(t, 'POST', `/api/notifications/channels/${channel.body.id}/test`, { token: admin });
    expect(failedTest.body).toEqual({ status: 'failed', detail: 'HTTP 502 Bad Gateway: receiver says no' });
    await http(t, 'DELETE', `/api/notifications/channels/${channel.body.id}`, { token: admin });
  });

  it("sends only alerts at or above the channel's minimum severity, and holds back all but critical in quiet hours", async () => {
    const { token: viewer } = await createUser(t, admin, 'quiet-viewer', 'admin');
    const warningOnly = await http<NotificationChannel>(t, 'POST', '/api/notifications/channels', {
      token: viewer,
      body: {
        kind: 'webhook',
        min_severity: 'critical',
        config: { url: `${receiver.url}/critical-only`, secret: SECRET },
      },
    });
    const all = await http<NotificationChannel>(t, 'POST', '/api/notifications/channels', {
      token: viewer,
      body: { kind: 'webhook', config: { url: `${receiver.url}/all`, secret: SECRET } },
    });
    const paths = (from: number) =>
      receiver.requests
        .slice(from)
        .map((r) => r.path)
        .sort();

    let before = receiver.requests.length;
    const warning = await ingest(t, camera, { event_type: 'face_unknown' });
    await receiver.waitFor(before + 1);
    const warningAlert = await alertOf(t, viewer, warning);
    await deliveriesUntil(t, viewer, warningAlert, (l) => l.length === 1 && l[0].status === 'delivered');
    expect(paths(before)).toEqual(['/all']);

    // Quiet all day (00:00 to 23:59 spans every minute but the last): warnings are held back, critical passes.
    const prefs = await http(t, 'PATCH', '/api/notifications/preferences', {
      token: viewer,
      body: { quiet_hours: { start: '00:00', end: '23:59' } },
    });
    expect(prefs.body).toEqual({ quiet_hours: { start: '00:00', end: '23:59' } });
    expect((await http(t, 'GET', '/api/notifications/preferences', { token: viewer })).body).toEqual(prefs.body);
    const minute = new Date().getUTCHours() * 60 + new Date().getUTCMinutes();
    if (minute >= 23 * 60 + 58) return; // the range ends at 23:59; too close to call
    before = receiver.requests.length;
    const held = await ingest(t, camera, { event_type: 'face_unknown' });
    const critical = await ingest(t, camera, { event_type: 'camera_offline' });
    await receiver.waitFor(before + 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(paths(before)).toEqual(['/all', '/critical-only']);
    const criticalAlert = await alertOf(t, viewer, critical);
    const criticalLog = await deliveriesUntil(
      t,
      viewer,
      criticalAlert,
      (l) => l.filter((r) => r.status === 'delivered').length === 2,
    );
    expect(criticalLog.map((r) => r.channel_id).sort()).toEqual([warningOnly.body.id, all.body.id].sort());
    expect(await deliveriesUntil(t, viewer, await alertOf(t, viewer, held), () => true)).toEqual([]);
    await http(t, 'PATCH', '/api/notifications/preferences', { token: viewer, body: { quiet_hours: null } });
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

describe('ntfy with PUBLIC_URL: the picture as a signed link', () => {
  let t: TestApp;
  let receiver: Receiver;
  const PUBLIC_URL = 'https://cams.example.com/argus';

  beforeAll(async () => {
    t = await startTestApp({ env: { PUBLIC_URL } });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.close();
  });

  it('POSTs the text with an Attach URL that opens the snapshot without a token', async () => {
    const admin = await login(t);
    const camera = await createCamera(t, admin, { name: 'Gate' });
    await http(t, 'POST', '/api/notifications/channels', {
      token: admin,
      body: { kind: 'ntfy', config: { url: receiver.url, topic: 'gate' } },
    });
    const image = await testImage(64, 48);
    const event = await ingestWithSnapshot(t, camera, { event_type: 'face_unknown' }, image);
    const [request] = await receiver.waitFor(1);
    expect(request.method).toBe('POST');
    expect(request.body.toString()).toBe('Unknown face at Gate');
    expect(request.headers.authorization).toBeUndefined();
    const attach = String(request.headers.attach);
    expect(attach.startsWith(`${PUBLIC_URL}/api/events/${event.id}/snapshot?expires=`)).toBe(true);
    // The same path on this server (PUBLIC_URL is the proxy's address) serves the picture.
    const served = await fetch(`${t.baseUrl}${attach.slice(PUBLIC_URL.length)}`);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(image)).toBe(true);
  });
});
