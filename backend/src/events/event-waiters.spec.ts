import type { CameraEvent, EventsPage, EventType } from '@argus/shared';
import { ManualClock } from '../../test/support/manual-clock';
import { EventWaiters, type LongPollQuery } from './event-waiters';
import type { EventsService, ListEventsQuery } from './events.service';

const event = (id: number, cameraId = 1, type: EventType = 'motion_detected'): CameraEvent => ({
  id,
  camera_id: cameraId,
  camera_name: `Camera ${cameraId}`,
  event_type: type,
  occurred_at: '2026-11-23T08:00:00.000Z',
  data: {},
  has_snapshot: false,
});

/** The events table as a list, answering listAfter like the service; counts the reads. */
class Table {
  rows: CameraEvent[] = [];
  reads = 0;

  listAfter = (query: ListEventsQuery): Promise<EventsPage> => {
    this.reads += 1;
    const items = this.rows
      .filter((row) => row.id > (query.after ?? 0))
      .filter((row) => query.filter?.cameraIds === undefined || query.filter.cameraIds.includes(row.camera_id))
      .filter((row) => query.filter?.eventTypes === undefined || query.filter.eventTypes.includes(row.event_type))
      .slice(0, query.limit);
    return Promise.resolve({ items, next_after: items.at(-1)?.id ?? query.after ?? 0 });
  };

  maxReads = 0;
  latestId = (): Promise<number> => {
    this.maxReads += 1;
    return Promise.resolve(this.rows.at(-1)?.id ?? 0);
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

/** A held poll: its answer (status 200, the page parsed back) and the function that drops it. */
function hold(waiters: EventWaiters, query: LongPollQuery, waitMs: number) {
  let drop: () => void = () => undefined;
  const page = new Promise<EventsPage>((resolve, reject) => {
    drop = waiters.wait(query, waitMs, (status, json) =>
      status === 200 ? resolve(JSON.parse(json.toString()) as EventsPage) : reject(new Error(String(status))),
    );
  });
  return { page, drop: () => drop() };
}

describe('EventWaiters', () => {
  let table: Table;
  let clock: ManualClock;
  let waiters: EventWaiters;
  const query = (changes: Partial<LongPollQuery> = {}): LongPollQuery => ({ after: 0, limit: 100, ...changes });

  beforeEach(() => {
    table = new Table();
    // A whole second: deadlines are kept per 100 ms slot, rounded up.
    clock = new ManualClock(Date.parse('2026-11-23T08:00:00.000Z'));
    waiters = new EventWaiters(table as unknown as EventsService, clock);
  });

  it('answers 1,000 requests held on one cursor with one read to hold them and one per wake-up', async () => {
    const held = Array.from({ length: 1000 }, () => hold(waiters, query(), 25_000).page);
    await flush();
    expect(waiters.size).toBe(1000);
    const initialReads = table.reads;
    // Their first reads were one shared query too.
    expect(initialReads).toBe(1);
    table.rows.push(event(1));
    waiters.notify(event(1));
    const pages = await Promise.all(held);
    expect(table.reads - initialReads).toBe(1);
    for (const page of pages) expect(page).toEqual({ items: [event(1)], next_after: 1 });
    expect(waiters.size).toBe(0);
  });

  it('wakes only the groups an event is news to', async () => {
    const byCamera = hold(waiters, query({ filter: { cameraIds: [2] } }), 25_000).page;
    const byType = hold(waiters, query({ filter: { eventTypes: ['face_unknown'] } }), 25_000).page;
    const later = hold(waiters, query({ after: 5 }), 25_000).page;
    await flush();
    const reads = table.reads;
    table.rows.push(event(1, 1, 'motion_detected'));
    waiters.notify(event(1, 1, 'motion_detected'));
    await flush();
    expect(table.reads).toBe(reads);
    expect(waiters.size).toBe(3);
    table.rows.push(event(6, 2, 'face_unknown'));
    waiters.notify(event(6, 2, 'face_unknown'));
    expect(await byCamera).toEqual({ items: [event(6, 2, 'face_unknown')], next_after: 6 });
    expect(await byType).toEqual({ items: [event(6, 2, 'face_unknown')], next_after: 6 });
    expect(await later).toEqual({ items: [event(6, 2, 'face_unknown')], next_after: 6 });
  });

  it('answers the empty page at the deadline, by one timer for all', async () => {
    let settled = 0;
    const held = [1000, 2000, 2000].map((ms) => hold(waiters, query({ after: 3 }), ms).page.finally(() => settled++));
    await flush();
    clock.advance(999);
    await flush();
    expect(settled).toBe(0);
    clock.advance(1);
    await flush();
    expect(settled).toBe(1);
    clock.advance(1000);
    expect(await Promise.all(held)).toEqual(Array(3).fill({ items: [], next_after: 3 }));
  });

  it('forgets a request whose client went away', async () => {
    const { drop } = hold(waiters, query(), 25_000);
    await flush();
    expect(waiters.size).toBe(1);
    drop();
    expect(waiters.size).toBe(0);
    const reads = table.reads;
    waiters.notify(event(1));
    await flush();
    expect(table.reads).toBe(reads);
  });

  it('answers everything held on shutdown and holds nothing afterwards', async () => {
    const held = hold(waiters, query({ after: 4 }), 25_000).page;
    await flush();
    waiters.beforeApplicationShutdown();
    expect(await held).toEqual({ items: [], next_after: 4 });
    expect(await hold(waiters, query({ after: 4 }), 25_000).page).toEqual({ items: [], next_after: 4 });
    expect(waiters.size).toBe(0);
  });

  it('does not lose an event stored while a request makes its first read', async () => {
    // The event is stored and announced before the request's first read answers.
    const held = hold(waiters, query(), 25_000).page;
    table.rows.push(event(1));
    waiters.notify(event(1));
    expect(await held).toEqual({ items: [event(1)], next_after: 1 });
  });

  it('answers 503 to the requests of a group whose read failed', async () => {
    table.listAfter = () => Promise.reject(new Error('database down'));
    const held = [hold(waiters, query(), 25_000).page, hold(waiters, query(), 25_000).page];
    await expect(Promise.all(held)).rejects.toThrow('503');
    expect(waiters.size).toBe(0);
  });

  it('reads the newest id once for the polls that arrived before the read, and afresh after', async () => {
    table.rows.push(event(1));
    const first = await Promise.all([waiters.latestId(), waiters.latestId(), waiters.latestId()]);
    expect(first).toEqual([1, 1, 1]);
    expect(table.maxReads).toBe(1);
    // Stored after that read: the next poll's read starts after it arrived and sees it.
    table.rows.push(event(2));
    expect(await waiters.latestId()).toBe(2);
    expect(table.maxReads).toBe(2);
  });
});
