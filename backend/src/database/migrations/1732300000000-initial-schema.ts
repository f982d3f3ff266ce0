import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The initial schema, written once per dialect so both databases get exactly the
 * indexes the hot paths need:
 * - camera_events(id) is the cursor; (event_type, occurred_at) answers last_recognition
 *   with one index probe; (camera_id, id) serves the camera filter of the cursor listing.
 * - alerts(acknowledged_at) counts open alerts; alerts(event_id) serves socket replay.
 */
export class InitialSchema1732300000000 implements MigrationInterface {
  name = 'InitialSchema1732300000000';

  async up(runner: QueryRunner): Promise<void> {
    const pg = runner.connection.options.type === 'postgres';
    const pk = pg ? 'SERIAL PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT';
    const bool = pg ? 'BOOLEAN' : 'BOOLEAN';
    const float = pg ? 'DOUBLE PRECISION' : 'REAL';
    const statements = [
      `CREATE TABLE users (
        id ${pk},
        username VARCHAR(64) NOT NULL,
        username_key VARCHAR(64) NOT NULL UNIQUE,
        password_hash VARCHAR(100) NOT NULL,
        role VARCHAR(16) NOT NULL,
        disabled ${bool} NOT NULL DEFAULT FALSE,
        created_at VARCHAR(24) NOT NULL
      )`,
      `CREATE TABLE cameras (
        id ${pk},
        name VARCHAR(100) NOT NULL,
        location VARCHAR(200) NOT NULL DEFAULT '',
        status VARCHAR(16) NOT NULL DEFAULT 'offline',
        enabled ${bool} NOT NULL DEFAULT TRUE,
        last_seen_at VARCHAR(24),
        ingest_key_hash VARCHAR(64) NOT NULL UNIQUE,
        simulated ${bool} NOT NULL DEFAULT FALSE,
        created_at VARCHAR(24) NOT NULL
      )`,
      `CREATE TABLE people (
        id ${pk},
        name VARCHAR(100) NOT NULL,
        created_at VARCHAR(24) NOT NULL
      )`,
      `CREATE TABLE camera_events (
        id ${pk},
        camera_id INTEGER NOT NULL,
        camera_name VARCHAR(100) NOT NULL,
        event_type VARCHAR(32) NOT NULL,
        occurred_at VARCHAR(24) NOT NULL,
        confidence ${float},
        person_id INTEGER,
        person_name VARCHAR(100),
        created_at VARCHAR(24) NOT NULL
      )`,
      `CREATE INDEX idx_events_type_occurred ON camera_events (event_type, occurred_at)`,
      `CREATE INDEX idx_events_camera_id ON camera_events (camera_id, id)`,
      `CREATE TABLE alert_rules (
        id ${pk},
        event_type VARCHAR(32) NOT NULL,
        camera_id INTEGER,
        severity VARCHAR(16) NOT NULL,
        user_id INTEGER,
        role VARCHAR(16),
        created_at VARCHAR(24) NOT NULL
      )`,
      `CREATE INDEX idx_alert_rules_event_type ON alert_rules (event_type)`,
      `CREATE TABLE alerts (
        id ${pk},
        event_id INTEGER NOT NULL,
        rule_id INTEGER,
        camera_id INTEGER NOT NULL,
        camera_name VARCHAR(100) NOT NULL,
        event_type VARCHAR(32) NOT NULL,
        severity VARCHAR(16) NOT NULL,
        message VARCHAR(300) NOT NULL,
        user_id INTEGER,
        role VARCHAR(16),
        created_at VARCHAR(24) NOT NULL,
        acknowledged_at VARCHAR(24),
        acknowledged_by INTEGER,
        acknowledged_by_username VARCHAR(64)
      )`,
      `CREATE INDEX idx_alerts_open ON alerts (acknowledged_at)`,
      `CREATE INDEX idx_alerts_event_id ON alerts (event_id)`,
      `CREATE TABLE daily_counters (
        day VARCHAR(10) NOT NULL,
        metric VARCHAR(32) NOT NULL,
        count INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (day, metric)
      )`,
    ];
    for (const sql of statements) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['daily_counters', 'alerts', 'alert_rules', 'camera_events', 'people', 'cameras', 'users']) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}
