// Over 300 lines: one behaviour per test of the live client's state machine, with fake timers.
import type { Alert, EventsPage, Statistics } from '@argus/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildAlert, buildEvent, buildEventMessage, buildStatistics } from '@/testing/builders';
import { FakeSocket, fakeSession, testTimers } from '@/testing/fake-socket';
import { LiveClient, type LiveClientOptions } from './live-client';
import type { LiveFetchers } from './poller';
import type { LiveSink } from './types';

// The orchestration of socket, backoff, fallback and cursor, driven with fake timers and a fake
// socket: one scenario per behaviour of contract §6, hence the length. The units have their own
// specs (backoff, event-cursor, live-socket, poller).

const STATS = buildStatistics();

function setup(overrides: Partial<LiveClientOptions> = {}, fetchers: Partial<LiveFetchers> = {}) {
  const sink = {
    statistics: vi.fn<LiveSink['statistics']>(),
    events: vi.fn<LiveSink['events']>(),
    alert: vi.fn<LiveSink['alert']>(),
    resync: vi.fn<LiveSink['resync']>(),
    alertUpdated: vi.fn<LiveSink['alertUpdated']>(),
    openAlerts: vi.fn<LiveSink['openAlerts']>(),
  };
  const fetchEvents = vi.fn<(after: number | null) => Promise<EventsPage>>((after) =>
    Promise.resolve({ items: [], next_after: after ?? 0 }),
  );
  const allFetchers = {
    fetchStatistics: vi.fn(() => Promise.resolve<Statistics>(STATS)),
    fetchEvents,
    fetchOpenAlerts: vi.fn(() => Promise.resolve<Alert[]>([])),
    ...fetchers,
  };
  const session = fakeSession();
  const client = new LiveClient({
    url: 'ws://argus.test/api/ws/statistics',
    WebSocket: FakeSocket,
    session,
    fetchers: allFetchers,
    sink,
    timers: testTimers,
    random: () => 0,
    isOnline: () => true,
    ...overrides,
  });
  // The states the badge went through, starting with the one it showed first.
  const states: string[] = [client.getSnapshot().state];
  client.subscribe(() => states.push(client.getSnapshot().state));
  return { client, sink, session, fetchers: allFetchers, fetchEvents, states };
}

/** All event ids delivered to the sink, in order. */
const delivered = (sink: { events: { mock: { calls: Array<Parameters<LiveSink['events']>> } } }) =>
  sink.events.mock.calls.flatMap(([events]) => events.map((e) => e.id));

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.reset();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('LiveClient connection', () => {
  it('connects with the session token, goes live on connection_status, and closes normally on stop', () => {
    const { client } = setup();
    client.start();
    const socket = FakeSocket.last();
    expect(socket.url).toBe('ws://argus.test/api/ws/statistics');
    expect(socket.protocols).toEqual(['bearer', 'token-1']);
    expect(client.getSnapshot()).toEqual({ state: 'connecting', reason: null, database: 'up' });

    socket.accept();
    expect(client.getSnapshot()).toEqual({ state: 'live', reason: null, database: 'up' });
    expect(client.currentState).toEqual({ kind: 'live' });
    client.stop();
    expect(socket.closedWith?.code).toBe(1000);
  });

  it('routes statistics, events and alerts to the sink, each event once', () => {
    const { client, sink } = setup();
    client.start();
    const socket = FakeSocket.last();
    socket.accept();
    socket.receive({ type: 'statistics_update', timestamp: STATS.generated_at, data: STATS });
    socket.receive(buildEventMessage(7));
    socket.receive(buildEventMessage(7));
    socket.receive({
      type: 'alert',
      timestamp: STATS.generated_at,
      id: 3,
      event_id: 7,
      camera_id: 1,
      severity: 'warning',
      message: 'Unknown face',
    });
    expect(sink.statistics).toHaveBeenCalledWith(STATS);
    expect(sink.events).toHaveBeenCalledWith([buildEvent(7)]);
    expect(delivered(sink)).toEqual([7]);
    expect(sink.alert).toHaveBeenCalledWith(expect.objectContaining({ id: 3 }), true);
    expect(client.lastEventId).toBe(7);
    client.stop();
  });

  it('routes alert_updated to the sink as the update it carries', () => {
    const { client, sink } = setup();
    client.start();
    const socket = FakeSocket.last();
    socket.accept();
    const update = { id: 3, acknowledged_at: STATS.generated_at, acknowledged_by: { id: 2, username: 'bob' } };
    socket.receive({ type: 'alert_updated', timestamp: STATS.generated_at, ...update });
    expect(sink.alertUpdated).toHaveBeenCalledWith(update);
    client.stop();
  });

  it('can be started again after stop (React runs effects twice in development)', () => {
    const { client } = setup();
    client.start();
    client.stop();
    client.start();
    expect(FakeSocket.instances).toHaveLength(2);
    FakeSocket.last().accept();
    expect(client.getSnapshot().state).toBe('live');
    client.stop();
  });
});

