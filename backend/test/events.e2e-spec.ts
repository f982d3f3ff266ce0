// The events API in one file on purpose (over 300 lines): ingest, listing with its cursor, and
// ordering under concurrent ingest share one app, its cameras and its events.
import type { ApiError, Camera, CameraEvent, CreatedCamera, EventsPage, Person } from '@argus/shared';
import { Client } from 'pg';
import { BusMessage, EventBus } from '../src/bus/event-bus';
import { EventsService, INGEST_ADVISORY_LOCK } from '../src/events/events.service';
import { createCamera, ingest } from './support/domain';
import { test as base } from './support/fixtures';
import { http, TestApp } from './support/test-app';

const postgres = process.env.ARGUS_TEST_DB === 'postgres';

const test = base
  .override('cameraBody', { name: 'Gate', location: 'North' })
  .extend('other', { scope: 'file' }, async ({ t, admin }) => createCamera(t, admin, { name: 'Garage' }))
  .extend('alice', { scope: 'file' }, async ({ t, admin }) => {
    return (await http<Person>(t, 'POST', '/api/people', { token: admin, body: { name: 'Alice' } })).body;
  })
  .extend('post', { scope: 'file' }, ({ t }) => {
    return (cameraId: number, body: unknown, auth: { token?: string; key?: string } = {}) =>
      http<CameraEvent & ApiError>(t, 'POST', `/api/cameras/${cameraId}/events`, {
        token: auth.token,
        headers: auth.key === undefined ? undefined : { 'x-camera-key': auth.key },
        body,
      });
  });
const it = test;

