import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Per (rule, camera): when the rule last raised an alert for the camera. The cooldown is a
 * conditional update of this row, so it holds with any number of instances.
 */
@Entity({ name: 'alert_rule_cooldowns' })
export class AlertRuleCooldownEntity {
  @PrimaryColumn({ name: 'rule_id', type: 'integer' })
  ruleId: number;

  @PrimaryColumn({ name: 'camera_id', type: 'integer' })
  cameraId: number;

  /** ISO-8601 UTC; the empty string before the rule's first alert for the camera. */
  @Column({ name: 'last_alert_at', type: 'varchar', length: 24 })
  lastAlertAt: string;
}
