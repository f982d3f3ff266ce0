import type { Alert, Camera, CameraEvent, Statistics, TokenResponse, User } from '@argus/shared';

// Test data builders: one plausible value per wire type, with overrides for what a test is about.

export const BASE_TIME = Date.parse('2026-01-01T12:00:00.000Z');

export const isoAt = (ms: number): string => new Date(ms).toISOString();

export function buildEvent(id: number, overrides: Partial<CameraEvent> = {}): CameraEvent {
  return {
    id,
    camera_id: 1,
    camera_name: 'Front door',
    event_type: 'motion_detected',
    occurred_at: isoAt(BASE_TIME),
    data: {},
    has_snapshot: false,
    ...overrides,
  };
}

/** The socket's `camera_event` message for the same event. */
export function buildEventMessage(id: number, overrides: Partial<CameraEvent> = {}) {
  const event = buildEvent(id, overrides);
  return { type: 'camera_event' as const, timestamp: event.occurred_at, ...event };
}

export function buildAlert(id: number, overrides: Partial<Alert> = {}): Alert {
  return {
    id,
    event_id: id,
    rule_id: 1,
    camera_id: 1,
    camera_name: 'Front door',
    event_type: 'face_unknown',
    severity: 'warning',
    message: `Unknown face ${id}`,
    created_at: isoAt(BASE_TIME),
    status: 'open',
    acknowledged_at: null,
    acknowledged_by: null,
    ...overrides,
  };
}

export function buildStatistics(overrides: Partial<Statistics> = {}): Statistics {
  return {
    total_people: 12,
    recognitions_today: 340,
    unknown_faces_today: 7,
    last_recognition: null,
    total_cameras: 4,
    active_cameras: 3,
    events_today: 1234,
    open_alerts: 2,
    generated_at: isoAt(BASE_TIME),
    ...overrides,
  };
}

export function buildCamera(id: number, overrides: Partial<Camera> = {}): Camera {
  return {
    id,
    name: `Camera ${id}`,
    location: '',
    status: 'online',
    enabled: true,
    last_seen_at: null,
    source: 'api',
    snoozed_until: null,
    ...overrides,
  };
}

export function buildUser(id: number, overrides: Partial<User> = {}): User {
  return {
    id,
    username: `user${id}`,
    role: 'viewer',
    disabled: false,
    created_at: isoAt(BASE_TIME),
    ...overrides,
  };
}

export function tokenResponse(token: string, expiresIn = 1800): TokenResponse {
  return {
    access_token: token,
    token_type: 'bearer',
    expires_in: expiresIn,
    user: { id: 1, username: 'admin', role: 'admin' },
  };
}

/** A promise the test settles by hand. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((settle, fail) => {
    resolve = settle;
    reject = fail;
  });
  return { promise, resolve, reject };
}
