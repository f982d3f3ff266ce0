import { WS_PATH, type Alert, type Camera, type CameraEvent, type EventsPage, type Statistics } from '@argus/shared';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { apiRequest } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import { sessionStore } from '@/lib/session';
import { alertFromMessage, applyAlert, applyCameraEvents, applyEvents, applyStatistics } from './cache-updates';
import { LiveClient, type IncomingAlert, type LiveSnapshot, type SocketFactory } from './live-client';

export interface UseLiveClientOptions {
  /** Renews the token over REST (null: cannot, the session is over). */
  refreshToken(): Promise<string | null>;
  /** Called once per new alert, for the toast. */
  onNewAlert?(alert: Alert): void;
  /**
   * Loads the initial event list into the cache. The socket opens only after it (or after
   * INITIAL_LOAD_WAIT_MS), so its first handshake carries `last_event_id` and the server
   * replays anything stored between the REST snapshot and the socket joining live traffic.
   */
  loadInitialEvents?(): Promise<unknown>;
}

/** How long the first socket waits for the initial event list before opening without a cursor. */
export const INITIAL_LOAD_WAIT_MS = 3000;

function socketUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${window.location.host}${WS_PATH}`;
}

function toAlert(queryClient: QueryClient, incoming: IncomingAlert): Alert {
  if (!('type' in incoming)) return incoming;
  const cameras = queryClient.getQueryData<Camera[]>(queryKeys.cameras);
  const events = queryClient.getQueryData<CameraEvent[]>(queryKeys.recentEvents);
  return alertFromMessage(incoming, {
    cameraName: cameras?.find((camera) => camera.id === incoming.camera_id)?.name,
    eventType: events?.find((event) => event.id === incoming.event_id)?.event_type,
  });
}

/**
 * The one hook through which React sees the live client: it owns the client for the signed-in
 * session, routes every message into the query cache, and exposes the connection state.
 */
export function useLiveClient(options: UseLiveClientOptions): LiveSnapshot {
  const queryClient = useQueryClient();
  const optionsRef = useRef(options);
  useEffect(() => {
    optionsRef.current = options;
  });

  const [snapshot, setSnapshot] = useState<LiveSnapshot>({ state: 'connecting', reason: null });

  useEffect(() => {
    // Events that arrive before the first REST list has loaded wait here, then merge into it.
    const pending: CameraEvent[] = [];
    const client = new LiveClient({
      url: socketUrl(),
      WebSocket: window.WebSocket as unknown as SocketFactory,
      getToken: () => sessionStore.get()?.access_token ?? null,
      refreshToken: () => optionsRef.current.refreshToken(),
      fetchStatistics: () => apiRequest<Statistics>('/api/faces/statistics'),
      fetchEvents: (after) =>
        apiRequest<EventsPage>('/api/events', { query: { after: after ?? undefined, limit: 500 } }),
      fetchOpenAlerts: () => apiRequest<Alert[]>('/api/alerts', { query: { status: 'open' } }),
      isOnline: () => navigator.onLine,
      handlers: {
        onStatistics: (stats) =>
          queryClient.setQueryData<Statistics>(queryKeys.statistics, (old) => applyStatistics(old, stats)),
        onEvents: (events) => {
          if (queryClient.getQueryData(queryKeys.recentEvents) === undefined) pending.push(...events);
          else queryClient.setQueryData<CameraEvent[]>(queryKeys.recentEvents, (old) => applyEvents(old, events));
          const cameras = queryClient.getQueryData<Camera[]>(queryKeys.cameras);
          if (cameras === undefined) return;
          if (events.some((event) => !cameras.some((camera) => camera.id === event.camera_id))) {
            void queryClient.invalidateQueries({ queryKey: queryKeys.cameras });
          }
          queryClient.setQueryData<Camera[]>(queryKeys.cameras, (old) => applyCameraEvents(old, events));
        },
        onAlert: (incoming, notify) => {
          const alert = toAlert(queryClient, incoming);
          if (queryClient.getQueryData(queryKeys.alerts) !== undefined) {
            queryClient.setQueryData<Alert[]>(queryKeys.alerts, (old) => applyAlert(old, alert));
          }
          if (notify) optionsRef.current.onNewAlert?.(alert);
        },
        onResync: () => void queryClient.invalidateQueries({ queryKey: queryKeys.recentEvents }),
        onLoggedOut: (reason) => sessionStore.end(reason),
      },
    });
    const unsubscribeState = client.subscribe(setSnapshot);

    // REST loads advance the cursor and mark what is already on screen (no toasts for old alerts).
    const noteLoaded = (key: readonly unknown[]) => {
      if (key[0] === queryKeys.recentEvents[0] && key[1] === queryKeys.recentEvents[1]) {
        const loaded = queryClient.getQueryData<CameraEvent[]>(queryKeys.recentEvents);
        if (loaded === undefined) return;
        client.noteEvents(loaded);
        if (pending.length > 0) {
          const waiting = pending.splice(0);
          queryClient.setQueryData<CameraEvent[]>(queryKeys.recentEvents, (old) => applyEvents(old, waiting));
        }
      } else if (key[0] === queryKeys.alerts[0] && key[1] === queryKeys.alerts[1]) {
        const loaded = queryClient.getQueryData<Alert[]>(queryKeys.alerts);
        if (loaded !== undefined) client.noteAlerts(loaded.map((alert) => alert.id));
      }
    };
    noteLoaded(queryKeys.recentEvents);
    noteLoaded(queryKeys.alerts);
    const unsubscribeCache = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'success' && event.action.manual !== true)
        noteLoaded(event.query.queryKey as readonly unknown[]);
    });
    let disposed = false;
    let waitTimer: ReturnType<typeof setTimeout> | undefined;
    const initialLoad = optionsRef.current.loadInitialEvents?.() ?? Promise.resolve();
    const waited = new Promise<void>((resolve) => {
      waitTimer = setTimeout(resolve, INITIAL_LOAD_WAIT_MS);
    });
    // A failed load does not hold the socket back: the client's own fallback takes over.
    void Promise.race([initialLoad.catch(() => undefined), waited]).then(() => {
      clearTimeout(waitTimer);
      if (disposed) return;
      noteLoaded(queryKeys.recentEvents);
      client.start();
    });
    let token = sessionStore.get()?.access_token;
    const unsubscribeSession = sessionStore.subscribe(() => {
      const next = sessionStore.get()?.access_token;
      if (next !== undefined && next !== token) client.updateToken(next);
      token = next;
    });
    const onNetworkChange = () => client.setOnline(navigator.onLine);
    window.addEventListener('online', onNetworkChange);
    window.addEventListener('offline', onNetworkChange);
    return () => {
      disposed = true;
      clearTimeout(waitTimer);
      unsubscribeState();
      unsubscribeCache();
      unsubscribeSession();
      window.removeEventListener('online', onNetworkChange);
      window.removeEventListener('offline', onNetworkChange);
      client.stop();
    };
  }, [queryClient]);

  return snapshot;
}
