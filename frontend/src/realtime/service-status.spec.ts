import type { Alert, EventsPage, ServiceStatusMessage, Statistics } from '@argus/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, isServiceUnavailable } from '@/lib/http';
import { buildEvent, buildEventMessage, buildStatistics } from '@/testing/builders';
import { FakeSocket, fakeSession, testTimers } from '@/testing/fake-socket';
import { LiveClient } from './live-client';
import type { LiveSink } from './types';

// The server's database state as the live client reports it (docs/protocol.md "Outages"):
// `service_status` on the socket, a REST 503 while polling. Fake socket and fake timers.

const STATS = buildStatistics();
const unavailable = () => new ApiError(503, 'database unavailable, try again shortly', 5);

function serviceStatus(database: ServiceStatusMessage['database']): ServiceStatusMessage {
  return { type: 'service_status', timestamp: STATS.generated_at, database };
}

function setup() {
  const sink = {
    statistics: vi.fn<LiveSink['statistics']>(),
    events: vi.fn<LiveSink['events']>(),
    alert: vi.fn<LiveSink['alert']>(),
    resync: vi.fn<LiveSink['resync']>(),
    alertUpdated: vi.fn<LiveSink['alertUpdated']>(),
    openAlerts: vi.fn<LiveSink['openAlerts']>(),
  };
  const fetchers = {
    fetchStatistics: vi.fn((): Promise<Statistics> => Promise.resolve(STATS)),
    fetchEvents: vi.fn((after: number | null): Promise<EventsPage> =>
      Promise.resolve({ items: [], next_after: after ?? 0 }),
    ),
    fetchOpenAlerts: vi.fn((): Promise<Alert[]> => Promise.resolve([])),
  };
  const client = new LiveClient({
    url: 'ws://argus.test/api/ws/statistics',
    WebSocket: FakeSocket,
    session: fakeSession(),
    fetchers,
    sink,
    timers: testTimers,
    random: () => 0,
    isOnline: () => true,
    isDatabaseUnavailable: isServiceUnavailable,
  });
  // The database state after every change the store announced.
  const seen: string[] = [];
  client.subscribe(() => seen.push(client.getSnapshot().database));
  return { client, sink, fetchers, seen };
}

