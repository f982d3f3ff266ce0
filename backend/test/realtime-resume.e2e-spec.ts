import { ConnectionHub } from '../src/realtime/connection-hub';
import { ingest } from './support/domain';
import { createUser } from './support/realtime-fixtures';
import { type TestApp } from './support/test-app';
import { test as base } from './support/fixtures';

const IN_FLIGHT_MS = 150;

/**
 * Makes every camera event and alert reach the app's sockets IN_FLIGHT_MS late, as on an
 * instance that learns of it from the bus or its poll: an event is stored (and visible to a
 * replay) well before it reaches sockets.
 */
function delayDelivery(t: TestApp): void {
  const hub = t.app.get(ConnectionHub);
  const deliverCameraEvent = hub.deliverCameraEvent.bind(hub);
  const deliverAlert = hub.deliverAlert.bind(hub);
  hub.deliverCameraEvent = (...args) => {
    setTimeout(() => deliverCameraEvent(...args), IN_FLIGHT_MS);
    return 0;
  };
  hub.deliverAlert = (...args) => void setTimeout(() => deliverAlert(...args), IN_FLIGHT_MS);
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
    delayDelivery(t);
  });

  it(
    'sends each event and each alert exactly once, the alert after its event',
    { timeout: 20_000 },
    async ({ t, token, camera, sockets }) => {
      for (let round = 0; round < 4; round += 1) {
        // Stored, still on its way to the sockets when this one resumes.
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
