import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { SnapshotContentType } from './image-type';
import type { ProcessedSnapshot } from './snapshot-image';
import type { SnapshotKind } from './snapshot-url-signer';

/** One stored image as served: bytes, type and the hash its ETag is made of. */
export interface StoredImage {
  contentType: SnapshotContentType;
  bytes: Buffer;
  sha256: string;
}

/**
 * The `event_snapshots` table, in raw SQL: its image columns are BLOB on SQLite and BYTEA on
 * PostgreSQL, a type no single TypeORM column declaration maps to both.
 */
@Injectable()
export class SnapshotsService {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores the image of a just-inserted event, inside the ingest transaction (`manager`). */
  async insert(manager: EntityManager, eventId: number, snapshot: ProcessedSnapshot, now: string): Promise<void> {
    await manager.query(
      `INSERT INTO event_snapshots (event_id, content_type, byte_size, sha256, width, height, image, thumbnail,
         thumbnail_sha256, updated_at) VALUES (${this.params(10)})`,
      this.row(eventId, snapshot, now),
    );
  }

  /**
   * Adds or replaces the image of a stored event (a better Frigate snapshot) and marks the
   * event; false when the event no longer exists. Needs no ingest queue: no id is created.
   */
  async replace(eventId: number, snapshot: ProcessedSnapshot, now: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const events: unknown[] = await manager.query(`SELECT id FROM camera_events WHERE id = ${this.p(1)}`, [eventId]);
      if (events.length === 0) return false;
      await manager.query(
        `INSERT INTO event_snapshots (event_id, content_type, byte_size, sha256, width, height, image, thumbnail,
           thumbnail_sha256, updated_at) VALUES (${this.params(10)})
         ON CONFLICT (event_id) DO UPDATE SET content_type = excluded.content_type, byte_size = excluded.byte_size,
           sha256 = excluded.sha256, width = excluded.width, height = excluded.height, image = excluded.image,
           thumbnail = excluded.thumbnail, thumbnail_sha256 = excluded.thumbnail_sha256,
           updated_at = excluded.updated_at`,
        this.row(eventId, snapshot, now),
      );
      await manager.query(`UPDATE camera_events SET has_snapshot = TRUE WHERE id = ${this.p(1)}`, [eventId]);
      return true;
    });
  }

  /** The image (or its thumbnail) of an event; null when it has none. */
  async read(eventId: number, kind: SnapshotKind): Promise<StoredImage | null> {
    const columns =
      kind === 'snapshot'
        ? 'content_type, image AS bytes, sha256'
        : `'image/jpeg' AS content_type, thumbnail AS bytes, thumbnail_sha256 AS sha256`;
    const rows: Array<{ content_type: SnapshotContentType; bytes: Buffer; sha256: string }> =
      await this.dataSource.query(`SELECT ${columns} FROM event_snapshots WHERE event_id = ${this.p(1)}`, [eventId]);
    const row = rows[0];
    return row === undefined
      ? null
      : { contentType: row.content_type, bytes: Buffer.from(row.bytes), sha256: row.sha256 };
  }

  async exists(eventId: number): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT event_id FROM event_snapshots WHERE event_id = ${this.p(1)}`,
      [eventId],
    );
    return rows.length > 0;
  }

  private row(eventId: number, s: ProcessedSnapshot, now: string): unknown[] {
    return [
      eventId,
      s.contentType,
      s.image.length,
      s.sha256,
      s.width,
      s.height,
      s.image,
      s.thumbnail,
      s.thumbnailSha256,
      now,
    ];
  }

  private p(n: number): string {
    return this.dataSource.options.type === 'postgres' ? `$${n}` : '?';
  }

  private params(count: number): string {
    return Array.from({ length: count }, (_, i) => this.p(i + 1)).join(', ');
  }
}
