import type { CreatedCamera } from '@argus/shared';
import { ConnectionHub } from '../src/realtime/connection-hub';
import { createCamera, ingest } from './support/domain';
import { createUser } from './support/realtime-fixtures';
import { login, startTestApp, type TestApp } from './support/test-app';
import { closeAll, connect, type WsClient } from './support/ws-client';

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
  hub.deliverCameraEvent = (...args) => void setTimeout(() => deliverCameraEvent(...args), IN_FLIGHT_MS);
  hub.deliverAlert = (...args) => void setTimeout(() => deliverAlert(...args), IN_FLIGHT_MS);
}

// Issue 8 item 1: a socket resuming with last_event_id while events are in flight on the bus
// got the same id twice (once from the replay, once live after it went live).
describe('live socket resume while events are in flight', () => {
  let t: TestApp;
  let token: string;
  let camera: CreatedCamera;
  const clients: WsClient[] = [];

  beforeAll(async () => {
    t = await startTestApp({ env: { STATS_INTERVAL_MS: '60000' } });
    const admin = await login(t);
    token = (await createUser(t, admin, 'resumer')).token;
    camera = await createCamera(t, admin, { name: 'Porch' });
    delayDelivery(t);
  });
  afterAll(async () => {
    await closeAll(clients);
    await t?.close();
  });

  it('sends each event and each alert exactly once, the alert after its event', { timeout: 20_000 }, async () => {
    for (let round = 0; round < 4; round += 1) {
      // Stored, still on its way to the sockets when this one resumes.
      const event = await ingest(t, camera, { event_type: 'face_unknown', confidence: 0.5 });
      const client = connect(t, { token, query: { last_event_id: String(event.id - 1) } });
      clients.push(client);
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
  });
});
