import https from 'node:https';
import type {
  Alert,
  CreatedCamera,
  DeliveryAttempt,
  NotificationChannel,
  PushPayload,
  WebPushKeyResponse,
} from '@argus/shared';
import { NotificationWorker } from '../src/notifications/notification-worker';
import { createCamera, ingest } from './support/domain';
import { ingestWithSnapshot, testImage } from './support/images';
import { ManualClock } from './support/manual-clock';
import {
  createSubscriber,
  PUSH_SERVICE_CERT,
  startPushService,
  startReceiver,
  verifyVapid,
  type Receiver,
} from './support/notification-receivers';
import { http, login, startTestApp, TestApp } from './support/test-app';

const SECRET = 'webhook-secret-0123456789';

// Retries, Web Push and the Acknowledge action, on a manual clock: the worker's polling and
// retry timers fire only as the test advances it, so retry timing needs no real waiting.
describe('notification delivery (contract §10)', () => {
  let t: TestApp;
  let clock: ManualClock;
  let worker: NotificationWorker;
  let admin: string;
  let camera: CreatedCamera;
  let receiver: Receiver;
  let pushService: Receiver;
  let savedCa: unknown;

  async function log(alertId: number): Promise<DeliveryAttempt[]> {
    await worker.idle();
    const res = await http<DeliveryAttempt[]>(t, 'GET', `/api/notifications/deliveries?alert_id=${alertId}`, {
      token: admin,
    });
    expect(res.status).toBe(200);
    return res.body;
  }

  async function alertFor(eventId: number): Promise<Alert> {
    const res = await http<Alert[]>(t, 'GET', '/api/alerts?status=all', { token: admin });
    const alert = res.body.find((item) => item.event_id === eventId);
    if (alert === undefined) throw new Error(`no alert for event ${eventId}`);
    return alert;
  }

  async function channel(body: unknown): Promise<NotificationChannel> {
    const res = await http<NotificationChannel>(t, 'POST', '/api/notifications/channels', { token: admin, body });
    if (res.status !== 201) throw new Error(`channel: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  beforeAll(async () => {
    // web-push sends through https' global agent: trust the fake push service's certificate.
    savedCa = https.globalAgent.options.ca;
    https.globalAgent.options.ca = PUSH_SERVICE_CERT;
    clock = new ManualClock();
    // No watchdog: the clock jumps minutes ahead, which would take the camera offline (another alert).
    t = await startTestApp({ clock, env: { CAMERA_OFFLINE_AFTER_SECONDS: '0' } });
    worker = t.app.get(NotificationWorker);
    admin = await login(t);
    camera = await createCamera(t, admin, { name: 'Garage' });
    receiver = await startReceiver();
    pushService = await startPushService();
  });
  afterEach(async () => {
    const token = await login(t);
    const mine = await http<NotificationChannel[]>(t, 'GET', '/api/notifications/channels', { token });
    for (const item of mine.body) await http(t, 'DELETE', `/api/notifications/channels/${item.id}`, { token });
    receiver.answer([]);
    pushService.answer([]);
  });
  afterAll(async () => {
    https.globalAgent.options.ca = savedCa as typeof https.globalAgent.options.ca;
    await receiver?.close();
    await pushService?.close();
    await t?.close();
  });

  it('retries a failing receiver after 10 s and 30 s and records every attempt', async () => {
    const hook = await channel({ kind: 'webhook', config: { url: `${receiver.url}/flaky`, secret: SECRET } });
    receiver.answer([500, 503]);
    const event = await ingest(t, camera, { event_type: 'face_unknown' });
    await receiver.waitFor(1);
    const alert = await alertFor(event.id);
    const first = await log(alert.id);
    expect(first.map((row) => [row.attempt, row.status])).toEqual([
      [1, 'failed'],
      [2, 'pending'],
    ]);
    expect(first[0].detail).toMatch(/^HTTP 500 Internal Server Error; retry at /);
    expect(Date.parse(first[1].at) - Date.parse(first[0].at)).toBe(10_000);

    clock.advance(9_000);
    await worker.idle();
    expect(receiver.requests).toHaveLength(1);
    clock.advance(1_000);
    await receiver.waitFor(2);
    await worker.idle();
    clock.advance(29_000);
    await worker.idle();
    expect(receiver.requests).toHaveLength(2);
    clock.advance(1_000);
    await receiver.waitFor(3);
    const done = await log(alert.id);
    expect(done.map((row) => [row.channel_id, row.attempt, row.status])).toEqual([
      [hook.id, 1, 'failed'],
      [hook.id, 2, 'failed'],
      [hook.id, 3, 'delivered'],
    ]);
    // The same signed alert every time.
    const bodies = receiver.requests.map((request) => request.body.toString());
    expect(new Set(bodies).size).toBe(1);
    await http(t, 'DELETE', `/api/notifications/channels/${hook.id}`, { token: admin });
  });

  it('gives up after 10 minutes: 8 attempts (0 s, 10 s, 40 s, 100 s, then every 2 min), then failed', async () => {
    const hook = await channel({ kind: 'webhook', config: { url: `${receiver.url}/down`, secret: SECRET } });
    receiver.answer([], 503);
    const before = receiver.requests.length;
    const started = clock.now().getTime();
    const event = await ingest(t, camera, { event_type: 'face_unknown' });
    await receiver.waitFor(before + 1);
    await worker.idle();
    // One-second steps, as the worker polls: each attempt happens within a second of being due.
    for (let elapsed = 0; elapsed < 12 * 60_000; elapsed += 1_000) {
      clock.advance(1_000);
      await worker.idle();
    }
    const rows = await log((await alertFor(event.id)).id);
    expect(rows.map((row) => row.status)).toEqual(Array(8).fill('failed'));
    const offsets = rows.map((row) => (Date.parse(row.at) - started) / 1000);
    // Each retry comes its delay after the previous attempt (plus up to a poll interval).
    const delays = offsets.slice(1).map((offset, i) => offset - offsets[i]);
    expect(offsets[0]).toBe(0);
    [10, 30, 60, 120, 120, 120, 120].forEach((delay, i) => {
      expect(delays[i]).toBeGreaterThanOrEqual(delay);
      expect(delays[i]).toBeLessThanOrEqual(delay + 1);
    });
    expect(offsets[7]).toBeLessThanOrEqual(600);
    expect(rows[7].detail).toBe('HTTP 503 Service Unavailable');
    expect(receiver.requests.length - before).toBe(8);
    receiver.answer([]);
    await http(t, 'DELETE', `/api/notifications/channels/${hook.id}`, { token: admin });
  });

  it("sends Web Push encrypted (aes128gcm) with VAPID for the endpoint's origin; the Acknowledge action works with its token", async () => {
    const key = await http<WebPushKeyResponse>(t, 'GET', '/api/notifications/webpush-key', { token: admin });
    const subscriber = createSubscriber(`${pushService.url}/push/device-1`);
    const push = await channel({ kind: 'webpush', config: { ...subscriber.config, expirationTime: null } });
    expect(push.config).toEqual({ endpoint: subscriber.config.endpoint });

    const event = await ingestWithSnapshot(t, camera, { event_type: 'face_unknown' }, await testImage(64, 48));
    const [request] = await pushService.waitFor(1);
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/push/device-1');
    expect(request.headers['content-encoding']).toBe('aes128gcm');
    expect(request.headers.ttl).toBe('86400');
    expect(request.headers.urgency).toBe('high');
    const vapid = verifyVapid(request.headers.authorization);
    expect(vapid.publicKey).toBe(key.body.public_key);
    expect(vapid.claims.aud).toBe(new URL(pushService.url).origin);
    expect(vapid.claims.sub).toBe('mailto:argus@localhost');
    expect(vapid.claims.exp * 1000).toBeGreaterThan(Date.now());

    const payload = JSON.parse(subscriber.decrypt(request.body)) as Extract<PushPayload, { type: 'alert' }>;
    const alert = await alertFor(event.id);
    expect(payload).toMatchObject({
      type: 'alert',
      title: 'Warning: Garage',
      body: 'Unknown face at Garage',
      alert: { id: alert.id, event_id: event.id, severity: 'warning' },
      ack_url: '/api/notifications/ack',
      url: '/',
    });
    // The thumbnail opens without a token (signed URL); the ack token is not an access token.
    const thumbnail = await fetch(`${t.baseUrl}${payload.thumbnail_url}`);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get('content-type')).toBe('image/jpeg');
    expect((await http(t, 'GET', '/api/alerts', { token: payload.ack_token })).status).toBe(401);

    const acked = await http<Alert>(t, 'POST', payload.ack_url, { body: { token: payload.ack_token } });
    expect(acked.status).toBe(200);
    expect(acked.body).toMatchObject({ id: alert.id, status: 'acknowledged', acknowledged_by: { username: 'admin' } });
    expect((await http(t, 'POST', payload.ack_url, { body: { token: payload.ack_token } })).status).toBe(200);
    const forged = payload.ack_token.replace(`ack1.${alert.id}.`, `ack1.${alert.id + 1}.`);
    expect((await http(t, 'POST', payload.ack_url, { body: { token: forged } })).status).toBe(401);
    expect((await http(t, 'POST', payload.ack_url, { body: {} })).status).toBe(400);

    // Past its lifetime (24 h) the token no longer works.
    clock.advance(24 * 60 * 60 * 1000);
    expect((await http(t, 'POST', payload.ack_url, { body: { token: payload.ack_token } })).status).toBe(401);
    await http(t, 'DELETE', `/api/notifications/channels/${push.id}`, { token: await login(t) });
  });

  it('removes a push channel whose endpoint answers 410 Gone (or 404)', async () => {
    const token = await login(t);
    for (const status of [410, 404]) {
      const subscriber = createSubscriber(`${pushService.url}/push/gone-${status}`);
      const push = await http<NotificationChannel>(t, 'POST', '/api/notifications/channels', {
        token,
        body: { kind: 'webpush', config: subscriber.config },
      });
      pushService.answer([status]);
      const before = pushService.requests.length;
      const event = await ingest(t, camera, { event_type: 'face_unknown' });
      await pushService.waitFor(before + 1);
      await worker.idle();
      const channels = await http<NotificationChannel[]>(t, 'GET', '/api/notifications/channels', { token });
      expect(channels.body.map((c) => c.id)).not.toContain(push.body.id);
      const alerts = await http<Alert[]>(t, 'GET', '/api/alerts?status=all', { token });
      const alertId = alerts.body.find((a) => a.event_id === event.id)!.id;
      const rows = await http<DeliveryAttempt[]>(t, 'GET', `/api/notifications/deliveries?alert_id=${alertId}`, {
        token,
      });
      expect(rows.body).toEqual([
        {
          channel_id: push.body.id,
          kind: 'webpush',
          attempt: 1,
          at: expect.any(String),
          status: 'failed',
          detail: `HTTP ${status}: subscription gone, channel removed`,
        },
      ]);
    }
  });
});