describe('LiveClient backoff', () => {
  it('reconnects after 1, 2, 4, 8, 16, 30, 30 s (no jitter when random() is 0)', async () => {
    const { client } = setup();
    client.start();
    for (const delay of [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]) {
      const before = FakeSocket.instances.length;
      FakeSocket.last().drop(1006);
      await vi.advanceTimersByTimeAsync(delay - 1);
      expect(FakeSocket.instances.length).toBe(before);
      await vi.advanceTimersByTimeAsync(1);
      expect(FakeSocket.instances.length).toBe(before + 1);
    }
    client.stop();
  });

  it('adds at most 30 % random jitter', async () => {
    const { client } = setup({ random: () => 0.999 });
    client.start();
    for (const base of [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]) {
      const before = FakeSocket.instances.length;
      FakeSocket.last().drop(1006);
      await vi.advanceTimersByTimeAsync(base);
      expect(FakeSocket.instances.length).toBe(before); // jitter > 0: not yet at the base delay
      await vi.advanceTimersByTimeAsync(Math.ceil(base * 0.3));
      expect(FakeSocket.instances.length).toBe(before + 1); // but within base × 1.3
    }
    client.stop();
  });

  it('resets the backoff once a socket was accepted', async () => {
    const { client } = setup();
    client.start();
    FakeSocket.last().drop(1006);
    await vi.advanceTimersByTimeAsync(1_000);
    FakeSocket.last().drop(1006);
    await vi.advanceTimersByTimeAsync(2_000);
    FakeSocket.last().accept();
    const before = FakeSocket.instances.length;
    FakeSocket.last().drop(1006);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(FakeSocket.instances.length).toBe(before + 1);
    client.stop();
  });

  it('reconnects after 1001 (server restart)', async () => {
    const { client, states } = setup();
    client.start();
    FakeSocket.last().accept();
    FakeSocket.last().drop(1001, 'server shutting down');
    expect(client.getSnapshot().state).toBe('connecting');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(FakeSocket.instances).toHaveLength(2);
    FakeSocket.last().accept();
    expect(states).toEqual(['connecting', 'live', 'connecting', 'live']);
    client.stop();
  });

  it('reconnects after a dead socket (no pong) like after any drop', async () => {
    const { client } = setup();
    client.start();
    const socket = FakeSocket.last();
    socket.accept();
    await vi.advanceTimersByTimeAsync(40_000);
    expect(socket.closedWith?.code).toBe(4000);
    expect(client.getSnapshot().state).toBe('connecting');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(FakeSocket.instances).toHaveLength(2);
    client.stop();
  });
});

