import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildEventMessage } from '@/testing/builders';
import { FakeSocket, testTimers } from '@/testing/fake-socket';
import { LiveSocket, type LiveSocketEvents } from './live-socket';

function open(token = 'token-1') {
  const events = {
    onAccepted: vi.fn<LiveSocketEvents['onAccepted']>(),
    onMessage: vi.fn<LiveSocketEvents['onMessage']>(),
    onClosed: vi.fn<LiveSocketEvents['onClosed']>(),
  };
  const live = new LiveSocket(
    FakeSocket,
    'ws://argus.test/api/ws/statistics',
    token,
    testTimers,
    { pingIntervalMs: 30_000, pongTimeoutMs: 10_000 },
    events,
  );
  return { live, events, socket: FakeSocket.last() };
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.reset();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('LiveSocket', () => {
  it('sends the token as the bearer subprotocol, never in the URL', () => {
    const { socket } = open('secret-token');
    expect(socket.url).toBe('ws://argus.test/api/ws/statistics');
    expect(socket.protocols).toEqual(['bearer', 'secret-token']);
  });

  it('reports the handshake, hands on data messages and drops malformed frames', () => {
    const { events, socket } = open();
    socket.accept();
    expect(events.onAccepted).toHaveBeenCalledTimes(1);
    socket.onmessage?.({ data: 'not json' });
    socket.onmessage?.({ data: JSON.stringify({ no: 'type' }) });
    socket.receive(buildEventMessage(7));
    expect(events.onMessage).toHaveBeenCalledTimes(1);
    expect(events.onMessage).toHaveBeenCalledWith(expect.objectContaining({ type: 'camera_event', id: 7 }));
  });

  it('sends ping every 30 s and gives up on a socket that does not answer within 10 s (4000)', async () => {
    const { events, socket } = open();
    socket.accept();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(socket.sent).toContainEqual({ type: 'ping', timestamp: Date.now() });
    await vi.advanceTimersByTimeAsync(9_999);
    expect(socket.closedWith).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(socket.closedWith?.code).toBe(4000);
    expect(events.onClosed).toHaveBeenCalledWith(4000);
  });

  it('keeps a socket that answers with pong', async () => {
    const { events, socket } = open();
    socket.accept();
    for (let i = 0; i < 3; i += 1) {
      await vi.advanceTimersByTimeAsync(30_000);
      socket.receive({ type: 'pong', timestamp: Date.now(), server_time: new Date().toISOString() });
    }
    await vi.advanceTimersByTimeAsync(10_000);
    expect(socket.closedWith).toBeNull();
    expect(socket.sent.filter((m) => m.type === 'ping')).toHaveLength(3);
    expect(events.onClosed).not.toHaveBeenCalled();
  });

  it('does not ping before the server accepted it', async () => {
    const { socket } = open();
    socket.readyState = 1;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(socket.sent).toEqual([]);
  });

  it('reports a close by the server, and nothing for a close of its own', () => {
    const first = open();
    first.socket.accept();
    first.socket.drop(1001, 'server shutting down');
    expect(first.events.onClosed).toHaveBeenCalledWith(1001);

    const second = open();
    second.socket.accept();
    second.live.close(1000, 'client stopped');
    expect(second.socket.closedWith).toEqual({ code: 1000, reason: 'client stopped' });
    second.socket.drop(1000);
    expect(second.events.onClosed).not.toHaveBeenCalled();
  });

  it('renews its token in-band', () => {
    const { live, socket } = open();
    socket.accept();
    live.renewToken('token-2');
    expect(socket.sent).toContainEqual({ type: 'auth', token: 'token-2' });
    expect(live.token).toBe('token-2');
  });
});
