import sharp from 'sharp';
import type { Alert, Camera, CameraEvent, HealthResponse, Statistics } from '@argus/shared';
import { FrigateBridge } from '../src/frigate/frigate-bridge.service';
import { FakeFrigate, frigateObject, MQTT_URL, TestBroker, uniquePrefix, waitFor } from './support/frigate';
import { getBytes, testImage } from './support/images';
import { listEvents } from './support/domain';
import { test as base } from './support/fixtures';
import { http } from './support/test-app';

const prefix = uniquePrefix();
const frigatePrefix = `${prefix}/frigate`;
const argusPrefix = `${prefix}/argus`;

const test = base
  .extend('frigate', { scope: 'file' }, async ({}, { onCleanup }) => {
    const frigate = await FakeFrigate.start();
    onCleanup(() => frigate.close());
    return frigate;
  })
  .extend('broker', { scope: 'file' }, async ({}, { onCleanup }) => {
    const broker = await TestBroker.connect();
    onCleanup(() => broker.close());
    await broker.subscribe(`${argusPrefix}/#`);
    return broker;
  })
  // Asking for the broker here subscribes it before the app starts: it sees all the app publishes.
  .override('appOptions', { scope: 'file' }, ({ frigate, broker: _subscribedFirst }) => ({
    env: {
      MQTT_URL,
      FRIGATE_TOPIC_PREFIX: frigatePrefix,
      MQTT_TOPIC_PREFIX: argusPrefix,
      FRIGATE_URL: frigate.url,
      STATS_INTERVAL_MS: '200',
    },
  }))
  /** Publishes Frigate messages and waits until this app has received and handled all of them. */
  .extend('send', { scope: 'file' }, ({ t, broker }) => {
    return async (topic: string, ...payloads: unknown[]): Promise<void> => {
      const bridge = t.app.get(FrigateBridge);
      const target = bridge.received + payloads.length;
      for (const payload of payloads) await broker.publish(`${frigatePrefix}/${topic}`, payload);
      await waitFor(() => (bridge.received >= target ? true : undefined), 5000, `${topic} received`);
      await bridge.idle();
    };
  })
  .extend('cameraNamed', { scope: 'file' }, ({ t, admin }) => {
    return async (name: string): Promise<Camera | undefined> => {
      const cameras = await http<Camera[]>(t, 'GET', '/api/cameras', { token: admin });
      return cameras.body.find((camera) => camera.name === name);
    };
  })
  .extend('eventsOf', { scope: 'file' }, ({ t, admin }) => {
    return (camera: Camera): Promise<CameraEvent[]> => listEvents(t, admin, { camera_id: camera.id });
  });
const it = test;

