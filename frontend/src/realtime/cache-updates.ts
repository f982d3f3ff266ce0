import type { Alert, AlertMessage, AlertUpdate, Camera, CameraEvent, Statistics } from '@argus/shared';

// Pure, immutable, id-guarded updates for the query cache: the socket, polling and REST loads all go
// through these, so a message seen twice (replay, poll overlap) changes nothing. When nothing changes
// the old reference is returned, so React does not re-render.

/** How many events the dashboard keeps: the feed shows the first 100, the chart the last hour. */
export const EVENTS_CACHE_CAP = 1_000;
export const ALERTS_CACHE_CAP = 100;

const newestFirst = (a: { id: number }, b: { id: number }): number => b.id - a.id;

/** Merges events into a newest-first list: duplicates ignored, sorted by id (ids grow with time), capped. */
export function applyEvents(
  old: readonly CameraEvent[] | undefined,
  incoming: readonly CameraEvent[],
  cap: number = EVENTS_CACHE_CAP,
): CameraEvent[] {
  const current = old ?? [];
  const known = new Set(current.map((event) => event.id));
  const fresh: CameraEvent[] = [];
  for (const event of incoming) {
    if (known.has(event.id)) continue;
    known.add(event.id);
    fresh.push(event);
  }
  if (fresh.length === 0 && old !== undefined && old.length <= cap) return old as CameraEvent[];
  return [...fresh, ...current].sort(newestFirst).slice(0, cap);
}

/** Keeps the newer snapshot: a late poll answer never overwrites a fresher socket update. */
export function applyStatistics(old: Statistics | undefined, next: Statistics): Statistics {
  if (old !== undefined && Date.parse(old.generated_at) > Date.parse(next.generated_at)) return old;
  return next;
}

/** Adds an alert (newest first, capped); an alert already known is left as it is. */
export function applyAlert(old: readonly Alert[] | undefined, alert: Alert, cap: number = ALERTS_CACHE_CAP): Alert[] {
  const current = old ?? [];
  if (current.some((existing) => existing.id === alert.id)) return current as Alert[];
  return [alert, ...current].sort(newestFirst).slice(0, cap);
}

/** The socket's alert message is the REST Alert plus `type` and `timestamp`. */
export function alertFromMessage(message: AlertMessage): Alert {
  const { type: _type, timestamp: _timestamp, ...alert } = message;
  return alert;
}

/** Camera status from camera_online/camera_offline events; any event refreshes last_seen_at. */
export function applyCameraEvents(
  old: readonly Camera[] | undefined,
  events: readonly CameraEvent[],
): Camera[] | undefined {
  if (old === undefined) return undefined;
  let changed = false;
  const next = old.map((camera) => {
    let updated = camera;
    for (const event of [...events].sort((a, b) => a.id - b.id)) {
      if (event.camera_id !== camera.id) continue;
      if (event.event_type === 'camera_offline') {
        if (updated.status !== 'offline') updated = { ...updated, status: 'offline' };
        continue;
      }
      const status = 'online' as const;
      const seen =
        updated.last_seen_at === null || Date.parse(event.occurred_at) > Date.parse(updated.last_seen_at)
          ? event.occurred_at
          : updated.last_seen_at;
      if (updated.status !== status || updated.last_seen_at !== seen) {
        updated = { ...updated, status, last_seen_at: seen };
      }
    }
    if (updated !== camera) changed = true;
    return updated;
  });
  return changed ? next : (old as Camera[]);
}

/** Marks one alert acknowledged (the optimistic half of the Acknowledge button). */
export function applyAcknowledged(
  old: readonly Alert[] | undefined,
  id: number,
  by: { id: number; username: string },
  at: string,
): Alert[] | undefined {
  if (old === undefined) return undefined;
  return old.map((alert) =>
    alert.id === id && alert.status === 'open'
      ? { ...alert, status: 'acknowledged', acknowledged_at: at, acknowledged_by: by }
      : alert,
  );
}

/**
 * An acknowledgement from the server (`alert_updated`, on any dashboard): the alert leaves the
 * open list with the server's who/when, replacing an optimistic one. Unknown ids and updates
 * already applied change nothing (same reference back).
 */
export function applyAlertUpdate(old: readonly Alert[] | undefined, update: AlertUpdate): Alert[] | undefined {
  if (old === undefined) return undefined;
  const index = old.findIndex((alert) => alert.id === update.id);
  const current = old[index];
  if (
    current === undefined ||
    (current.status === 'acknowledged' &&
      current.acknowledged_at === update.acknowledged_at &&
      current.acknowledged_by?.id === update.acknowledged_by.id)
  ) {
    return old as Alert[];
  }
  const next = [...old];
  next[index] = {
    ...current,
    status: 'acknowledged',
    acknowledged_at: update.acknowledged_at,
    acknowledged_by: update.acknowledged_by,
  };
  return next;
}

/**
 * Ids of alerts the cache shows as open that a poll of the open alerts (the newest `cap`) no
 * longer lists: acknowledged on another dashboard. An alert older than a full poll's oldest
 * is not judged (the poll could not see it).
 */
export function closedSincePoll(
  cached: readonly Alert[] | undefined,
  polledOpen: readonly Alert[],
  cap: number,
): number[] {
  if (cached === undefined) return [];
  const open = new Set(polledOpen.map((alert) => alert.id));
  const oldest = polledOpen.length >= cap ? Math.min(...open) : -Infinity;
  return cached.filter((alert) => alert.status === 'open' && alert.id > oldest && !open.has(alert.id)).map((a) => a.id);
}
