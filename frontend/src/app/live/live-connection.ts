import { EVENTS_PAGE_MAX, WS_PATH } from '@argus/shared';
import { hashKey, type QueryClient } from '@tanstack/react-query';
import { alertsQueryOptions, getAlerts } from '@/features/alerts/api/get-alerts';
import { alertToasts } from '@/features/alerts/stores/alert-toasts';
import { getEvents, recentEventsQueryOptions } from '@/features/events/api/get-events';
import { getStatistics } from '@/features/statistics/api/get-statistics';
import { isServiceUnavailable } from '@/lib/http';
import { sessionStore } from '@/lib/session';
import { ALERTS_CACHE_CAP } from '@/realtime/cache-updates';
import { LiveClient } from '@/realtime/live-client';
import type { SocketFactory } from '@/realtime/live-socket';
import { createCacheSink } from './cache-sink';

/** How long the first socket waits for the initial event list before opening without a cursor. */
export const INITIAL_LOAD_WAIT_MS = 3000;

function socketUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${window.location.host}${WS_PATH}`;
}

/**
 * The live client of one signed-in session, wired to the app: the features' fetchers for the
 * polling fallback, the query cache as its sink, the session store for its token. run() starts
 * it and returns the function that stops it.
 */
export function createLiveConnection(queryClient: QueryClient) {
  const sink = createCacheSink(queryClient, { newAlert: alertToasts.push, closed: alertToasts.dismissAlert });
  const client = new LiveClient({
    url: socketUrl(),
    WebSocket: window.WebSocket as unknown as SocketFactory,
    session: sessionStore,
    fetchers: {
      fetchStatistics: getStatistics,
      fetchEvents: (after, options) => getEvents({ after, limit: EVENTS_PAGE_MAX, ...options }),
      fetchOpenAlerts: () => getAlerts('open', ALERTS_CACHE_CAP),
    },
    sink,
    isOnline: () => navigator.onLine,
    isDatabaseUnavailable: isServiceUnavailable,
  });
  const eventsQuery = recentEventsQueryOptions();
  const alertsQuery = alertsQueryOptions();

  // REST loads advance the cursor and mark what is already on screen (no toasts for old alerts).
  const noteLoaded = (queryHash: string) => {
    if (queryHash === hashKey(eventsQuery.queryKey)) {
      const loaded = queryClient.getQueryData(eventsQuery.queryKey);
      if (loaded === undefined) return;
      client.noteEvents(loaded);
      sink.flushPending();
    } else if (queryHash === hashKey(alertsQuery.queryKey)) {
      const loaded = queryClient.getQueryData(alertsQuery.queryKey);
      if (loaded !== undefined) client.noteAlerts(loaded.map((alert) => alert.id));
    }
  };

  const run = (): (() => void) => {
    noteLoaded(hashKey(eventsQuery.queryKey));
    noteLoaded(hashKey(alertsQuery.queryKey));
    const unsubscribeCache = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'success' && event.action.manual !== true) {
        noteLoaded(event.query.queryHash);
      }
    });
    // The first socket opens after the initial event list (or INITIAL_LOAD_WAIT_MS), so its
    // handshake carries `last_event_id` and the server replays anything stored in between.
    let disposed = false;
    let waitTimer: ReturnType<typeof setTimeout> | undefined;
    const waited = new Promise<void>((resolve) => {
      waitTimer = setTimeout(resolve, INITIAL_LOAD_WAIT_MS);
    });
    // A failed load does not hold the socket back: the client's own fallback takes over.
    const loaded = queryClient.ensureQueryData(eventsQuery).catch(() => undefined);
    void Promise.race([loaded, waited]).then(() => {
      clearTimeout(waitTimer);
      if (disposed) return;
      noteLoaded(hashKey(eventsQuery.queryKey));
      client.start();
    });
    const onNetworkChange = () => client.setOnline(navigator.onLine);
    window.addEventListener('online', onNetworkChange);
    window.addEventListener('offline', onNetworkChange);
    return () => {
      disposed = true;
      clearTimeout(waitTimer);
      unsubscribeCache();
      window.removeEventListener('online', onNetworkChange);
      window.removeEventListener('offline', onNetworkChange);
      client.stop();
    };
  };

  return { client, run };
}
