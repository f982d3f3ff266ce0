import { createHmac } from 'node:crypto';
import type { CameraEvent, CreatedCamera, NotificationChannel } from '@argus/shared';
import { createCamera, ingest } from './support/domain';
import { ingestWithSnapshot, testImage } from './support/images';
import { startReceiver, type Receiver } from './support/notification-receivers';
import { alertOf, deliveriesUntil, SECRET } from './support/notifications';
import { createUser } from './support/realtime-fixtures';
import { http, login, startTestApp, TestApp } from './support/test-app';

// What reaches a webhook or ntfy receiver (a local HTTP server), and when: signature, headers,
// the picture, minimum severity and quiet hours, and a hanging receiver holding back nothing.
// Web Push and retries: notification-delivery; MQTT and two instances: notification-instances.
describe('webhook and ntfy delivery (contract §10)', () => {
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
    // Only the status: never what the receiver answered (a channel may point at an internal service).
    expect(failedTest.body).toEqual({ status: 'failed', detail: 'HTTP 502 Bad Gateway' });
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
