import type { Alert, CameraEvent } from '@argus/shared';
import type { QueryClient } from '@tanstack/react-query';
import { alertsQueryOptions } from '@/features/alerts/api/get-alerts';
import { camerasQueryOptions } from '@/features/cameras/api/get-cameras';
import { recentEventsQueryOptions } from '@/features/events/api/get-events';
import { applyHistoryEvents, eventHistoryQueryOptions, historyRootKey } from '@/features/history/api/get-event-history';
import type { HistoryFilter } from '@/features/history/api/history-filter';
import { statisticsQueryOptions } from '@/features/statistics/api/get-statistics';
import {
  ALERTS_CACHE_CAP,
  alertFromMessage,
  applyAlert,
  applyAlertUpdate,
  applyCameraEvents,
  applyEvents,
  applyStatistics,
  closedSincePoll,
} from '@/realtime/cache-updates';
import type { IncomingAlert, LiveSink } from '@/realtime/types';

// The sink lives in app/ because it is the one place that knows several features: it writes
// each message under the query key the feature's own loader uses, so every reader stays one
// cache entry and TanStack infers each entry's type from the feature's queryOptions.

export interface CacheSink extends LiveSink {
  /** Merges events that arrived before the first events list loaded (a load would overwrite them). */
  flushPending(): void;
}

/** What the sink tells the toasts: a new alert to show, an alert acknowledged (its toast closes). */
export interface AlertNotices {
  newAlert(alert: Alert): void;
  closed(alertId: number): void;
}

export function createCacheSink(queryClient: QueryClient, notices: AlertNotices): CacheSink {
  const keys = {
    statistics: statisticsQueryOptions().queryKey,
    events: recentEventsQueryOptions().queryKey,
    alerts: alertsQueryOptions().queryKey,
    cameras: camerasQueryOptions().queryKey,
  };
  const pending: CameraEvent[] = [];

  const updateCameras = (events: readonly CameraEvent[]) => {
    const cameras = queryClient.getQueryData(keys.cameras);
    if (cameras === undefined) return;
    queryClient.setQueryData(keys.cameras, (old) => applyCameraEvents(old, events));
    // An event from a camera the list does not know yet: reload the list to pick it up.
    if (events.some((event) => !cameras.some((camera) => camera.id === event.camera_id))) {
      void queryClient.invalidateQueries({ queryKey: keys.cameras });
    }
  };

  // Every Events page list in the cache gets the live events its filter matches, at the top.
  const updateHistory = (events: readonly CameraEvent[]) => {
    for (const query of queryClient.getQueryCache().findAll({ queryKey: historyRootKey })) {
      // The key is eventHistoryQueryOptions(filter).queryKey: its third part is the filter.
      const filter = query.queryKey[2] as HistoryFilter;
      queryClient.setQueryData(eventHistoryQueryOptions(filter).queryKey, (old) =>
        applyHistoryEvents(old, filter, events),
      );
    }
  };

  const toAlert = (incoming: IncomingAlert): Alert => ('type' in incoming ? alertFromMessage(incoming) : incoming);

  return {
    statistics: (stats) => queryClient.setQueryData(keys.statistics, (old) => applyStatistics(old, stats)),
    events: (events) => {
      if (queryClient.getQueryData(keys.events) === undefined) pending.push(...events);
      else queryClient.setQueryData(keys.events, (old) => applyEvents(old, events));
      updateCameras(events);
      updateHistory(events);
    },
    alert: (incoming, notify) => {
      const alert = toAlert(incoming);
      // Before the panel's first load the alert arrives with that load; the toast shows either way.
      if (queryClient.getQueryData(keys.alerts) !== undefined) {
        queryClient.setQueryData(keys.alerts, (old) => applyAlert(old, alert));
      }
      // A replayed alert someone already acknowledged is listed, not announced.
      if (notify && alert.status === 'open') notices.newAlert(alert);
    },
    alertUpdated: (update) => {
      queryClient.setQueryData(keys.alerts, (old) => applyAlertUpdate(old, update));
      notices.closed(update.id);
      // Open alerts are counted in the statistics.
      void queryClient.invalidateQueries({ queryKey: keys.statistics });
    },
    openAlerts: (open) => {
      const closed = closedSincePoll(queryClient.getQueryData(keys.alerts), open, ALERTS_CACHE_CAP);
      if (closed.length === 0) return;
      // Acknowledged on another dashboard: reload the list for who and when, close the toasts.
      for (const id of closed) notices.closed(id);
      void queryClient.invalidateQueries({ queryKey: keys.alerts });
    },
    resync: () => void queryClient.invalidateQueries({ queryKey: keys.events }),
    flushPending: () => {
      if (pending.length === 0 || queryClient.getQueryData(keys.events) === undefined) return;
      const waiting = pending.splice(0);
      queryClient.setQueryData(keys.events, (old) => applyEvents(old, waiting));
    },
  };
}