describe('Frigate over MQTT (real Mosquitto, fake Frigate HTTP)', () => {
  test.beforeAll(async ({ t }) => {
    await waitFor(
      async () => {
        const health = await http<HealthResponse>(t, 'GET', '/api/health');
        return health.body.mqtt === 'up' ? true : undefined;
      },
      10_000,
      'the MQTT connection',
    );
  });

  it('reports mqtt "up" in health', async ({ t }) => {
    const health = await http<HealthResponse>(t, 'GET', '/api/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', db: 'up', mqtt: 'up' });
  });

  it('registers the camera on first sight and stores one motion_detected per object, with its snapshot', async ({
    t,
    admin,
    frigate,
    send,
    cameraNamed,
    eventsOf,
  }) => {
    const first = await testImage(640, 360);
    frigate.images.set('obj-1', first);
    const object = frigateObject({ id: 'obj-1', camera: 'front_door' });
    await send('events', { type: 'new', before: object, after: object });
    await send('events', { type: 'update', before: object, after: object });
    const camera = await waitFor(() => cameraNamed('front_door'), 5000, 'the camera');
    expect(camera.source).toBe('frigate');
    const events = await eventsOf(camera);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      event_type: 'motion_detected',
      occurred_at: '2020-12-04T23:19:15.475Z',
      data: { label: 'person', zones: ['yard', 'driveway'], confidence: 0.958984375 },
      has_snapshot: true,
    });
    const image = await getBytes(t, `/api/events/${events[0].id}/snapshot`, { authorization: `Bearer ${admin}` });
    expect(image.bytes.equals(first)).toBe(true);
  });

  it('refreshes that event’s snapshot when an update carries a better one, storing nothing new', async ({
    t,
    admin,
    frigate,
    send,
    cameraNamed,
    eventsOf,
  }) => {
    const better = await testImage(800, 450, 'jpeg');
    frigate.images.set('obj-1', better);
    const before = frigateObject({ id: 'obj-1' });
    const after = frigateObject({ id: 'obj-1', snapshot: { frame_time: 1607123999.5 } });
    await send('events', { type: 'update', before, after });
    const camera = (await cameraNamed('front_door'))!;
    const events = await eventsOf(camera);
    expect(events).toHaveLength(1);
    const image = await getBytes(t, `/api/events/${events[0].id}/snapshot`, { authorization: `Bearer ${admin}` });
    expect((await sharp(image.bytes).metadata()).width).toBe(800);
  });

  it('stores face_recognized once when a sub_label names someone', async ({ send, cameraNamed, eventsOf }) => {
    const object = frigateObject({ id: 'obj-2', camera: 'garden', sub_label: ['Alice', 0.93] });
    await send('events', { type: 'new', before: object, after: object });
    await send('events', { type: 'update', before: object, after: object });
    const camera = (await cameraNamed('garden'))!;
    const events = await eventsOf(camera);
    expect(events.map((e) => e.event_type)).toEqual(['motion_detected', 'face_recognized']);
    expect(events[1].data).toMatchObject({ person_name: 'Alice', confidence: 0.93, label: 'person' });
  });

  it('maps face updates: named face_recognized, unnamed face_unknown (raising the default warning, published on MQTT)', async ({
    broker,
    send,
    cameraNamed,
    eventsOf,
  }) => {
    const face = { type: 'face', camera: 'garden', score: 0.71, timestamp: Date.now() / 1000 };
    await send('tracked_object_update', { ...face, id: 'obj-3', name: null });
    await send('tracked_object_update', { ...face, id: 'obj-3', name: null });
    await send('tracked_object_update', { ...face, id: 'obj-4', name: 'Bob' });
    const camera = (await cameraNamed('garden'))!;
    const events = await eventsOf(camera);
    expect(events.slice(2).map((e) => [e.event_type, e.data.person_name ?? null])).toEqual([
      ['face_unknown', null],
      ['face_recognized', 'Bob'],
    ]);
    const unknown = events[2];
    const published = await waitFor(
      () => {
        const message = broker.received.find((m) => m.topic === `${argusPrefix}/alerts`);
        return message === undefined ? undefined : (JSON.parse(message.payload) as Alert);
      },
      5000,
      'the alert on MQTT',
    );
    expect(published).toMatchObject({ event_id: unknown.id, severity: 'warning', event_type: 'face_unknown' });
    expect(broker.received.filter((m) => m.topic === `${argusPrefix}/alerts`)).toHaveLength(1);
  });

  it('publishes statistics, retained, every tick', async ({ broker }) => {
    // Each tick publishes the current numbers: the cameras registered above show up.
    const stats = await waitFor(
      () => {
        const message = [...broker.received].reverse().find((m) => m.topic === `${argusPrefix}/statistics`);
        const parsed = message === undefined ? undefined : (JSON.parse(message.payload) as Statistics);
        return parsed !== undefined && parsed.total_cameras >= 2 ? parsed : undefined;
      },
      5000,
      'statistics on MQTT',
    );
    expect(stats.total_cameras).toBe(2);
    const late = await TestBroker.connect();
    try {
      await late.subscribe(`${argusPrefix}/statistics`);
      const retained = await waitFor(() => late.received[0], 3000, 'the retained statistics');
      expect(retained.retain).toBe(true);
    } finally {
      await late.close();
    }
  });

  it('maps camera status and Frigate availability to camera_offline / camera_online, once per change', async ({
    send,
    cameraNamed,
    eventsOf,
  }) => {
    await send('front_door/status/detect', 'offline');
    await send('front_door/status/detect', 'offline');
    const door = (await cameraNamed('front_door'))!;
    expect((await cameraNamed('front_door'))!.status).toBe('offline');
    await send('front_door/status/detect', 'online');
    await send('available', 'offline');
    const garden = (await cameraNamed('garden'))!;
    expect(garden.status).toBe('offline');
    await send('available', 'online');
    const types = (await eventsOf(door)).map((e) => e.event_type).filter((type) => type.startsWith('camera_'));
    expect(types).toEqual(['camera_offline', 'camera_online', 'camera_offline', 'camera_online']);
    expect((await cameraNamed('garden'))!.status).toBe('online');
  });

  it('drops broken and hostile messages without storing anything, and keeps working', async ({
    t,
    admin,
    send,
    cameraNamed,
    eventsOf,
  }) => {
    const bridge = t.app.get(FrigateBridge);
    const handledBefore = bridge.handled;
    const hostile: Array<[string, unknown]> = [
      ['events', 'not json at all'],
      ['events', { type: 'new', after: { id: 'x' } }],
      ['events', { type: 'teleport', after: frigateObject() }],
      ['events', 'x'.repeat(300 * 1024)],
      ['tracked_object_update', { type: 'face', id: 'obj-9', camera: '../../etc', name: 'x' }],
      ['gate/status/detect', 'exploded'],
    ];
    for (const [topic, payload] of hostile) await send(topic, payload);
    const object = frigateObject({ id: 'obj-5', camera: 'garage', has_snapshot: false });
    await send('events', { type: 'new', after: object });
    expect(bridge.handled).toBe(handledBefore + 1);
    const garage = (await cameraNamed('garage'))!;
    expect((await eventsOf(garage)).map((e) => e.event_type)).toEqual(['motion_detected']);
    const cameras = await http<Camera[]>(t, 'GET', '/api/cameras', { token: admin });
    expect(cameras.body.map((c) => c.name).sort()).toEqual(['front_door', 'garage', 'garden']);
  });
});
