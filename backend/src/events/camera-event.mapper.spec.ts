import type { CameraEventEntity } from './camera-event.entity';
import { toCameraEvent } from './camera-event.mapper';

const row = (overrides: Partial<CameraEventEntity>): CameraEventEntity => ({
  id: 7,
  cameraId: 2,
  cameraName: 'Gate',
  eventType: 'face_recognized',
  occurredAt: '2024-03-01T08:15:00.000Z',
  confidence: null,
  personId: null,
  personName: null,
  createdAt: '2024-03-01T08:15:01.000Z',
  label: null,
  zones: null,
  hasSnapshot: false,
  idempotencyKey: null,
  idempotencyHash: null,
  ...overrides,
});

describe('toCameraEvent', () => {
  it('maps the row to the wire shape with an empty data object when nothing is known', () => {
    expect(toCameraEvent(row({}))).toEqual({
      id: 7,
      camera_id: 2,
      camera_name: 'Gate',
      event_type: 'face_recognized',
      occurred_at: '2024-03-01T08:15:00.000Z',
      data: {},
      has_snapshot: false,
    });
  });

  it('carries only the data fields that are present (0 confidence included)', () => {
    expect(toCameraEvent(row({ confidence: 0, personId: 3, personName: 'Ann' })).data).toEqual({
      confidence: 0,
      person_id: 3,
      person_name: 'Ann',
    });
    expect(toCameraEvent(row({ personName: 'Stranger' })).data).toEqual({ person_name: 'Stranger' });
  });

  it('carries an NVR label and zones, and whether an image is stored', () => {
    const event = toCameraEvent(row({ label: 'person', zones: '["driveway","porch"]', hasSnapshot: true }));
    expect(event.data).toEqual({ label: 'person', zones: ['driveway', 'porch'] });
    expect(event.has_snapshot).toBe(true);
  });
});