describe('camera events', () => {
  describe('POST /api/cameras/:id/events', () => {
    it('stores an event sent with an admin token and answers the stored event', async ({ admin, camera, post }) => {
      const res = await post(camera.id, { event_type: 'motion_detected', confidence: 0.5 }, { token: admin });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(Number) as number,
        camera_id: camera.id,
        camera_name: 'Gate',
        event_type: 'motion_detected',
        occurred_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as string,
        data: { confidence: 0.5 },
        has_snapshot: false,
      });
      expect(Math.abs(Date.parse(res.body.occurred_at) - Date.now())).toBeLessThan(60_000);
    });

    it("accepts the camera's own ingest key", async ({ camera, post }) => {
      const res = await post(camera.id, { event_type: 'recording_started' }, { key: camera.ingest_key });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ camera_id: camera.id, event_type: 'recording_started', data: {} });
    });

    it("refuses another camera's key with 403 and an unknown key with 401", async ({ camera, other, post }) => {
      const foreign = await post(camera.id, { event_type: 'motion_detected' }, { key: other.ingest_key });
      expect(foreign.status).toBe(403);
      expect(foreign.body.message).toBe('ingest key belongs to another camera');
      const unknown = await post(camera.id, { event_type: 'motion_detected' }, { key: 'argus_ck_nope' });
      expect(unknown.status).toBe(401);
    });

    it('answers 401 without credentials or with a bad token, 403 for a viewer token', async ({
      t,
      viewer,
      camera,
      post,
    }) => {
      expect((await post(camera.id, { event_type: 'motion_detected' })).status).toBe(401);
      expect((await post(camera.id, { event_type: 'motion_detected' }, { token: 'a.b.c' })).status).toBe(401);
      const res = await post(camera.id, { event_type: 'motion_detected' }, { token: viewer });
      expect(res.status).toBe(403);
      // A viewer token does not fall back to a key: the Authorization header decides.
      const both = await http(t, 'POST', `/api/cameras/${camera.id}/events`, {
        token: viewer,
        headers: { 'x-camera-key': camera.ingest_key },
        body: { event_type: 'motion_detected' },
      });
      expect(both.status).toBe(403);
    });

    it('answers 404 for an unknown camera and 409 for a disabled one', async ({ t, admin, post }) => {
      expect((await post(999999, { event_type: 'motion_detected' }, { token: admin })).status).toBe(404);
      const disabled = await createCamera(t, admin, { name: 'Off', enabled: false });
      const res = await post(disabled.id, { event_type: 'motion_detected' }, { key: disabled.ingest_key });
      expect(res.status).toBe(409);
      expect(res.body.message).toContain('disabled');
    });

    it('fills person_name from person_id, and keeps a given person_name', async ({ camera, alice, post }) => {
      const filled = await post(
        camera.id,
        { event_type: 'face_recognized', person_id: alice.id, confidence: 0.93 },
        { key: camera.ingest_key },
      );
      expect(filled.status).toBe(201);
      expect(filled.body.data).toEqual({ confidence: 0.93, person_id: alice.id, person_name: 'Alice' });
      const named = await post(
        camera.id,
        { event_type: 'face_recognized', person_id: alice.id, person_name: 'Alice B.' },
        { key: camera.ingest_key },
      );
      expect(named.body.data).toEqual({ person_id: alice.id, person_name: 'Alice B.' });
    });

    it('normalises occurred_at to UTC', async ({ camera, post }) => {
      const res = await post(
        camera.id,
        { event_type: 'motion_detected', occurred_at: '2024-03-01T10:15:00+02:00' },
        { key: camera.ingest_key },
      );
      expect(res.status).toBe(201);
      expect(res.body.occurred_at).toBe('2024-03-01T08:15:00.000Z');
    });

    it.for([
      [{}, 'event_type'],
      [{ event_type: 'explosion' }, 'event_type'],
      [{ event_type: 'motion_detected', confidence: -0.1 }, 'confidence'],
      [{ event_type: 'motion_detected', confidence: 1.01 }, 'confidence'],
      [{ event_type: 'motion_detected', confidence: '0.5' }, 'confidence'],
      [{ event_type: 'face_recognized', person_id: 1.5 }, 'person_id'],
      [{ event_type: 'face_recognized', person_id: 'one' }, 'person_id'],
      [{ event_type: 'face_recognized', person_id: 999999 }, 'person_id'],
      [{ event_type: 'face_recognized', person_name: 'x'.repeat(101) }, 'person_name'],
      [{ event_type: 'motion_detected', occurred_at: '2024-03-01T10:15:00' }, 'occurred_at'],
      [{ event_type: 'motion_detected', occurred_at: 'yesterday' }, 'occurred_at'],
      [{ event_type: 'motion_detected', occurred_at: 1700000000000 }, 'occurred_at'],
      [{ event_type: 'motion_detected', occurred_at: '1999-12-31T23:59:59Z' }, 'occurred_at'],
      [{ event_type: 'motion_detected', camera_name: 'spoof' }, 'camera_name'],
    ])('refuses %j with 400 naming %s', async ([body, field], { camera, post }) => {
      const res = await post(camera.id, body, { key: camera.ingest_key });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
    });

    it('refuses occurred_at more than 5 minutes in the future, accepts small skew', async ({ camera, post }) => {
      const far = new Date(Date.now() + 10 * 60_000).toISOString();
      const res = await post(
        camera.id,
        { event_type: 'motion_detected', occurred_at: far },
        { key: camera.ingest_key },
      );
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('occurred_at');
      const near = new Date(Date.now() + 60_000).toISOString();
      const ok = await post(
        camera.id,
        { event_type: 'motion_detected', occurred_at: near },
        { key: camera.ingest_key },
      );
      expect(ok.status).toBe(201);
      expect(ok.body.occurred_at).toBe(near);
    });

    it('400 for a malformed camera id', async ({ admin, post }) => {
      const res = await post(0, { event_type: 'motion_detected' }, { token: admin });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('id');
    });

    it('marks the camera online and seen, and offline on camera_offline', async ({ t, admin, viewer }) => {
      const cam = await createCamera(t, admin, { name: 'Liveness' });
      await ingest(t, cam, { event_type: 'camera_online' });
      let state = (await http<Camera>(t, 'GET', `/api/cameras/${cam.id}`, { token: viewer })).body;
      expect(state.status).toBe('online');
      expect(state.last_seen_at).not.toBeNull();
      await ingest(t, cam, { event_type: 'camera_offline' });
      state = (await http<Camera>(t, 'GET', `/api/cameras/${cam.id}`, { token: viewer })).body;
      expect(state.status).toBe('offline');
    });

    it('wakes the other instances with each stored id, in id order, without the event itself', async ({
      t,
      camera,
    }) => {
      const seen: BusMessage[] = [];
      const unsubscribe = t.app.get(EventBus).subscribe((message) => seen.push(message));
      try {
        const first = await ingest(t, camera, { event_type: 'face_unknown', confidence: 0.4 });
        const second = await ingest(t, camera, { event_type: 'motion_detected' });
        expect(seen).toEqual([
          { kind: 'events_stored', last_id: first.id },
          { kind: 'events_stored', last_id: second.id },
        ]);
      } finally {
        unsubscribe();
      }
    });

    it('keeps stored events of a deleted camera, with its name', async ({ t, admin, viewer }) => {
      const doomed = await createCamera(t, admin, { name: 'Doomed cam' });
      const event = await ingest(t, doomed, { event_type: 'motion_detected' });
      expect((await http(t, 'DELETE', `/api/cameras/${doomed.id}`, { token: admin })).status).toBe(204);
      const page = await http<EventsPage>(t, 'GET', `/api/events?after=${event.id - 1}&limit=1`, { token: viewer });
      expect(page.body.items).toEqual([event]);
      expect(page.body.items[0].camera_name).toBe('Doomed cam');
    });
  });

  describe('GET /api/events', () => {
    let cam: CreatedCamera;
    let stored: CameraEvent[];
    test.beforeAll(async ({ t, admin }) => {
      cam = await createCamera(t, admin, { name: 'Listing' });
      stored = [];
      const types = [
        'motion_detected',
        'face_unknown',
        'motion_detected',
        'recording_started',
        'face_unknown',
      ] as const;
      for (const event_type of types) stored.push(await ingest(t, cam, { event_type }));
    });

    it('pages forward from a cursor, oldest first, with next_after', async ({ t, viewer }) => {
      const start = stored[0].id - 1;
      const first = await http<EventsPage>(t, 'GET', `/api/events?after=${start}&limit=2&camera_id=${cam.id}`, {
        token: viewer,
      });
      expect(first.status).toBe(200);
      expect(first.body.items.map((e) => e.id)).toEqual([stored[0].id, stored[1].id]);
      expect(first.body.next_after).toBe(stored[1].id);
      const second = await http<EventsPage>(
        t,
        'GET',
        `/api/events?after=${first.body.next_after}&limit=10&camera_id=${cam.id}`,
        { token: viewer },
      );
      expect(second.body.items).toEqual(stored.slice(2));
      const empty = await http<EventsPage>(
        t,
        'GET',
        `/api/events?after=${second.body.next_after}&camera_id=${cam.id}`,
        { token: viewer },
      );
      expect(empty.body).toEqual({ items: [], next_after: stored[4].id });
    });

    it('without after answers the newest events, still oldest first', async ({ t, viewer }) => {
      const res = await http<EventsPage>(t, 'GET', `/api/events?limit=3&camera_id=${cam.id}`, { token: viewer });
      expect(res.body.items).toEqual(stored.slice(2));
      expect(res.body.next_after).toBe(stored[4].id);
      const all = await http<EventsPage>(t, 'GET', '/api/events?limit=2', { token: viewer });
      const latest = await t.app.get(EventsService).latestId();
      expect(all.body.items.map((e) => e.id)).toEqual([latest - 1, latest]);
    });

    it('filters by event_type (one, or several comma-separated)', async ({ t, viewer }) => {
      const after = stored[0].id - 1;
      const one = await http<EventsPage>(t, 'GET', `/api/events?after=${after}&event_type=face_unknown`, {
        token: viewer,
      });
      expect(one.body.items).toEqual([stored[1], stored[4]]);
      const two = await http<EventsPage>(
        t,
        'GET',
        `/api/events?after=${after}&camera_id=${cam.id}&event_type=face_unknown,recording_started`,
        { token: viewer },
      );
      expect(two.body.items).toEqual([stored[1], stored[3], stored[4]]);
    });

    it('answers 401 without a token', async ({ t }) => {
      expect((await http(t, 'GET', '/api/events')).status).toBe(401);
    });

    it.for([
      ['after=abc', 'after'],
      ['after=-1', 'after'],
      ['after=1.5', 'after'],
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=ten', 'limit'],
      ['camera_id=x', 'camera_id'],
      ['event_type=explosion', 'event_type'],
      ['event_type=motion_detected,explosion', 'event_type'],
      ['sort=desc', 'sort'],
    ])('refuses ?%s with 400 naming %s', async ([query, field], { t, viewer }) => {
      const res = await http<ApiError>(t, 'GET', `/api/events?${query}`, { token: viewer });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
    });

    it('accepts limit=500', async ({ t, viewer }) => {
      expect((await http(t, 'GET', '/api/events?after=0&limit=500', { token: viewer })).status).toBe(200);
    });
  });

  describe.runIf(postgres)('multi-instance ordering (PostgreSQL)', () => {
    it('an ingest takes the advisory lock before it inserts, so instances commit in id order', async ({
      t,
      camera,
    }) => {
      const client = new Client({ connectionString: t.env.DATABASE_URL });
      await client.connect();
      try {
        const before = await t.app.get(EventsService).latestId();
        // Another "instance" is mid-ingest: it holds the lock.
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock($1)', [INGEST_ADVISORY_LOCK]);
        const pending = ingest(t, camera, { event_type: 'motion_detected' });
        await vi.waitFor(
          async () => {
            const waiting = await client.query<{ n: string }>(
              "SELECT COUNT(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
            );
            expect(Number(waiting.rows[0].n)).toBe(1);
          },
          { timeout: 5000, interval: 20 },
        );
        // Blocked on the lock, the app has not taken an id yet.
        const sequence = await client.query<{ last_value: string; is_called: boolean }>(
          `SELECT last_value, is_called FROM "${t.env.DATABASE_SCHEMA}".camera_events_id_seq`,
        );
        expect(sequence.rows[0].is_called ? Number(sequence.rows[0].last_value) : 0).toBe(before);
        await client.query('COMMIT');
        const event = await pending;
        expect(event.id).toBe(before + 1);
      } finally {
        await client.end();
      }
    }, 20_000);
  });

  describe('concurrent ingest against a polling cursor', () => {
    it('the poller sees every id exactly once, in increasing order, none skipped', async ({
      t,
      admin,
      viewer,
      apps,
    }) => {
      const cams = await Promise.all(
        Array.from({ length: 10 }, (_, i) => createCamera(t, admin, { name: `Burst ${i}` })),
      );
      const start = (await http<EventsPage>(t, 'GET', '/api/events?limit=1', { token: viewer })).body.next_after;
      const perClient = 30;
      const total = cams.length * perClient;
      const created: number[] = [];
      let done = false;

      // On PostgreSQL half the writers go through a second instance on the same database:
      // only the advisory lock orders those against this instance's ingests.
      const second = postgres ? await apps.start({ reuse: t, keepData: true }) : undefined;
      const writers = cams.map(async (cam, index) => {
        const target = second !== undefined && index % 2 === 1 ? second : t;
        for (let i = 0; i < perClient; i += 1) {
          const event = await ingest(target, cam, { event_type: i % 3 === 0 ? 'face_unknown' : 'motion_detected' });
          created.push(event.id);
        }
      });

      // Several independent pollers widen the chance of reading between two commits.
      const poll = async (target: TestApp): Promise<number[]> => {
        const seen: number[] = [];
        let after = start;
        // Polls until every write is done and one more page comes back empty.
        for (;;) {
          const finished = done;
          const page = await http<EventsPage>(target, 'GET', `/api/events?after=${after}&limit=7`, {
            token: viewer,
          });
          expect(page.status).toBe(200);
          for (const item of page.body.items) seen.push(item.id);
          after = page.body.next_after;
          if (finished && page.body.items.length === 0) return seen;
        }
      };
      const pollers = [t, t, second ?? t, second ?? t].map(poll);

      let views: number[][];
      try {
        await Promise.all(writers);
      } finally {
        done = true;
        views = await Promise.all(pollers);
        await second?.close();
      }

      const expected = [...created].sort((a, b) => a - b);
      expect(new Set(expected).size).toBe(total);
      for (const seen of views) expect(seen).toEqual(expected);
    }, 120_000);
  });
});
