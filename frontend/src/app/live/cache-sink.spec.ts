import type { Alert } from '@argus/shared';
import { describe, expect, it, vi } from 'vitest';
import { alertsQueryOptions } from '@/features/alerts/api/get-alerts';
import { camerasQueryOptions } from '@/features/cameras/api/get-cameras';
import { recentEventsQueryOptions } from '@/features/events/api/get-events';
import { statisticsQueryOptions } from '@/features/statistics/api/get-statistics';
import { buildAlert, buildCamera, buildEvent, buildStatistics } from '@/testing/builders';
import { testQueryClient } from '@/testing/render';
import { createCacheSink } from './cache-sink';

const keys = {
  statistics: statisticsQueryOptions().queryKey,
  events: recentEventsQueryOptions().queryKey,
  alerts: alertsQueryOptions().queryKey,
  cameras: camerasQueryOptions().queryKey,
};

function setup() {
  const queryClient = testQueryClient();
  const toasts = vi.fn<(alert: Alert) => void>();
  const closed = vi.fn<(alertId: number) => void>();
  return { queryClient, toasts, closed, sink: createCacheSink(queryClient, { newAlert: toasts, closed }) };
}

describe('createCacheSink', () => {
  it('writes statistics under the loader’s key, keeping the newer snapshot', () => {
    const { queryClient, sink } = setup();
    const newer = buildStatistics({ generated_at: '2026-01-01T12:00:05.000Z', events_today: 2 });
    sink.statistics(newer);
    sink.statistics(buildStatistics({ generated_at: '2026-01-01T12:00:00.000Z', events_today: 1 }));
    expect(queryClient.getQueryData(keys.statistics)).toBe(newer);
  });

  it('merges events newest first, and keeps the ones that arrive before the list has loaded', () => {
    const { queryClient, sink } = setup();
    sink.events([buildEvent(5)]);
    expect(queryClient.getQueryData(keys.events)).toBeUndefined();

    queryClient.setQueryData(keys.events, [buildEvent(4), buildEvent(3)]);
    sink.flushPending();
    sink.events([buildEvent(6), buildEvent(4)]);
    expect(queryClient.getQueryData(keys.events)?.map((event) => event.id)).toEqual([6, 5, 4, 3]);
  });

  it('follows camera status from events, and reloads the cameras when one is new', () => {
    const { queryClient, sink } = setup();
    queryClient.setQueryData(keys.cameras, [buildCamera(1)]);
    sink.events([buildEvent(1, { camera_id: 1, event_type: 'camera_offline' })]);
    expect(queryClient.getQueryData(keys.cameras)?.[0].status).toBe('offline');
    expect(queryClient.getQueryState(keys.cameras)?.isInvalidated).toBe(false);

    sink.events([buildEvent(2, { camera_id: 9 })]);
    expect(queryClient.getQueryState(keys.cameras)?.isInvalidated).toBe(true);
  });

  it('adds a new alert to the panel and toasts it only when asked to', () => {
    const { queryClient, toasts, sink } = setup();
    queryClient.setQueryData(keys.alerts, [buildAlert(1)]);
    sink.alert(buildAlert(2), true);
    sink.alert(buildAlert(3), false);
    expect(queryClient.getQueryData(keys.alerts)?.map((alert) => alert.id)).toEqual([3, 2, 1]);
    expect(toasts).toHaveBeenCalledTimes(1);
    expect(toasts).toHaveBeenCalledWith(expect.objectContaining({ id: 2 }));
  });

  it('caches and toasts a socket alert as the REST alert it carries', () => {
    const { queryClient, toasts, sink } = setup();
    queryClient.setQueryData(keys.alerts, []);
    const rest = buildAlert(5, { camera_name: 'Garage', event_type: 'camera_offline', severity: 'critical' });
    sink.alert({ type: 'alert', timestamp: '2026-01-01T12:00:00.000Z', ...rest }, true);
    expect(queryClient.getQueryData(keys.alerts)).toEqual([rest]);
    expect(toasts).toHaveBeenCalledWith(rest);
  });

  it('does not toast a replayed alert that was already acknowledged', () => {
    const { queryClient, toasts, sink } = setup();
    queryClient.setQueryData(keys.alerts, []);
    const done = buildAlert(6, { status: 'acknowledged', acknowledged_at: '2026-01-01T12:00:01.000Z' });
    sink.alert(done, true);
    expect(queryClient.getQueryData(keys.alerts)).toEqual([done]);
    expect(toasts).not.toHaveBeenCalled();
  });

  it('alert_updated: the alert leaves the open list with the server’s who/when, and its toast closes', () => {
    const { queryClient, closed, sink } = setup();
    queryClient.setQueryData(keys.alerts, [buildAlert(2), buildAlert(1)]);
    queryClient.setQueryData(keys.statistics, buildStatistics());
    const update = {
      id: 2,
      acknowledged_at: '2026-01-01T12:00:09.000Z',
      acknowledged_by: { id: 7, username: 'bob' },
    };
    sink.alertUpdated(update);
    const alerts = queryClient.getQueryData(keys.alerts);
    expect(alerts?.[0]).toEqual({ ...buildAlert(2), status: 'acknowledged', ...update });
    expect(alerts?.filter((alert) => alert.status === 'open').map((alert) => alert.id)).toEqual([1]);
    expect(alerts?.[1]).toBe(queryClient.getQueryData(keys.alerts)?.[1]);
    expect(closed).toHaveBeenCalledWith(2);
    // The open-alerts count comes with fresh statistics.
    expect(queryClient.getQueryState(keys.statistics)?.isInvalidated).toBe(true);

    // Seen twice (two instances' worth of delivery): nothing changes.
    sink.alertUpdated(update);
    expect(queryClient.getQueryData(keys.alerts)).toBe(alerts);
  });

  it('alert_updated replaces an optimistic acknowledgement with the server’s record', () => {
    const { queryClient, sink } = setup();
    const optimistic = buildAlert(3, {
      status: 'acknowledged',
      acknowledged_at: '2026-01-01T12:00:05.000Z',
      acknowledged_by: { id: 1, username: 'me' },
    });
    queryClient.setQueryData(keys.alerts, [optimistic]);
    const update = { id: 3, acknowledged_at: '2026-01-01T12:00:04.000Z', acknowledged_by: { id: 7, username: 'bob' } };
    sink.alertUpdated(update);
    expect(queryClient.getQueryData(keys.alerts)?.[0]).toMatchObject(update);
  });

  it('polling: an alert open on screen but no longer among the open ones reloads the list and closes its toast', () => {
    const { queryClient, closed, sink } = setup();
    queryClient.setQueryData(keys.alerts, [buildAlert(3), buildAlert(2), buildAlert(1)]);
    sink.openAlerts([buildAlert(3), buildAlert(2), buildAlert(1)]);
    expect(queryClient.getQueryState(keys.alerts)?.isInvalidated).toBe(false);
    expect(closed).not.toHaveBeenCalled();

    sink.openAlerts([buildAlert(3), buildAlert(1)]);
    expect(closed).toHaveBeenCalledWith(2);
    expect(closed).toHaveBeenCalledTimes(1);
    expect(queryClient.getQueryState(keys.alerts)?.isInvalidated).toBe(true);
  });

  it('reloads the events list on resync', () => {
    const { queryClient, sink } = setup();
    queryClient.setQueryData(keys.events, [buildEvent(1)]);
    sink.resync();
    expect(queryClient.getQueryState(keys.events)?.isInvalidated).toBe(true);
  });
});
