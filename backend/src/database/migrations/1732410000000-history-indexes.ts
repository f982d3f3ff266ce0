import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * History (issue 13): indexes so every filter of `GET /api/events?before=` walks one index
 * backwards from `before` (see backend/src/history/event-queries.ts), and hourly counters
 * for the histogram:
 * - camera_events (event_type, id) for type lists; (person_id, id) and (person_id, occurred_at)
 *   for a person's events (partial: most events have no person); (id) where has_snapshot for
 *   events with a picture; (camera_id, id) exists already.
 * - alerts (camera_id, id) and (severity, id) for the alert filters.
 * - event_hour_counts (hour, event_type) and event_hour_camera_counts (camera_id, hour,
 *   event_type, has_snapshot): events per local hour (the key is the UTC start of the hour in
 *   the server's TZ), maintained by ingest and retention. Filled here from the stored events
 *   by UTC hour, which is the local hour in every zone with a whole-hour offset.
 */
export class HistoryIndexes1732410000000 implements MigrationInterface {
  name = 'HistoryIndexes1732410000000';

  async up(runner: QueryRunner): Promise<void> {
    const pg = runner.connection.options.type === 'postgres';
    const hour = pg
      ? `SUBSTRING(occurred_at FROM 1 FOR 13) || ':00:00.000Z'`
      : `SUBSTR(occurred_at, 1, 13) || ':00:00.000Z'`;
    const statements = [
      `CREATE INDEX idx_events_type_id ON camera_events (event_type, id)`,
      `CREATE INDEX idx_events_person_id ON camera_events (person_id, id) WHERE person_id IS NOT NULL`,
      `CREATE INDEX idx_events_person_occurred ON camera_events (person_id, occurred_at) WHERE person_id IS NOT NULL`,
      `CREATE INDEX idx_events_snapshot_id ON camera_events (id) WHERE has_snapshot = TRUE`,
      `CREATE INDEX idx_alerts_camera_id ON alerts (camera_id, id)`,
      `CREATE INDEX idx_alerts_severity_id ON alerts (severity, id)`,
      `CREATE TABLE event_hour_counts (
        hour VARCHAR(24) NOT NULL,
        event_type VARCHAR(32) NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (hour, event_type)
      )`,
      `CREATE TABLE event_hour_camera_counts (
        camera_id INTEGER NOT NULL,
        hour VARCHAR(24) NOT NULL,
        event_type VARCHAR(32) NOT NULL,
        has_snapshot BOOLEAN NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (camera_id, hour, event_type, has_snapshot)
      )`,
      `CREATE INDEX idx_hour_camera_counts_hour ON event_hour_camera_counts (hour)`,
      `INSERT INTO event_hour_counts (hour, event_type, count)
        SELECT ${hour}, event_type, COUNT(*) FROM camera_events GROUP BY ${hour}, event_type`,
      `INSERT INTO event_hour_camera_counts (camera_id, hour, event_type, has_snapshot, count)
        SELECT camera_id, ${hour}, event_type, has_snapshot, COUNT(*) FROM camera_events
        GROUP BY camera_id, ${hour}, event_type, has_snapshot`,
    ];
    for (const sql of statements) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    const statements = [
      `DROP TABLE event_hour_camera_counts`,
      `DROP TABLE event_hour_counts`,
      `DROP INDEX idx_alerts_severity_id`,
      `DROP INDEX idx_alerts_camera_id`,
      `DROP INDEX idx_events_snapshot_id`,
      `DROP INDEX idx_events_person_occurred`,
      `DROP INDEX idx_events_person_id`,
      `DROP INDEX idx_events_type_id`,
    ];
    for (const sql of statements) await runner.query(sql);
  }
}
