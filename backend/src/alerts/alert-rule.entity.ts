import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { EventType, Role, Severity } from '@argus/shared';

/** Turns matching events into alerts. No user_id and no role: every user. */
@Entity({ name: 'alert_rules' })
export class AlertRuleEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'event_type', type: 'varchar', length: 32 })
  eventType: EventType;

  @Column({ name: 'camera_id', type: 'integer', nullable: true })
  cameraId: number | null;

  @Column({ type: 'varchar', length: 16 })
  severity: Severity;

  @Column({ name: 'user_id', type: 'integer', nullable: true })
  userId: number | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  role: Role | null;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt: string;

  /** 0..1; null: events of any confidence (or none) raise alerts. */
  @Column({ name: 'min_confidence', type: 'double precision', nullable: true })
  minConfidence: number | null;

  @Column({ name: 'cooldown_seconds', type: 'integer', default: 0 })
  cooldownSeconds: number;

  /** Comma-separated days 0-6 (0 = Sunday); the three schedule columns are all set or all null. */
  @Column({ name: 'schedule_days', type: 'varchar', length: 13, nullable: true })
  scheduleDays: string | null;

  /** HH:MM in TZ. */
  @Column({ name: 'schedule_start', type: 'varchar', length: 5, nullable: true })
  scheduleStart: string | null;

  @Column({ name: 'schedule_end', type: 'varchar', length: 5, nullable: true })
  scheduleEnd: string | null;
}
