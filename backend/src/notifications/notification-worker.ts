import { randomBytes } from 'node:crypto';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { toAlert } from '../alerts/alerts.service';
import { AlertEntity } from '../alerts/alert.entity';
import { EventBus } from '../bus/event-bus';
import { Clock, Timer } from '../common/time';
import { CameraEventEntity } from '../events/camera-event.entity';
import { toCameraEvent } from '../events/camera-event.mapper';
import { Metrics } from '../metrics/metrics';
import { ChannelDispatcher } from './channel-dispatcher';
import { ChannelsService } from './channels.service';
import { nextAttemptAt } from './retry-schedule';
import type { SendOutcome } from './senders/outgoing';
import { isPostgres, runSql } from './sql';

/** Due deliveries are looked for this often (besides at once when an alert is raised anywhere). */
export const POLL_INTERVAL_MS = 1000;
/** Deliveries claimed by one query. */
const BATCH = 10;
/**
 * Sends in flight at once per instance. Each runs on its own: a receiver that takes its full
 * 10 s holds one slot, not the deliveries claimed with it.
 */
const MAX_IN_FLIGHT = 32;
/** A claim's lease: longer than a send's time limit; an instance that dies mid-send frees its rows after it. */
const LEASE_MS = 60_000;

interface ClaimedRow {
  id: number;
  alert_id: number;
  channel_id: number;
  user_id: number;
  attempts: number;
  created_at: string;
}

/**
 * The outbox's sending half, on every instance. Each round claims due pending deliveries
 * (up to the free send slots) exclusively (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so two instances never take the same
 * row; SQLite: one statement inside the app's serialized transactions), leases them with a
 * claim id, sends, and records the attempt; only the holder of the claim may record. A
 * failure is retried on the schedule of `nextAttemptAt`, then marked failed. Timing reads
 * the injected Clock, so tests drive retries with a manual clock.
 */
