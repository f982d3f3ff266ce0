import type {
  ApiError,
  CameraEvent,
  CreatedCamera,
  EventHistogram,
  EventHistoryPage,
  EventType,
  Person,
} from '@argus/shared';
import { EVENTS_EXPORT_COLUMNS, HISTORY_FIRST_PAGE } from '@argus/shared';
import { RetentionService } from '../src/events/retention.service';
import { createCamera, ingest, viewerToken } from './support/domain';
import { ingestWithSnapshot, testImage } from './support/images';
import { http, login, startTestApp, TestApp } from './support/test-app';

const HOUR = 3_600_000;

/** Every page of `query` followed through next_before. */
async function allPages(t: TestApp, token: string, query: string, limit: number): Promise<CameraEvent[]> {
  const seen: CameraEvent[] = [];
  let before: number | null = HISTORY_FIRST_PAGE;
  for (let pages = 0; before !== null; pages += 1) {
    if (pages > 100) throw new Error('paging does not end');
    const res: { status: number; body: EventHistoryPage } = await http<EventHistoryPage>(
      t,
      'GET',
      `/api/events?before=${before}&limit=${limit}${query === '' ? '' : `&${query}`}`,
      { token },
    );
    expect(res.status).toBe(200);
    seen.push(...res.body.items);
    before = res.body.next_before;
  }
  return seen;
}

