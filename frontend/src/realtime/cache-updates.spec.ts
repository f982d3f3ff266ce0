import type { Alert, Camera, CameraEvent, EventType, Statistics } from '@argus/shared';
import { describe, expect, it } from 'vitest';
import { buildAlert, buildCamera, buildEvent, buildStatistics } from '@/testing/builders';
import {
  alertFromMessage,
  applyAcknowledged,
  applyAlert,
  applyAlertUpdate,
  applyCameraEvents,
  applyEvents,
  applyStatistics,
  closedSincePoll,
} from './cache-updates';

const event = (id: number, type: EventType = 'motion_detected', camera_id = 1): CameraEvent =>
  buildEvent(id, { event_type: type, camera_id, occurred_at: new Date(Date.UTC(2026, 0, 1, 0, 0, id)).toISOString() });
const alert = (id: number): Alert => buildAlert(id, { rule_id: null });

describe('applyEvents', () => {
  it('adds new events newest first without mutating the old array', () => {
    const old = [event(2), event(1)];
    const snapshot = structuredClone(old);
    const next = applyEvents(old, [event(3)]);
    expect(next.map((e) => e.id)).toEqual([3, 2, 1]);
    expect(old).toEqual(snapshot);
    expect(next).not.toBe(old);
  });

  it('ignores duplicate ids (replay, poll overlap) and returns the same reference', () => {
    const old = [event(2), event(1)];
    expect(applyEvents(old, [event(2)])).toBe(old);
    expect(applyEvents(old, [event(3), event(3), event(1)]).map((e) => e.id)).toEqual([3, 2, 1]);
  });

  it('sorts by id even when events arrive out of order', () => {
    expect(applyEvents([event(5)], [event(7), event(6), event(4)]).map((e) => e.id)).toEqual([7, 6, 5, 4]);
  });

  it('caps the list, dropping the oldest', () => {
    const next = applyEvents([event(2), event(1)], [event(3), event(4)], 3);
    expect(next.map((e) => e.id)).toEqual([4, 3, 2]);
  });

  it('starts a list from nothing', () => {
    expect(applyEvents(undefined, [event(1)]).map((e) => e.id)).toEqual([1]);
  });
});

describe('applyStatistics', () => {
  const stats = (generated_at: string, events_today: number): Statistics =>
    buildStatistics({ generated_at, events_today });

  it('takes a newer snapshot and keeps the old one when a late answer is older', () => {
    const older = stats('2026-01-01T00:00:00.000Z', 1);
    const newer = stats('2026-01-01T00:00:05.000Z', 2);
    expect(applyStatistics(undefined, older)).toBe(older);
    expect(applyStatistics(older, newer)).toBe(newer);
    expect(applyStatistics(newer, older)).toBe(newer);
  });
});

describe('applyAlert', () => {
  it('is id-guarded, immutable, newest first and capped', () => {
    const old = [alert(2), alert(1)];
    expect(applyAlert(old, alert(2))).toBe(old);
    const next = applyAlert(old, alert(3), 2);
    expect(next.map((a) => a.id)).toEqual([3, 2]);
    expect(old.map((a) => a.id)).toEqual([2, 1]);
  });

  it('takes the REST alert a socket message carries, without type and timestamp', () => {
    const rest = alert(9);
    expect(alertFromMessage({ type: 'alert', timestamp: '2026-01-01T00:00:05.000Z', ...rest })).toEqual(rest);
  });

  it('marks one alert acknowledged without touching the others', () => {
    const old = [alert(2), alert(1)];
    const next = applyAcknowledged(old, 1, { id: 1, username: 'admin' }, '2026-01-01T00:01:00.000Z');
    expect(next?.[1]).toMatchObject({ status: 'acknowledged', acknowledged_by: { username: 'admin' } });
    expect(next?.[0]).toBe(old[0]);
    expect(old[1].status).toBe('open');
  });
});

describe('applyCameraEvents', () => {
  const camera = (id: number, status: Camera['status']): Camera => buildCamera(id, { status });

  it('follows camera_offline and camera_online events in id order', () => {
    const old = [camera(1, 'online'), camera(2, 'online')];
    const next = applyCameraEvents(old, [event(5, 'camera_offline', 1)]);
    expect(next?.map((c) => c.status)).toEqual(['offline', 'online']);
    expect(next?.[1]).toBe(old[1]);
    expect(old[0].status).toBe('online');
    const back = applyCameraEvents(next, [event(7, 'camera_online', 1), event(6, 'camera_offline', 1)]);
    expect(back?.[0].status).toBe('online');
  });

  it('leaves an unloaded list alone', () => {
    expect(applyCameraEvents(undefined, [event(1, 'camera_offline')])).toBeUndefined();
  });
});

describe('closedSincePoll', () => {
  const open = (...ids: number[]) => ids.map((id) => buildAlert(id));

  it('finds cached open alerts the poll no longer lists', () => {
    const cached = [buildAlert(4), buildAlert(3, { status: 'acknowledged' }), buildAlert(2), buildAlert(1)];
    expect(closedSincePoll(cached, open(4, 1), 100)).toEqual([2]);
    expect(closedSincePoll(cached, open(4, 2, 1), 100)).toEqual([]);
    expect(closedSincePoll(undefined, open(1), 100)).toEqual([]);
  });

  it('does not judge alerts older than a full poll could see', () => {
    const cached = [buildAlert(5), buildAlert(2), buildAlert(1)];
    // A full page (cap 2) of the newest open alerts: 1 and 2 are simply beyond it.
    expect(closedSincePoll(cached, open(5, 4), 2)).toEqual([]);
    expect(closedSincePoll([buildAlert(5), buildAlert(4)], open(5, 3), 2)).toEqual([4]);
  });
});

describe('applyAlertUpdate', () => {
  const update = { id: 1, acknowledged_at: '2026-01-01T12:00:09.000Z', acknowledged_by: { id: 7, username: 'bob' } };

  it('marks the alert acknowledged without touching the others or the old list', () => {
    const old = [buildAlert(2), buildAlert(1)];
    const next = applyAlertUpdate(old, update);
    expect(next?.[1]).toEqual({ ...buildAlert(1), status: 'acknowledged', ...update });
    expect(next?.[0]).toBe(old[0]);
    expect(old[1].status).toBe('open');
  });

  it('returns the same reference for unknown ids, repeats and an empty cache', () => {
    const old = [buildAlert(2)];
    expect(applyAlertUpdate(old, update)).toBe(old);
    const acked = applyAlertUpdate([buildAlert(1)], update);
    expect(applyAlertUpdate(acked, update)).toBe(acked);
    expect(applyAlertUpdate(undefined, update)).toBeUndefined();
  });
});
