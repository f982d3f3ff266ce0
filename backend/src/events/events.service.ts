import { createHash } from 'node:crypto';
import {
  BadRequestException,
  ConflictException,
  Injectable,
  Logger,
  UnprocessableEntityException,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { Alert, CameraEvent, EventsPage, IngestEventRequest, isEventType } from '@argus/shared';
import type { RaisedAlert } from '../alerts/alert-raiser';
import { EventBus } from '../bus/event-bus';
import { CameraEntity } from '../cameras/camera.entity';
import { CamerasService } from '../cameras/cameras.service';
import { Mutex } from '../common/mutex';
import { ThrottledWarning } from '../common/throttled-warning';
import { Clock } from '../common/time';
import { Metrics } from '../metrics/metrics';
import { PeopleService } from '../people/people.service';
import { ProcessedSnapshot, processSnapshot } from '../snapshots/snapshot-image';
import { CameraEventEntity } from './camera-event.entity';
import { CAMERA_EVENT_COLUMNS, CameraEventRow, rowToCameraEvent, toCameraEvent } from './camera-event.mapper';
import { EventFilter, filterTerms, SqlParams } from '../history/event-filter';
import { EventWriter, NewEvent, StoredEvent } from './event-writer';

export interface ListEventsQuery {
  /** Ids strictly greater than this; omitted: the newest `limit` events. */
  after?: number;
  limit: number;
  filter?: EventFilter;
}

export interface IngestOptions {
  /** An image: raw bytes are checked and thumbnailed here, before the queue. */
  snapshot?: Buffer | ProcessedSnapshot;
  /** Idempotency-Key: a second ingest with it on the same camera stores nothing. */
  idempotencyKey?: string;
  /** What a retry must match (default: a hash of the request and its image). */
  fingerprint?: string;
  /** NVR detection details (not part of the HTTP body). */
  label?: string;
  zones?: readonly string[];
}

export interface IngestResult {
  event: CameraEvent;
  /** True when an earlier ingest with the same idempotency key answered instead. */
  replayed: boolean;
}

/** What one ingest stored, for listeners on this instance only (never through the bus). */
export interface StoredBatch {
  event: CameraEvent;
  alerts: Alert[];
  /** The same alerts with their audiences. */
  raised: RaisedAlert[];
  /** Epoch ms when its ingest began (for argus_event_delivery_seconds). */
  ingestedAt: number;
}

/** Called after commit, inside the ingest queue, so in id order on this instance. */
export type StoredListener = (stored: StoredBatch) => void;

/** Key of the PostgreSQL advisory lock that serializes ingests across instances ("ARGU"). */
export const INGEST_ADVISORY_LOCK = 0x41524755;

/** occurred_at may lead the server clock by this much (camera clock skew), no more. */
export const MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;
const EARLIEST_OCCURRED_AT = Date.parse('2000-01-01T00:00:00.000Z');

type Outcome = (StoredEvent & { replayed: false }) | { entity: CameraEventEntity; replayed: true };

@Injectable()
export class EventsService {
  private readonly logger = new Logger(EventsService.name);
  // Ids must become visible in increasing order with no gaps, or a cursor reader could
  // skip an id committed late: one ingest at a time per process (plus the advisory lock).
  private readonly ingestQueue = new Mutex();
  private readonly listeners = new Set<StoredListener>();
  private readonly publishFailures = new ThrottledWarning(this.logger, 'bus wake-up not published (Redis away?)');

  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(CameraEventEntity) private readonly events: Repository<CameraEventEntity>,
    private readonly cameras: CamerasService,
    private readonly people: PeopleService,
    private readonly writer: EventWriter,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly metrics: Metrics,
  ) {}

  /**
   * Stores one event with its image, counters, camera liveness and alerts in one transaction,
   * then tells this instance's listeners (the EventFeed among them) and, without waiting,
   * the other instances (an `events_stored` wake-up on the bus).
   * 404 unknown camera, 409 disabled camera, 400 bad person_id or occurred_at, 415 bad image,
   * 422 an idempotency key already used for another request.
   */
  // No await before run() without a snapshot: callers are queued in call order.
  async ingest(cameraId: number, input: IngestEventRequest, options: IngestOptions = {}): Promise<IngestResult> {
    const startedAt = Date.now(); // wall time: the delivery histogram compares it on every instance
    if (!isEventType(input.event_type)) {
      throw new BadRequestException('event_type must be one of the known event types');
    }
    const occurredAt =
      input.occurred_at === undefined || input.occurred_at === null
        ? undefined
        : this.checkOccurredAt(input.occurred_at);
    const snapshot = Buffer.isBuffer(options.snapshot) ? await processSnapshot(options.snapshot) : options.snapshot;
    const idempotency =
      options.idempotencyKey === undefined
        ? undefined
        : { key: options.idempotencyKey, hash: options.fingerprint ?? fingerprint(input, occurredAt, snapshot) };
    return this.ingestQueue.run(() =>
      this.ingestSerialized(cameraId, input, { ...options, occurredAt, snapshot, idempotency, startedAt }),
    );
  }

  /**
   * The watchdog's camera_offline: stored only if, re-read inside the serialized transaction,
   * the camera is still enabled, online and unseen since `cutoff` (ISO). So with several
   * instances checking at once, exactly one stores it. Null when nothing was stored.
   */
  async ingestOffline(cameraId: number, cutoff: string): Promise<CameraEvent | null> {
    const startedAt = Date.now();
    return this.ingestQueue.run(async () => {
      const now = this.clock.now().toISOString();
      const stored = await this.dataSource.transaction(async (manager) => {
        await this.lock(manager);
        const camera = await manager.findOne(CameraEntity, { where: { id: cameraId } });
        if (!camera?.enabled || camera.status !== 'online' || camera.lastSeenAt === null) return null;
        if (camera.lastSeenAt >= cutoff) return null;
        return this.writer.store(manager, { camera, eventType: 'camera_offline', occurredAt: now, now, seen: false });
      });
      return stored === null ? null : this.published(stored, 'watchdog', startedAt);
    });
  }

  /** The event a camera stored under an idempotency key, or null. */
  async findByIdempotencyKey(cameraId: number, key: string): Promise<CameraEvent | null> {
    const entity = await this.events.findOne({ where: { cameraId, idempotencyKey: key } });
    return entity === null ? null : toCameraEvent(entity);
  }

  /** Calls `listener` after each commit on this instance; returns the unsubscribe function. */
  onStored(listener: StoredListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async listAfter(query: ListEventsQuery): Promise<EventsPage> {
    // SQLite binds `?` by position: terms are added in the order they appear.
    const params = new SqlParams(this.dataSource.options.type === 'postgres');
    const cursor = query.after === undefined ? [] : [`id > ${params.add(query.after)}`];
    const terms = [...cursor, ...(query.filter === undefined ? [] : filterTerms(params, query.filter))];
    let rows: CameraEventRow[];
    if (query.after === undefined) {
      // Initial load: the newest page, still answered oldest first.
      const where = terms.length > 0 ? ` WHERE ${terms.join(' AND ')}` : '';
      rows = await this.dataSource.query<CameraEventRow[]>(
        `SELECT ${CAMERA_EVENT_COLUMNS} FROM camera_events${where} ORDER BY id DESC LIMIT ${query.limit}`,
        params.values,
      );
      rows.reverse();
    } else {
      rows = await this.dataSource.query<CameraEventRow[]>(
        `SELECT ${CAMERA_EVENT_COLUMNS} FROM camera_events WHERE ${terms.join(' AND ')} ORDER BY id ASC LIMIT ${query.limit}`,
        params.values,
      );
    }
    const items = rows.map(rowToCameraEvent);
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
    options: Pick<IngestOptions, 'label' | 'zones'> &
      Pick<NewEvent, 'snapshot' | 'idempotency'> & { occurredAt: string | undefined; startedAt: number },
  ): Promise<IngestResult> {
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
    const { idempotency } = options;

    const outcome = await this.dataSource.transaction(async (manager): Promise<Outcome> => {
      await this.lock(manager);
      // Checked under the lock, so concurrent retries (on any instance) store once.
      if (idempotency !== undefined) {
        const existing = await manager.findOne(CameraEventEntity, {
          where: { cameraId: camera.id, idempotencyKey: idempotency.key },
        });
        if (existing !== null) {
          if (existing.idempotencyHash !== idempotency.hash) {
            throw new UnprocessableEntityException('Idempotency-Key was already used for a different request');
          }
          return { entity: existing, replayed: true };
        }
      }
      const stored = await this.writer.store(manager, {
        camera,
        eventType: input.event_type,
        occurredAt: options.occurredAt ?? now,
        now,
        confidence: input.confidence,
        personId: input.person_id,
        personName,
        label: options.label,
        zones: options.zones,
        snapshot: options.snapshot,
        idempotency,
        seen: true,
      });
      return { ...stored, replayed: false };
    });
    if (outcome.replayed) return { event: toCameraEvent(outcome.entity), replayed: true };
    return { event: this.published(outcome, camera.source, options.startedAt), replayed: false };
  }

  /** After commit, still inside the queue, so listeners see events in id order. */
  private published({ entity, alerts }: StoredEvent, source: string, startedAt: number): CameraEvent {
    const event = toCameraEvent(entity);
    this.metrics.eventIngested(source);
    for (const raised of alerts) this.metrics.alertRaised(raised.alert.severity);
    const local: StoredBatch = {
      event,
      alerts: alerts.map((raised) => raised.alert),
      raised: alerts,
      ingestedAt: startedAt,
    };
    for (const listener of this.listeners) {
      try {
        listener(local);
      } catch (error) {
        this.logger.error('a stored-event listener failed', error instanceof Error ? error.stack : String(error));
      }
    }
    // Fire and forget: the bus only wakes the other instances' feeds (they also poll), so
    // ingest never waits on Redis and a lost wake-up only delays delivery there.
    this.bus.publish({ kind: 'events_stored', last_id: event.id }).catch((error: unknown) => {
      this.publishFailures.report(error);
    });
    return event;
  }

  private async lock(manager: EntityManager): Promise<void> {
    if (this.dataSource.options.type === 'postgres') {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [INGEST_ADVISORY_LOCK]);
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
}

/** SHA-256 of a request in a canonical form (field order aside): what a retry under the same key must match. */
function fingerprint(input: IngestEventRequest, occurredAt: string | undefined, snapshot?: ProcessedSnapshot): string {
  const canonical = [
    input.event_type,
    input.confidence ?? null,
    input.person_id ?? null,
    input.person_name ?? null,
    occurredAt ?? null,
    snapshot?.sha256 ?? null,
  ];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
