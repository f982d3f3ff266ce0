import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { CameraEvent, EventsPage } from '@argus/shared';
import { Clock, type Timer } from '../common/time';
import { EventsService, type ListEventsQuery } from './events.service';

/** Deadlines are kept per slot of this many ms: one timer for the earliest slot, not one per request. */
const SLOT_MS = 100;

/** One held `GET /api/events?after=&wait=`. */
interface Waiter {
  readonly group: Group;
  readonly slot: number;
  answer: ((page: EventsPage) => void) | null;
}

/**
 * The held requests that ask the same question (same cursor, filters and page size): one
 * database query per wake-up answers all of them.
 */
interface Group {
  readonly key: string;
  readonly query: ListEventsQuery & { after: number };
  readonly waiters: Set<Waiter>;
  /** A query for this group is running; `again`: an event arrived meanwhile. */
  querying: boolean;
  again: boolean;
}

export type LongPollQuery = ListEventsQuery & { after: number };

/**
 * Long polling (contract §2): `GET /api/events?after=ID&wait=S` with nothing newer is held
 * until a matching event is stored on any instance or S seconds pass.
 *
 * Cheap to hold: a held request is a small object in a Set, in its group and its deadline
 * slot; there is one timer (on the injected Clock) for the earliest slot. A wake-up
 * (`notify`, called by the realtime BusRelay with each camera event delivered to this
 * instance, where the socket fan-out is fed) runs one query per group whose filter the event
 * matches, shared by every request of the group, and answers them all with its page.
 *
 * No event is missed between the first read and the hold: a request joins its group before
 * its first read, so an event stored meanwhile wakes the group.
 *
 * Shutdown: every held request is answered at once with the empty page (clients poll again,
 * elsewhere), and later ones are not held, so the HTTP server can close without cutting them.
 */
@Injectable()
export class EventWaiters implements BeforeApplicationShutdown, OnModuleDestroy {
  private readonly logger = new Logger('LongPoll');
  private readonly groups = new Map<string, Group>();
  private readonly slots = new Map<number, Set<Waiter>>();
  private timer: Timer | undefined;
  private armedFor: number | undefined;
  private stopping = false;
  private held = 0;

  constructor(
    private readonly events: EventsService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Requests held right now. */
  get size(): number {
    return this.held;
  }

  /**
   * The page after `query.after`, held up to `waitMs` while it would be empty.
   * `onAbandon` registers a callback for a client that goes away meanwhile.
   */
  async wait(query: LongPollQuery, waitMs: number, onAbandon: (drop: () => void) => void): Promise<EventsPage> {
    if (this.stopping) return this.events.listAfter(query);
    const slot = Math.ceil((this.clock.now().getTime() + waitMs) / SLOT_MS);
    let settle!: (page: EventsPage) => void;
    const answered = new Promise<EventsPage>((resolve) => (settle = resolve));
    const waiter = this.hold(query, slot, settle);
    onAbandon(() => this.release(waiter, null));
    let first: EventsPage;
    try {
      first = await this.events.listAfter(query);
    } catch (error) {
      this.release(waiter, null);
      throw error;
    }
    if (first.items.length > 0) this.release(waiter, first);
    return answered;
  }

  /** A camera event was stored (on any instance): wakes every group it is news to. */
  notify(event: CameraEvent): void {
    for (const group of this.groups.values()) {
      const { after, cameraId, eventTypes } = group.query;
      if (event.id <= after) continue;
      if (cameraId !== undefined && cameraId !== event.camera_id) continue;
      if (eventTypes !== undefined && eventTypes.length > 0 && !eventTypes.includes(event.event_type)) continue;
      this.refresh(group);
    }
  }

  /** Answers every held request with its empty page and holds no more. */
  beforeApplicationShutdown(): void {
    this.stopping = true;
    const count = this.held;
    for (const group of [...this.groups.values()]) {
      for (const waiter of [...group.waiters]) this.release(waiter, emptyPage(group));
    }
    if (count > 0) this.logger.log(`answered ${count} held long polls for shutdown`);
    this.timer?.cancel();
  }

  onModuleDestroy(): void {
    this.timer?.cancel();
  }

  private hold(query: LongPollQuery, slot: number, answer: (page: EventsPage) => void): Waiter {
    const key = groupKey(query);
    let group = this.groups.get(key);
    if (group === undefined) {
      group = { key, query, waiters: new Set(), querying: false, again: false };
      this.groups.set(key, group);
    }
    const waiter: Waiter = { group, slot, answer };
    group.waiters.add(waiter);
    let due = this.slots.get(slot);
    if (due === undefined) {
      due = new Set();
      this.slots.set(slot, due);
    }
    due.add(waiter);
    this.held += 1;
    if (this.armedFor === undefined || slot < this.armedFor) this.arm(slot);
    return waiter;
  }

  /** Ends one held request with `page` (null: nobody is listening any more). */
  private release(waiter: Waiter, page: EventsPage | null): void {
    const answer = waiter.answer;
    if (answer === null) return;
    waiter.answer = null;
    this.held -= 1;
    const { group, slot } = waiter;
    if (group.waiters.delete(waiter) && group.waiters.size === 0 && this.groups.get(group.key) === group) {
      this.groups.delete(group.key);
    }
    const due = this.slots.get(slot);
    if (due?.delete(waiter) && due.size === 0) this.slots.delete(slot);
    if (page !== null) answer(page);
  }

  /** One query for the whole group; while it runs, further events just ask for another. */
  private refresh(group: Group): void {
    if (group.querying) {
      group.again = true;
      return;
    }
    group.querying = true;
    group.again = false;
    this.events.listAfter(group.query).then(
      (page) => {
        group.querying = false;
        if (page.items.length > 0) {
          for (const waiter of [...group.waiters]) this.release(waiter, page);
        } else if (group.again && group.waiters.size > 0) {
          this.refresh(group);
        }
      },
      (error: unknown) => {
        group.querying = false;
        // The held requests stay; their deadline answers them, the next event retries.
        this.logger.error('long poll query failed', error instanceof Error ? error.stack : String(error));
      },
    );
  }

  private arm(slot: number): void {
    this.timer?.cancel();
    this.armedFor = slot;
    this.timer = this.clock.at(slot * SLOT_MS, () => this.expire());
  }

  private expire(): void {
    this.timer = undefined;
    this.armedFor = undefined;
    const now = this.clock.now().getTime();
    let next: number | undefined;
    for (const [slot, due] of this.slots) {
      if (slot * SLOT_MS > now) {
        if (next === undefined || slot < next) next = slot;
        continue;
      }
      for (const waiter of [...due]) this.release(waiter, emptyPage(waiter.group));
    }
    if (next !== undefined) this.arm(next);
  }
}

function emptyPage(group: Group): EventsPage {
  return { items: [], next_after: group.query.after };
}

function groupKey(query: LongPollQuery): string {
  const types = query.eventTypes === undefined ? '' : [...new Set(query.eventTypes)].sort().join(',');
  return `${query.after}|${query.limit}|${query.cameraId ?? ''}|${types}`;
}
