import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { HISTORY_FIRST_PAGE } from '@argus/shared';
import type { EventFilter } from '../src/history/event-filter';
import {
  BuiltQuery,
  firstIdAtQuery,
  hourCountsQuery,
  PageDriver,
  pageDriver,
  pageQuery,
  rawCountsQuery,
} from '../src/history/event-queries';
import { insertBulkEvents } from './support/bulk-events';
import { createCamera } from './support/domain';
import { login, startTestApp, TestApp } from './support/test-app';

const postgres = process.env.ARGUS_TEST_DB === 'postgres';
const DAY = 24 * 3600_000;

/**
 * The query plans of every history query (contract §9: "every combination is answered from
 * an index"), as statistics.e2e-spec.ts shows them for the statistics: on SQLite the exact
 * index each one walks, on PostgreSQL (with 20,000 events analysed) no sequential scan.
 */
describe('history query plans', () => {
  let t: TestApp;
  let cameras: number[];
  const now = Date.now();
  const from = new Date(now - DAY).toISOString();
  const to = new Date(now - DAY / 2).toISOString();
  beforeAll(async () => {
    t = await startTestApp();
    const admin = await login(t);
    cameras = [];
    for (const name of ['A', 'B', 'C']) cameras.push((await createCamera(t, admin, { name })).id);
    await insertBulkEvents(t, { count: 20_000, start: new Date(now - 10 * DAY), cameraIds: cameras });
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  /** Every page query shape: each driver, lists expanded into arms, with the other filters as residues. */
  const pages = (): Array<[string, EventFilter, PageDriver, RegExp[]]> => [
    ['no filter', {}, 'id', [/SEARCH camera_events USING INTEGER PRIMARY KEY \(rowid<\?\)/]],
    [
      'one camera',
      { cameraIds: [cameras[0]] },
      'cameras',
      [/SEARCH camera_events USING INDEX idx_events_camera_id \(camera_id=\? AND id<\?\)/],
    ],
    [
      'two cameras and a type',
      { cameraIds: cameras.slice(0, 2), eventTypes: ['motion_detected'] },
      'cameras',
      [/SEARCH camera_events USING INDEX idx_events_camera_id \(camera_id=\? AND id<\?\)/],
    ],
    [
      'two types',
      { eventTypes: ['motion_detected', 'face_unknown'] },
      'types',
      [/SEARCH camera_events USING INDEX idx_events_type_id \(event_type=\? AND id<\?\)/],
    ],
    [
      'a person and a camera',
      { personId: 1, cameraIds: [cameras[0]] },
      'person',
      [/SEARCH camera_events USING INDEX idx_events_person_id \(person_id=\? AND id<\?\)/],
    ],
    [
      'with a picture',
      { hasSnapshot: true },
      'snapshot',
      [/SEARCH camera_events USING INDEX idx_events_snapshot_id \(id<\?\)/],
    ],
    [
      'without a picture',
      { hasSnapshot: false },
      'id',
      [/SEARCH camera_events USING INTEGER PRIMARY KEY \(rowid<\?\)/],
    ],
    ['a recent range (walk)', { from, cameraIds: [cameras[1]] }, 'cameras', [/USING INDEX idx_events_camera_id/]],
    [
      'a small or old range (read and sorted)',
      { from, to, eventTypes: ['motion_detected'] },
      'time',
      [/SEARCH camera_events USING INDEX idx_events_occurred \(occurred_at>\? AND occurred_at<\?\)/],
    ],
  ];

  const others = (): Array<[string, BuiltQuery, RegExp]> => [
    [
      'range size probe',
      firstIdAtQuery(from, postgres),
      /SEARCH camera_events USING (COVERING )?INDEX idx_events_occurred \(occurred_at>\?\)/,
    ],
    [
      'histogram by type',
      hourCountsQuery({ eventTypes: ['face_unknown'] }, from, to, postgres),
      /SEARCH event_hour_counts USING (COVERING )?INDEX sqlite_autoindex_event_hour_counts_1 \(hour>\? AND hour<\?\)/,
    ],
    [
      'histogram by camera',
      hourCountsQuery({ cameraIds: cameras, hasSnapshot: true }, from, to, postgres),
      /SEARCH event_hour_camera_counts USING INDEX sqlite_autoindex_event_hour_camera_counts_1 \(camera_id=\? AND hour>\? AND hour<\?\)/,
    ],
    [
      'histogram by picture',
      hourCountsQuery({ hasSnapshot: false }, from, to, postgres),
      /SEARCH event_hour_camera_counts USING INDEX idx_hour_camera_counts_hour \(hour>\? AND hour<\?\)/,
    ],
    [
      'histogram by minute',
      rawCountsQuery({ cameraIds: [cameras[0]] }, from, to, postgres),
      /SEARCH camera_events USING INDEX idx_events_occurred \(occurred_at>\? AND occurred_at<\?\)/,
    ],
    [
      'histogram of a person',
      rawCountsQuery({ personId: 1 }, from, to, postgres),
      /SEARCH camera_events USING INDEX idx_events_person_occurred \(person_id=\? AND occurred_at>\? AND occurred_at<\?\)/,
    ],
  ];

  it.runIf(!postgres)('SQLite: each query searches the index its filter names, none scans a table', async () => {
    const ds = t.app.get(DataSource);
    const plan = async (query: BuiltQuery): Promise<string[]> =>
      (await ds.query<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${query.sql}`, query.params)).map(
        (row) => row.detail,
      );
    for (const [name, filter, driver, expected] of pages()) {
      if (driver !== 'time') expect(pageDriver(filter), name).toBe(driver);
      const details = await plan(pageQuery(filter, HISTORY_FIRST_PAGE, 101, false, driver));
      for (const pattern of expected) expect(details.join('\n'), name).toMatch(pattern);
      expect(
        details.filter((d) => /^SCAN /.test(d) && !/^SCAN (arm\d|\(subquery)/.test(d)),
        name,
      ).toEqual([]);
      // Only the time driver sorts (the few rows of its range); the walks come out in id order.
      // Arms of a list are each sorted for the merge: at most `limit` rows apiece.
      if (driver !== 'time') {
        const sorts = details.flatMap((d, i) => (/TEMP B-TREE FOR ORDER BY/.test(d) ? [details[i - 1]] : []));
        expect(
          sorts.every((previous) => /^SCAN arm\d+$/.test(previous)),
          name,
        ).toBe(true);
      }
    }
    for (const [name, query, expected] of others()) {
      const details = await plan(query);
      expect(details.join('\n'), name).toMatch(expected);
      expect(
        details.filter((d) => /^SCAN /.test(d)),
        name,
      ).toEqual([]);
    }
  });

  it.runIf(postgres)('PostgreSQL: no query reads a table sequentially', async () => {
    const client = new Client({ connectionString: t.env.DATABASE_URL });
    await client.connect();
    try {
      await client.query(`SET search_path TO ${t.env.DATABASE_SCHEMA}`);
      await client.query('ANALYZE');
      const explain = async (query: BuiltQuery): Promise<string> =>
        (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${query.sql}`, query.params)).rows
          .map((row) => row['QUERY PLAN'])
          .join('\n');
      for (const [name, filter, driver] of pages()) {
        const text = await explain(pageQuery(filter, HISTORY_FIRST_PAGE, 101, true, driver));
        expect(text, name).not.toMatch(/Seq Scan/);
        expect(text, name).toMatch(/Index (Only )?Scan|Bitmap Index Scan/);
      }
      for (const [name, query] of others()) {
        const text = await explain(query);
        expect(text, name).not.toMatch(/Seq Scan on camera_events/);
      }
    } finally {
      await client.end();
    }
  });
});
