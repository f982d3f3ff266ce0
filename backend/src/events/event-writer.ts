import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventType } from '@argus/shared';
import { AlertRaiser, RaisedAlert } from '../alerts/alert-raiser';
import { CameraEntity } from '../cameras/camera.entity';
import { localDay } from '../common/time';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { NotificationOutbox } from '../notifications/notification-outbox';
import type { ProcessedSnapshot } from '../snapshots/snapshot-image';
import { SnapshotsService } from '../snapshots/snapshots.service';
import { CameraEventEntity } from './camera-event.entity';
import { HourCounters } from '../history/hour-counters';

/** One event to store, everything about it already checked. */
export interface NewEvent {
  camera: Pick<CameraEntity, 'id' | 'name'>;
  eventType: EventType;
  occurredAt: string;
  /** Storage time: created_at, and the camera's last_seen_at when `seen`. */
  now: string;
  confidence?: number | null;
  personId?: number | null;
  personName?: string | null;
  label?: string | null;
  zones?: readonly string[] | null;
  snapshot?: ProcessedSnapshot;
  idempotency?: { key: string; hash: string };
  /** False for events the server makes itself (the watchdog): the camera was not seen. */
  seen: boolean;
}

export interface StoredEvent {
  entity: CameraEventEntity;
  alerts: RaisedAlert[];
}

/**
 * The storing half of ingest, inside the caller's serialized transaction: the event row,
 * its image, the day and hour counters, the camera's liveness, the alerts and their
 * notification deliveries, together or not at all.
 */
@Injectable()
export class EventWriter {
  constructor(
    private readonly snapshots: SnapshotsService,
    private readonly alertRaiser: AlertRaiser,
    private readonly outbox: NotificationOutbox,
    private readonly hourCounters: HourCounters,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async store(manager: EntityManager, event: NewEvent): Promise<StoredEvent> {
    const entity = await manager.save(
      manager.create(CameraEventEntity, {
        cameraId: event.camera.id,
        cameraName: event.camera.name,
        eventType: event.eventType,
        occurredAt: event.occurredAt,
        confidence: event.confidence ?? null,
        personId: event.personId ?? null,
        personName: event.personName ?? null,
        label: event.label ?? null,
        zones: event.zones === undefined || event.zones === null ? null : JSON.stringify(event.zones),
        createdAt: event.now,
        hasSnapshot: event.snapshot !== undefined,
        idempotencyKey: event.idempotency?.key ?? null,
        idempotencyHash: event.idempotency?.hash ?? null,
      }),
    );
    if (event.snapshot !== undefined) await this.snapshots.insert(manager, entity.id, event.snapshot, event.now);
    await this.countEvent(manager, event.eventType, event.occurredAt);
    await this.hourCounters.add(manager, entity);
    const status = event.eventType === 'camera_offline' ? 'offline' : 'online';
    await manager.update(
      CameraEntity,
      { id: event.camera.id },
      event.seen ? { lastSeenAt: event.now, status } : { status },
    );
    const alerts = await this.alertRaiser.raiseForEvent(manager, entity);
    // The alerts' notification deliveries, in the same transaction (the outbox).
    await this.outbox.enqueue(manager, alerts);
    return { entity, alerts };
  }

  /** Per-day counters keep "today" statistics one primary-key lookup away. */
  private async countEvent(manager: EntityManager, eventType: EventType, occurredAt: string): Promise<void> {
    const day = localDay(new Date(occurredAt), this.config.timeZone);
    const postgres = manager.connection.options.type === 'postgres';
    const values = postgres ? "($1, $2, 1), ($1, 'all', 1)" : "(?, ?, 1), (?, 'all', 1)";
    await manager.query(
      `INSERT INTO daily_counters (day, metric, count) VALUES ${values}
       ON CONFLICT (day, metric) DO UPDATE SET count = daily_counters.count + 1`,
      postgres ? [day, eventType] : [day, eventType, day],
    );
  }
}
