import type { Camera, CameraEvent, EventsPage, Person } from '@argus/shared';
import { EventsService } from '../src/events/events.service';
import { SIMULATED_CAMERAS } from '../src/simulator/simulator.service';
import { it, test } from './support/fixtures';
import { http, login, TestApp } from './support/test-app';

/** Resolves with the next `count` camera events stored (on this instance) that match `accept`. */
function nextEvents(t: TestApp, count: number, accept: (event: CameraEvent) => boolean): Promise<CameraEvent[]> {
  return new Promise((resolve) => {
    const seen: CameraEvent[] = [];
    const unsubscribe = t.app.get(EventsService).onStored(({ event }) => {
      if (!accept(event)) return;
      seen.push(event);
      if (seen.length === count) {
        unsubscribe();
        resolve(seen);
      }
    });
  });
}

const SIMULATOR_ENV = { SIMULATOR: 'on', SIMULATOR_RATE_PER_MINUTE: '1200' };

// Kept data: the last test restarts on it (and that app deletes it).
test.override('appOptions', { env: SIMULATOR_ENV, keepData: true });

describe('camera simulator', () => {
  it('registers its cameras and some known people, all online', async ({ t, admin }) => {
    const cameras = await http<Camera[]>(t, 'GET', '/api/cameras', { token: admin });
    expect(cameras.status).toBe(200);
    expect(cameras.body.map((c) => c.name).sort()).toEqual(SIMULATED_CAMERAS.map((c) => c.name).sort());
    expect(new Set(cameras.body.map((c) => c.source))).toEqual(new Set(['simulator']));
    // Each camera announced itself with camera_online at start.
    expect(cameras.body.filter((c) => c.status === 'online').length).toBeGreaterThanOrEqual(cameras.body.length - 1);
    const people = await http<Person[]>(t, 'GET', '/api/people', { token: admin });
    expect(people.body.length).toBeGreaterThan(0);
  });

  it('produces events through the ingest path, visible in GET /api/events', async ({ t, admin }) => {
    const [event] = await nextEvents(t, 1, (e) => e.event_type !== 'camera_online');
    const page = await http<EventsPage>(t, 'GET', `/api/events?after=${event.id - 1}&limit=1`, { token: admin });
    expect(page.status).toBe(200);
    expect(page.body.items).toEqual([event]);
  }, 10_000);

  it('attaches drawn pictures to some of its events, served like any snapshot', async ({ t, admin }) => {
    const [event] = await nextEvents(t, 1, (e) => e.has_snapshot);
    const res = await fetch(`${t.baseUrl}/api/events/${event.id}/thumbnail`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  }, 15_000);

  it('skips disabled cameras', async ({ t, admin }) => {
    const cameras = (await http<Camera[]>(t, 'GET', '/api/cameras', { token: admin })).body;
    const [kept, ...disabled] = cameras;
    for (const camera of disabled) {
      const res = await http(t, 'PATCH', `/api/cameras/${camera.id}`, { token: admin, body: { enabled: false } });
      expect(res.status).toBe(200);
    }
    // Events already past the enabled check may still land; after that, only `kept` speaks.
    const events = await nextEvents(t, 15, () => true);
    const last = events.slice(5);
    expect(last.map((e) => e.camera_id)).toEqual(last.map(() => kept.id));
    for (const camera of disabled) {
      await http(t, 'PATCH', `/api/cameras/${camera.id}`, { token: admin, body: { enabled: true } });
    }
  }, 15_000);

  it('stops cleanly and, restarted on the same data, reuses its cameras and people', async ({
    t: first,
    admin: firstAdmin,
    apps,
  }) => {
    const people = (await http<Person[]>(first, 'GET', '/api/people', { token: firstAdmin })).body;
    await first.close();

    const t = await apps.start({ reuse: first, env: SIMULATOR_ENV });
    const admin = await login(t);
    const cameras = (await http<Camera[]>(t, 'GET', '/api/cameras', { token: admin })).body;
    expect(cameras).toHaveLength(SIMULATED_CAMERAS.length);
    expect((await http<Person[]>(t, 'GET', '/api/people', { token: admin })).body).toEqual(people);
    const [event] = await nextEvents(t, 1, (e) => e.event_type !== 'camera_online');
    expect(cameras.map((c) => c.id)).toContain(event.camera_id);
  }, 20_000);
});
