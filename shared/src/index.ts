/**
 * Argus wire types: the single source of truth for every JSON shape that crosses
 * the network (REST bodies and WebSocket messages). Backend and frontend both
 * import from here so they cannot drift; one file on purpose (over 300 lines), so
 * the whole wire format reads in one place. Field names are snake_case and
 * timestamps are ISO-8601 UTC strings with a trailing `Z` (contract §§1-5).
 */

// ---------------------------------------------------------------- domain enums

export const ROLES = ['admin', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const EVENT_TYPES = [
  'motion_detected',
  'face_recognized',
  'face_unknown',
  'recording_started',
  'recording_stopped',
  'camera_online',
  'camera_offline',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CAMERA_STATUSES = ['online', 'offline'] as const;
export type CameraStatus = (typeof CAMERA_STATUSES)[number];

/** Where a camera's events come from: the ingest API, the Frigate bridge (MQTT) or the built-in simulator. */
export const CAMERA_SOURCES = ['api', 'frigate', 'simulator'] as const;
export type CameraSource = (typeof CAMERA_SOURCES)[number];

/** ISO-8601 UTC timestamp, e.g. `2026-11-23T08:15:00.000Z`. */
export type IsoTime = string;

// ---------------------------------------------------------------- input limits

/**
 * Largest id the API takes anywhere (path, query, body, token `sub`, socket `last_event_id`):
 * a PostgreSQL `integer`. Ids are 1..MAX_ID; cursors such as `after` are 0..MAX_ID.
 */
export const MAX_ID = 2_147_483_647;

/** Passwords are 8 to 72 bytes of UTF-8: bcrypt reads 72 bytes, so longer ones are refused, never truncated. */
export const PASSWORD_MIN_BYTES = 8;
export const PASSWORD_MAX_BYTES = 72;

/** Whether a password can be set: PASSWORD_MIN_BYTES to PASSWORD_MAX_BYTES bytes of UTF-8. */
export function isStorablePassword(password: string): boolean {
  const bytes = new TextEncoder().encode(password).length;
  return bytes >= PASSWORD_MIN_BYTES && bytes <= PASSWORD_MAX_BYTES;
}

// ---------------------------------------------------------------- REST: auth

export interface LoginRequest {
  username: string;
  password: string;
}

export interface PublicUser {
  id: number;
  username: string;
  role: Role;
}

export interface TokenResponse {
  access_token: string;
  token_type: 'bearer';
  /** Seconds until the token expires. */
  expires_in: number;
  user: PublicUser;
}

/** Claims carried by every access token (HS256). */
export interface JwtClaims {
  sub: number;
  username: string;
  role: Role;
  iat: number;
  exp: number;
  jti: string;
  /** The user's token version at issue: a password change bumps it and ends older tokens. */
  ver: number;
}

/** Body of `POST /api/auth/password`: the caller changes their own password. */
export interface ChangePasswordRequest {
  current_password: string;
  new_password: string;
}

// ---------------------------------------------------------------- REST: users

export interface User extends PublicUser {
  disabled: boolean;
  created_at: IsoTime;
}

export interface CreateUserRequest {
  username: string;
  password: string;
  role: Role;
}

export interface UpdateUserRequest {
  role?: Role;
  password?: string;
  disabled?: boolean;
}

// ---------------------------------------------------------------- REST: cameras, people

export interface Camera {
  id: number;
  name: string;
  location: string;
  status: CameraStatus;
  enabled: boolean;
  last_seen_at: IsoTime | null;
  /** Argus extension of contract §2: cameras created through the API are `api`. */
  source: CameraSource;
  /**
   * Contract §10 (Argus addition to the camera shape): until when the camera's events raise
   * no alerts (`POST /api/cameras/:id/snooze`); null when it is not snoozed (or that time passed).
   */
  snoozed_until: IsoTime | null;
}

/** Body of `POST /api/cameras/:id/snooze`: a time in the future, at most SNOOZE_MAX_SECONDS ahead. */
export interface SnoozeCameraRequest {
  until: IsoTime;
}

/** The longest snooze: 30 days. */
export const SNOOZE_MAX_SECONDS = 30 * 24 * 3600;

/** Answer to `POST /api/cameras`: the only time the ingest key is ever shown. */
export interface CreatedCamera extends Camera {
  ingest_key: string;
}

/** Answer to `POST /api/cameras/:id/ingest-key`: the new key, shown once; the old one stops working. */
export interface IngestKeyResponse {
  ingest_key: string;
}

export interface CreateCameraRequest {
  name: string;
  location?: string;
  enabled?: boolean;
}

export interface UpdateCameraRequest {
  name?: string;
  location?: string;
  enabled?: boolean;
}

export interface Person {
  id: number;
  name: string;
  created_at: IsoTime;
}

export interface CreatePersonRequest {
  name: string;
}

// ---------------------------------------------------------------- REST: events

export interface CameraEventData {
  /** 0..1 */
  confidence?: number;
  person_id?: number;
  person_name?: string;
  /** What an NVR detected (Frigate's object label: `person`, `car`...). */
  label?: string;
  /** Zones the object entered (Frigate's `entered_zones`). */
  zones?: string[];
}

export interface CameraEvent {
  /** Strictly increasing: the cursor for polling and replay. */
  id: number;
  camera_id: number;
  camera_name: string;
  event_type: EventType;
  occurred_at: IsoTime;
  data: CameraEventData;
  /** An image is stored with the event: `GET /api/events/:id/snapshot` (and `/thumbnail`). */
  has_snapshot: boolean;
}

export interface IngestEventRequest {
  event_type: EventType;
  confidence?: number;
  person_id?: number;
  person_name?: string;
  occurred_at?: IsoTime;
}

export interface EventsPage {
  items: CameraEvent[];
  /** Pass as `after` on the next call. */
  next_after: number;
}

export const EVENTS_PAGE_MAX = 500;
/** `limit` when a list call gives none (events and alerts). */
export const PAGE_DEFAULT = 100;

/** Query of `GET /api/events` following the live cursor (oldest first), with the history filters. */
export interface ListEventsParams extends EventFilterParams {
  /** Ids strictly greater than this; omitted: the newest `limit` events. */
  after?: number;
  /** 1 to EVENTS_PAGE_MAX, default PAGE_DEFAULT. */
  limit?: number;
  /**
   * Long polling (with `after`): when nothing newer matches, the answer is held until a
   * matching event is stored or this many seconds pass. LONG_POLL_WAIT_MIN to LONG_POLL_WAIT_MAX.
   */
  wait?: number;
}

/** Bounds of `GET /api/events?wait=` in seconds (contract §2). */
export const LONG_POLL_WAIT_MIN = 1;
export const LONG_POLL_WAIT_MAX = 30;
/** What the dashboard's polling fallback asks for (contract §6). */
export const LONG_POLL_WAIT_DASHBOARD = 25;

// ---------------------------------------------------------------- REST: history (§9)

/**
 * The history filters shared by `GET /api/events` (with `before`), the histogram and the CSV
 * export. Lists go on the wire comma-separated (`camera_id=1,2`); times are ISO-8601 with an
 * offset, on `occurred_at`: `from` inclusive, `to` exclusive.
 */
export interface EventFilterParams {
  camera_id?: number[];
  event_type?: EventType[];
  person_id?: number;
  has_snapshot?: boolean;
  from?: IsoTime;
  to?: IsoTime;
}

/** At most this many values in one list filter (`camera_id=1,2,...`). */
export const FILTER_LIST_MAX = 50;

/** Query of `GET /api/events` in history mode: `before` pages backwards, highest id first. */
export interface EventHistoryParams extends EventFilterParams {
  /** Ids strictly below this; the first page passes HISTORY_FIRST_PAGE. */
  before: number;
  /** 1 to EVENTS_PAGE_MAX, default PAGE_DEFAULT. */
  limit?: number;
}

/** `before` of a first page: every stored id is below it (ids are 1..MAX_ID). */
export const HISTORY_FIRST_PAGE = 2_147_483_647;

/** Answer to `GET /api/events?before=`: newest first. */
export interface EventHistoryPage {
  items: CameraEvent[];
  /** Pass as `before` for the next (older) page; null when nothing older is left. */
  next_before: number | null;
}

export const HISTOGRAM_BUCKETS = ['minute', 'hour', 'day'] as const;
export type HistogramBucket = (typeof HISTOGRAM_BUCKETS)[number];
/** A histogram lists at most this many buckets (a day of minutes, about 2 months of hours). */
export const HISTOGRAM_MAX_BUCKETS = 1500;

/** Query of `GET /api/events/histogram`: the list filters plus the bucket size (default hour). */
export interface EventHistogramParams extends EventFilterParams {
  bucket?: HistogramBucket;
}

export interface HistogramBucketCounts {
  /** Start of the bucket (aligned to the server's TZ), ISO UTC. */
  start: IsoTime;
  /** Events per type in the bucket; types with none are left out. */
  counts: Partial<Record<EventType, number>>;
}

export interface EventHistogram {
  bucket: HistogramBucket;
  /** Every bucket of the range, oldest first, empty ones included. */
  items: HistogramBucketCounts[];
}

/** `GET /api/events/export.csv`: the columns, in order, and the row cap (the newest rows). */
export const EVENTS_EXPORT_COLUMNS = [
  'id',
  'occurred_at',
  'camera_id',
  'camera_name',
  'event_type',
  'confidence',
  'person_name',
  'has_snapshot',
] as const;
export const EVENTS_EXPORT_MAX_ROWS = 100_000;

/** Header that makes `POST /api/cameras/:id/events` idempotent: 1-255 visible ASCII characters. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** Set to `true` on the answer to a retried ingest that stored nothing new. */
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';

// ---------------------------------------------------------------- REST: snapshots (§8)

/** Thumbnails are JPEGs at most this wide (aspect kept). */
export const THUMBNAIL_MAX_WIDTH = 320;

/** Answer to `GET /api/events/:id/snapshot-url`: URLs an `<img>` can load without the access token. */
export interface SnapshotUrlResponse {
  /** Path and query of the full image, e.g. `/api/events/7/snapshot?expires=...&sig=...`. */
  url: string;
  thumbnail_url: string;
  expires_at: IsoTime;
}

// ---------------------------------------------------------------- REST: alerts

/**
 * When a rule is armed (contract §10), in the server's `TZ`: from `start` on each of `days`
 * (0 = Sunday ... 6 = Saturday) until `end` (exclusive). `start > end` spans midnight into the
 * next day (the window belongs to the day it starts); `start = end` arms the whole 24 hours.
 */
export interface AlertRuleSchedule {
  days: number[];
  /** `HH:MM`, 00:00 to 23:59. */
  start: string;
  end: string;
}

/** The longest cooldown a rule may have: 7 days. */
export const COOLDOWN_MAX_SECONDS = 7 * 24 * 3600;

export interface AlertRule {
  id: number;
  event_type: EventType;
  camera_id: number | null;
  severity: Severity;
  /** A single recipient; null with role null means every user. */
  user_id: number | null;
  /** Argus extension: every user holding this role (e.g. the default camera_offline rule). */
  role: Role | null;
  /** Events below this confidence (0..1), or without one, raise no alert; null: any. */
  min_confidence: number | null;
  /** After an alert for a camera, this rule raises none for that camera for this long (0: off). */
  cooldown_seconds: number;
  /** When the rule is armed; null: always. */
  schedule: AlertRuleSchedule | null;
}

export interface CreateAlertRuleRequest {
  event_type: EventType;
  camera_id?: number | null;
  severity: Severity;
  user_id?: number | null;
  role?: Role | null;
  min_confidence?: number | null;
  /** Default 0; 0 to COOLDOWN_MAX_SECONDS. */
  cooldown_seconds?: number;
  schedule?: AlertRuleSchedule | null;
}

export type UpdateAlertRuleRequest = Partial<CreateAlertRuleRequest>;

export interface Alert {
  id: number;
  event_id: number;
  rule_id: number | null;
  camera_id: number;
  camera_name: string;
  event_type: EventType;
  severity: Severity;
  message: string;
  created_at: IsoTime;
  status: 'open' | 'acknowledged';
  acknowledged_at: IsoTime | null;
  acknowledged_by: PublicUserRef | null;
}

export interface PublicUserRef {
  id: number;
  username: string;
}

export const ALERT_STATUS_FILTERS = ['open', 'all'] as const;
export type AlertStatusFilter = (typeof ALERT_STATUS_FILTERS)[number];
export const ALERTS_PAGE_MAX = 500;

/** Query of `GET /api/alerts`. */
export interface ListAlertsParams {
  /** Default `open`. */
  status?: AlertStatusFilter;
  /** 1 to ALERTS_PAGE_MAX, default PAGE_DEFAULT. */
  limit?: number;
  /** Ids strictly below this, highest first; the answer is then an AlertHistoryPage. */
  before?: number;
  /** On `created_at`: `from` inclusive, `to` exclusive. */
  from?: IsoTime;
  to?: IsoTime;
  severity?: Severity[];
  camera_id?: number[];
}

/** Answer to `GET /api/alerts?before=`: newest first. */
export interface AlertHistoryPage {
  items: Alert[];
  /** Pass as `before` for the next (older) page; null when nothing older is left. */
  next_before: number | null;
}

// ---------------------------------------------------------------- statistics (§4)

/** One shape for the socket's `statistics_update.data` and `GET /api/faces/statistics`. */
export interface Statistics {
  total_people: number;
  recognitions_today: number;
  unknown_faces_today: number;
  last_recognition: IsoTime | null;
  total_cameras: number;
  active_cameras: number;
  events_today: number;
  open_alerts: number;
  generated_at: IsoTime;
}

// ---------------------------------------------------------------- status, health

export interface WsStatus {
  status: 'operational';
  total_connections: number;
  total_users: number;
  user_connections: number;
  max_connections_per_user: number;
  uptime_seconds: number;
  messages_sent: number;
  /** Admins only. */
  connections_by_user?: Record<string, number>;
}

export interface HealthResponse {
  /** `degraded` (still 200): Redis is configured and down; `error` (503): the database is down. */
  status: 'ok' | 'degraded' | 'error';
  db: 'up' | 'down';
  /** Only when MQTT_URL is set; a broker that is down does not fail health. */
  mqtt?: 'up' | 'down';
  /** Only when REDIS_URL is set; down makes the status `degraded`, not an error. */
  redis?: 'up' | 'down';
  version: string;
  uptime_seconds: number;
}

/** Body of every REST error (4xx/5xx). */
export interface ApiError {
  statusCode: number;
  error: string;
  message: string | string[];
}

// ---------------------------------------------------------------- the live socket (§3)

export const WS_PATH = '/api/ws/statistics';
export const WS_BEARER_PROTOCOL = 'bearer';
/** A client message larger than this closes the socket with 1009. */
export const WS_MAX_MESSAGE_BYTES = 16 * 1024;
/** Replay sends at most this many events; beyond it, `resync_required`. */
export const WS_REPLAY_LIMIT = 500;

export const CloseCode = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  POLICY_VIOLATION: 1008,
  MESSAGE_TOO_BIG: 1009,
  INTERNAL_ERROR: 1011,
  UNAUTHORIZED: 4001,
  USER_DISABLED: 4003,
  CONNECTION_LIMIT: 4008,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

export interface ConnectionStatusMessage {
  type: 'connection_status';
  status: 'connected';
  connection_id: string;
  user: PublicUserRef;
  stats_interval_ms: number;
  heartbeat_interval_ms: number;
  server_time: IsoTime;
}

export interface StatisticsUpdateMessage {
  type: 'statistics_update';
  timestamp: IsoTime;
  data: Statistics;
}

/** The REST CameraEvent plus `type` and `timestamp` (the send time). */
export type CameraEventMessage = { type: 'camera_event'; timestamp: IsoTime } & CameraEvent;

/** The REST Alert plus `type` and `timestamp` (contract §3, §10). */
export type AlertMessage = { type: 'alert'; timestamp: IsoTime } & Alert;

/** What changed about an alert: its acknowledgement (who and when). */
export interface AlertUpdate {
  id: number;
  acknowledged_at: IsoTime;
  acknowledged_by: PublicUserRef;
}

/** An alert of the user's audience was acknowledged (on any instance). */
export type AlertUpdatedMessage = { type: 'alert_updated'; timestamp: IsoTime } & AlertUpdate;

export interface ResyncRequiredMessage {
  type: 'resync_required';
  /** The newest event id at the time of the replay: resume polling/live from here. */
  latest_event_id: number;
}

/**
 * The server's dependencies changed state (sent to every open socket on a change): while the
 * database is `down`, no events or statistics can arrive; the socket stays open and the
 * stream resumes, in order, when it is `up` again.
 */
export interface ServiceStatusMessage {
  type: 'service_status';
  timestamp: IsoTime;
  database: 'up' | 'down';
}

export interface PongMessage {
  type: 'pong';
  timestamp: number | string | null;
  server_time: IsoTime;
}

export interface SubscribedMessage {
  type: 'subscribed';
  event_types: EventType[];
}

export interface AuthOkMessage {
  type: 'auth_ok';
  expires_at: IsoTime;
}

export const WS_ERROR_CODES = ['bad_json', 'unknown_type', 'invalid_message', 'rate_limited'] as const;
export type WsErrorCode = (typeof WS_ERROR_CODES)[number];

export interface ErrorMessage {
  type: 'error';
  code: WsErrorCode;
  message: string;
}

export type ServerMessage =
  | ConnectionStatusMessage
  | StatisticsUpdateMessage
  | CameraEventMessage
  | AlertMessage
  | AlertUpdatedMessage
  | ResyncRequiredMessage
  | ServiceStatusMessage
  | PongMessage
  | SubscribedMessage
  | AuthOkMessage
  | ErrorMessage;

export type ServerMessageType = ServerMessage['type'];

export interface PingRequest {
  type: 'ping';
  timestamp?: number | string;
}

export interface SubscribeRequest {
  type: 'subscribe';
  event_types: EventType[];
}

export interface UnsubscribeRequest {
  type: 'unsubscribe';
  event_types: EventType[];
}

export interface AuthRequest {
  type: 'auth';
  token: string;
}

export type ClientMessage = PingRequest | SubscribeRequest | UnsubscribeRequest | AuthRequest;
export type ClientMessageType = ClientMessage['type'];

/** Builds the `camera_event` socket message from the REST shape: one shape, two transports. */
export function toCameraEventMessage(event: CameraEvent, timestamp: IsoTime): CameraEventMessage {
  return { type: 'camera_event', timestamp, ...event };
}

/** Builds the `alert` socket message from the REST shape. */
export function toAlertMessage(alert: Alert, timestamp: IsoTime): AlertMessage {
  return { type: 'alert', timestamp, ...alert };
}

/** Builds the `alert_updated` socket message. */
export function toAlertUpdatedMessage(update: AlertUpdate, timestamp: IsoTime): AlertUpdatedMessage {
  return { type: 'alert_updated', timestamp, ...update };
}

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}

export * from './notifications';
