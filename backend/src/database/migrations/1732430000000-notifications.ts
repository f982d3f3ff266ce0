import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alert delivery (issue 12, contract §10):
 * - notification_channels: a user's channels; `config` is the kind's JSON, secrets included
 *   (they never leave the server through the API).
 * - notification_deliveries: the outbox, one row per alert and channel (unique), written in
 *   the ingest transaction and drained by the worker of any instance; `claimed_until` is the
 *   lease of the instance sending it.
 * - notification_attempts: every attempt of a delivery, for the deliveries log.
 * - notification_preferences: per-user quiet hours.
 * - app_keys: server-wide generated keys (the VAPID key pair), inserted once if absent so
 *   every instance uses the same.
 */
export class Notifications1732430000000 implements MigrationInterface {
  name = 'Notifications1732430000000';

  async up(runner: QueryRunner): Promise<void> {
    const pg = runner.connection.options.type === 'postgres';
    const id = pg ? 'SERIAL PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT';
    const statements = [
      `CREATE TABLE notification_channels (
        id ${id},
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind VARCHAR(16) NOT NULL,
        min_severity VARCHAR(16) NOT NULL,
        enabled BOOLEAN NOT NULL DEFAULT TRUE,
        config TEXT NOT NULL,
        created_at VARCHAR(24) NOT NULL,
        updated_at VARCHAR(24) NOT NULL
      )`,
      `CREATE INDEX idx_channels_user ON notification_channels (user_id)`,
      `CREATE TABLE notification_deliveries (
        id ${id},
        alert_id INTEGER NOT NULL,
        channel_id INTEGER NOT NULL,
        user_id INTEGER NOT NULL,
        kind VARCHAR(16) NOT NULL,
        status VARCHAR(16) NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at VARCHAR(24) NOT NULL,
        next_attempt_at VARCHAR(24),
        claimed_until VARCHAR(24),
        claim VARCHAR(32)
      )`,
      `CREATE UNIQUE INDEX idx_deliveries_alert_channel ON notification_deliveries (alert_id, channel_id)`,
      `CREATE INDEX idx_deliveries_due ON notification_deliveries (next_attempt_at) WHERE status = 'pending'`,
      `CREATE TABLE notification_attempts (
        id ${id},
        delivery_id INTEGER NOT NULL REFERENCES notification_deliveries (id) ON DELETE CASCADE,
        attempt INTEGER NOT NULL,
        at VARCHAR(24) NOT NULL,
        status VARCHAR(16) NOT NULL,
        detail VARCHAR(300) NOT NULL
      )`,
      `CREATE INDEX idx_attempts_delivery ON notification_attempts (delivery_id, attempt)`,
      `CREATE TABLE notification_preferences (
        user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        quiet_start VARCHAR(5),
        quiet_end VARCHAR(5),
        updated_at VARCHAR(24) NOT NULL
      )`,
      `CREATE TABLE app_keys (
        name VARCHAR(64) PRIMARY KEY,
        value TEXT NOT NULL,
        created_at VARCHAR(24) NOT NULL
      )`,
    ];
    for (const sql of statements) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'app_keys',
      'notification_preferences',
      'notification_attempts',
      'notification_deliveries',
      'notification_channels',
    ]) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}
