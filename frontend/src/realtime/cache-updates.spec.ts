import type { Alert, Camera, CameraEvent, EventType, Statistics } from '@argus/shared';
import { describe, expect, it } from 'vitest';
import {
  alertFromMessage,
  applyAcknowledged,
  applyAlert,
  applyCameraEvents,
  applyEvent,
  applyEvents,
  applyStatistics,
} from './cache-updates';

const event = (id: number, type: EventType = 'motion_detected', camera_id = 1): CameraEvent => ({
  id,
  camera_id,
  camera_name: `Camera ${camera_id}`,
  event_type: type,
  occurred_at: new Date(Date.UTC(2026, 0, 1, 0, 0, id)).toISOString(),
  data: {},
});

const alert = (id: number): Alert => ({
  id,
  event_id: id,
  rule_id: null,
  camera_id: 1,
  camera_name: 'Front',
  event_type: 'face_unknown',
  severity: 'warning',
  message: `alert ${id}`,
  created_at: '2026-01-01T00:00:00.000Z',
  status: 'open',
  acknowledged_at: null,
  acknowledged_by: null,
});

describe('applyEvents', () => {
  it('adds new events newest first without mutating the old array', () => {
    const old = [event(2), event(1)];
    const snapshot = structuredClone(old);
    const next = applyEvent(old, event(3));
    expect(next.map((e) => e.id)).toEqual([3, 2, 1]);
    expect(old).toEqual(snapshot);
    expect(next).not.toBe(old);
  });

  it('ignores duplicate ids (replay, poll overlap) and returns the same reference', () => {
    const old = [event(2), event(1)];
    expect(applyEvent(old, event(2))).toBe(old);
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
    expect(applyEvent(undefined, event(1)).map((e) => e.id)).toEqual([1]);
  });
});

describe('applyStatistics', () => {
  const stats = (generated_at: string, events_today: number): Statistics => ({
    total_people: 1,
    recognitions_today: 0,
    unknown_faces_today: 0,
    last_recognition: null,
    total_cameras: 1,
    active_cameras: 1,
    events_today,
    open_alerts: 0,
    generated_at,
  });

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

  it('fills the REST shape from a socket message', () => {
    const built = alertFromMessage(
      {
        type: 'alert',
        timestamp: '2026-01-01T00:00:00.000Z',
        id: 9,
        event_id: 4,
        rule_id: 2,
        camera_id: 2,
        camera_name: 'Garage',
        event_type: 'camera_offline',
        severity: 'critical',
        message: 'Camera offline',
        created_at: '2026-01-01T00:00:00.000Z',
        status: 'open',
        acknowledged_at: null,
        acknowledged_by: null,
      },
      { cameraName: 'Garage', eventType: 'camera_offline' },
    );
    expect(built).toMatchObject({ id: 9, camera_name: 'Garage', event_type: 'camera_offline', status: 'open' });
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
  const camera = (id: number, status: Camera['status']): Camera => ({
    id,
    name: `Camera ${id}`,
    location: '',
    status,
    enabled: true,
    last_seen_at: null,
  });

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