describe('LiveClient polling fallback', () => {
  it('polls statistics and events every 5 s when no socket is open within 3 s', async () => {
    const { client, fetchers, fetchEvents } = setup();
    client.start();
    await vi.advanceTimersByTimeAsync(2_999);
    expect(client.getSnapshot().state).toBe('connecting');
    expect(fetchers.fetchStatistics).not.toHaveBeenCalled();

    await vi.advanceTimersByTimeAsync(1);
    expect(client.getSnapshot()).toEqual({ state: 'polling', reason: null, database: 'up' });
    expect(fetchers.fetchStatistics).toHaveBeenCalledTimes(1);
    expect(fetchEvents).toHaveBeenCalledTimes(1);
    expect(fetchers.fetchOpenAlerts).toHaveBeenCalledTimes(1);

    await vi.advanceTimersByTimeAsync(5_000);
    expect(fetchers.fetchStatistics).toHaveBeenCalledTimes(2);
    client.stop();
  });

  it('switches back to the socket with last_event_id and never delivers an event twice', async () => {
    const { client, sink, fetchEvents, states } = setup();
    fetchEvents.mockImplementation((after) =>
      Promise.resolve(
        after === 3 ? { items: [buildEvent(4), buildEvent(5)], next_after: 5 } : { items: [], next_after: after ?? 0 },
      ),
    );
    client.start();
    const first = FakeSocket.last();
    first.accept();
    for (const id of [1, 2, 3]) first.receive(buildEventMessage(id));

    first.drop(1006); // t=0: retry at 1 s, polling at 3 s
    await vi.advanceTimersByTimeAsync(1_000);
    FakeSocket.last().drop(1006); // retry at 3 s
    await vi.advanceTimersByTimeAsync(2_000);
    expect(client.getSnapshot().state).toBe('polling');
    expect(fetchEvents).toHaveBeenCalledWith(3, expect.objectContaining({ wait: 25 }));
    FakeSocket.last().drop(1006); // retry at 7 s
    await vi.advanceTimersByTimeAsync(4_000);

    const resumed = FakeSocket.last();
    expect(resumed.url).toBe('ws://argus.test/api/ws/statistics?last_event_id=5');
    resumed.accept();
    expect(client.getSnapshot().state).toBe('live');
    // The server replays from the cursor; an overlap (5) must not show twice.
    resumed.receive(buildEventMessage(5));
    resumed.receive(buildEventMessage(6));

    const pollsWhenLive = fetchEvents.mock.calls.length;
    await vi.advanceTimersByTimeAsync(20_000);
    expect(fetchEvents.mock.calls.length).toBe(pollsWhenLive); // polling stopped
    expect(delivered(sink)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(states).toEqual(['connecting', 'live', 'connecting', 'polling', 'live']);
    client.stop();
  });

  it('catches up from the REST list: polls after its newest id, reading every full page', async () => {
    const full = (from: number) => Array.from({ length: 500 }, (_, i) => buildEvent(from + i));
    const { client, sink, fetchEvents } = setup();
    fetchEvents.mockImplementation((after) => {
      if (after === 10) return Promise.resolve({ items: full(11), next_after: 510 });
      if (after === 510) return Promise.resolve({ items: [buildEvent(511)], next_after: 511 });
      return Promise.resolve({ items: [], next_after: after ?? 0 });
    });
    client.noteEvents([buildEvent(10)]);
    client.start();
    expect(FakeSocket.last().url).toBe('ws://argus.test/api/ws/statistics?last_event_id=10');
    await vi.advanceTimersByTimeAsync(3_000);
    expect(fetchEvents.mock.calls.map(([after]) => after).slice(0, 2)).toEqual([10, 510]);
    expect(delivered(sink)).toHaveLength(501);
    expect(client.lastEventId).toBe(511);
    client.stop();
  });

  it('is offline when polling fails too, and polling again when it recovers', async () => {
    const fetchStatistics = vi.fn((): Promise<Statistics> => Promise.reject(new Error('down')));
    const { client } = setup({}, { fetchStatistics });
    client.start();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(client.getSnapshot()).toEqual({ state: 'offline', reason: 'server_unreachable', database: 'up' });
    fetchStatistics.mockImplementation(() => Promise.resolve(STATS));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(client.getSnapshot()).toEqual({ state: 'polling', reason: null, database: 'up' });
    client.stop();
  });

  it('toasts only alerts that are new since polling first looked, each once', async () => {
    const fetchOpenAlerts = vi.fn(() => Promise.resolve([buildAlert(1)]));
    const { client, sink } = setup({}, { fetchOpenAlerts });
    client.start();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(sink.alert).toHaveBeenCalledWith(expect.objectContaining({ id: 1 }), false);

    fetchOpenAlerts.mockImplementation(() => Promise.resolve([buildAlert(2), buildAlert(1)]));
    await vi.advanceTimersByTimeAsync(5_000);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(sink.alert).toHaveBeenCalledTimes(2);
    expect(sink.alert).toHaveBeenLastCalledWith(expect.objectContaining({ id: 2 }), true);
    client.stop();
  });

  it('hands every poll’s open alerts to the sink, so alerts acknowledged elsewhere can close', async () => {
    const fetchOpenAlerts = vi.fn(() => Promise.resolve([buildAlert(2), buildAlert(1)]));
    const { client, sink } = setup({}, { fetchOpenAlerts });
    client.start();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(sink.openAlerts).toHaveBeenLastCalledWith([buildAlert(2), buildAlert(1)]);
    fetchOpenAlerts.mockImplementation(() => Promise.resolve([buildAlert(2)]));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(sink.openAlerts).toHaveBeenLastCalledWith([buildAlert(2)]);
    client.stop();
  });

  it('toasts every polled alert not on screen when the REST list was loaded first', async () => {
    const { client, sink } = setup({}, { fetchOpenAlerts: () => Promise.resolve([buildAlert(1), buildAlert(2)]) });
    client.noteAlerts([1]);
    client.start();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(sink.alert).toHaveBeenCalledTimes(1);
    expect(sink.alert).toHaveBeenCalledWith(expect.objectContaining({ id: 2 }), true);
    client.stop();
  });

  it('is offline while the browser is offline and retries at once when it returns', async () => {
    let online = false;
    const { client } = setup({ isOnline: () => online });
    expect(client.getSnapshot()).toEqual({ state: 'offline', reason: 'browser_offline', database: 'up' });
    client.start();
    expect(client.getSnapshot()).toEqual({ state: 'offline', reason: 'browser_offline', database: 'up' });
    FakeSocket.last().drop(1006);
    await vi.advanceTimersByTimeAsync(100);
    const before = FakeSocket.instances.length;
    online = true;
    client.setOnline(true);
    expect(FakeSocket.instances.length).toBe(before + 1);
    expect(client.getSnapshot().state).toBe('connecting');
    client.stop();
  });

  it('polls at once when the browser comes back online while polling', async () => {
    const { client, fetchers } = setup();
    client.start();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(fetchers.fetchStatistics).toHaveBeenCalledTimes(1);
    client.setOnline(false);
    await vi.advanceTimersByTimeAsync(1_000);
    client.setOnline(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(fetchers.fetchStatistics).toHaveBeenCalledTimes(2);
    expect(client.getSnapshot().state).toBe('polling');
    client.stop();
  });
});

describe('LiveClient close codes and the session', () => {
  it('4001: renews the token through the session and reconnects with the new one at once', async () => {
    const { client, session } = setup();
    client.start();
    FakeSocket.last().drop(4001, 'token expired');
    await vi.advanceTimersByTimeAsync(0);
    expect(session.renew).toHaveBeenCalledTimes(1);
    expect(FakeSocket.instances).toHaveLength(2);
    expect(FakeSocket.last().protocols).toEqual(['bearer', 'token-1+']);
    FakeSocket.last().accept();
    expect(client.getSnapshot().state).toBe('live');
    expect(session.end).not.toHaveBeenCalled();
    client.stop();
  });

  it('4001: stops when the renewal is refused (the session is over)', async () => {
    const { client, session } = setup();
    session.refuseRenewal();
    client.start();
    FakeSocket.last().drop(4001, 'token expired');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(session.token()).toBeNull();
    expect(FakeSocket.instances).toHaveLength(1);
    expect(client.currentState.kind).toBe('stopped');
  });

  it('4001: keeps trying with backoff when the server cannot be reached for the renewal', async () => {
    const { client, session } = setup();
    session.renew.mockRejectedValueOnce(new Error('Cannot reach the server'));
    client.start();
    FakeSocket.last().drop(4001, 'token expired');
    await vi.advanceTimersByTimeAsync(999);
    expect(FakeSocket.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.instances).toHaveLength(2);
    expect(session.end).not.toHaveBeenCalled();
    client.stop();
  });

  it('4001 again and again with fresh tokens: ends the session instead of looping', async () => {
    const { client, session } = setup();
    client.start();
    for (let i = 0; i < 3; i += 1) {
      FakeSocket.last().drop(4001, 'token rejected');
      await vi.advanceTimersByTimeAsync(0);
    }
    expect(session.renew).toHaveBeenCalledTimes(2);
    expect(session.end).toHaveBeenCalledWith('expired');
    expect(FakeSocket.instances).toHaveLength(3);
  });

  it('4003: ends the session as disabled', async () => {
    const { client, session } = setup();
    client.start();
    FakeSocket.last().drop(4003, 'user disabled');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(session.end).toHaveBeenCalledWith('disabled');
    expect(FakeSocket.instances).toHaveLength(1);
  });

  it('4008: polls, says why, and retries the socket at the capped backoff', async () => {
    const { client, fetchers } = setup();
    client.start();
    FakeSocket.last().drop(4008, 'Connection limit exceeded (5 per user)');
    expect(client.getSnapshot()).toEqual({ state: 'polling', reason: 'connection_limit', database: 'up' });
    await vi.advanceTimersByTimeAsync(0);
    expect(fetchers.fetchStatistics).toHaveBeenCalledTimes(1);

    await vi.advanceTimersByTimeAsync(29_999);
    expect(FakeSocket.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.instances).toHaveLength(2);
    FakeSocket.last().drop(4008);
    expect(client.getSnapshot().reason).toBe('connection_limit');
    await vi.advanceTimersByTimeAsync(30_000);
    FakeSocket.last().accept();
    expect(client.getSnapshot()).toEqual({ state: 'live', reason: null, database: 'up' });
    client.stop();
  });

  it('resync_required: moves the cursor and asks for a REST reload', () => {
    const { client, sink } = setup();
    client.start();
    FakeSocket.last().accept();
    FakeSocket.last().receive({ type: 'resync_required', latest_event_id: 9000 });
    expect(sink.resync).toHaveBeenCalledTimes(1);
    expect(client.lastEventId).toBe(9000);
    client.stop();
  });

  it('sends the renewed token in-band when the session renews it while live', () => {
    const { client, session } = setup();
    client.start();
    FakeSocket.last().accept();
    session.setToken('token-3');
    expect(FakeSocket.last().sent).toContainEqual({ type: 'auth', token: 'token-3' });
    client.stop();
    session.setToken('token-4');
    expect(FakeSocket.last().sent).not.toContainEqual({ type: 'auth', token: 'token-4' });
  });

  it('hands over a token renewed while the socket was still opening, once it is accepted', () => {
    const { client, session } = setup();
    client.start();
    session.setToken('token-2');
    expect(FakeSocket.last().sent).toEqual([]);
    FakeSocket.last().accept();
    expect(FakeSocket.last().sent).toContainEqual({ type: 'auth', token: 'token-2' });
    client.stop();
  });
});
