import { randomUUID } from 'node:crypto';
import type { CreatedCamera } from '@argus/shared';
import { EventBus, type BusMessage } from '../src/bus/event-bus';
import { createCamera, ingest } from './support/domain';
import { discardTestData, login, startTestApp, type TestApp } from './support/test-app';
import { closeAll, connectAccepted, type WsClient } from './support/ws-client';

const REDIS_URL = process.env.REDIS_URL;

/** Replaces an instance's bus publish (its outgoing messages only). */
function onPublish(t: TestApp, replacement: (publish: (m: BusMessage) => Promise<void>, m: BusMessage) => void): void {
  const bus = t.app.get(EventBus);
  const publish = bus.publish.bind(bus);
  bus.publish = (message: BusMessage): Promise<void> => {
    replacement(publish, message);
    return Promise.resolve();
  };
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// Issue 8 item 2: delivery follows the database's id order, whichever instance stored an
// event and however late (or never) its bus message comes.
describe.skipIf(!REDIS_URL)('the event feed across instances', () => {
  let a: TestApp;
  let b: TestApp;
  let camera: CreatedCamera;
  const clients: WsClient[] = [];

  beforeAll(async () => {
    a = await startTestApp({
      env: { REDIS_URL: REDIS_URL!, REDIS_PREFIX: `argus-test-${randomUUID()}:`, STATS_INTERVAL_MS: '60000' },
      keepData: true,
    });
    b = await startTestApp({ reuse: a, keepData: true });
    camera = await createCamera(a, await login(a), { name: 'Lane' });
  });
  afterAll(async () => {
    await closeAll(clients);
    await b?.close();
    await a?.close();
    if (a) await discardTestData(a);
  });

  it('delivers in id order when a lower id’s bus message arrives after a higher one’s', async () => {
    const admin = await login(b);
    const onB = await connectAccepted(b, { token: admin });
    clients.push(onB);
    // a's messages take 300 ms (a loaded publisher); b's are immediate.
    // (The delayed publish may land after the apps closed: its failure is of no interest.)
    onPublish(a, (publish, message) => void setTimeout(() => void publish(message).catch(() => undefined), 300));
    const first = await ingest(a, camera, { event_type: 'face_unknown' });
    const second = await ingest(b, camera, { event_type: 'motion_detected' });
    await until(() => onB.all('camera_event').length >= 2, 3000);
    expect(onB.all('camera_event').map((e) => e.id)).toEqual([first.id, second.id]);
    // The alert follows its event (and comes before the next event).
    const order = onB.messages
      .filter((m) => m.type === 'camera_event' || m.type === 'alert')
      .map((m) => (m.type === 'alert' ? `alert ${m.event_id}` : `event ${m.id}`));
    expect(order).toEqual([`event ${first.id}`, `alert ${first.id}`, `event ${second.id}`]);
  });

  it('delivers an event whose instance never published it (a crash right after commit)', async () => {
    const admin = await login(b);
    const onB = await connectAccepted(b, { token: admin });
    clients.push(onB);
    onPublish(a, () => undefined);
    const started = performance.now();
    const lost = await ingest(a, camera, { event_type: 'motion_detected' });
    const message = await onB.next('camera_event', 2000);
    expect(message.id).toBe(lost.id);
    // The feed's safety poll (500 ms), not a bus message: still within the 1 s of contract §3.
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
