import { EVENT_TYPES, toAlertMessage, type Alert } from '@argus/shared';
import { ALL_EVENT_TYPES_MASK, maskOf, toFrame, typesOf } from './server-messages';

describe('server messages', () => {
  it('serializes a message once into UTF-8 JSON', () => {
    const frame = toFrame({ type: 'resync_required', latest_event_id: 7 });
    expect(JSON.parse(frame.toString('utf8'))).toEqual({ type: 'resync_required', latest_event_id: 7 });
  });

  it('turns an alert into the alert message of contract §3: every field of the REST Alert', () => {
    const alert: Alert = {
      id: 3,
      event_id: 9,
      rule_id: 1,
      camera_id: 2,
      camera_name: 'Gate',
      event_type: 'face_unknown',
      severity: 'warning',
      message: 'Unknown face at Gate',
      created_at: '2026-01-01T00:00:00.000Z',
      status: 'open',
      acknowledged_at: null,
      acknowledged_by: null,
    };
    expect(toAlertMessage(alert, '2026-01-01T00:00:01.000Z')).toEqual({
      type: 'alert',
      timestamp: '2026-01-01T00:00:01.000Z',
      ...alert,
    });
  });

  it('round-trips event type filters through masks', () => {
    expect(typesOf(ALL_EVENT_TYPES_MASK)).toEqual([...EVENT_TYPES]);
    expect(typesOf(maskOf(['camera_offline', 'face_unknown']))).toEqual(['face_unknown', 'camera_offline']);
    expect(maskOf([])).toBe(0);
  });
});