describe('history (contract §9)', () => {
  let t: TestApp;
  let admin: string;
  let viewer: string;
  let door: CreatedCamera;
  let yard: CreatedCamera;
  let garage: CreatedCamera;
  let ann: Person;
  /** Every stored event, in id order. */
  const stored: CameraEvent[] = [];
  // Whole hours two days back: inside retention, in the past, away from "now".
  const base = Math.floor((Date.now() - 48 * HOUR) / HOUR) * HOUR;
  const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString();

  beforeAll(async () => {
    t = await startTestApp();
    admin = await login(t);
    viewer = await viewerToken(t, admin);
    door = await createCamera(t, admin, { name: 'Door, "north"' });
    yard = await createCamera(t, admin, { name: '=HYPERLINK("http://evil","x")' });
    garage = await createCamera(t, admin, { name: 'Garage' });
    ann = (await http<Person>(t, 'POST', '/api/people', { token: admin, body: { name: 'Ann' } })).body;
    const image = await testImage(64, 48);
    const plan: Array<[CreatedCamera, EventType, number, 'ann' | 'picture' | null]> = [
      [door, 'motion_detected', 0, null],
      [yard, 'face_unknown', 5, 'picture'],
      [door, 'face_recognized', 59, 'ann'],
      [garage, 'motion_detected', 60, null],
      [yard, 'motion_detected', 61, null],
      [door, 'recording_started', 120, 'picture'],
      [garage, 'face_recognized', 130, 'ann'],
      [yard, 'camera_offline', 179, null],
      [door, 'motion_detected', 180, null],
      // Stored late: its id is high, its time early.
      [garage, 'face_unknown', 30, null],
      [door, 'motion_detected', 24 * 60 + 10, null],
      [yard, 'recording_stopped', 24 * 60 + 20, 'picture'],
    ];
    for (const [camera, type, minutes, extra] of plan) {
      const occurred_at = at(minutes);
      if (extra === 'picture') {
        stored.push(await ingestWithSnapshot(t, camera, { event_type: type, occurred_at }, image));
      } else if (extra === 'ann') {
        stored.push(await ingest(t, camera, { event_type: type, occurred_at, person_id: ann.id, confidence: 0.9 }));
      } else {
        stored.push(await ingest(t, camera, { event_type: type, occurred_at }));
      }
    }
  });
  afterAll(async () => {
    await t.close();
  });

  describe('GET /api/events?before=', () => {
    it('pages backwards, highest id first, next_before null at the end (also when the last page is full)', async () => {
      const newestFirst = [...stored].reverse();
      for (const limit of [1, 3, 4, 5, 12, 500]) {
        expect(await allPages(t, viewer, '', limit)).toEqual(newestFirst);
      }
      const first = await http<EventHistoryPage>(t, 'GET', `/api/events?before=${HISTORY_FIRST_PAGE}&limit=4`, {
        token: viewer,
      });
      expect(first.body).toEqual({ items: newestFirst.slice(0, 4), next_before: newestFirst[3].id });
      const exact = await http<EventHistoryPage>(t, 'GET', `/api/events?before=${stored[3].id}&limit=3`, {
        token: viewer,
      });
      expect(exact.body).toEqual({ items: [stored[2], stored[1], stored[0]], next_before: null });
      const below = await http<EventHistoryPage>(t, 'GET', `/api/events?before=${stored[0].id}`, { token: viewer });
      expect(below.body).toEqual({ items: [], next_before: null });
    });

    const byTime = (from: number, to: number) => (e: CameraEvent) =>
      e.occurred_at >= at(from) && e.occurred_at < at(to);
    const cases: Array<[string, () => string, (e: CameraEvent) => boolean]> = [
      ['one camera', () => `camera_id=${door.id}`, (e) => e.camera_id === door.id],
      ['two cameras', () => `camera_id=${door.id},${garage.id}`, (e) => e.camera_id !== yard.id],
      ['one type', () => 'event_type=motion_detected', (e) => e.event_type === 'motion_detected'],
      [
        'two types',
        () => 'event_type=face_unknown,face_recognized',
        (e) => e.event_type === 'face_unknown' || e.event_type === 'face_recognized',
      ],
      ['a person', () => `person_id=${ann.id}`, (e) => e.data.person_id === ann.id],
      ['with a picture', () => 'has_snapshot=true', (e) => e.has_snapshot],
      ['without a picture', () => 'has_snapshot=false', (e) => !e.has_snapshot],
      // from inclusive (an event at exactly 60), to exclusive (an event at exactly 180).
      ['a time range', () => `from=${at(60)}&to=${at(180)}`, byTime(60, 180)],
      ['only from', () => `from=${encodeURIComponent(at(24 * 60))}`, (e) => e.occurred_at >= at(24 * 60)],
      ['only to, with an offset', () => `to=${encodeURIComponent(offsetTime(base + 60 * 60_000))}`, byTime(-1, 60)],
      [
        'cameras, types and time',
        () =>
          `camera_id=${door.id},${yard.id}&event_type=motion_detected,camera_offline&from=${at(1)}&to=${at(24 * 60)}`,
        (e) =>
          e.camera_id !== garage.id &&
          (e.event_type === 'motion_detected' || e.event_type === 'camera_offline') &&
          byTime(1, 24 * 60)(e),
      ],
      [
        'a person on one camera in a range',
        () => `person_id=${ann.id}&camera_id=${garage.id}&from=${at(0)}&to=${at(600)}`,
        (e) => e.data.person_id === ann.id && e.camera_id === garage.id,
      ],
      [
        'a picture on one camera',
        () => `has_snapshot=true&camera_id=${yard.id}`,
        (e) => e.has_snapshot && e.camera_id === yard.id,
      ],
      ['nothing matches', () => `camera_id=${garage.id}&event_type=camera_offline`, () => false],
    ];
    it.each(cases)('filters: %s, on every page', async (_name, query, keep) => {
      const expected = [...stored].reverse().filter(keep);
      expect(expected.length === 0 || expected.length < stored.length).toBe(true);
      for (const limit of [1, 2, 100]) expect(await allPages(t, viewer, query(), limit)).toEqual(expected);
    });

    it('takes the filters after the live cursor too (oldest first)', async () => {
      const res = await http<{ items: CameraEvent[] }>(
        t,
        'GET',
        `/api/events?after=0&camera_id=${door.id},${yard.id}&has_snapshot=true`,
        { token: viewer },
      );
      expect(res.body.items).toEqual(stored.filter((e) => e.has_snapshot && e.camera_id !== garage.id));
    });

    it.each([
      ['before=0', 'before'],
      ['before=abc', 'before'],
      ['before=2147483648', 'before'],
      ['before=5&after=1', 'after and before'],
      ['before=5&camera_id=1,,2', 'camera_id'],
      ['before=5&camera_id=0', 'camera_id'],
      ['before=5&camera_id=1.5', 'camera_id'],
      [`before=5&camera_id=${Array.from({ length: 51 }, (_, i) => i + 1).join(',')}`, 'camera_id'],
      ['before=5&event_type=motion_detected,nope', 'event_type'],
      ['before=5&person_id=-1', 'person_id'],
      ['before=5&has_snapshot=yes', 'has_snapshot'],
      ['before=5&has_snapshot=', 'has_snapshot'],
      ['before=5&from=yesterday', 'from'],
      ['before=5&from=2026-01-01T00:00:00', 'from'],
      ['before=5&to=2026-02-30T00:00:00Z', 'to'],
      ['before=5&from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', 'from must be before to'],
      ['before=5&from=2026-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'from must be before to'],
      ['before=5&limit=501', 'limit'],
    ])('refuses ?%s with 400 naming %s', async (query, field) => {
      const res = await http<ApiError>(t, 'GET', `/api/events?${query}`, { token: viewer });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
    });

    it('answers 401 without a token', async () => {
      expect((await http(t, 'GET', `/api/events?before=${HISTORY_FIRST_PAGE}`)).status).toBe(401);
      expect((await http(t, 'GET', '/api/events/histogram')).status).toBe(401);
      expect((await http(t, 'GET', '/api/events/export.csv')).status).toBe(401);
    });
  });

  describe('GET /api/events/histogram', () => {
    /** The expected counts per bucket start, from the stored events. */
    const expectedCounts = (starts: number[], width: number, keep: (e: CameraEvent) => boolean = () => true) =>
      starts.map((start) => {
        const counts: Partial<Record<EventType, number>> = {};
        for (const e of stored.filter(keep)) {
          const time = Date.parse(e.occurred_at);
          if (time >= start && time < start + width) counts[e.event_type] = (counts[e.event_type] ?? 0) + 1;
        }
        return { start: new Date(start).toISOString(), counts };
      });

    it('lists every hour of the range, empty ones included, counted by type', async () => {
      const res = await http<EventHistogram>(
        t,
        'GET',
        `/api/events/histogram?bucket=hour&from=${at(0)}&to=${at(26 * 60)}`,
        { token: viewer },
      );
      expect(res.status).toBe(200);
      const starts = Array.from({ length: 26 }, (_, i) => base + i * HOUR);
      expect(res.body).toEqual({ bucket: 'hour', items: expectedCounts(starts, HOUR) });
      expect(res.body.items[0].counts).toEqual({ motion_detected: 1, face_unknown: 2, face_recognized: 1 });
      expect(res.body.items[5].counts).toEqual({});
    });

    it('widens the range to whole buckets', async () => {
      const res = await http<EventHistogram>(
        t,
        'GET',
        `/api/events/histogram?bucket=hour&from=${at(59)}&to=${at(61)}`,
        { token: viewer },
      );
      expect(res.body.items).toEqual(expectedCounts([base, base + HOUR], HOUR));
    });

    it.each([
      ['camera', () => `camera_id=${door.id}`, (e: CameraEvent) => e.camera_id === door.id],
      [
        'cameras and type',
        () => `camera_id=${door.id},${yard.id}&event_type=motion_detected`,
        (e: CameraEvent) => e.camera_id !== garage.id && e.event_type === 'motion_detected',
      ],
      ['type', () => 'event_type=face_unknown', (e: CameraEvent) => e.event_type === 'face_unknown'],
      ['picture', () => 'has_snapshot=true', (e: CameraEvent) => e.has_snapshot],
      ['person', () => `person_id=${ann.id}`, (e: CameraEvent) => e.data.person_id === ann.id],
    ])('filters hours by %s', async (_name, query, keep) => {
      const res = await http<EventHistogram>(
        t,
        'GET',
        `/api/events/histogram?from=${at(0)}&to=${at(4 * 60)}&${query()}`,
        { token: viewer },
      );
      expect(res.status).toBe(200);
      const starts = Array.from({ length: 4 }, (_, i) => base + i * HOUR);
      expect(res.body).toEqual({ bucket: 'hour', items: expectedCounts(starts, HOUR, keep) });
    });

    it('counts minutes and days', async () => {
      const minutes = await http<EventHistogram>(
        t,
        'GET',
        `/api/events/histogram?bucket=minute&from=${at(58)}&to=${at(62)}`,
        { token: viewer },
      );
      const minuteStarts = [58, 59, 60, 61].map((m) => base + m * 60_000);
      expect(minutes.body).toEqual({ bucket: 'minute', items: expectedCounts(minuteStarts, 60_000) });
      const day = 24 * HOUR;
      const dayStart = Math.floor(base / day) * day; // TZ is UTC in this app
      const days = await http<EventHistogram>(
        t,
        'GET',
        `/api/events/histogram?bucket=day&from=${new Date(dayStart - day).toISOString()}&to=${new Date(dayStart + 3 * day).toISOString()}`,
        { token: viewer },
      );
      const dayStarts = [-1, 0, 1, 2].map((d) => dayStart + d * day);
      expect(days.body).toEqual({ bucket: 'day', items: expectedCounts(dayStarts, day) });
      expect(days.body.items.reduce((n, item) => n + Object.values(item.counts).reduce((a, b) => a + b, 0), 0)).toBe(
        stored.length,
      );
    });

    it('answers a range of one day bucket (a bucket with no boundary inside)', async () => {
      const day = 24 * HOUR;
      const dayStart = Math.floor(base / day) * day; // TZ is UTC in this app
      const res = await http<EventHistogram>(
        t,
        'GET',
        `/api/events/histogram?bucket=day&from=${new Date(dayStart).toISOString()}&to=${new Date(dayStart + day).toISOString()}`,
        { token: viewer },
      );
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ bucket: 'day', items: expectedCounts([dayStart], day) });
    });

    it('defaults to the last 24 hours by hour', async () => {
      const res = await http<EventHistogram>(t, 'GET', '/api/events/histogram', { token: viewer });
      expect(res.body.bucket).toBe('hour');
      expect(res.body.items.length).toBeGreaterThanOrEqual(24);
      expect(res.body.items.length).toBeLessThanOrEqual(25);
    });

    it.each([
      ['bucket=week', 'bucket'],
      ['bucket=minute&from=2026-01-01T00:00:00Z&to=2026-01-03T00:00:00Z', 'more than 1500 minute buckets'],
      ['bucket=hour&from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'more than 1500 hour buckets'],
      ['from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', 'from must be before to'],
      ['camera_id=x', 'camera_id'],
      ['limit=5', 'limit'],
    ])('refuses ?%s with 400 naming %s', async (query, text) => {
      const res = await http<ApiError>(t, 'GET', `/api/events/histogram?${query}`, { token: viewer });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.message)).toContain(text);
    });
  });

  describe('GET /api/events/export.csv', () => {
    it('streams RFC 4180 CSV, newest first, with formula-safe cells', async () => {
      const res = await fetch(`${t.baseUrl}/api/events/export.csv?camera_id=${door.id},${yard.id}`, {
        headers: { authorization: `Bearer ${viewer}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="argus-events-\d{8}T\d{6}Z\.csv"$/);
      expect(res.headers.get('transfer-encoding')).toBe('chunked');
      const text = await res.text();
      const lines = text.split('\r\n');
      expect(lines[0]).toBe(EVENTS_EXPORT_COLUMNS.join(','));
      expect(lines[lines.length - 1]).toBe('');
      const expected = [...stored].reverse().filter((e) => e.camera_id !== garage.id);
      expect(lines).toHaveLength(expected.length + 2);
      const doorRow = lines.find((line) => line.startsWith(`${stored[2].id},`));
      expect(doorRow).toBe(
        `${stored[2].id},${stored[2].occurred_at},${door.id},"Door, ""north""",face_recognized,0.9,Ann,false`,
      );
      const yardRow = lines.find((line) => line.startsWith(`${stored[1].id},`));
      expect(yardRow).toBe(
        `${stored[1].id},${stored[1].occurred_at},${yard.id},"'=HYPERLINK(""http://evil"",""x"")",face_unknown,,,true`,
      );
      expect(lines.slice(1, -1).map((line) => Number(line.split(',')[0]))).toEqual(expected.map((e) => e.id));
    });

    it('refuses bad filters with 400 before any CSV', async () => {
      const res = await http<ApiError>(t, 'GET', '/api/events/export.csv?has_snapshot=1', { token: viewer });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.message)).toContain('has_snapshot');
    });
  });

  describe('retention and the histogram', () => {
    it('an event deleted by retention leaves the histogram too', async () => {
      const old = Date.now() - 40 * 24 * HOUR;
      const hour = Math.floor(old / HOUR) * HOUR;
      await ingest(t, garage, { event_type: 'motion_detected', occurred_at: new Date(old).toISOString() });
      const query = `/api/events/histogram?from=${new Date(hour).toISOString()}&to=${new Date(hour + HOUR).toISOString()}`;
      const counted = await http<EventHistogram>(t, 'GET', query, { token: viewer });
      expect(counted.body.items).toEqual([{ start: new Date(hour).toISOString(), counts: { motion_detected: 1 } }]);
      expect(await t.app.get(RetentionService).run()).toEqual({ deleted: 1 });
      const after = await http<EventHistogram>(t, 'GET', query, { token: viewer });
      expect(after.body.items).toEqual([{ start: new Date(hour).toISOString(), counts: {} }]);
      expect((await allPages(t, viewer, '', 100)).length).toBe(stored.length);
    });
  });
});

/** The same instant written with a +02:00 offset. */
function offsetTime(ms: number): string {
  const local = new Date(ms + 2 * HOUR).toISOString().slice(0, 19);
  return `${local}+02:00`;
}

describe('histogram buckets follow TZ', () => {
  it('in Asia/Kolkata (UTC+5:30) hours start at :30 UTC and days at 18:30 UTC', async () => {
    const t = await startTestApp({ env: { TZ: 'Asia/Kolkata' } });
    try {
      const admin = await login(t);
      const camera = await createCamera(t, admin, { name: 'Gate' });
      // Local midnight two days ago, in UTC.
      const day = 24 * HOUR;
      const midnight = Math.floor((Date.now() - 2 * day + 5.5 * HOUR) / day) * day - 5.5 * HOUR;
      const times = [midnight - 60_000, midnight, midnight + 29 * 60_000, midnight + 31 * 60_000];
      for (const ms of times) {
        await ingest(t, camera, { event_type: 'motion_detected', occurred_at: new Date(ms).toISOString() });
      }
      const range = `from=${new Date(midnight - HOUR).toISOString()}&to=${new Date(midnight + HOUR).toISOString()}`;
      const hours = await http<EventHistogram>(t, 'GET', `/api/events/histogram?bucket=hour&${range}`, {
        token: admin,
      });
      expect(hours.body.items).toEqual([
        { start: new Date(midnight - HOUR).toISOString(), counts: { motion_detected: 1 } },
        { start: new Date(midnight).toISOString(), counts: { motion_detected: 3 } },
      ]);
      expect(hours.body.items[1].start).toMatch(/T18:30:00\.000Z$/);
      const days = await http<EventHistogram>(t, 'GET', `/api/events/histogram?bucket=day&${range}`, {
        token: admin,
      });
      expect(days.body.items).toEqual([
        { start: new Date(midnight - day).toISOString(), counts: { motion_detected: 1 } },
        { start: new Date(midnight).toISOString(), counts: { motion_detected: 3 } },
      ]);
    } finally {
      await t.close();
    }
  });
});
