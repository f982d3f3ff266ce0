import type { Camera, CameraEvent, EventsPage, PublicUser, TokenResponse } from '@argus/shared';
import { createCamera, ingest, viewerToken } from './support/domain';
import { it, test } from './support/fixtures';
import { ADMIN, http, login } from './support/test-app';

// The first app keeps its data; the second run on it owns the clean-up of the data directory / schema.
test.override('appOptions', { keepData: true });

describe('restart on the same data', () => {
  it('keeps users, cameras, ingest keys, events and the JWT secret', async ({ t: first, admin, apps }) => {
    await viewerToken(first, admin, 'night-guard');
    const camera = await createCamera(first, admin, { name: 'Persistent', location: 'Hall' });
    const events: CameraEvent[] = [];
    events.push(await ingest(first, camera, { event_type: 'camera_online' }));
    events.push(await ingest(first, camera, { event_type: 'face_unknown', confidence: 0.2 }));
    const cameraBefore = (await http<Camera>(first, 'GET', `/api/cameras/${camera.id}`, { token: admin })).body;
    await first.close();

    const second = await apps.start({ reuse: first });
    // A token issued before the restart still works: the generated JWT secret was kept.
    const me = await http<PublicUser>(second, 'GET', '/api/auth/me', { token: admin });
    expect(me.status).toBe(200);
    expect(me.body.username).toBe(ADMIN.username);
    // Users kept: both can log in.
    const viewerLogin = await http<TokenResponse>(second, 'POST', '/api/auth/login', {
      body: { username: 'night-guard', password: 'viewer-password-1' },
    });
    expect(viewerLogin.status).toBe(200);
    expect(viewerLogin.body.user.role).toBe('viewer');
    const adminAgain = await login(second);

    const cameraAfter = await http<Camera>(second, 'GET', `/api/cameras/${camera.id}`, { token: adminAgain });
    expect(cameraAfter.body).toEqual(cameraBefore);
    const page = await http<EventsPage>(second, 'GET', '/api/events?after=0', { token: adminAgain });
    expect(page.body.items).toEqual(events);

    // The ingest key survives too, and new ids continue after the stored ones.
    const next = await ingest(second, camera, { event_type: 'motion_detected' });
    expect(next.id).toBeGreaterThan(events[1].id);
  }, 60_000);
});
