import type { Camera, CameraEvent, EventsPage, HealthResponse } from '@argus/shared';
import { FrigateBridge } from '../src/frigate/frigate-bridge.service';
import { frigateObject, MQTT_URL, OwnMosquitto, TestBroker, uniquePrefix, waitFor } from './support/frigate';
import { test as base } from './support/fixtures';
import { http, login, TestApp } from './support/test-app';

const postgres = process.env.ARGUS_TEST_DB === 'postgres';

const health = async (t: TestApp) => http<HealthResponse>(t, 'GET', '/api/health');
const mqttIs = (t: TestApp, status: 'up' | 'down') => async () =>
  (await health(t)).body.mqtt === status ? true : undefined;

// Every test starts the apps it needs (its own broker first): no app for the whole file.
const test = base.override('bootApp', false);
const it = test;

describe('the MQTT broker going away', () => {
  let broker: OwnMosquitto | undefined;
  afterAll(async () => {
    await broker?.stop();
  });

  it('shows mqtt "down" without failing health, reconnects with backoff and subscribes again', async ({ apps }) => {
    broker = await OwnMosquitto.start();
    const prefix = uniquePrefix();
    const t = await apps.start({ env: { MQTT_URL: broker.url, FRIGATE_TOPIC_PREFIX: `${prefix}/frigate` } });
    await waitFor(mqttIs(t, 'up'), 10_000, 'mqtt up');

    await broker.stop();
    await waitFor(mqttIs(t, 'down'), 5000, 'mqtt down');
    const down = await health(t);
    expect(down.status).toBe(200);
    expect(down.body).toMatchObject({ status: 'ok', db: 'up', mqtt: 'down' });

    await broker.resume();
    await waitFor(mqttIs(t, 'up'), 15_000, 'mqtt up again');
    // Subscribed again: a Frigate message after the outage is ingested.
    const publisher = await TestBroker.connect(broker.url);
    try {
      const object = frigateObject({ id: 'after-outage', camera: 'porch', has_snapshot: false });
      const bridge = t.app.get(FrigateBridge);
      await waitFor(
        async () => {
          await publisher.publish(`${prefix}/frigate/events`, { type: 'new', after: object });
          await new Promise((resolve) => setTimeout(resolve, 200));
          return bridge.handled > 0 ? true : undefined;
        },
        10_000,
        'the message after the outage',
      );
      await bridge.idle();
      const admin = await login(t);
      const cameras = await http<Camera[]>(t, 'GET', '/api/cameras', { token: admin });
      expect(cameras.body.map((c) => [c.name, c.source])).toEqual([['porch', 'frigate']]);
    } finally {
      await publisher.close();
    }
  }, 60_000);
});

describe('an unreachable broker at start', () => {
  it('starts anyway, healthy, with mqtt "down"', async ({ apps }) => {
    const broker = await OwnMosquitto.start();
    const url = broker.url;
    await broker.stop();
    const t = await apps.start({ env: { MQTT_URL: url } });
    const res = await health(t);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', mqtt: 'down' });
  });

  it('has no mqtt field in health without MQTT_URL', async ({ apps }) => {
    const t = await apps.start();
    expect((await health(t)).body).not.toHaveProperty('mqtt');
  });
});

// Several instances share a PostgreSQL database; the broker shares the subscription between them.
describe.runIf(postgres)('two instances sharing the Frigate subscription', () => {
  let publisher: TestBroker | undefined;
  afterAll(async () => {
    await publisher?.close();
  });

  it('ingests each Frigate message exactly once', async ({ apps }) => {
    const prefix = uniquePrefix();
    const [a, b] = await apps.twoInstances({
      env: { MQTT_URL, FRIGATE_TOPIC_PREFIX: `${prefix}/frigate`, MQTT_TOPIC_PREFIX: `${prefix}/argus` },
    });
    await waitFor(mqttIs(a, 'up'), 10_000, 'a up');
    await waitFor(mqttIs(b, 'up'), 10_000, 'b up');
    publisher = await TestBroker.connect();
    const count = 40;
    for (let i = 0; i < count; i += 1) {
      const object = frigateObject({ id: `shared-${i}`, camera: 'yard', has_snapshot: false });
      await publisher.publish(`${prefix}/frigate/events`, { type: 'new', before: object, after: object });
    }
    const bridges = [a, b].map((app) => app.app.get(FrigateBridge));
    await waitFor(() => (bridges[0].received + bridges[1].received >= count ? true : undefined), 10_000, 'all');
    await Promise.all(bridges.map((bridge) => bridge.idle()));
    expect(bridges[0].handled + bridges[1].handled).toBe(count);
    expect(bridges[0].handled).toBeGreaterThan(0);
    expect(bridges[1].handled).toBeGreaterThan(0);
    const admin = await login(a);
    const page = await http<EventsPage>(a, 'GET', '/api/events?limit=500', { token: admin });
    const motion = page.body.items.filter((e: CameraEvent) => e.event_type === 'motion_detected');
    expect(motion).toHaveLength(count);
  }, 40_000);
});
