import { BadRequestException, ConflictException, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { CameraEvent, EventsPage, EventType, IngestEventRequest, isEventType } from '@argus/shared';
import { AlertRaiser, RaisedAlert } from '../alerts/alert-raiser';
import { EventBus } from '../bus/event-bus';
import { CameraEntity } from '../cameras/camera.entity';
import { CamerasService } from '../cameras/cameras.service';
import { Mutex } from '../common/mutex';
import { Clock, localDay } from '../common/time';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { PeopleService } from '../people/people.service';
import { CameraEventEntity } from './camera-event.entity';
import { toCameraEvent } from './camera-event.mapper';

export interface ListEventsQuery {
  /** Ids strictly greater than this; omitted: the newest `limit` events. */
  after?: number;
  limit: number;
  cameraId?: number;
  eventTypes?: EventType[];
}

/** Key of the PostgreSQL advisory lock that serializes ingests across instances ("ARGU"). */
export const INGEST_ADVISORY_LOCK = 0x41524755;

/** occurred_at may lead the server clock by this much (camera clock skew), no more. */
export const MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;
const EARLIEST_OCCURRED_AT = Date.parse('2000-01-01T00:00:00.000Z');

@Injectable()
export class EventsService {
  private readonly logger = new Logger(EventsService.name);
  // Ids must become visible in increasing order with no gaps, or a cursor reader could
  // skip an id committed late: one ingest at a time per process (plus the advisory lock).
  private readonly ingestQueue = new Mutex();

  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(CameraEventEntity) private readonly events: Repository<CameraEventEntity>,
    private readonly cameras: CamerasService,
    private readonly people: PeopleService,
    private readonly alertRaiser: AlertRaiser,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Stores one event with its counters, camera liveness and alerts in one transaction,
   * then publishes it (and its alerts) on the bus in id order.
   * 404 unknown camera, 409 disabled camera, 400 bad person_id or occurred_at.
   */
  // No await before run(): callers are queued in call order.
  async ingest(cameraId: number, input: IngestEventRequest): Promise<CameraEvent> {
    if (!isEventType(input.event_type))
      throw new BadRequestException('event_type must be one of the known event types');
    const occurredAt =
      input.occurred_at === undefined || input.occurred_at === null
        ? undefined
        : this.checkOccurredAt(input.occurred_at);
    return this.ingestQueue.run(() => this.ingestSerialized(cameraId, input, occurredAt));
  }

  async listAfter(query: ListEventsQuery): Promise<EventsPage> {
    const builder = this.events.createQueryBuilder('event');
    if (query.cameraId !== undefined) builder.andWhere('event.camera_id = :cameraId', { cameraId: query.cameraId });
    if (query.eventTypes !== undefined && query.eventTypes.length > 0) {
      builder.andWhere('event.event_type IN (:...eventTypes)', { eventTypes: query.eventTypes });
    }
    let rows: CameraEventEntity[];
    if (query.after === undefined) {
      // Initial load: the newest page, still answered oldest first.
      rows = (await builder.orderBy('event.id', 'DESC').limit(query.limit).getMany()).reverse();
    } else {
      rows = await builder
        .andWhere('event.id > :after', { after: query.after })
        .orderBy('event.id', 'ASC')
        .limit(query.limit)
        .getMany();
    }
    const items = rows.map(toCameraEvent);
    const last = items[items.length - 1];
    return { items, next_after: last !== undefined ? last.id : (query.after ?? 0) };
  }

  /** The newest stored event id, 0 when there is none. */
  async latestId(): Promise<number> {
    const rows: Array<{ latest: number | string | null }> = await this.dataSource.query(
      'SELECT MAX(id) AS latest FROM camera_events',
    );
    return Number(rows[0]?.latest ?? 0);
  }

  private async ingestSerialized(
    cameraId: number,
    input: IngestEventRequest,
    occurredAt: string | undefined,
  ): Promise<CameraEvent> {
    // Lookups happen before the transaction: on SQLite every request shares one
    // connection, so a transaction that rolls back must have as little in it as possible.
    const camera = await this.cameras.getEntity(cameraId);
    if (!camera.enabled) throw new ConflictException(`camera ${cameraId} is disabled`);
    let personName = input.person_name ?? null;
    if (input.person_id !== undefined && input.person_id !== null) {
      const person = await this.people.find(input.person_id);
      if (!person) throw new BadRequestException(`person_id ${input.person_id} does not exist`);
      personName ??= person.name;
    }
    const now = this.clock.now().toISOString();
    const occurred = occurredAt ?? now;

    const { entity, alerts } = await this.dataSource.transaction(async (manager) => {
      if (this.isPostgres()) await manager.query('SELECT pg_advisory_xact_lock($1)', [INGEST_ADVISORY_LOCK]);
      const stored = await manager.save(
        manager.create(CameraEventEntity, {
          cameraId: camera.id,
          cameraName: camera.name,
          eventType: input.event_type,
          occurredAt: occurred,
          confidence: input.confidence ?? null,
          personId: input.person_id ?? null,
          personName,
          createdAt: now,
        }),
      );
      await this.countEvent(manager, input.event_type, occurred);
      await manager.update(
        CameraEntity,
        { id: camera.id },
        { lastSeenAt: now, status: input.event_type === 'camera_offline' ? 'offline' : 'online' },
      );
      const raised: RaisedAlert[] = await this.alertRaiser.raiseForEvent(manager, stored);
      return { entity: stored, alerts: raised };
    });

    // Still inside the queue, so bus order is id order.
    const event = toCameraEvent(entity);
    await this.publish({ kind: 'camera_event', event });
    for (const raised of alerts) await this.publish({ kind: 'alert', alert: raised.alert, audience: raised.audience });
    return event;
  }

  /** Per-day counters keep "today" statistics one primary-key lookup away. */
  private async countEvent(manager: EntityManager, eventType: EventType, occurredAt: string): Promise<void> {
    const day = localDay(new Date(occurredAt), this.config.timeZone);
    const values = this.isPostgres() ? "($1, $2, 1), ($1, 'all', 1)" : "(?, ?, 1), (?, 'all', 1)";
    await manager.query(
      `INSERT INTO daily_counters (day, metric, count) VALUES ${values}
       ON CONFLICT (day, metric) DO UPDATE SET count = daily_counters.count + 1`,
      this.isPostgres() ? [day, eventType] : [day, eventType, day],
    );
  }

  private async publish(message: Parameters<EventBus['publish']>[0]): Promise<void> {
    try {
      await this.bus.publish(message);
    } catch (error) {
      // The event is stored and reachable by cursor; a bus failure must not fail the ingest.
      this.logger.error(`publishing ${message.kind} failed`, error instanceof Error ? error.stack : String(error));
    }
  }

  private checkOccurredAt(value: string): string {
    const time = Date.parse(value);
    if (Number.isNaN(time)) throw new BadRequestException('occurred_at must be an ISO-8601 time with a time zone');
    if (time > this.clock.now().getTime() + MAX_FUTURE_SKEW_MS) {
      throw new BadRequestException('occurred_at is more than 5 minutes in the future');
    }
    if (time < EARLIEST_OCCURRED_AT) throw new BadRequestException('occurred_at is before 2000');
    return new Date(time).toISOString();
  }

  private isPostgres(): boolean {
    return this.dataSource.options.type === 'postgres';
  }
}
