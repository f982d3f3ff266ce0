import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { EventType, Role, Severity } from '@argus/shared';

/**
 * An alert raised by a rule for one event. Its audience is copied from the rule
 * (user_id, role, or both null for everyone) so later rule edits do not move it.
 */
@Entity({ name: 'alerts' })
export class AlertEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'event_id', type: 'integer' })
  eventId: number;

  @Column({ name: 'rule_id', type: 'integer', nullable: true })
  ruleId: number | null;

  @Column({ name: 'camera_id', type: 'integer' })
  cameraId: number;

  @Column({ name: 'camera_name', type: 'varchar', length: 100 })
  cameraName: string;

  @Column({ name: 'event_type', type: 'varchar', length: 32 })
  eventType: EventType;

  @Column({ type: 'varchar', length: 16 })
  severity: Severity;

  @Column({ type: 'varchar', length: 300 })
  message: string;

  @Column({ name: 'user_id', type: 'integer', nullable: true })
  userId: number | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  role: Role | null;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt: string;

  @Column({ name: 'acknowledged_at', type: 'varchar', length: 24, nullable: true })
  acknowledgedAt: string | null;

  @Column({ name: 'acknowledged_by', type: 'integer', nullable: true })
  acknowledgedBy: number | null;

  @Column({ name: 'acknowledged_by_username', type: 'varchar', length: 64, nullable: true })
  acknowledgedByUsername: string | null;
}
