import type { Alert, EventsPage, Statistics } from '@argus/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildAlert, buildEvent, buildStatistics, deferred } from '@/testing/builders';
import { testTimers } from '@/testing/fake-socket';
import { MIN_EMPTY_ROUND_MS, Poller, type LiveFetchers, type PollDelivery } from './poller';

function setup(fetchers: Partial<LiveFetchers> = {}) {
  let cursor: number | null = 10;
  const fetchEvents = vi.fn<LiveFetchers['fetchEvents']>((after) =>
    Promise.resolve({ items: [], next_after: after ?? 0 }),
  );
  const all: LiveFetchers = {
    fetchStatistics: vi.fn(() => Promise.resolve(buildStatistics())),
    fetchEvents,
    fetchOpenAlerts: vi.fn(() => Promise.resolve<Alert[]>([buildAlert(1)])),
    ...fetchers,
  };
  const delivered = { stats: [] as Statistics[], pages: [] as EventsPage[], alerts: [] as Alert[][] };
  const deliver: PollDelivery = {
    statistics: (stats) => delivered.stats.push(stats),
    eventsPage: (page) => {
      delivered.pages.push(page);
      cursor = page.next_after;
    },
    openAlerts: (alerts) => delivered.alerts.push(alerts),
    eventsAfter: () => cursor,
  };
  const reachable: boolean[] = [];
  const poller = new Poller(all, deliver, testTimers, 5_000, (ok) => reachable.push(ok));
  return { poller, fetchers: all, fetchEvents, delivered, reachable };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('Poller', () => {
  it('polls statistics and open alerts at once and then every 5 s, and long-polls the events after the cursor', async () => {
    const { poller, fetchers, fetchEvents, delivered } = setup();
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(fetchers.fetchStatistics).toHaveBeenCalledTimes(1);
    expect(fetchers.fetchOpenAlerts).toHaveBeenCalledTimes(1);
    expect(fetchEvents).toHaveBeenCalledWith(10, expect.objectContaining({ wait: 25 }));
    expect(delivered.stats).toHaveLength(1);
    expect(delivered.alerts).toEqual([[buildAlert(1)]]);

    await vi.advanceTimersByTimeAsync(4_999);
    expect(fetchers.fetchStatistics).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetchers.fetchStatistics).toHaveBeenCalledTimes(2);
    poller.stop();
  });

  it('long-polls again at once after an answer, from the new cursor', async () => {
    const held = [deferred<EventsPage>(), deferred<EventsPage>()];
    let calls = 0;
    const fetchEvents = vi.fn<LiveFetchers['fetchEvents']>(() => held[calls++].promise);
    const { poller, delivered } = setup({ fetchEvents });
    poller.start();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(fetchEvents).toHaveBeenCalledTimes(1);
    held[0].resolve({ items: [buildEvent(11)], next_after: 11 });
    await vi.advanceTimersByTimeAsync(0);
    expect(delivered.pages.flatMap((page) => page.items.map((e) => e.id))).toEqual([11]);
    expect(fetchEvents.mock.calls.map(([after, options]) => [after, options?.wait])).toEqual([
      [10, 25],
      [11, 25],
    ]);
    poller.stop();
  });

  it('waits a moment after an empty answer that came at once, and 5 s after a failure', async () => {
    const fetchEvents = vi.fn<LiveFetchers['fetchEvents']>((after) =>
      Promise.resolve({ items: [], next_after: after ?? 0 }),
    );
    const { poller } = setup({ fetchEvents });
    poller.start();
    await vi.advanceTimersByTimeAsync(MIN_EMPTY_ROUND_MS - 1);
    expect(fetchEvents).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetchEvents).toHaveBeenCalledTimes(2);
    fetchEvents.mockImplementation(() => Promise.reject(new Error('down')));
    await vi.advanceTimersByTimeAsync(MIN_EMPTY_ROUND_MS);
    expect(fetchEvents).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(fetchEvents).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetchEvents).toHaveBeenCalledTimes(4);
    poller.stop();
  });

  it('aborts the held long poll when stopped', async () => {
    let signal: AbortSignal | undefined;
    const fetchEvents = vi.fn<LiveFetchers['fetchEvents']>((_after, options) => {
      signal = options?.signal;
      return new Promise<EventsPage>(() => undefined);
    });
    const { poller } = setup({ fetchEvents });
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(signal?.aborted).toBe(false);
    poller.stop();
    expect(signal?.aborted).toBe(true);
  });

  it('never overlaps: the next poll is timed from the end of the previous one', async () => {
    const slow = deferred<Statistics>();
    const fetchStatistics = vi.fn(() => slow.promise);
    const { poller } = setup({ fetchStatistics });
    poller.start();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(fetchStatistics).toHaveBeenCalledTimes(1);
    slow.resolve(buildStatistics());
    await vi.advanceTimersByTimeAsync(5_000);
    expect(fetchStatistics).toHaveBeenCalledTimes(2);
    poller.stop();
  });

  it('reads every full page until the cursor stops advancing', async () => {
    const full = (from: number) => Array.from({ length: 500 }, (_, i) => buildEvent(from + i));
    const fetchEvents = vi.fn<LiveFetchers['fetchEvents']>((after) => {
      if (after === 10) return Promise.resolve({ items: full(11), next_after: 510 });
      if (after === 510) return Promise.resolve({ items: [buildEvent(511)], next_after: 511 });
      return Promise.resolve({ items: [], next_after: after ?? 0 });
    });
    const { poller, delivered } = setup({ fetchEvents });
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    // Caught up: the next long poll follows at once from the new cursor.
    expect(fetchEvents.mock.calls.map(([after]) => after)).toEqual([10, 510, 511]);
    expect(delivered.pages.flatMap((page) => page.items)).toHaveLength(501);
    poller.stop();
  });

  it('reports the server unreachable while a poll fails, and reachable once it answers again', async () => {
    const fetchStatistics = vi.fn((): Promise<Statistics> => Promise.reject(new Error('down')));
    const { poller, reachable } = setup({ fetchStatistics });
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(reachable.at(-1)).toBe(false);
    fetchStatistics.mockImplementation(() => Promise.resolve(buildStatistics()));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(reachable.at(-1)).toBe(true);
    poller.stop();
  });

  it('stops: nothing is fetched after stop(), and a poll in flight schedules no successor', async () => {
    const slow = deferred<Statistics>();
    const fetchStatistics = vi.fn(() => slow.promise);
    const { poller, delivered, reachable } = setup({ fetchStatistics });
    poller.start();
    poller.stop();
    slow.resolve(buildStatistics());
    await vi.advanceTimersByTimeAsync(30_000);
    expect(fetchStatistics).toHaveBeenCalledTimes(1);
    // Its answer still counts as data, but not as the state of a poller that was stopped.
    expect(delivered.stats).toHaveLength(1);
    expect(reachable).toEqual([]);
  });

  it('tells a database outage (the predicate, e.g. REST 503) from an unreachable server', async () => {
    const outage = new Error('503');
    const fetchStatistics = vi.fn((): Promise<Statistics> => Promise.reject(outage));
    const fetchEvents = vi.fn<LiveFetchers['fetchEvents']>(() => Promise.reject(outage));
    const { fetchers } = setup({ fetchStatistics, fetchEvents });
    const reports: Array<[boolean, string | null]> = [];
    const deliver: PollDelivery = {
      statistics: vi.fn(),
      eventsPage: vi.fn(),
      openAlerts: vi.fn(),
      eventsAfter: () => 1,
    };
    const poller = new Poller(
      fetchers,
      deliver,
      testTimers,
      5_000,
      (ok, database) => reports.push([ok, database]),
      (error) => error === outage,
    );
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    // The server answered both loops: reachable, its database down.
    expect(reports).toEqual([
      [true, 'down'],
      [true, 'down'],
    ]);

    fetchStatistics.mockImplementation(() => Promise.reject(new Error('network')));
    fetchEvents.mockImplementation(() => Promise.reject(new Error('network')));
    await vi.advanceTimersByTimeAsync(5_000);
    // Only failures without an answer: unreachable, and nothing known of the database.
    expect(reports.slice(2)).toEqual([
      [false, 'down'],
      [false, null],
    ]);

    fetchStatistics.mockImplementation(() => Promise.resolve(buildStatistics()));
    fetchEvents.mockImplementation(() => Promise.resolve({ items: [], next_after: 1 }));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(reports.at(-1)).toEqual([true, 'up']);
    poller.stop();
  });
});
