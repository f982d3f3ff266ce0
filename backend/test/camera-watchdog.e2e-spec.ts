import type { Alert, Camera, CameraEvent, CreatedCamera } from '@argus/shared';
import { CameraWatchdog } from '../src/events/camera-watchdog.service';
import { createCamera, ingest, listEvents } from './support/domain';
import { ManualClock } from './support/manual-clock';
import { it, test } from './support/fixtures';
import { http, login, TestApp } from './support/test-app';

const SECOND = 1000;

const offlineEvents = (t: TestApp, token: string, camera: CreatedCamera): Promise<CameraEvent[]> =>
  listEvents(t, token, { camera_id: camera.id, event_type: 'camera_offline' });

const status = async (t: TestApp, token: string, camera: CreatedCamera) =>
  (await http<Camera>(t, 'GET', `/api/cameras/${camera.id}`, { token })).body;

const clock = new ManualClock();
test.override('appOptions', { clock, env: { CAMERA_OFFLINE_AFTER_SECONDS: '120' } });

describe('camera watchdog (CAMERA_OFFLINE_AFTER_SECONDS)', () => {
  it('reports a camera unseen for the threshold once, with the critical admin alert, and not before', async ({
    t,
    admin,
  }) => {
    const watchdog = t.app.get(CameraWatchdog);
    const camera = await createCamera(t, admin, { name: 'Quiet' });
    const seen = await ingest(t, camera, { event_type: 'motion_detected' });
    clock.advance(120 * SECOND);
    await watchdog.check();
    expect(await offlineEvents(t, admin, camera)).toEqual([]);

    clock.advance(SECOND);
    await watchdog.check();
    await watchdog.check();
    const offline = await offlineEvents(t, admin, camera);
    expect(offline).toHaveLength(1);
    expect(offline[0].occurred_at).toBe(clock.now().toISOString());
    const after = await status(t, admin, camera);
    expect(after.status).toBe('offline');
    // The server did not see the camera: last_seen_at stays at its last real event.
    expect(after.last_seen_at).toBe(seen.occurred_at);
    const alerts = await http<Alert[]>(t, 'GET', '/api/alerts', { token: admin });
    expect(alerts.body.filter((a) => a.event_id === offline[0].id).map((a) => a.severity)).toEqual(['critical']);

    // Its next event brings it back online, and the watch starts again from there.
    await ingest(t, camera, { event_type: 'motion_detected' });
    expect((await status(t, admin, camera)).status).toBe('online');
    clock.advance(121 * SECOND);
    await watchdog.check();
    expect(await offlineEvents(t, admin, camera)).toHaveLength(2);
  });

  it('leaves cameras that never reported, disabled cameras and Frigate cameras alone', async ({ t, admin }) => {
    const watchdog = t.app.get(CameraWatchdog);
    const never = await createCamera(t, admin, { name: 'Never seen' });
    const disabled = await createCamera(t, admin, { name: 'Switched off' });
    await ingest(t, disabled, { event_type: 'motion_detected' });
    await http(t, 'PATCH', `/api/cameras/${disabled.id}`, { token: admin, body: { enabled: false } });
    clock.advance(600 * SECOND);
    await watchdog.check();
    expect(await offlineEvents(t, admin, never)).toEqual([]);
    expect(await offlineEvents(t, admin, disabled)).toEqual([]);
  });

  it('on its own timer, reports within 5 s of the threshold (a socket sees it)', async ({ t, admin, sockets }) => {
    const camera = await createCamera(t, admin, { name: 'Timer' });
    await ingest(t, camera, { event_type: 'motion_detected' });
    const socket = await sockets.accepted(t, { token: admin });
    clock.advance(121 * SECOND);
    const started = performance.now();
    let event: CameraEvent;
    do {
      event = await socket.next('camera_event', 5000);
    } while (event.camera_id !== camera.id);
    expect(event.event_type).toBe('camera_offline');
    expect(performance.now() - started).toBeLessThan(5000);
  }, 15_000);
});

// Several instances share a PostgreSQL database (docs/operations.md); SQLite is one process's.
describe.runIf(process.env.ARGUS_TEST_DB === 'postgres')('camera watchdog with two instances', () => {
  it('stores one camera_offline however many instances find the camera overdue at once', async ({ apps }) => {
    const clock = new ManualClock();
    const [a, b] = await apps.twoInstances({ clock, env: { CAMERA_OFFLINE_AFTER_SECONDS: '60' } });
    const admin = await login(a);
    const cameras = await Promise.all(['One', 'Two', 'Three'].map((name) => createCamera(a, admin, { name })));
    for (const camera of cameras) await ingest(a, camera, { event_type: 'motion_detected' });
    clock.advance(61 * SECOND);
    const checks = [a, b, a, b].map((app) => app.app.get(CameraWatchdog).check());
    await Promise.all(checks);
    for (const camera of cameras) expect(await offlineEvents(a, admin, camera)).toHaveLength(1);
  }, 30_000);
});
