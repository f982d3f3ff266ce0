import type { Alert, CameraEvent, EventsPage, Statistics } from '@argus/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveClient, type LiveClientOptions, type LiveTimers, type SocketLike } from './live-client';

// ---------------------------------------------------------------- fakes

class FakeSocket implements SocketLike {
  static instances: FakeSocket[] = [];
  readyState = 0;
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  readonly sent: Array<Record<string, unknown>> = [];
  closedWith: { code?: number; reason?: string } | null = null;

  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    FakeSocket.instances.push(this);
  }

  static last(): FakeSocket {
    const socket = FakeSocket.instances.at(-1);
    if (socket === undefined) throw new Error('no socket was created');
    return socket;
  }

  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    this.readyState = 3;
  }

  /** The server accepts: open, then connection_status first (contract §3). */
  accept(): void {
    this.readyState = 1;
    this.onopen?.({});
    this.receive({
      type: 'connection_status',
      status: 'connected',
      connection_id: 'c1',
      user: { id: 1, username: 'admin' },
      stats_interval_ms: 5000,
      heartbeat_interval_ms: 30000,
      server_time: new Date().toISOString(),
    });
  }

  receive(message: object): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }

  /** The server (or the network) ends the socket. */
  drop(code: number, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

const STATS: Statistics = {
  total_people: 3,
  recognitions_today: 10,
  unknown_faces_today: 2,
  last_recognition: null,
  total_cameras: 4,
  active_cameras: 3,
  events_today: 99,
  open_alerts: 1,
  generated_at: '2026-01-01T00:00:00.000Z',
};

function event(id: number): CameraEvent {
  return {
    id,
    camera_id: 1,
    camera_name: 'Front door',
    event_type: 'motion_detected',
    occurred_at: '2026-01-01T00:00:00.000Z',
    data: {},
  };
}

function cameraEventMessage(id: number) {
  return { type: 'camera_event', timestamp: '2026-01-01T00:00:00.000Z', ...event(id) };
}

function alert(id: number): Alert {
  return {
    id,
    event_id: id,
    rule_id: 1,
    camera_id: 1,
    camera_name: 'Front door',
    event_type: 'face_unknown',
    severity: 'warning',
    message: `Unknown face ${id}`,
    created_at: '2026-01-01T00:00:00.000Z',
    status: 'open',
    acknowledged_at: null,
    acknowledged_by: null,
  };
}

const fakeTimers: LiveTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

function setup(overrides: Partial<LiveClientOptions> = {}) {
  const handlers = {
    onStatistics: vi.fn(),
    onEvents: vi.fn<(events: CameraEvent[]) => void>(),
    onAlert: vi.fn(),
    onResync: vi.fn(),
    onLoggedOut: vi.fn(),
  };
  const fetchEvents = vi.fn<(after: number | null) => Promise<EventsPage>>((after) =>
    Promise.resolve({ items: [], next_after: after ?? 0 }),
  );
  const options: LiveClientOptions = {
    url: 'ws://argus.test/api/ws/statistics',
    WebSocket: FakeSocket,
    getToken: () => 'token-1',
    refreshToken: vi.fn(() => Promise.resolve<string | null>('token-2')),
    fetchStatistics: vi.fn(() => Promise.resolve(STATS)),
    fetchEvents,
    fetchOpenAlerts: vi.fn(() => Promise.resolve<Alert[]>([])),
    handlers,
    timers: fakeTimers,
    random: () => 0,
    isOnline: () => true,
    ...overrides,
  };
  const client = new LiveClient(options);
  const states: string[] = [];
  client.subscribe((snapshot) => states.push(snapshot.state));
  return { client, options, handlers, fetchEvents, states };
}

/** All event ids delivered to onEvents, in order. */
function delivered(onEvents: ReturnType<typeof vi.fn<(events: CameraEvent[]) => void>>): number[] {
  return onEvents.mock.calls.flatMap(([events]) => events.map((e) => e.id));
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.instances = [];
});

afterEach(() => {
  vi.useRealTimers();
});

// ---------------------------------------------------------------- tests

