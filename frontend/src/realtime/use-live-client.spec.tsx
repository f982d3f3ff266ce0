import type { CameraEvent } from '@argus/shared';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { queryKeys } from '@/lib/query-keys';
import { sessionStore } from '@/lib/session';
import { INITIAL_LOAD_WAIT_MS, useLiveClient } from './use-live-client';

/** Records every socket the hook opens; never connects. */
class RecordingSocket {
  static urls: string[] = [];
  readyState = 0;
  onopen = null;
  onmessage = null;
  onclose = null;
  onerror = null;
  constructor(url: string) {
    RecordingSocket.urls.push(url);
  }
  send(): void {}
  close(): void {
    this.readyState = 3;
  }
}

function event(id: number): CameraEvent {
  return {
    id,
    camera_id: 1,
    camera_name: 'Front door',
    event_type: 'motion_detected',
    occurred_at: new Date(0).toISOString(),
    data: {},
  };
}

describe('useLiveClient start-up', () => {
  let queryClient: QueryClient;
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
  );

  beforeEach(() => {
    vi.useFakeTimers();
    RecordingSocket.urls = [];
    vi.stubGlobal('WebSocket', RecordingSocket);
    vi.stubGlobal(
      'fetch',
      vi.fn(() => new Promise(() => undefined)),
    ); // polling never answers here
    queryClient = new QueryClient();
    sessionStore.set({
      access_token: 'header.payload.signature',
      token_type: 'bearer',
      expires_in: 1800,
      user: { id: 1, username: 'admin', role: 'admin' },
    });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    sessionStore.end('signed_out');
  });

  it('opens the first socket only after the initial events load, with last_event_id = the newest loaded id', async () => {
    let finishLoad!: () => void;
    const loadInitialEvents = () =>
      new Promise<void>((resolve) => {
        finishLoad = () => {
          queryClient.setQueryData(queryKeys.recentEvents, [event(42), event(41)]);
          resolve();
        };
      });
    renderHook(() => useLiveClient({ refreshToken: () => Promise.resolve(null), loadInitialEvents }), { wrapper });
    await act(() => vi.advanceTimersByTimeAsync(100));
    expect(RecordingSocket.urls).toEqual([]);

    await act(async () => {
      finishLoad();
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(RecordingSocket.urls).toHaveLength(1);
    expect(RecordingSocket.urls[0]).toMatch(/\/api\/ws\/statistics\?last_event_id=42$/);
  });

  it('does not wait forever: after the wait limit it opens without a cursor', async () => {
    const loadInitialEvents = () => new Promise<void>(() => undefined);
    renderHook(() => useLiveClient({ refreshToken: () => Promise.resolve(null), loadInitialEvents }), { wrapper });
    await act(() => vi.advanceTimersByTimeAsync(INITIAL_LOAD_WAIT_MS - 1));
    expect(RecordingSocket.urls).toEqual([]);
    await act(() => vi.advanceTimersByTimeAsync(1));
    expect(RecordingSocket.urls).toHaveLength(1);
    expect(RecordingSocket.urls[0]).not.toContain('last_event_id');
  });
});
