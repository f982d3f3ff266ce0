import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The contract's default alert rules: an unknown face is a warning for everyone, a
 * camera going offline is critical for admins. Admins may edit or delete them later.
 */
export class DefaultAlertRules1732300000001 implements MigrationInterface {
  name = 'DefaultAlertRules1732300000001';

  async up(runner: QueryRunner): Promise<void> {
    const now = new Date().toISOString();
    await runner.query(
      `INSERT INTO alert_rules (event_type, camera_id, severity, user_id, role, created_at) VALUES
        ('face_unknown', NULL, 'warning', NULL, NULL, '${now}'),
        ('camera_offline', NULL, 'critical', NULL, 'admin', '${now}')`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      `DELETE FROM alert_rules WHERE camera_id IS NULL AND user_id IS NULL AND (
        (event_type = 'face_unknown' AND severity = 'warning' AND role IS NULL) OR
        (event_type = 'camera_offline' AND severity = 'critical' AND role = 'admin'))`,
    );
  }
}
