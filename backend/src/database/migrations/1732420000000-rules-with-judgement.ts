import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rules with judgement and camera snooze (issue 12, contract §10):
 * - alert_rules.min_confidence, cooldown_seconds (0: none) and the schedule as three columns
 *   (days as comma-separated 0-6, start and end as HH:MM; all null: always armed).
 * - alert_rule_cooldowns: per (rule, camera) the time of the last alert the rule raised for it,
 *   claimed with a conditional update, so the cooldown holds with any number of instances.
 * - cameras.snoozed_until: no alerts from the camera's events before this time.
 */
export class RulesWithJudgement1732420000000 implements MigrationInterface {
  name = 'RulesWithJudgement1732420000000';

  async up(runner: QueryRunner): Promise<void> {
    const pg = runner.connection.options.type === 'postgres';
    const float = pg ? 'DOUBLE PRECISION' : 'REAL';
    const statements = [
      `ALTER TABLE alert_rules ADD COLUMN min_confidence ${float}`,
      `ALTER TABLE alert_rules ADD COLUMN cooldown_seconds INTEGER NOT NULL DEFAULT 0`,
      `ALTER TABLE alert_rules ADD COLUMN schedule_days VARCHAR(13)`,
      `ALTER TABLE alert_rules ADD COLUMN schedule_start VARCHAR(5)`,
      `ALTER TABLE alert_rules ADD COLUMN schedule_end VARCHAR(5)`,
      `CREATE TABLE alert_rule_cooldowns (
        rule_id INTEGER NOT NULL,
        camera_id INTEGER NOT NULL,
        last_alert_at VARCHAR(24) NOT NULL,
        PRIMARY KEY (rule_id, camera_id)
      )`,
      `ALTER TABLE cameras ADD COLUMN snoozed_until VARCHAR(24)`,
    ];
    for (const sql of statements) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    const statements = [
      `ALTER TABLE cameras DROP COLUMN snoozed_until`,
      `DROP TABLE alert_rule_cooldowns`,
      `ALTER TABLE alert_rules DROP COLUMN schedule_end`,
      `ALTER TABLE alert_rules DROP COLUMN schedule_start`,
      `ALTER TABLE alert_rules DROP COLUMN schedule_days`,
      `ALTER TABLE alert_rules DROP COLUMN cooldown_seconds`,
      `ALTER TABLE alert_rules DROP COLUMN min_confidence`,
    ];
    for (const sql of statements) await runner.query(sql);
  }
}
