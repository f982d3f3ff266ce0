import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Camera sources, event snapshots, idempotent ingest and retention (issue 11):
 * - cameras.source replaces cameras.simulated; cameras.external_id is the name a source
 *   knows the camera by (Frigate's camera name), unique per source, so an admin may rename it.
 * - camera_events.has_snapshot, label and zones (JSON array text) for NVR detections; idempotency_key/idempotency_hash with a unique index per
 *   camera (partial: most events have no key); (occurred_at) for retention's oldest-first batches.
 * - event_snapshots: one image per event, with its thumbnail, in the shared database.
 */
export class SourcesAndSnapshots1732300000020 implements MigrationInterface {
  name = 'SourcesAndSnapshots1732300000020';

  async up(runner: QueryRunner): Promise<void> {
    const pg = runner.connection.options.type === 'postgres';
    const blob = pg ? 'BYTEA' : 'BLOB';
    const statements = [
      `ALTER TABLE cameras ADD COLUMN source VARCHAR(16) NOT NULL DEFAULT 'api'`,
      `ALTER TABLE cameras ADD COLUMN external_id VARCHAR(100)`,
      `UPDATE cameras SET source = 'simulator' WHERE simulated`,
      `ALTER TABLE cameras DROP COLUMN simulated`,
      `CREATE UNIQUE INDEX idx_cameras_source_external ON cameras (source, external_id) WHERE external_id IS NOT NULL`,
      `ALTER TABLE camera_events ADD COLUMN has_snapshot BOOLEAN NOT NULL DEFAULT FALSE`,
      `ALTER TABLE camera_events ADD COLUMN label VARCHAR(64)`,
      `ALTER TABLE camera_events ADD COLUMN zones TEXT`,
      `ALTER TABLE camera_events ADD COLUMN idempotency_key VARCHAR(255)`,
      `ALTER TABLE camera_events ADD COLUMN idempotency_hash VARCHAR(64)`,
      `CREATE UNIQUE INDEX idx_events_idempotency ON camera_events (camera_id, idempotency_key) WHERE idempotency_key IS NOT NULL`,
      `CREATE INDEX idx_events_occurred ON camera_events (occurred_at)`,
      `CREATE TABLE event_snapshots (
        event_id INTEGER PRIMARY KEY,
        content_type VARCHAR(32) NOT NULL,
        byte_size INTEGER NOT NULL,
        sha256 VARCHAR(64) NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        image ${blob} NOT NULL,
        thumbnail ${blob} NOT NULL,
        thumbnail_sha256 VARCHAR(64) NOT NULL,
        updated_at VARCHAR(24) NOT NULL
      )`,
    ];
    for (const sql of statements) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    const statements = [
      `DROP TABLE event_snapshots`,
      `DROP INDEX idx_events_occurred`,
      `DROP INDEX idx_events_idempotency`,
      `ALTER TABLE camera_events DROP COLUMN idempotency_hash`,
      `ALTER TABLE camera_events DROP COLUMN idempotency_key`,
      `ALTER TABLE camera_events DROP COLUMN zones`,
      `ALTER TABLE camera_events DROP COLUMN label`,
      `ALTER TABLE camera_events DROP COLUMN has_snapshot`,
      `DROP INDEX idx_cameras_source_external`,
      `ALTER TABLE cameras ADD COLUMN simulated BOOLEAN NOT NULL DEFAULT FALSE`,
      `UPDATE cameras SET simulated = TRUE WHERE source = 'simulator'`,
      `ALTER TABLE cameras DROP COLUMN external_id`,
      `ALTER TABLE cameras DROP COLUMN source`,
    ];
    for (const sql of statements) await runner.query(sql);
  }
}