/** Every fetcher answers 503 (the server is up, its database is not). */
function failAllWith(fetchers: ReturnType<typeof setup>['fetchers'], error: () => Error) {
  fetchers.fetchStatistics.mockImplementation(() => Promise.reject(error()));
  fetchers.fetchEvents.mockImplementation(() => Promise.reject(error()));
  fetchers.fetchOpenAlerts.mockImplementation(() => Promise.reject(error()));
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.reset();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('LiveClient service status over the socket', () => {
  it('reports the database down on service_status "down" and up again on "up", staying live', () => {
    const { client, sink, seen } = setup();
    client.start();
    const socket = FakeSocket.last();
    socket.accept();
    expect(client.getSnapshot()).toEqual({ state: 'live', reason: null, database: 'up' });

    socket.receive(serviceStatus('down'));
    expect(client.getSnapshot()).toEqual({ state: 'live', reason: null, database: 'down' });
    expect(seen.at(-1)).toBe('down');
    expect(socket.closedWith).toBeNull();

    // What was stored meanwhile arrives after "up", in order.
    socket.receive(serviceStatus('up'));
    socket.receive(buildEventMessage(1));
    socket.receive(buildEventMessage(2));
    expect(client.getSnapshot()).toEqual({ state: 'live', reason: null, database: 'up' });
    expect(sink.events.mock.calls.flatMap(([events]) => events.map((e) => e.id))).toEqual([1, 2]);
    expect(seen).toEqual(['up', 'down', 'up']);
    client.stop();
  });

  it('announces each change once: a repeated "down" does not notify again', () => {
    const { client, seen } = setup();
    client.start();
    FakeSocket.last().accept();
    const before = seen.length;
    FakeSocket.last().receive(serviceStatus('down'));
    FakeSocket.last().receive(serviceStatus('down'));
    expect(seen.length).toBe(before + 1);
    client.stop();
  });

  it('keeps "down" while the socket is lost and retried, until a socket is accepted again', async () => {
    const { client } = setup();
    client.start();
    FakeSocket.last().accept();
    FakeSocket.last().receive(serviceStatus('down'));
    FakeSocket.last().drop(1006);
    expect(client.getSnapshot()).toEqual({ state: 'connecting', reason: null, database: 'down' });
    // While the database is down the server closes new sockets 1011 (the token cannot be checked).
    await vi.advanceTimersByTimeAsync(1_000);
    FakeSocket.last().drop(1011);
    expect(client.getSnapshot().database).toBe('down');

    await vi.advanceTimersByTimeAsync(2_000);
    // The handshake checked the token against the database: it answers again.
    FakeSocket.last().accept();
    expect(client.getSnapshot()).toEqual({ state: 'live', reason: null, database: 'up' });
    client.stop();
  });

  it('starts with the database up again after a stop', () => {
    const { client } = setup();
    client.start();
    FakeSocket.last().accept();
    FakeSocket.last().receive(serviceStatus('down'));
    client.stop();
    client.start();
    expect(client.getSnapshot()).toEqual({ state: 'connecting', reason: null, database: 'up' });
    client.stop();
  });
});

describe('LiveClient service status while polling', () => {
  it('REST 503: polling (the server answers) with the database down; up again once a poll succeeds', async () => {
    const { client, fetchers, sink } = setup();
    failAllWith(fetchers, unavailable);
    client.start();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(client.getSnapshot()).toEqual({ state: 'polling', reason: null, database: 'down' });

    fetchers.fetchStatistics.mockImplementation(() => Promise.resolve(STATS));
    fetchers.fetchOpenAlerts.mockImplementation(() => Promise.resolve([]));
    fetchers.fetchEvents.mockImplementation(() => Promise.resolve({ items: [buildEvent(7)], next_after: 7 }));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(client.getSnapshot()).toEqual({ state: 'polling', reason: null, database: 'up' });
    expect(sink.events).toHaveBeenCalledWith([buildEvent(7)]);
    client.stop();
  });

  it('stays down while one loop still gets 503 and the other succeeds', async () => {
    const { client, fetchers } = setup();
    fetchers.fetchEvents.mockImplementation(() => Promise.reject(unavailable()));
    client.start();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(client.getSnapshot()).toEqual({ state: 'polling', reason: null, database: 'down' });
    client.stop();
  });

  it('no answer at all is Offline, not a database outage, and keeps the last known database state', async () => {
    const { client, fetchers } = setup();
    failAllWith(fetchers, () => new ApiError(0, 'Cannot reach the server'));
    client.start();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(client.getSnapshot()).toEqual({ state: 'offline', reason: 'server_unreachable', database: 'up' });

    failAllWith(fetchers, unavailable);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(client.getSnapshot()).toEqual({ state: 'polling', reason: null, database: 'down' });

    failAllWith(fetchers, () => new ApiError(0, 'Cannot reach the server'));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(client.getSnapshot()).toEqual({ state: 'offline', reason: 'server_unreachable', database: 'down' });
    client.stop();
  });

  it('a 500 is not a database outage', async () => {
    const { client, fetchers } = setup();
    failAllWith(fetchers, () => new ApiError(500, 'internal error'));
    client.start();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(client.getSnapshot().database).toBe('up');
    client.stop();
  });

  it('switching from polling (503) to a live socket clears the outage', async () => {
    const { client, fetchers } = setup();
    failAllWith(fetchers, unavailable);
    client.start();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(client.getSnapshot().database).toBe('down');
    // The socket retried in the background opens.
    FakeSocket.last().accept();
    expect(client.getSnapshot()).toEqual({ state: 'live', reason: null, database: 'up' });
    client.stop();
  });
});
