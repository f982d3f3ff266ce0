import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { CameraEvent } from '@argus/shared';
import type { RaisedAlert } from '../alerts/alert-raiser';
import { AlertsService } from '../alerts/alerts.service';
import { ThrottledWarning } from '../common/throttled-warning';
import { EventWaiters } from '../events/event-waiters';
import { EventsService, type StoredBatch } from '../events/events.service';
import { Metrics } from '../metrics/metrics';
import { ConnectionHub } from './connection-hub';

/** Safety poll: the longest an event waits when no wake-up reaches this instance (Redis away). */
export const FEED_POLL_MS = 500;
/** Events read per query while catching up. */
export const FEED_PAGE = 500;

/** Where the feed learned of new events (for tests and diagnostics). */
export type FeedWake = 'poll' | 'bus';

/** The database's state as the feed last saw it; sockets are told when it changes. */
export type FeedHealth = 'up' | 'down';

/**
 * This instance's one source of camera events and alerts for its sockets: it tails the
 * `camera_events` table by id (`id > cursor ORDER BY id`), delivering each event and then
 * its alerts to the ConnectionHub, strictly in id order, each once.
 *
 * Why a tail and not the bus: an event published by whichever instance stored it reached
 * other instances' sockets after a higher id (two publishers race on the bus), and a crash
 * between commit and publish lost it for every socket. The table is the order and the record;
 * the bus (`events_stored`) is only a wake-up, with a poll every FEED_POLL_MS behind it, so a
 * lost wake-up (Redis away, an instance killed after commit) delays delivery, never loses it.
 *
 * Ids commit in order: every ingest takes the PostgreSQL advisory lock (and the in-process
 * queue) before its insert and holds it to commit, so a transaction can only draw an id
 * after every lower id's transaction has ended; an id missing below a visible one is a
 * rollback and stays missing. So the cursor never waits at a gap. Only ingest inserts events.
 *
 * Events this instance stored itself arrive through `EventsService.onStored` with their
 * alerts (and audiences) in hand: when such an event is the next id, it is delivered at once
 * without a query. Anything else (another instance's event, an id out of turn) is read.
 */
@Injectable()
export class EventFeed implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('EventFeed');
  private readonly readFailures = new ThrottledWarning(this.logger, 'reading new events failed');
  private cursor = 0;
  /** Events stored here, not yet delivered, by id. */
  private readonly local = new Map<number, StoredBatch>();
  private readNeeded = false;
  private pumping = false;
  private again = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly healthListeners = new Set<(health: FeedHealth) => void>();
  private state: FeedHealth = 'up';

  constructor(
    private readonly events: EventsService,
    private readonly alerts: AlertsService,
    private readonly hub: ConnectionHub,
    private readonly metrics: Metrics,
    private readonly waiters: EventWaiters,
  ) {}

  async onModuleInit(): Promise<void> {
    // Sockets get what is stored from now on; older events come from their own replay.
    this.cursor = await this.events.latestId();
    this.unsubscribe = this.events.onStored((stored) => {
      this.local.set(stored.event.id, stored);
      this.pump();
    });
    this.schedulePoll();
  }

  // Before the database closes (onApplicationShutdown), so no poll runs against a closed pool.
  onModuleDestroy(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.unsubscribe?.();
  }

  /** The id up to which every event has been delivered. */
  get deliveredThrough(): number {
    return this.cursor;
  }

  /** Whether the last read of the table failed. */
  get health(): FeedHealth {
    return this.state;
  }

  /** Called with the new state when reads start failing or work again. */
  onHealthChange(listener: (health: FeedHealth) => void): () => void {
    this.healthListeners.add(listener);
    return () => this.healthListeners.delete(listener);
  }

  /** Another instance stored events up to `lastId` (bus), or it is time to look (poll). */
  wake(reason: FeedWake, lastId?: number): void {
    if (reason === 'bus' && lastId !== undefined && lastId <= this.cursor) return;
    this.readNeeded = true;
    this.pump();
  }

  /** Runs until nothing is left to deliver; one run at a time, so delivery stays in id order. */
  private pump(): void {
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    void this.run().finally(() => {
      this.pumping = false;
    });
  }

  private async run(): Promise<void> {
    do {
      this.again = false;
      // Synchronous up to here: a local event in turn reaches sockets before ingest answers.
      this.deliverLocal();
      if (this.local.size > 0) this.readNeeded = true;
      if (this.readNeeded && !this.stopped) {
        this.readNeeded = false;
        await this.readNewer();
      }
    } while (this.again && !this.stopped);
  }

  private deliverLocal(): void {
    let next = this.local.get(this.cursor + 1);
    while (next !== undefined) {
      this.local.delete(next.event.id);
      this.deliver(next.event, next.raised, next.ingestedAt);
      next = this.local.get(this.cursor + 1);
    }
  }

  private async readNewer(): Promise<void> {
    try {
      for (;;) {
        const after = this.cursor;
        const page = await this.events.listAfter({ after, limit: FEED_PAGE });
        const last = page.items.at(-1);
        if (last === undefined) break;
        const raised = await this.alerts.raisedForEvents(after, last.id);
        const byEvent = new Map<number, RaisedAlert[]>();
        for (const alert of raised) {
          const list = byEvent.get(alert.alert.event_id);
          if (list === undefined) byEvent.set(alert.alert.event_id, [alert]);
          else list.push(alert);
        }
        // A local batch may have been delivered while this read was under way.
        for (const event of page.items) if (event.id > this.cursor) this.deliver(event, byEvent.get(event.id) ?? []);
        for (const id of this.local.keys()) if (id <= this.cursor) this.local.delete(id);
        if (page.items.length < FEED_PAGE) break;
      }
      if (this.state === 'down') this.readFailures.recovered();
      this.setState('up');
    } catch (error) {
      // Tried again at the next poll.
      this.readFailures.report(error);
      this.setState('down');
    }
  }

  /**
   * `ingestedAt` is known for events stored on this instance: their ingest-to-socket time goes
   * into argus_event_delivery_seconds (events read from the table came from another instance,
   * whose own sockets measure them).
   */
  private deliver(event: CameraEvent, raised: readonly RaisedAlert[], ingestedAt?: number): void {
    this.cursor = event.id;
    const sent = this.hub.deliverCameraEvent(event);
    if (ingestedAt !== undefined && sent > 0) this.metrics.delivered((Date.now() - ingestedAt) / 1000);
    // Held long polls are woken where the sockets are fed: same order, same moment.
    this.waiters.notify(event);
    for (const { alert, audience } of raised) this.hub.deliverAlert(alert, audience);
  }

  private setState(state: FeedHealth): void {
    if (state === this.state) return;
    this.state = state;
    for (const listener of this.healthListeners) listener(state);
  }

  private schedulePoll(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.wake('poll');
      this.schedulePoll();
    }, FEED_POLL_MS);
    this.timer.unref();
  }
}
