import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CameraSource, CameraStatus } from '@argus/shared';

@Entity({ name: 'cameras' })
export class CameraEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 200, default: '' })
  location: string;

  @Column({ type: 'varchar', length: 16, default: 'offline' })
  status: CameraStatus;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  /** ISO-8601 UTC, or null before the first event. */
  @Column({ name: 'last_seen_at', type: 'varchar', length: 24, nullable: true })
  lastSeenAt: string | null;

  /** SHA-256 (hex) of the ingest key; the key itself is shown once and never stored. */
  @Column({ name: 'ingest_key_hash', type: 'varchar', length: 64, unique: true })
  ingestKeyHash: string;

  /** Who registered the camera: the API (an admin), the Frigate bridge or the simulator. */
  @Column({ type: 'varchar', length: 16, default: 'api' })
  source: CameraSource;

  /** The name the source knows it by (Frigate's camera name); unique per source. */
  @Column({ name: 'external_id', type: 'varchar', length: 100, nullable: true })
  externalId: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt: string;

  /** ISO-8601 UTC: the camera's events raise no alerts before this time; null when not snoozed. */
  @Column({ name: 'snoozed_until', type: 'varchar', length: 24, nullable: true })
  snoozedUntil: string | null;
}