@Injectable()
export class NotificationWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Notifications');
  private timer: Timer | undefined;
  private running: Promise<void> | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private again = false;
  private stopped = false;
  private unsubscribe: (() => void) | undefined;
  /** Attempts this instance made, by outcome (for tests and, later, metrics). */
  readonly attempts = { delivered: 0, failed: 0 };

  constructor(
    private readonly dataSource: DataSource,
    private readonly channels: ChannelsService,
    private readonly dispatcher: ChannelDispatcher,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly metrics: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    // Events (and so their alerts' deliveries) committed by any instance, this one included:
    // the bus's `events_stored` wake-up. The poll behind it covers a lost wake-up.
    this.unsubscribe = this.bus.subscribe((message) => {
      if (message.kind === 'events_stored') this.wake();
    });
    this.wake();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.timer?.cancel();
    await this.running;
    await Promise.all(this.inFlight);
  }

  /** Runs a round now (or right after the one in progress). */
  wake(): void {
    if (this.stopped) return;
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    this.timer?.cancel();
    this.running = this.round().finally(() => {
      this.running = undefined;
      if (this.stopped) return;
      if (this.again) {
        this.again = false;
        this.wake();
      } else {
        this.timer = this.clock.at(this.clock.now().getTime() + POLL_INTERVAL_MS, () => this.wake());
      }
    });
  }

  /** Resolves once no round runs and no send is in flight (tests wait for the worker to settle). */
  async idle(): Promise<void> {
    while (this.running !== undefined || this.inFlight.size > 0) {
      await this.running;
      await Promise.all(this.inFlight);
    }
  }

  /** Claims due deliveries while there are free slots and starts each send without waiting for it. */
  private async round(): Promise<void> {
    try {
      for (;;) {
        const wanted = Math.min(BATCH, MAX_IN_FLIGHT - this.inFlight.size);
        if (wanted <= 0 || this.stopped) return;
        const claimed = await this.claim(wanted);
        for (const row of claimed.rows) this.start(row, claimed.claim);
        if (claimed.rows.length < wanted) return;
      }
    } catch (error) {
      this.logger.error(`delivery round failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private start(row: ClaimedRow, claim: string): void {
    const sending: Promise<void> = this.deliver(row, claim)
      .catch((error: unknown) => {
        // Not recorded (the database failed): the lease runs out and the row is sent again.
        this.logger.error(`delivery ${row.id} not recorded: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        this.inFlight.delete(sending);
        // A slot is free: claim more if some are due.
        this.wake();
      });
    this.inFlight.add(sending);
  }

  private async claim(limit: number): Promise<{ claim: string; rows: ClaimedRow[] }> {
    const claim = randomBytes(12).toString('hex');
    const now = this.clock.now();
    const at = now.toISOString();
    const until = new Date(now.getTime() + LEASE_MS).toISOString();
    const columns = 'id, alert_id, channel_id, user_id, attempts, created_at';
    const due = `status = 'pending' AND next_attempt_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $1)`;
    if (isPostgres(this.dataSource.manager)) {
      const result: unknown = await this.dataSource.query(
        `UPDATE notification_deliveries SET claimed_until = $2, claim = $3
         WHERE id IN (SELECT id FROM notification_deliveries WHERE ${due}
                      ORDER BY next_attempt_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
         RETURNING ${columns}`,
        [at, until, claim],
      );
      // TypeORM answers an UPDATE on PostgreSQL with [rows, rowCount].
      return { claim, rows: (result as [ClaimedRow[], number])[0] };
    }
    const select = `SELECT ${columns} FROM notification_deliveries WHERE ${due} ORDER BY next_attempt_at, id LIMIT ${limit}`;
    // Most polls find nothing: look first without taking SQLite's one write transaction.
    if ((await runSql<ClaimedRow>(this.dataSource.manager, select, [at])).length === 0) return { claim, rows: [] };
    const rows = await this.dataSource.transaction(async (manager) => {
      const found = await runSql<ClaimedRow>(manager, select, [at]);
      if (found.length > 0) {
        await runSql(
          manager,
          `UPDATE notification_deliveries SET claimed_until = $1, claim = $2 WHERE id IN (${found.map((row) => Number(row.id)).join(', ')})`,
          [until, claim],
        );
      }
      return found;
    });
    return { claim, rows };
  }

  private async deliver(row: ClaimedRow, claim: string): Promise<void> {
    const attempt = Number(row.attempts) + 1;
    let outcome: SendOutcome;
    const channel = { kind: 'unknown' };
    try {
      outcome = await this.attempt(row, channel);
    } catch (error) {
      outcome = { ok: false, detail: `internal error: ${error instanceof Error ? error.message : String(error)}` };
      this.logger.error(`delivery ${row.id} failed: ${outcome.detail}`);
    }
    this.attempts[outcome.ok ? 'delivered' : 'failed'] += 1;
    this.metrics.notification(channel.kind, outcome.ok ? 'delivered' : 'failed');
    const now = this.clock.now();
    const final = outcome.ok || outcome.gone === true || outcome.final === true;
    const next = final ? null : nextAttemptAt(Date.parse(row.created_at), attempt, now.getTime());
    const status = outcome.ok ? 'delivered' : next === null ? 'failed' : 'pending';
    const detail = outcome.ok
      ? outcome.detail
      : `${outcome.detail}${next === null ? '' : `; retry at ${new Date(next).toISOString()}`}`.slice(0, 300);
    if (!outcome.ok && outcome.gone === true) await this.channels.delete(Number(row.channel_id));
    await this.dataSource.transaction(async (manager) => {
      // Only the holder of the claim records: a lease that ran out may have passed the row on.
      const lock = isPostgres(manager) ? ' FOR UPDATE' : '';
      const held = await runSql<{ claim: string | null }>(
        manager,
        `SELECT claim FROM notification_deliveries WHERE id = $1${lock}`,
        [Number(row.id)],
      );
      if (held[0]?.claim !== claim) return;
      await runSql(
        manager,
        `UPDATE notification_deliveries SET status = $1, attempts = $2, next_attempt_at = $3, claimed_until = NULL, claim = NULL
         WHERE id = $4 AND claim = $5`,
        [status, attempt, next === null ? null : new Date(next).toISOString(), Number(row.id), claim],
      );
      await runSql(
        manager,
        `INSERT INTO notification_attempts (delivery_id, attempt, at, status, detail) VALUES ($1, $2, $3, $4, $5)`,
        [Number(row.id), attempt, now.toISOString(), outcome.ok ? 'delivered' : 'failed', detail],
      );
    });
    if (status === 'failed') this.logger.warn(`delivery ${row.id} to channel ${row.channel_id} failed: ${detail}`);
    else if (!outcome.ok) this.logger.debug(`delivery ${row.id} to channel ${row.channel_id}: ${detail}`);
  }

  /** One send; `seen.kind` is set to the channel's kind once it is known (for the metric). */
  private async attempt(row: ClaimedRow, seen: { kind: string }): Promise<SendOutcome> {
    const channel = await this.channels.find(Number(row.channel_id));
    if (channel === null) return { ok: false, detail: 'channel removed', final: true };
    seen.kind = channel.kind;
    if (!channel.enabled) return { ok: false, detail: 'channel disabled', final: true };
    const alert = await this.dataSource.getRepository(AlertEntity).findOneBy({ id: Number(row.alert_id) });
    if (alert === null) return { ok: false, detail: 'alert no longer exists', final: true };
    const event = await this.dataSource.getRepository(CameraEventEntity).findOneBy({ id: alert.eventId });
    return this.dispatcher.send(channel, {
      type: 'alert',
      alert: toAlert(alert),
      event: event === null ? null : toCameraEvent(event),
      deliveryId: Number(row.id),
      userId: Number(row.user_id),
    });
  }
}
