import { EventBus, type BusMessage } from '../src/bus/event-bus';
import { ingest } from './support/domain';
import { createUser } from './support/realtime-fixtures';
import { type TestApp } from './support/test-app';
import { test as base } from './support/fixtures';

const IN_FLIGHT_MS = 150;

/**
 * Makes the app's bus deliver every message IN_FLIGHT_MS late, as a loaded Redis or another
 * instance does: an event is stored (and visible to a replay) well before it reaches sockets.
 */
function delayBus(t: TestApp): void {
  const bus = t.app.get(EventBus);
  const publish = bus.publish.bind(bus);
  bus.publish = (message: BusMessage): Promise<void> => {
    setTimeout(() => void publish(message), IN_FLIGHT_MS);
    return Promise.resolve();
  };
}

// Issue 8 item 1: a socket resuming with last_event_id while events are in flight on the bus
// got the same id twice (once from the replay, once live after it went live).
const test = base
  .override('appOptions', { env: { STATS_INTERVAL_MS: '60000' } })
  .override('cameraBody', { name: 'Porch' })
  .extend('token', { scope: 'file' }, async ({ t, admin }) => (await createUser(t, admin, 'resumer')).token);
const it = test;

describe('live socket resume while events are in flight', () => {
  test.beforeAll(({ t }) => {
    delayBus(t);
  });

  it(
    'sends each event and each alert exactly once, the alert after its event',
    { timeout: 20_000 },
    async ({ t, token, camera, sockets }) => {
      for (let round = 0; round < 4; round += 1) {
        // Stored and published, still on its way to the sockets when this one resumes.
        const event = await ingest(t, camera, { event_type: 'face_unknown', confidence: 0.5 });
        const client = sockets.connect(t, { token, query: { last_event_id: String(event.id - 1) } });
        await client.next('camera_event', 5000);
        await client.next('alert', 5000);
        // Past the in-flight delivery: a second copy would have arrived by now.
        await new Promise((resolve) => setTimeout(resolve, IN_FLIGHT_MS * 2));
        const received = client.messages.filter((m) => m.type === 'camera_event' || m.type === 'alert');
        expect(received.map((m) => `${m.type} ${m.type === 'alert' ? m.event_id : m.id}`)).toEqual([
          `camera_event ${event.id}`,
          `alert ${event.id}`,
        ]);
      }
    },
  );
});
