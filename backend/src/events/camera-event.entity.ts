import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { EventType } from '@argus/shared';

/**
 * A stored camera event. `id` is the polling/replay cursor: inserts are serialized
 * (see EventsService) so ids become visible in increasing order.
 * camera_id carries no foreign key: events outlive a deleted camera, with its name kept.
 */
@Entity({ name: 'camera_events' })
export class CameraEventEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'camera_id', type: 'integer' })
  cameraId: number;

  @Column({ name: 'camera_name', type: 'varchar', length: 100 })
  cameraName: string;

  @Column({ name: 'event_type', type: 'varchar', length: 32 })
  eventType: EventType;

  /** ISO-8601 UTC. */
  @Column({ name: 'occurred_at', type: 'varchar', length: 24 })
  occurredAt: string;

  @Column({ type: 'double precision', nullable: true })
  confidence: number | null;

  @Column({ name: 'person_id', type: 'integer', nullable: true })
  personId: number | null;

  @Column({ name: 'person_name', type: 'varchar', length: 100, nullable: true })
  personName: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt: string;

  /** What an NVR detected (Frigate's label: person, car...). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  label: string | null;

  /** JSON array of the zone names the object entered. */
  @Column({ type: 'text', nullable: true })
  zones: string | null;

  /** An image is stored in event_snapshots. */
  @Column({ name: 'has_snapshot', type: 'boolean', default: false })
  hasSnapshot: boolean;

  /** The client's Idempotency-Key (or `frigate:<id>:<fact>`), unique per camera. */
  @Column({ name: 'idempotency_key', type: 'varchar', length: 255, nullable: true })
  idempotencyKey: string | null;

  /** SHA-256 of the request that first used the key: a retry must match it. */
  @Column({ name: 'idempotency_hash', type: 'varchar', length: 64, nullable: true })
  idempotencyHash: string | null;
}