describe('LiveClient connection', () => {
  it('connects with the token as the bearer subprotocol, not in the URL, and goes live on connection_status', () => {
    const { client } = setup();
    client.start();
    const socket = FakeSocket.last();
    expect(socket.url).toBe('ws://argus.test/api/ws/statistics');
    expect(socket.protocols).toEqual(['bearer', 'token-1']);
    expect(client.getSnapshot()).toEqual({ state: 'connecting', reason: null });

    socket.accept();
    expect(client.getSnapshot()).toEqual({ state: 'live', reason: null });
    client.stop();
    expect(socket.closedWith?.code).toBe(1000);
  });

  it('routes statistics, events and alerts to the handlers', () => {
    const { client, handlers } = setup();
    client.start();
    const socket = FakeSocket.last();
    socket.accept();
    socket.receive({ type: 'statistics_update', timestamp: STATS.generated_at, data: STATS });
    socket.receive(cameraEventMessage(7));
    socket.receive({
      type: 'alert',
      timestamp: STATS.generated_at,
      id: 3,
      event_id: 7,
      camera_id: 1,
      severity: 'warning',
      message: 'Unknown face',
    });
    expect(handlers.onStatistics).toHaveBeenCalledWith(STATS);
    expect(delivered(handlers.onEvents)).toEqual([7]);
    expect(handlers.onAlert).toHaveBeenCalledWith(expect.objectContaining({ id: 3 }), true);
    expect(client.lastEventId).toBe(7);
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
});

describe('LiveClient polling fallback', () => {
  it('polls statistics and events every 5 s when no socket is open within 3 s', async () => {
    const { client, options, fetchEvents } = setup();
    client.start();
    await vi.advanceTimersByTimeAsync(2_999);
    expect(client.getSnapshot().state).toBe('connecting');
    expect(options.fetchStatistics).not.toHaveBeenCalled();

    await vi.advanceTimersByTimeAsync(1);
    expect(client.getSnapshot()).toEqual({ state: 'polling', reason: null });
    expect(options.fetchStatistics).toHaveBeenCalledTimes(1);
    expect(fetchEvents).toHaveBeenCalledTimes(1);
    expect(options.fetchOpenAlerts).toHaveBeenCalledTimes(1);

    await vi.advanceTimersByTimeAsync(5_000);
    expect(options.fetchStatistics).toHaveBeenCalledTimes(2);
    client.stop();
  });

  it('switches back to the socket with last_event_id and never delivers an event twice', async () => {
    const { client, handlers, fetchEvents, states } = setup();
    fetchEvents.mockImplementation((after) =>
      Promise.resolve(
        after === 3 ? { items: [event(4), event(5)], next_after: 5 } : { items: [], next_after: after ?? 0 },
      ),
    );
    client.start();
    const first = FakeSocket.last();
    first.accept();
    for (const id of [1, 2, 3]) first.receive(cameraEventMessage(id));

    first.drop(1006); // t=0: retry at 1 s, polling at 3 s
    await vi.advanceTimersByTimeAsync(1_000);
    FakeSocket.last().drop(1006); // retry at 3 s
    await vi.advanceTimersByTimeAsync(2_000);
    expect(client.getSnapshot().state).toBe('polling');
    expect(fetchEvents).toHaveBeenCalledWith(3);
    FakeSocket.last().drop(1006); // retry at 7 s
    await vi.advanceTimersByTimeAsync(4_000);

    const resumed = FakeSocket.last();
    expect(resumed.url).toBe('ws://argus.test/api/ws/statistics?last_event_id=5');
    resumed.accept();
    expect(client.getSnapshot().state).toBe('live');
    // The server replays from the cursor; an overlap (5) must not show twice.
    resumed.receive(cameraEventMessage(5));
    resumed.receive(cameraEventMessage(6));

    const pollsWhenLive = fetchEvents.mock.calls.length;
    await vi.advanceTimersByTimeAsync(20_000);
    expect(fetchEvents.mock.calls.length).toBe(pollsWhenLive); // polling stopped
    expect(delivered(handlers.onEvents)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(states).toEqual(['connecting', 'live', 'connecting', 'polling', 'live']);
    client.stop();
  });

  it('reads every full page until the cursor stops advancing', async () => {
    const full = (from: number) => Array.from({ length: 500 }, (_, i) => event(from + i));
    const { client, handlers, fetchEvents } = setup();
    fetchEvents.mockImplementation((after) => {
      if (after === 10) return Promise.resolve({ items: full(11), next_after: 510 });
      if (after === 510) return Promise.resolve({ items: [event(511)], next_after: 511 });
      return Promise.resolve({ items: [], next_after: after ?? 0 });
    });
    client.noteEvents([event(10)]);
    client.start();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(fetchEvents.mock.calls.map(([after]) => after)).toEqual([10, 510]);
    expect(delivered(handlers.onEvents)).toHaveLength(501);
    expect(client.lastEventId).toBe(511);
    client.stop();
  });

  it('is offline when polling fails too, and polling again when it recovers', async () => {
    const fetchStatistics = vi.fn((): Promise<Statistics> => Promise.reject(new Error('down')));
    const { client } = setup({ fetchStatistics });
    client.start();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(client.getSnapshot()).toEqual({ state: 'offline', reason: 'server_unreachable' });
    fetchStatistics.mockImplementation(() => Promise.resolve(STATS));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(client.getSnapshot()).toEqual({ state: 'polling', reason: null });
    client.stop();
  });

  it('toasts only alerts that are new since polling first looked, each once', async () => {
    const fetchOpenAlerts = vi.fn(() => Promise.resolve([alert(1)]));
    const { client, handlers } = setup({ fetchOpenAlerts });
    client.start();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(handlers.onAlert).toHaveBeenCalledWith(expect.objectContaining({ id: 1 }), false);

    fetchOpenAlerts.mockImplementation(() => Promise.resolve([alert(2), alert(1)]));
    await vi.advanceTimersByTimeAsync(5_000);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(handlers.onAlert).toHaveBeenCalledTimes(2);
    expect(handlers.onAlert).toHaveBeenLastCalledWith(expect.objectContaining({ id: 2 }), true);
    client.stop();
  });

  it('is offline while the browser is offline and retries at once when it returns', async () => {
    let online = false;
    const { client } = setup({ isOnline: () => online });
    expect(client.getSnapshot()).toEqual({ state: 'offline', reason: 'browser_offline' });
    client.start();
    FakeSocket.last().drop(1006);
    await vi.advanceTimersByTimeAsync(100);
    const before = FakeSocket.instances.length;
    online = true;
    client.setOnline(true);
    expect(FakeSocket.instances.length).toBe(before + 1);
    expect(client.getSnapshot().state).toBe('connecting');
    client.stop();
  });
});

describe('LiveClient heartbeat', () => {
  it('sends ping every 30 s and closes a socket that does not answer within 10 s', async () => {
    const { client } = setup();
    client.start();
    const socket = FakeSocket.last();
    socket.accept();

    await vi.advanceTimersByTimeAsync(30_000);
    expect(socket.sent).toContainEqual(expect.objectContaining({ type: 'ping' }));
    await vi.advanceTimersByTimeAsync(9_999);
    expect(socket.closedWith).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(socket.closedWith?.code).toBe(4000);
    expect(client.getSnapshot().state).toBe('connecting');

    await vi.advanceTimersByTimeAsync(1_000);
    expect(FakeSocket.instances).toHaveLength(2);
    client.stop();
  });

  it('keeps a socket that answers with pong', async () => {
    const { client } = setup();
    client.start();
    const socket = FakeSocket.last();
    socket.accept();
    for (let i = 0; i < 3; i += 1) {
      await vi.advanceTimersByTimeAsync(30_000);
      socket.receive({ type: 'pong', timestamp: Date.now(), server_time: new Date().toISOString() });
    }
    await vi.advanceTimersByTimeAsync(10_000);
    expect(socket.closedWith).toBeNull();
    expect(socket.sent.filter((m) => m.type === 'ping')).toHaveLength(3);
    expect(client.getSnapshot().state).toBe('live');
    client.stop();
  });
});

describe('LiveClient close codes', () => {
  it('4001: refreshes the token and reconnects with the new one', async () => {
    let token = 'token-1';
    const refreshToken = vi.fn(() => {
      token = 'token-2';
      return Promise.resolve<string | null>(token);
    });
    const { client, handlers } = setup({ getToken: () => token, refreshToken });
    client.start();
    FakeSocket.last().drop(4001, 'token expired');
    await vi.advanceTimersByTimeAsync(0);
    expect(refreshToken).toHaveBeenCalledTimes(1);
    expect(FakeSocket.instances).toHaveLength(2);
    expect(FakeSocket.last().protocols).toEqual(['bearer', 'token-2']);
    FakeSocket.last().accept();
    expect(client.getSnapshot().state).toBe('live');
    expect(handlers.onLoggedOut).not.toHaveBeenCalled();
    client.stop();
  });

  it('4001: logs out when the refresh fails', async () => {
    const { client, handlers } = setup({ refreshToken: vi.fn(() => Promise.resolve(null)) });
    client.start();
    FakeSocket.last().drop(4001, 'token expired');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(handlers.onLoggedOut).toHaveBeenCalledWith('expired');
    expect(FakeSocket.instances).toHaveLength(1);
  });

  it('4003: logs out (user disabled)', async () => {
    const { client, handlers } = setup();
    client.start();
    FakeSocket.last().drop(4003, 'user disabled');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(handlers.onLoggedOut).toHaveBeenCalledWith('disabled');
    expect(FakeSocket.instances).toHaveLength(1);
  });

  it('4008: polls, says why, and retries the socket at the capped backoff', async () => {
    const { client, options } = setup();
    client.start();
    FakeSocket.last().drop(4008, 'Connection limit exceeded (5 per user)');
    expect(client.getSnapshot()).toEqual({ state: 'polling', reason: 'connection_limit' });
    await vi.advanceTimersByTimeAsync(0);
    expect(options.fetchStatistics).toHaveBeenCalledTimes(1);

    await vi.advanceTimersByTimeAsync(29_999);
    expect(FakeSocket.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.instances).toHaveLength(2);
    FakeSocket.last().drop(4008);
    expect(client.getSnapshot().reason).toBe('connection_limit');
    await vi.advanceTimersByTimeAsync(30_000);
    FakeSocket.last().accept();
    expect(client.getSnapshot()).toEqual({ state: 'live', reason: null });
    client.stop();
  });

  it('resync_required: moves the cursor and asks for a REST reload', () => {
    const { client, handlers } = setup();
    client.start();
    FakeSocket.last().accept();
    FakeSocket.last().receive({ type: 'resync_required', latest_event_id: 9000 });
    expect(handlers.onResync).toHaveBeenCalledTimes(1);
    expect(client.lastEventId).toBe(9000);
    client.stop();
  });

  it('sends an in-band auth message when the token is renewed while live', () => {
    const { client } = setup();
    client.start();
    FakeSocket.last().accept();
    client.updateToken('token-3');
    expect(FakeSocket.last().sent).toContainEqual({ type: 'auth', token: 'token-3' });
    client.stop();
  });
});
