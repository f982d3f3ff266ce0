import { Client } from 'pg';
import type { Alert, CameraEvent, EventsPage } from '@argus/shared';
import { DataSource } from 'typeorm';
import { RETENTION_BATCH, RetentionService, retentionLockKey } from '../src/events/retention.service';
import { createCamera, ingest } from './support/domain';
import { ManualClock } from './support/manual-clock';
import { getBytes, ingestWithSnapshot, testImage } from './support/images';
import { test as base } from './support/fixtures';
import { http, login } from './support/test-app';

const postgres = process.env.ARGUS_TEST_DB === 'postgres';
const DAY = 86_400_000;

const clock = new ManualClock();
const test = base
  .override('appOptions', { clock, env: { EVENT_RETENTION_DAYS: '30' } })
  .extend('rows', { scope: 'file' }, ({ t }) => {
    return async (sql: string): Promise<Array<Record<string, unknown>>> => t.app.get(DataSource).query(sql);
  });
const it = test;

describe('retention (EVENT_RETENTION_DAYS)', () => {
  const ago = (days: number) => new Date(clock.now().getTime() - days * DAY).toISOString();

  it('deletes events older than the period with their images; alerts keep their event_id; past days stay counted', async ({
    t,
    admin,
    rows,
  }) => {
    const camera = await createCamera(t, admin, { name: 'Old yard' });
    const image = await testImage(96, 64);
    const old = await ingestWithSnapshot(t, camera, { event_type: 'face_unknown', occurred_at: ago(31) }, image);
    const edge = await ingest(t, camera, { event_type: 'motion_detected', occurred_at: ago(29.9) });
    const fresh = await ingestWithSnapshot(t, camera, { event_type: 'motion_detected' }, image);
    const oldDay = old.occurred_at.slice(0, 10);
    const countersBefore = await rows(
      `SELECT metric, count FROM daily_counters WHERE day = '${oldDay}' ORDER BY metric`,
    );

    expect(await t.app.get(RetentionService).run()).toEqual({ deleted: 1 });

    const page = await http<EventsPage>(t, 'GET', `/api/events?camera_id=${camera.id}`, { token: admin });
    expect(page.body.items.map((e: CameraEvent) => e.id)).toEqual([edge.id, fresh.id]);
    const bearer = { authorization: `Bearer ${admin}` };
    expect((await getBytes(t, `/api/events/${old.id}/snapshot`, bearer)).status).toBe(404);
    expect((await getBytes(t, `/api/events/${fresh.id}/snapshot`, bearer)).status).toBe(200);
    expect(await rows(`SELECT event_id FROM event_snapshots WHERE event_id = ${old.id}`)).toEqual([]);
    const alerts = await http<Alert[]>(t, 'GET', '/api/alerts?status=all', { token: admin });
    expect(alerts.body.filter((a) => a.event_id === old.id)).toHaveLength(1);
    expect(await rows(`SELECT metric, count FROM daily_counters WHERE day = '${oldDay}' ORDER BY metric`)).toEqual(
      countersBefore,
    );
  });

  it('works through more than one batch, oldest first, and deletes nothing when nothing is old', async ({
    t,
    admin,
    rows,
  }) => {
    const camera = await createCamera(t, admin, { name: 'Archive' });
    const values = Array.from({ length: RETENTION_BATCH + 20 }, (_, i) => {
      const at = new Date(clock.now().getTime() - 40 * DAY + i * 1000).toISOString();
      return `(${camera.id}, 'Archive', 'motion_detected', '${at}', '${at}')`;
    });
    await rows(
      `INSERT INTO camera_events (camera_id, camera_name, event_type, occurred_at, created_at) VALUES ${values.join(', ')}`,
    );
    expect(await t.app.get(RetentionService).run()).toEqual({ deleted: RETENTION_BATCH + 20 });
    expect(await t.app.get(RetentionService).run()).toEqual({ deleted: 0 });
  });

  it.runIf(postgres)('runs on one instance at a time: a held advisory lock skips the run', async ({ t, admin }) => {
    const camera = await createCamera(t, admin, { name: 'Locked' });
    await ingest(t, camera, { event_type: 'motion_detected', occurred_at: ago(45) });
    const other = new Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    try {
      const key = retentionLockKey(t.env.DATABASE_SCHEMA);
      await other.query('SELECT pg_advisory_lock($1)', [key]);
      expect(await t.app.get(RetentionService).run()).toEqual({ skipped: 'locked' });
      await other.query('SELECT pg_advisory_unlock($1)', [key]);
      expect(await t.app.get(RetentionService).run()).toEqual({ deleted: 1 });
    } finally {
      await other.end();
    }
  });
});

// A second app with another secret only after the tests on the first: passport's strategy registry is global.
describe('retention switched off', () => {
  it('keeps everything with EVENT_RETENTION_DAYS=0', async ({ apps }) => {
    const keep = await apps.start({ clock, env: { EVENT_RETENTION_DAYS: '0' } });
    const token = await login(keep);
    const camera = await createCamera(keep, token, { name: 'Forever' });
    await ingest(keep, camera, {
      event_type: 'motion_detected',
      occurred_at: new Date(clock.now().getTime() - 3000 * DAY).toISOString(),
    });
    expect(await keep.app.get(RetentionService).run()).toEqual({ skipped: 'disabled' });
    const page = await http<EventsPage>(keep, 'GET', '/api/events', { token });
    expect(page.body.items).toHaveLength(1);
  });
});
