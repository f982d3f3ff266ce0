import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { CameraEvent, EventsPage } from '@argus/shared';
import { Clock, type Timer } from '../common/time';
import type { EventFilter } from '../history/event-filter';
import { EventsService, type ListEventsQuery } from './events.service';

/** Deadlines are kept per slot of this many ms: one timer for the earliest slot, not one per request. */
const SLOT_MS = 100;

/**
 * Answers one held request: 200 with the page as JSON, serialized once for all the requests
 * answered with it (5,000 held polls released by one event are 5,000 writes of one buffer,
 * not 5,000 serializations), or 503 when the events could not be read.
 */
export type PollAnswer = (status: 200 | 503, json: Buffer) => void;

const READ_FAILED = Buffer.from(
  JSON.stringify({ statusCode: 503, error: 'Service Unavailable', message: 'events could not be read: try again' }),
);

/** One held `GET /api/events?after=&wait=`. */
interface Waiter {
  readonly group: Group;
  readonly slot: number;
  answer: PollAnswer | null;
}

/**
 * The held requests that ask the same question (same cursor, filters and page size): one
 * database query per wake-up answers all of them, and a request joining while a query of
 * its group runs shares that query as its first read.
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
 * (`notify`, called by the realtime EventFeed with each camera event delivered to this
 * instance, where the socket fan-out is fed) runs one query per group whose filter the event
 * matches, shared by every request of the group, and answers them all with its page.
 *
 * No event is missed: a request joins its group first, then the group is read (or a read
 * already under way is shared: it started before the request joined, but any event committed
 * after it started is announced afterwards and, finding the group busy, makes it read again).
 *
 * `latestId()`: the newest stored id for a plain poll, read by one `MAX(id)` query shared by
 * every poll that arrived before it started (and only those, so each answer still reflects a
 * read begun after its request arrived: an event stored anywhere before a poll is seen by it).
 * A poll at or past it is answered `{items: [], next_after}` without a page query.
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
  /** The shared newest-id read not started yet (polls arriving now join it). */
  private nextLatest: Promise<number> | null = null;

  constructor(
    private readonly events: EventsService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Requests held right now. */
  get size(): number {
    return this.held;
  }

  /** Whether the server is stopping: answers go out with `Connection: close`. */
  get closing(): boolean {
    return this.stopping;
  }

  /**
   * Calls `answer` once with the page after `query.after`, held up to `waitMs` while it would
   * be empty. Answers the function that drops the request (its client went away).
   */
  wait(query: LongPollQuery, waitMs: number, answer: PollAnswer): () => void {
    if (this.stopping) {
      this.events.listAfter(query).then(
        (page) => answer(200, serialize(page)),
        () => answer(503, READ_FAILED),
      );
      return () => undefined;
    }
    const slot = Math.ceil((this.clock.now().getTime() + waitMs) / SLOT_MS);
    const waiter = this.hold(query, slot, answer);
    this.read(waiter.group, true);
    return () => this.release(waiter, null);
  }

  /** The newest stored event id, by a read that starts after this call (shared, see above). */
  latestId(): Promise<number> {
    this.nextLatest ??= new Promise<number>((resolve, reject) => {
      setImmediate(() => {
        this.nextLatest = null;
        this.events.latestId().then(resolve, reject);
      });
    });
    return this.nextLatest;
  }

  /** A camera event was stored (on any instance): wakes every group it is news to. */
  notify(event: CameraEvent): void {
    for (const group of this.groups.values()) {
      if (event.id <= group.query.after) continue;
      if (group.query.filter !== undefined && !mayMatch(group.query.filter, event)) continue;
      this.read(group, false);
    }
  }

  /** Answers every held request with its empty page and holds no more. */
  beforeApplicationShutdown(): void {
    this.stopping = true;
    const count = this.held;
    for (const group of [...this.groups.values()]) this.releaseAll(group, emptyPage(group));
    if (count > 0) this.logger.log(`answered ${count} held long polls for shutdown`);
    this.timer?.cancel();
  }

  onModuleDestroy(): void {
    this.timer?.cancel();
  }

  private hold(query: LongPollQuery, slot: number, answer: PollAnswer): Waiter {
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

  /** Ends every request of the group with `page`, serialized once. */
  private releaseAll(group: Group, page: EventsPage): void {
    const json = serialize(page);
    for (const waiter of [...group.waiters]) this.release(waiter, json);
  }

  /** Ends one held request with this JSON (null: nobody is listening any more). */
  private release(waiter: Waiter, json: Buffer | null, status: 200 | 503 = 200): void {
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
    if (json !== null) answer(status, json);
  }

  /**
   * One query for the whole group. `joining`: a request's first read, which shares a query
   * under way; an event arriving while one runs asks for another after it.
   */
  private read(group: Group, joining: boolean): void {
    if (group.querying) {
      if (!joining) group.again = true;
      return;
    }
    group.querying = true;
    group.again = false;
    this.events.listAfter(group.query).then(
      (page) => {
        group.querying = false;
        if (page.items.length > 0) this.releaseAll(group, page);
        else if (group.again && group.waiters.size > 0) this.read(group, false);
      },
      (error: unknown) => {
        group.querying = false;
        this.logger.error('long poll query failed', error instanceof Error ? error.stack : String(error));
        for (const waiter of [...group.waiters]) this.release(waiter, READ_FAILED, 503);
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
      const empty = new Map<Group, Buffer>();
      for (const waiter of [...due]) {
        let json = empty.get(waiter.group);
        if (json === undefined) empty.set(waiter.group, (json = serialize(emptyPage(waiter.group))));
        this.release(waiter, json);
      }
    }
    if (next !== undefined) this.arm(next);
  }
}

function serialize(page: EventsPage): Buffer {
  return Buffer.from(JSON.stringify(page));
}

function emptyPage(group: Group): EventsPage {
  return { items: [], next_after: group.query.after };
}

function groupKey(query: LongPollQuery): string {
  const filter = query.filter ?? {};
  const sorted = <T>(values: readonly T[] | undefined) =>
    values === undefined ? '' : [...new Set(values)].sort().join(',');
  return [
    query.after,
    query.limit,
    sorted(filter.cameraIds),
    sorted(filter.eventTypes),
    filter.personId ?? '',
    filter.hasSnapshot ?? '',
    filter.from ?? '',
    filter.to ?? '',
  ].join('|');
}

/**
 * Whether `event` can be in the filtered page: camera, type, picture and time are checked
 * here; a person filter is left to the group's read (the event does not carry person_id), so
 * a wake-up is never missed, at worst a read finds nothing and the group stays held.
 */
function mayMatch(filter: EventFilter, event: CameraEvent): boolean {
  if (filter.cameraIds !== undefined && !filter.cameraIds.includes(event.camera_id)) return false;
  if (filter.eventTypes !== undefined && !filter.eventTypes.includes(event.event_type)) return false;
  if (filter.hasSnapshot !== undefined && filter.hasSnapshot !== event.has_snapshot) return false;
  if (filter.from !== undefined && event.occurred_at < filter.from) return false;
  if (filter.to !== undefined && event.occurred_at >= filter.to) return false;
  return true;
}
