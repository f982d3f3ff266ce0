import { act } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionStore } from '@/lib/session';
import { buildEvent, buildStatistics, deferred, tokenResponse } from '@/testing/builders';
import { FakeSocket } from '@/testing/fake-socket';
import { jsonResponse, testQueryClient } from '@/testing/render';
import { createLiveConnection, INITIAL_LOAD_WAIT_MS } from './live-connection';

describe('createLiveConnection start-up', () => {
  let eventsAnswer: ReturnType<typeof deferred<Response>>;

  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.reset();
    vi.stubGlobal('WebSocket', FakeSocket);
    eventsAnswer = deferred<Response>();
    // The initial list answers when the test says so; polling never answers here.
    vi.stubGlobal(
      'fetch',
      vi.fn((url: string) => (url.startsWith('/api/events') ? eventsAnswer.promise : new Promise(() => undefined))),
    );
    sessionStore.set(tokenResponse('header.payload.signature'));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('opens the first socket only after the initial events load, with last_event_id = the newest loaded id', async () => {
    const { run } = createLiveConnection(testQueryClient());
    const stop = run();
    await act(() => vi.advanceTimersByTimeAsync(100));
    expect(FakeSocket.instances).toEqual([]);

    eventsAnswer.resolve(jsonResponse(200, { items: [buildEvent(41), buildEvent(42)], next_after: 42 }));
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(FakeSocket.instances).toHaveLength(1);
    expect(FakeSocket.last().url).toMatch(/\/api\/ws\/statistics\?last_event_id=42$/);
    expect(FakeSocket.last().protocols).toEqual(['bearer', 'header.payload.signature']);
    stop();
  });

  it('does not wait forever: after the wait limit it opens without a cursor', async () => {
    const { run } = createLiveConnection(testQueryClient());
    const stop = run();
    await act(() => vi.advanceTimersByTimeAsync(INITIAL_LOAD_WAIT_MS - 1));
    expect(FakeSocket.instances).toEqual([]);
    await act(() => vi.advanceTimersByTimeAsync(1));
    expect(FakeSocket.instances).toHaveLength(1);
    expect(FakeSocket.last().url).not.toContain('last_event_id');
    stop();
  });

  it('opens nothing when stopped before the list arrived', async () => {
    const { run } = createLiveConnection(testQueryClient());
    const stop = run();
    stop();
    await act(() => vi.advanceTimersByTimeAsync(INITIAL_LOAD_WAIT_MS * 2));
    expect(FakeSocket.instances).toEqual([]);
  });
});

describe('createLiveConnection during a database outage', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.reset();
    vi.stubGlobal('WebSocket', FakeSocket);
    sessionStore.set(tokenResponse('header.payload.signature'));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('reports the database down when polling gets REST 503, and up when the server answers again', async () => {
    let databaseUp = false;
    const answer = (url: string) => {
      if (!databaseUp) {
        return jsonResponse(
          503,
          { statusCode: 503, error: 'Service Unavailable', message: 'database unavailable, try again shortly' },
          { 'Retry-After': '5' },
        );
      }
      if (url.startsWith('/api/events')) return jsonResponse(200, { items: [], next_after: 0 });
      if (url.startsWith('/api/alerts')) return jsonResponse(200, []);
      return jsonResponse(200, buildStatistics());
    };
    vi.stubGlobal(
      'fetch',
      vi.fn((url: string) => Promise.resolve(answer(url))),
    );
    const { client, run } = createLiveConnection(testQueryClient());
    const stop = run();
    // The initial list fails (503), the socket never opens: polling after the fallback delay.
    await act(() => vi.advanceTimersByTimeAsync(3_000));
    expect(client.getSnapshot()).toEqual({ state: 'polling', reason: null, database: 'down' });

    databaseUp = true;
    await act(() => vi.advanceTimersByTimeAsync(5_000));
    expect(client.getSnapshot()).toEqual({ state: 'polling', reason: null, database: 'up' });
    stop();
  });
});
