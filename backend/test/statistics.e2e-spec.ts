import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { Alert, ApiError, Statistics } from '@argus/shared';
import { localDay } from '../src/common/time';
import { STATISTICS_QUERIES, StatisticsService } from '../src/statistics/statistics.service';
import { createCamera, ingest, viewerToken } from './support/domain';
import { it, test } from './support/fixtures';
import { http, login } from './support/test-app';

const postgres = process.env.ARGUS_TEST_DB === 'postgres';

/** The first instant (to the minute) of the current local day in `timeZone`. */
function localMidnight(timeZone: string, now = new Date()): Date {
  const today = localDay(now, timeZone);
  let low = now.getTime() - 27 * 3600_000; // surely yesterday
  let high = now.getTime(); // surely today
  while (high - low > 60_000) {
    const mid = Math.floor((low + high) / 2);
    if (localDay(new Date(mid), timeZone) === today) high = mid;
    else low = mid;
  }
  return new Date(Math.floor(high / 60_000) * 60_000);
}

// A long interval: the cache only changes when the test calls compute().
test.override('appOptions', { env: { STATS_INTERVAL_MS: '600000' } });

describe('statistics', () => {
  it('starts empty', async ({ t }) => {
    const stats = await t.app.get(StatisticsService).compute();
    expect(stats).toEqual({
      total_people: 0,
      recognitions_today: 0,
      unknown_faces_today: 0,
      last_recognition: null,
      total_cameras: 0,
      active_cameras: 0,
      events_today: 0,
      open_alerts: 0,
      generated_at: expect.stringMatching(/Z$/) as string,
    });
  });

  it('counts what was ingested today, the last recognition, active cameras and open alerts', async ({ t, admin }) => {
    for (const name of ['Ann', 'Ben']) await http(t, 'POST', '/api/people', { token: admin, body: { name } });
    const door = await createCamera(t, admin, { name: 'Door' });
    const yard = await createCamera(t, admin, { name: 'Yard' });
    const attic = await createCamera(t, admin, { name: 'Attic' });

    const old = new Date(Date.now() - 3 * 24 * 3600_000).toISOString();
    const recent = new Date(Date.now() - 1000).toISOString();
    await ingest(t, door, { event_type: 'face_recognized', occurred_at: recent });
    await ingest(t, door, { event_type: 'face_recognized', occurred_at: old }); // not today, not the last
    const latest = await ingest(t, door, { event_type: 'face_recognized' }); // occurred_at: now
    await ingest(t, door, { event_type: 'face_unknown' }); // default rule: one alert for everyone
    await ingest(t, door, { event_type: 'motion_detected' });
    await ingest(t, yard, { event_type: 'camera_online' });
    await ingest(t, yard, { event_type: 'camera_offline' }); // default rule: one alert for admins
    await ingest(t, attic, { event_type: 'camera_online' });
    await http(t, 'PATCH', `/api/cameras/${attic.id}`, { token: admin, body: { enabled: false } });

    const stats = await t.app.get(StatisticsService).compute();
    expect(stats).toMatchObject({
      total_people: 2,
      recognitions_today: 2,
      unknown_faces_today: 1,
      last_recognition: latest.occurred_at,
      total_cameras: 3,
      active_cameras: 1, // door; yard went offline, attic is disabled
      events_today: 7,
      open_alerts: 2,
    });

    const alerts = await http<Alert[]>(t, 'GET', '/api/alerts?status=open', { token: admin });
    expect(alerts.body).toHaveLength(2);
    expect((await http(t, 'POST', `/api/alerts/${alerts.body[0].id}/ack`, { token: admin })).status).toBe(200);
    expect((await t.app.get(StatisticsService).compute()).open_alerts).toBe(1);
  });

  it('GET /api/faces/statistics serves the cached snapshot to any user, 401 without a token', async ({ t, admin }) => {
    const service = t.app.get(StatisticsService);
    const fresh = await service.compute();
    const viewer = await viewerToken(t, admin);
    const first = await http<Statistics>(t, 'GET', '/api/faces/statistics', { token: viewer });
    expect(first.status).toBe(200);
    expect(first.body).toEqual(fresh);
    const door = await createCamera(t, admin, { name: 'Late' });
    await ingest(t, door, { event_type: 'face_unknown' });
    const second = await http<Statistics>(t, 'GET', '/api/faces/statistics', { token: admin });
    expect(second.body).toEqual(fresh); // still the same snapshot: no computation per request
    const recomputed = await service.compute();
    const third = await http<Statistics>(t, 'GET', '/api/faces/statistics', { token: admin });
    expect(third.body).toEqual(recomputed);
    expect(third.body.unknown_faces_today).toBe(fresh.unknown_faces_today + 1);
    const anonymous = await http<ApiError>(t, 'GET', '/api/faces/statistics');
    expect(anonymous.status).toBe(401);
  });

  it('concurrent compute() calls share one computation', async ({ t }) => {
    const service = t.app.get(StatisticsService);
    const [a, b, c] = await Promise.all([service.compute(), service.compute(), service.compute()]);
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  it.runIf(!postgres)('no statistics query scans camera_events (SQLite query plans)', async ({ t }) => {
    const ds = t.app.get(DataSource);
    const queries = [
      STATISTICS_QUERIES.today('?'),
      STATISTICS_QUERIES.lastRecognition,
      STATISTICS_QUERIES.people,
      STATISTICS_QUERIES.cameras,
      STATISTICS_QUERIES.openAlerts,
      // What compute() runs: the above in one statement, plus the newest event id.
      STATISTICS_QUERIES.snapshot('?'),
    ];
    const plans: string[] = [];
    for (const sql of queries) {
      const rows = await ds.query<Array<{ detail: string }>>(
        `EXPLAIN QUERY PLAN ${sql}`,
        sql.includes('?') ? ['2024-01-01'] : [],
      );
      plans.push(...rows.map((row) => row.detail));
    }
    const covered = expect.stringMatching(
      /SEARCH camera_events USING COVERING INDEX idx_events_type_occurred/,
    ) as string;
    // The snapshot's MAX(id) is a rowid search (the last row of the primary key).
    expect(plans.filter((detail) => /camera_events/.test(detail))).toEqual([covered, 'SEARCH camera_events', covered]);
    expect(plans.some((detail) => /SCAN (TABLE )?(camera_events|daily_counters|alerts)\b(?! USING)/.test(detail))).toBe(
      false,
    );
  });

  it.runIf(postgres)('no statistics query reads camera_events sequentially (PostgreSQL plans)', async ({ t }) => {
    const client = new Client({ connectionString: t.env.DATABASE_URL });
    await client.connect();
    try {
      await client.query(`SET search_path TO ${t.env.DATABASE_SCHEMA}`);
      await client.query('ANALYZE camera_events');
      // Tiny tables make a sequential scan cheapest; forbid it to see which index each query can use.
      await client.query('SET enable_seqscan = off');
      const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${STATISTICS_QUERIES.lastRecognition}`);
      const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
      expect(text).toContain('idx_events_type_occurred');
      expect(text).not.toMatch(/Seq Scan on camera_events/);
      const today = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${STATISTICS_QUERIES.today('$1')}`, [
        '2024-01-01',
      ]);
      expect(today.rows.map((row) => row['QUERY PLAN']).join('\n')).not.toMatch(/Seq Scan/);
    } finally {
      await client.end();
    }
  });
});

describe('"today" follows TZ', () => {
  // UTC+14 and UTC-11: their local dates differ at every instant.
  it.for(['Pacific/Kiritimati', 'Pacific/Pago_Pago'])(
    'in %s an event a minute before local midnight is yesterday, a minute after is today',
    { timeout: 30_000 },
    async (timeZone, { apps }) => {
      const t = await apps.start({ env: { TZ: timeZone, STATS_INTERVAL_MS: '600000' } });
      const admin = await login(t);
      const camera = await createCamera(t, admin, { name: 'Clock' });
      const midnight = localMidnight(timeZone);
      const before = new Date(midnight.getTime() - 60_000);
      const after = new Date(Math.min(midnight.getTime() + 60_000, Date.now()));
      expect(localDay(before, timeZone)).not.toBe(localDay(after, timeZone));
      await ingest(t, camera, { event_type: 'face_recognized', occurred_at: before.toISOString() });
      await ingest(t, camera, { event_type: 'face_recognized', occurred_at: after.toISOString() });
      await ingest(t, camera, { event_type: 'face_unknown', occurred_at: before.toISOString() });
      const stats = await t.app.get(StatisticsService).compute();
      expect(stats.recognitions_today).toBe(1);
      expect(stats.unknown_faces_today).toBe(0);
      expect(stats.events_today).toBe(1);
    },
  );
});
