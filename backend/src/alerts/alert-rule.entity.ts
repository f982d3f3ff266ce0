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
}
