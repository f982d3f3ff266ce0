import type { Alert, AlertRule, ApiError, Camera, CameraEvent, CreatedCamera, EventsPage } from '@argus/shared';
import { createCamera, ingest, viewerToken } from './support/domain';
import { ManualClock } from './support/manual-clock';
import { http, login, startTestApp, TestApp } from './support/test-app';

// Rules with judgement (contract §10): min_confidence, cooldown_seconds, schedule, and camera
// snooze. Every held-back event is still stored; only its alert is missing. Time is the app's
// ManualClock, so cooldowns and schedules are crossed without waiting.

// Monday 2026-11-23 10:00 in Europe/Berlin (CET, UTC+1).
const MONDAY_10_BERLIN = Date.parse('2026-11-23T09:00:00.000Z');

describe('rules with judgement', () => {
  let t: TestApp;
  let admin: string;
  let viewer: string;
  let camera: CreatedCamera;
  let other: CreatedCamera;
  const clock = new ManualClock(MONDAY_10_BERLIN);

  beforeAll(async () => {
    // A long watchdog delay: the clock jumps hours, and offline alerts would only add noise.
    t = await startTestApp({ clock, env: { TZ: 'Europe/Berlin', CAMERA_OFFLINE_AFTER_SECONDS: '86400' } });
    admin = await login(t);
    viewer = await viewerToken(t, admin);
    camera = await createCamera(t, admin, { name: 'Yard' });
    other = await createCamera(t, admin, { name: 'Porch' });
  });
  afterAll(async () => {
    await t.close();
  });

  const createRule = (body: unknown) =>
    http<AlertRule & ApiError>(t, 'POST', '/api/alert-rules', { token: admin, body });
  const patchRule = (id: number, body: unknown) =>
    http<AlertRule & ApiError>(t, 'PATCH', `/api/alert-rules/${id}`, { token: admin, body });

  async function rule(body: Record<string, unknown>): Promise<AlertRule> {
    const res = await createRule({ severity: 'info', ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }

  /** The alerts a rule raised, as the viewer sees them, oldest first. */
  async function alertsOf(ruleId: number, token = viewer): Promise<Alert[]> {
    const res = await http<Alert[]>(t, 'GET', '/api/alerts?status=all&limit=500', { token });
    expect(res.status).toBe(200);
    return res.body.filter((alert) => alert.rule_id === ruleId).reverse();
  }

  async function stored(id: number): Promise<boolean> {
    const res = await http<EventsPage>(t, 'GET', `/api/events?after=${id - 1}&limit=1`, { token: viewer });
    return res.body.items[0]?.id === id;
  }

  describe('rule fields', () => {
    it('creates a rule with min_confidence, cooldown_seconds and a schedule, and lists it', async () => {
      const created = await rule({
        event_type: 'recording_started',
        min_confidence: 0.8,
        cooldown_seconds: 300,
        schedule: { days: [5, 1, 3], start: '22:00', end: '06:00' },
      });
      expect(created).toMatchObject({
        min_confidence: 0.8,
        cooldown_seconds: 300,
        // Days come back in order.
        schedule: { days: [1, 3, 5], start: '22:00', end: '06:00' },
      });
      const list = await http<AlertRule[]>(t, 'GET', '/api/alert-rules', { token: admin });
      expect(list.body).toContainEqual(created);
    });

    it('defaults to any confidence, no cooldown and always armed', async () => {
      expect(await rule({ event_type: 'recording_stopped' })).toMatchObject({
        min_confidence: null,
        cooldown_seconds: 0,
        schedule: null,
      });
    });

    it('edits and clears them with PATCH', async () => {
      const created = await rule({ event_type: 'recording_stopped', min_confidence: 0.5 });
      const edited = await patchRule(created.id, {
        cooldown_seconds: 60,
        schedule: { days: [0, 6], start: '00:00', end: '00:00' },
      });
      expect(edited.status).toBe(200);
      expect(edited.body).toEqual({
        ...created,
        cooldown_seconds: 60,
        schedule: { days: [0, 6], start: '00:00', end: '00:00' },
      });
      const cleared = await patchRule(created.id, { min_confidence: null, schedule: null });
      expect(cleared.body).toEqual({ ...created, min_confidence: null, cooldown_seconds: 60 });
    });

    it('refuses bad values with 400 naming the field, and stores nothing', async () => {
      const before = (await http<AlertRule[]>(t, 'GET', '/api/alert-rules', { token: admin })).body;
      const base = { event_type: 'motion_detected', severity: 'info' };
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ min_confidence: 1.5 }, 'min_confidence must be a number from 0 to 1'],
        [{ min_confidence: -0.1 }, 'min_confidence'],
        [{ min_confidence: '0.5' }, 'min_confidence'],
        [{ cooldown_seconds: -1 }, 'cooldown_seconds must be an integer from 0 to 604800'],
        [{ cooldown_seconds: 1.5 }, 'cooldown_seconds'],
        [{ cooldown_seconds: 604801 }, 'cooldown_seconds'],
        [{ cooldown_seconds: null }, 'cooldown_seconds'],
        [{ schedule: 'nights' }, 'schedule must be an object'],
        [{ schedule: { days: [], start: '08:00', end: '09:00' } }, 'schedule.days'],
        [{ schedule: { days: [7], start: '08:00', end: '09:00' } }, 'schedule.days'],
        [{ schedule: { days: [1, 1], start: '08:00', end: '09:00' } }, 'schedule.days'],
        [{ schedule: { days: [1], start: '25:00', end: '09:00' } }, 'schedule.start'],
        [{ schedule: { days: [1], start: '08:00', end: '9' } }, 'schedule.end'],
        [{ schedule: { days: [1], start: '08:00', end: '09:00', zone: 'UTC' } }, 'schedule has unknown field zone'],
      ];
      for (const [fields, message] of cases) {
        const res = await createRule({ ...base, ...fields });
        expect(res.status, JSON.stringify(fields)).toBe(400);
        expect(JSON.stringify(res.body.message), JSON.stringify(fields)).toContain(message);
      }
      const target = await rule({ event_type: 'face_recognized' });
      for (const [fields, message] of cases) {
        const res = await patchRule(target.id, fields);
        expect(res.status, JSON.stringify(fields)).toBe(400);
        expect(JSON.stringify(res.body.message), JSON.stringify(fields)).toContain(message);
      }
      const after = (await http<AlertRule[]>(t, 'GET', '/api/alert-rules', { token: admin })).body;
      expect(after).toEqual([...before, target]);
    });
  });

  it('min_confidence: events below it, or without a confidence, are stored but raise no alert', async () => {
    const r = await rule({ event_type: 'motion_detected', camera_id: camera.id, min_confidence: 0.7 });
    const low = await ingest(t, camera, { event_type: 'motion_detected', confidence: 0.69 });
    const none = await ingest(t, camera, { event_type: 'motion_detected' });
    const exact = await ingest(t, camera, { event_type: 'motion_detected', confidence: 0.7 });
    const high = await ingest(t, camera, { event_type: 'motion_detected', confidence: 0.95 });
    expect((await alertsOf(r.id)).map((alert) => alert.event_id)).toEqual([exact.id, high.id]);
    expect(await stored(low.id)).toBe(true);
    expect(await stored(none.id)).toBe(true);
    await http(t, 'DELETE', `/api/alert-rules/${r.id}`, { token: admin });
  });

  it('cooldown: counted per camera from the last alert; events inside it neither alert nor extend it', async () => {
    const r = await rule({ event_type: 'face_recognized', cooldown_seconds: 60 });
    const first = await ingest(t, camera, { event_type: 'face_recognized' });
    clock.advance(30_000);
    const inside = await ingest(t, camera, { event_type: 'face_recognized' });
    // Another camera has its own cooldown.
    const elsewhere = await ingest(t, other, { event_type: 'face_recognized' });
    clock.advance(29_000);
    const stillInside = await ingest(t, camera, { event_type: 'face_recognized' });
    // 60 s after the first alert: had the events inside extended it, this would be held back too.
    clock.advance(1_000);
    const after = await ingest(t, camera, { event_type: 'face_recognized' });
    const alerts = await alertsOf(r.id);
    expect(alerts.map((alert) => alert.event_id)).toEqual([first.id, elsewhere.id, after.id]);
    for (const event of [inside, stillInside]) expect(await stored(event.id)).toBe(true);

    // Raising the cooldown later counts from the real last alert.
    await patchRule(r.id, { cooldown_seconds: 3600 });
    clock.advance(600_000);
    await ingest(t, camera, { event_type: 'face_recognized' });
    expect(await alertsOf(r.id)).toHaveLength(3);
    clock.advance(3_000_000);
    const later = await ingest(t, camera, { event_type: 'face_recognized' });
    expect((await alertsOf(r.id)).map((alert) => alert.event_id)).toEqual([first.id, elsewhere.id, after.id, later.id]);
    await http(t, 'DELETE', `/api/alert-rules/${r.id}`, { token: admin });
  });

  it('schedule: alerts only while armed, in TZ, across midnight', async () => {
    // Armed Monday 22:00 to Tuesday 06:00, Berlin time.
    const r = await rule({
      event_type: 'camera_online',
      camera_id: other.id,
      schedule: { days: [1], start: '22:00', end: '06:00' },
    });
    const at = async (iso: string): Promise<CameraEvent> => {
      clock.advance(Date.parse(iso) - clock.now().getTime());
      return ingest(t, other, { event_type: 'camera_online' });
    };
    const before = await at('2026-11-23T20:59:00.000Z'); // Mon 21:59 Berlin
    const opened = await at('2026-11-23T21:00:00.000Z'); // Mon 22:00
    const night = await at('2026-11-24T01:30:00.000Z'); // Tue 02:30
    const closed = await at('2026-11-24T05:00:00.000Z'); // Tue 06:00: end is exclusive
    const tuesdayNight = await at('2026-11-24T21:30:00.000Z'); // Tue 22:30: Tuesday is not listed
    expect((await alertsOf(r.id)).map((alert) => alert.event_id)).toEqual([opened.id, night.id]);
    for (const event of [before, closed, tuesdayNight]) expect(await stored(event.id)).toBe(true);
    await http(t, 'DELETE', `/api/alert-rules/${r.id}`, { token: admin });
  });

  describe('camera snooze', () => {
    const snooze = (id: number | string, body: unknown, token = admin) =>
      http<Camera & ApiError>(t, 'POST', `/api/cameras/${id}/snooze`, { token, body });
    const cameraNow = async (id: number) =>
      (await http<Camera[]>(t, 'GET', '/api/cameras', { token: viewer })).body.find((c) => c.id === id);

    it('refuses a time that is not in the future, too far ahead or not a time (400), viewers (403), unknown cameras (404)', async () => {
      const now = clock.now().getTime();
      const cases: Array<[unknown, string]> = [
        [{ until: new Date(now).toISOString() }, 'until must be in the future'],
        [{ until: new Date(now - 60_000).toISOString() }, 'until must be in the future'],
        [{ until: new Date(now + 31 * 86_400_000).toISOString() }, 'until must be at most 30 days ahead'],
        [{ until: '2026-11-25' }, 'until must be an ISO-8601 time with a time zone'],
        [{ until: '2026-11-25T10:00:00' }, 'until must be an ISO-8601 time with a time zone'],
        [{ until: 'tomorrow' }, 'until must be an ISO-8601 time'],
        [{ until: 1764000000000 }, 'until must be an ISO-8601 time'],
        [{}, 'until'],
      ];
      for (const [body, message] of cases) {
        const res = await snooze(camera.id, body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(JSON.stringify(res.body.message), JSON.stringify(body)).toContain(message);
      }
      const until = new Date(now + 3_600_000).toISOString();
      expect((await snooze(camera.id, { until }, viewer)).status).toBe(403);
      expect((await snooze(999_999, { until })).status).toBe(404);
      expect((await http(t, 'DELETE', `/api/cameras/${camera.id}/snooze`, { token: viewer })).status).toBe(403);
      expect((await cameraNow(camera.id))?.snoozed_until).toBeNull();
    });

    it('holds back every rule’s alerts for the camera until then, for everyone; events are still stored', async () => {
      const everyone = await rule({ event_type: 'recording_started' });
      const mine = await rule({ event_type: 'recording_started', camera_id: camera.id, role: 'admin' });
      const until = new Date(clock.now().getTime() + 3_600_000).toISOString();
      const res = await snooze(camera.id, { until: until.replace('Z', '+00:00') });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: camera.id, snoozed_until: until });
      expect((await cameraNow(camera.id))?.snoozed_until).toBe(until);

      const quiet = await ingest(t, camera, { event_type: 'recording_started' });
      // Other cameras are not affected.
      const porch = await ingest(t, other, { event_type: 'recording_started' });
      expect(await stored(quiet.id)).toBe(true);
      expect((await alertsOf(everyone.id)).map((alert) => alert.event_id)).toEqual([porch.id]);
      expect(await alertsOf(mine.id, admin)).toEqual([]);

      // At `until` the snooze is over: alerts again, and the camera shows none.
      clock.advance(3_600_000);
      expect((await cameraNow(camera.id))?.snoozed_until).toBeNull();
      const back = await ingest(t, camera, { event_type: 'recording_started' });
      expect((await alertsOf(everyone.id)).map((alert) => alert.event_id)).toEqual([porch.id, back.id]);
      expect((await alertsOf(mine.id, admin)).map((alert) => alert.event_id)).toEqual([back.id]);
    });

    it('DELETE ends a snooze at once (and is fine when none runs)', async () => {
      const r = await rule({ event_type: 'recording_stopped', camera_id: camera.id });
      const until = new Date(clock.now().getTime() + 8 * 3_600_000).toISOString();
      expect((await snooze(camera.id, { until })).status).toBe(200);
      await ingest(t, camera, { event_type: 'recording_stopped' });
      const ended = await http<Camera>(t, 'DELETE', `/api/cameras/${camera.id}/snooze`, { token: admin });
      expect(ended.status).toBe(200);
      expect(ended.body).toMatchObject({ id: camera.id, snoozed_until: null });
      const after = await ingest(t, camera, { event_type: 'recording_stopped' });
      expect((await alertsOf(r.id)).map((alert) => alert.event_id)).toEqual([after.id]);
      expect((await http(t, 'DELETE', `/api/cameras/${camera.id}/snooze`, { token: admin })).status).toBe(200);
      expect((await http(t, 'DELETE', '/api/cameras/999999/snooze', { token: admin })).status).toBe(404);
    });
  });
});
