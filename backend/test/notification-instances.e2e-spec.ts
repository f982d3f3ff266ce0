import { randomUUID } from 'node:crypto';
import type {
  Alert,
  ChannelTestResult,
  CreatedCamera,
  DeliveryAttempt,
  HealthResponse,
  NotificationChannel,
} from '@argus/shared';
import { NotificationWorker } from '../src/notifications/notification-worker';
import { createCamera, ingest } from './support/domain';
import { MQTT_URL, TestBroker, uniquePrefix, waitFor } from './support/frigate';
import { startReceiver, type Receiver } from './support/notification-receivers';
import { discardTestData, http, login, startTestApp, TestApp } from './support/test-app';

const SECRET = 'webhook-secret-0123456789';
const postgres = process.env.ARGUS_TEST_DB === 'postgres';

async function addChannel(t: TestApp, token: string, body: unknown): Promise<NotificationChannel> {
  const res = await http<NotificationChannel>(t, 'POST', '/api/notifications/channels', { token, body });
  if (res.status !== 201) throw new Error(`channel: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

describe('MQTT channel (real Mosquitto)', () => {
  const prefix = uniquePrefix();
  let t: TestApp;
  let broker: TestBroker;
  let admin: string;
  let camera: CreatedCamera;

  beforeAll(async () => {
    broker = await TestBroker.connect();
    await broker.subscribe(`${prefix}/#`);
    t = await startTestApp({
      env: { MQTT_URL, MQTT_TOPIC_PREFIX: `${prefix}/argus`, FRIGATE_TOPIC_PREFIX: `${prefix}/frigate` },
    });
    admin = await login(t);
    camera = await createCamera(t, admin, { name: 'Porch' });
    await waitFor(
      async () => ((await http<HealthResponse>(t, 'GET', '/api/health')).body.mqtt === 'up' ? true : undefined),
      10_000,
      'the MQTT connection',
    );
  });
  afterAll(async () => {
    await t?.close();
    await broker?.close();
  });

  it("publishes the Alert JSON to the channel's topic at QoS 1, and a test message on request", async () => {
    const topic = `${prefix}/people/admin`;
    const channel = await addChannel(t, admin, { kind: 'mqtt', config: { topic } });
    const event = await ingest(t, camera, { event_type: 'face_unknown' });
    const message = await waitFor(() => broker.received.find((m) => m.topic === topic), 5000, 'the alert on the topic');
    const alert = JSON.parse(message.payload) as Alert;
    const alerts = await http<Alert[]>(t, 'GET', '/api/alerts?status=all', { token: admin });
    expect(alert).toEqual(alerts.body.find((a) => a.event_id === event.id));

    const tested = await http<ChannelTestResult>(t, 'POST', `/api/notifications/channels/${channel.id}/test`, {
      token: admin,
    });
    expect(tested.body).toEqual({ status: 'delivered', detail: 'PUBACK' });
    const test = await waitFor(() => broker.received.find((m) => m.topic === topic && m.payload.includes('"test"')));
    expect(JSON.parse(test.payload)).toMatchObject({ type: 'test' });
    const log = await http<DeliveryAttempt[]>(t, 'GET', `/api/notifications/deliveries?alert_id=${alert.id}`, {
      token: admin,
    });
    expect(log.body).toEqual([
      {
        channel_id: channel.id,
        kind: 'mqtt',
        attempt: 1,
        at: expect.any(String),
        status: 'delivered',
        detail: 'PUBACK',
      },
    ]);
  });

  it('refuses topics Argus reads as camera input', async () => {
    const res = await http(t, 'POST', '/api/notifications/channels', {
      token: admin,
      body: { kind: 'mqtt', config: { topic: `${prefix}/frigate/events` } },
    });
    expect(res.status).toBe(400);
  });
});

// Two instances of one deployment (same PostgreSQL schema; the same Redis when REDIS_URL is
// set, so both wake on every alert): every alert reaches every channel exactly once.
describe.skipIf(!postgres)('two instances: each alert to each channel exactly once', () => {
  let a: TestApp;
  let b: TestApp;
  let receiver: Receiver;

  beforeAll(async () => {
    const env: Record<string, string> = {};
    if (process.env.REDIS_URL) {
      env.REDIS_URL = process.env.REDIS_URL;
      env.REDIS_PREFIX = `argus-test-${randomUUID()}:`;
    }
    a = await startTestApp({ env, keepData: true });
    b = await startTestApp({ reuse: a, keepData: true });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await b?.close();
    await a?.close();
    if (a) await discardTestData(a);
  });

  it('sends 40 alerts to 2 channels: 80 requests, no duplicate, every one logged once', async () => {
    const admin = await login(a);
    const camera = await createCamera(a, admin, { name: 'Yard' });
    const channels = [
      await addChannel(a, admin, { kind: 'webhook', config: { url: `${receiver.url}/one`, secret: SECRET } }),
      await addChannel(b, admin, { kind: 'webhook', config: { url: `${receiver.url}/two`, secret: SECRET } }),
    ];
    const events = await Promise.all(
      Array.from({ length: 40 }, (_, i) => ingest(i % 2 === 0 ? a : b, camera, { event_type: 'face_unknown' })),
    );
    await receiver.waitFor(80, 20_000);
    // Give a would-be duplicate time to arrive: more than a poll interval of both workers.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(receiver.requests).toHaveLength(80);
    const keys = receiver.requests.map((r) => {
      const body = JSON.parse(r.body.toString()) as { alert: Alert };
      return `${r.path} ${body.alert.id}`;
    });
    expect(new Set(keys).size).toBe(80);
    expect(new Set(receiver.requests.map((r) => r.headers['x-argus-delivery'])).size).toBe(80);

    const workers = [a, b].map((t) => t.app.get(NotificationWorker).attempts);
    expect(workers[0].delivered + workers[1].delivered).toBe(80);
    expect(workers[0].failed + workers[1].failed).toBe(0);
    console.log(`deliveries sent by instance a: ${workers[0].delivered}, by b: ${workers[1].delivered}`);

    const alerts = await http<Alert[]>(a, 'GET', '/api/alerts?status=all&limit=500', { token: admin });
    for (const event of events.slice(0, 5)) {
      const alert = alerts.body.find((item) => item.event_id === event.id)!;
      const log = await http<DeliveryAttempt[]>(b, 'GET', `/api/notifications/deliveries?alert_id=${alert.id}`, {
        token: admin,
      });
      expect(log.body.map((row) => [row.channel_id, row.attempt, row.status])).toEqual(
        channels.map((channel) => [channel.id, 1, 'delivered']),
      );
    }
  }, 60_000);
});
