import { ADMIN } from './test-app';
import { Fuzz, type JsonText } from './fuzz-values';

type FieldKind =
  | 'text'
  | 'username'
  | 'password'
  | 'bool'
  | 'id'
  | 'eventType'
  | 'eventTypes'
  | 'severity'
  | 'role'
  | 'confidence'
  | 'time'
  | 'futureTime'
  | 'cooldown'
  | 'schedule'
  | 'cursor'
  | 'limit'
  | 'status'
  | 'channelKind'
  | 'channelConfig'
  | 'quietHours'
  | 'idList'
  | 'severities'
  | 'boolText'
  | 'bucket';
export type Resource = 'user' | 'camera' | 'person' | 'alert' | 'rule' | 'event' | 'channel';

/** The shape of one route: what its `:id` names, and its body and query fields. */
export interface RouteSpec {
  id?: Resource;
  body?: Record<string, FieldKind>;
  query?: Record<string, FieldKind>;
  /** Also takes application/x-www-form-urlencoded. */
  form?: boolean;
  /** Also takes the camera's X-Camera-Key. */
  cameraKey?: boolean;
  /** Also takes multipart/form-data with a `snapshot` file. */
  multipart?: boolean;
}

const CAMERA_BODY: Record<string, FieldKind> = { name: 'text', location: 'text', enabled: 'bool' };
const RULE_BODY: Record<string, FieldKind> = {
  event_type: 'eventType',
  camera_id: 'id',
  severity: 'severity',
  user_id: 'id',
  role: 'role',
  min_confidence: 'confidence',
  cooldown_seconds: 'cooldown',
  schedule: 'schedule',
};

/** The history filters (contract §9) of the events list, histogram and export. */
const HISTORY_QUERY: Record<string, FieldKind> = {
  camera_id: 'idList',
  event_type: 'eventTypes',
  person_id: 'id',
  has_snapshot: 'boolText',
  from: 'time',
  to: 'time',
};

/**
 * Every route of the app, by `METHOD /path` as the router lists it. The suite checks this
 * table against the router, so a new route fails the fuzz until it is described here.
 */
export const FUZZ_ROUTES: Record<string, RouteSpec> = {
  'POST /api/auth/login': {
    body: { username: 'username', password: 'password', grant_type: 'text', scope: 'text' },
    form: true,
  },
  'POST /api/auth/refresh': {},
  'GET /api/auth/me': {},
  // current_password is never the admin's: a change would revoke the token the fuzz runs with.
  'POST /api/auth/password': { body: { current_password: 'text', new_password: 'password' } },
  'GET /api/users': {},
  'POST /api/users': { body: { username: 'username', password: 'password', role: 'role' } },
  'GET /api/users/:id': { id: 'user' },
  'PATCH /api/users/:id': { id: 'user', body: { role: 'role', password: 'password', disabled: 'bool' } },
  'DELETE /api/users/:id': { id: 'user' },
  'GET /api/cameras': {},
  'GET /api/cameras/:id': { id: 'camera' },
  'POST /api/cameras': { body: CAMERA_BODY },
  'PATCH /api/cameras/:id': { id: 'camera', body: CAMERA_BODY },
  'DELETE /api/cameras/:id': { id: 'camera' },
  'POST /api/cameras/:id/ingest-key': { id: 'camera' },
  'POST /api/cameras/:id/snooze': { id: 'camera', body: { until: 'futureTime' } },
  'DELETE /api/cameras/:id/snooze': { id: 'camera' },
  'GET /api/people': {},
  'POST /api/people': { body: { name: 'text' } },
  'DELETE /api/people/:id': { id: 'person' },
  'POST /api/cameras/:id/events': {
    id: 'camera',
    body: {
      event_type: 'eventType',
      confidence: 'confidence',
      person_id: 'id',
      person_name: 'text',
      occurred_at: 'time',
    },
    cameraKey: true,
    multipart: true,
  },
  'GET /api/events': { query: { ...HISTORY_QUERY, after: 'cursor', before: 'cursor', limit: 'limit' } },
  'GET /api/events/histogram': { query: { ...HISTORY_QUERY, bucket: 'bucket' } },
  'GET /api/events/export.csv': { query: HISTORY_QUERY },
  'GET /api/events/:id/snapshot-url': { id: 'event' },
  'GET /api/events/:id/snapshot': { id: 'event', query: { expires: 'text', sig: 'text' } },
  'GET /api/events/:id/thumbnail': { id: 'event', query: { expires: 'text', sig: 'text' } },
  'GET /api/alerts': {
    query: {
      status: 'status',
      limit: 'limit',
      before: 'cursor',
      from: 'time',
      to: 'time',
      severity: 'severities',
      camera_id: 'idList',
    },
  },
  'POST /api/alerts/:id/ack': { id: 'alert' },
  'GET /api/alert-rules': {},
  'POST /api/alert-rules': { body: RULE_BODY },
  'PATCH /api/alert-rules/:id': { id: 'rule', body: RULE_BODY },
  'DELETE /api/alert-rules/:id': { id: 'rule' },
  'GET /api/notifications/channels': {},
  'POST /api/notifications/channels': {
    body: { kind: 'channelKind', min_severity: 'severity', enabled: 'bool', config: 'channelConfig' },
  },
  'PATCH /api/notifications/channels/:id': {
    id: 'channel',
    body: { min_severity: 'severity', enabled: 'bool', config: 'channelConfig' },
  },
  'DELETE /api/notifications/channels/:id': { id: 'channel' },
  'POST /api/notifications/channels/:id/test': { id: 'channel' },
  'GET /api/notifications/webpush-key': {},
  'GET /api/notifications/deliveries': { query: { alert_id: 'id' } },
  'GET /api/notifications/preferences': {},
  'PATCH /api/notifications/preferences': { body: { quiet_hours: 'quietHours' } },
  'POST /api/notifications/ack': { body: { token: 'text' } },
  'GET /api/faces/statistics': {},
  'GET /api/ws/status': {},
  'GET /api/health': {},
  'GET /api/metrics': {},
  'GET /api/docs-json': {},
};

/** What the fuzz may aim at: rows it is free to change, and its credentials. */
export interface FuzzTargets {
  ids: Record<Resource, number>;
  admin: string;
  viewer: string;
  cameraKey: string;
}

export type Caller = 'anonymous' | 'viewer' | 'admin' | 'camera key' | 'bad credentials';

export interface FuzzRequest {
  method: string;
  path: string;
  caller: Caller;
  headers: Record<string, string>;
  body?: string;
}

/** A valid value of `kind`, as JSON text (`asText`: as the text of a form or query field). */
function valid(fuzz: Fuzz, kind: FieldKind, targets: FuzzTargets, asText = false): JsonText {
  const ids = Object.values(targets.ids);
  // Object-valued fields: valid JSON of their own (a refused loopback port, so a test send fails fast).
  if (kind === 'channelConfig') {
    return fuzz.pick([
      '{"url":"http://127.0.0.1:9/hook","secret":"fuzz-secret-0123456789"}',
      '{"url":"https://ntfy.invalid","topic":"fuzz"}',
      '{"topic":"fuzz/alerts"}',
    ]);
  }
  if (kind === 'quietHours') return fuzz.pick(['null', '{"start":"22:00","end":"07:00"}']);
  const value = ((): string | number | boolean | object | null => {
    switch (kind) {
      case 'text':
        // Valid, yet counted differently by UTF-16, graphemes and code points.
        return fuzz.pick([
          'Gate',
          'Zoë',
          '📷 Yard',
          '  padded  ',
          'x'.repeat(fuzz.int(120)),
          '😀'.repeat(100),
          'e\u0301'.repeat(50),
          'a\uFE0F'.repeat(50),
        ]);
      case 'username':
        return fuzz.chance(0.3) ? ADMIN.username : `fz_${fuzz.int(1e6)}`;
      case 'password':
        return fuzz.chance(0.3) ? ADMIN.password : `fuzz-password-${fuzz.int(1e6)}`;
      case 'bool':
        return fuzz.chance(0.5);
      case 'id':
        return fuzz.chance(0.8) ? fuzz.pick(ids) : 999_999;
      case 'eventType':
        return fuzz.eventType();
      case 'eventTypes':
        return [fuzz.eventType(), fuzz.eventType()].join(',');
      case 'severity':
        return fuzz.severity();
      case 'role':
        return fuzz.role();
      case 'confidence':
        return Number(fuzz.int(1001) / 1000);
      case 'time':
        return new Date(Date.now() - fuzz.int(86_400_000)).toISOString();
      case 'futureTime':
        return new Date(Date.now() + 60_000 + fuzz.int(86_400_000)).toISOString();
      case 'cooldown':
        return fuzz.int(3600);
      case 'schedule':
        return fuzz.chance(0.2)
          ? null
          : { days: [fuzz.int(7)], start: fuzz.pick(['00:00', '08:30', '22:00']), end: fuzz.pick(['06:00', '23:59']) };
      case 'cursor':
        return fuzz.int(200);
      case 'limit':
        return 1 + fuzz.int(500);
      case 'status':
        return fuzz.pick(['open', 'all']);
      case 'channelKind':
        return fuzz.pick(['webhook', 'ntfy', 'mqtt', 'webpush']);
      case 'idList':
        return [fuzz.pick(ids), fuzz.pick(ids)].join(',');
      case 'severities':
        return [fuzz.severity(), fuzz.severity()].join(',');
      case 'boolText':
        return fuzz.pick(['true', 'false']);
      case 'bucket':
        return fuzz.pick(['minute', 'hour', 'day']);
    }
  })();
  return asText && typeof value !== 'object' ? String(value) : JSON.stringify(value);
}

function body(fuzz: Fuzz, spec: RouteSpec, targets: FuzzTargets): { type: string; text: string } | undefined {
  const json = 'application/json';
  if (spec.body === undefined) return fuzz.chance(0.85) ? undefined : { type: json, text: fuzz.hostile() };
  const fields = Object.entries(spec.body).filter(() => fuzz.chance(0.85));
  // Mostly valid bodies with one hostile value, so the hostile one gets past the others' checks.
  const hostileAt = fuzz.int(fields.length + 1);
  const anyHostile = fuzz.chance(0.15);
  const entries = (): Array<[string, JsonText]> =>
    fields.map(([name, kind], i) => [
      name,
      i === hostileAt || (anyHostile && fuzz.chance(0.4)) ? fuzz.hostile() : valid(fuzz, kind, targets),
    ]);
  const roll = fuzz.int(100);
  if (roll < 70) {
    const extra: Array<[string, JsonText]> = fuzz.chance(0.1) ? [[fuzz.key(), fuzz.hostile()]] : [];
    return { type: json, text: fuzz.object([...entries(), ...extra]) };
  }
  if (roll < 78) return { type: json, text: fuzz.object([[fields[0]?.[0] ?? 'a', fuzz.deep()]]) };
  if (roll < 83) return { type: json, text: fuzz.chance(0.5) ? fuzz.deep() : fuzz.hostile() };
  if (roll < 88) {
    const text = fuzz.object(entries());
    return { type: json, text: text.slice(0, fuzz.int(text.length)) };
  }
  if (roll < 93 && spec.form) {
    const form = new URLSearchParams(
      fields.map(([name, kind]) => [name, fuzz.chance(0.6) ? valid(fuzz, kind, targets, true) : fuzz.hostileString()]),
    );
    return { type: 'application/x-www-form-urlencoded', text: form.toString() };
  }
  if (roll < 93 && spec.multipart) return multipart(fuzz, fields, targets);
  if (roll < 96) {
    return {
      type: fuzz.pick(['text/plain', 'application/json; charset=latin1', 'application/xml', '']),
      text: fuzz.object(entries()),
    };
  }
  return { type: json, text: fuzz.object([['name', JSON.stringify('x'.repeat(110_000))]]) };
}

/** A multipart ingest: text fields (valid or hostile), maybe a junk or truncated `snapshot`, maybe cut short. */
function multipart(
  fuzz: Fuzz,
  fields: Array<[string, FieldKind]>,
  targets: FuzzTargets,
): { type: string; text: string } {
  const boundary = `fuzz${fuzz.int(1e6)}`;
  const parts = fields.map(
    ([name, kind]) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n` +
      `${fuzz.chance(0.6) ? valid(fuzz, kind, targets, true) : fuzz.hostileString()}\r\n`,
  );
  if (fuzz.chance(0.5)) {
    const field = fuzz.chance(0.8) ? 'snapshot' : fuzz.key();
    const bytes = fuzz.pick(['\u00ff\u00d8\u00ff\u00e0 not really a jpeg', 'GIF89a', fuzz.noise(300), '']);
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="x.jpg"\r\n` +
        `Content-Type: image/jpeg\r\n\r\n${bytes}\r\n`,
    );
  }
  const text = `${parts.join('')}--${boundary}--\r\n`;
  return {
    type: `multipart/form-data; boundary=${boundary}`,
    text: fuzz.chance(0.2) ? text.slice(0, fuzz.int(text.length)) : text,
  };
}

function query(fuzz: Fuzz, spec: RouteSpec, targets: FuzzTargets): string {
  const params = Object.entries(spec.query ?? {})
    .filter(() => fuzz.chance(0.5))
    .map(([name, kind]) =>
      fuzz.chance(0.6)
        ? `${name}=${encodeURIComponent(valid(fuzz, kind, targets, true))}`
        : `${name}=${fuzz.hostileUrlText()}`,
    );
  if (fuzz.chance(spec.query ? 0.1 : 0.05)) {
    params.push(`${fuzz.pick(['x', 'a[b][c]', '__proto__', 'limit', 'after', '%00'])}=${fuzz.hostileUrlText()}`);
  }
  return params.length === 0 ? '' : `?${params.join('&')}`;
}

/** One request of `route` with hostile parts, from `fuzz`'s next choices. */
export function fuzzRequest(fuzz: Fuzz, route: string, spec: RouteSpec, targets: FuzzTargets): FuzzRequest {
  const [method, template] = route.split(' ');
  let id = '';
  if (spec.id !== undefined) {
    const roll = fuzz.int(100);
    id = roll < 45 ? String(targets.ids[spec.id]) : roll < 60 ? '999999' : fuzz.hostileUrlText();
  }
  const path = template.replace(':id', id) + query(fuzz, spec, targets);
  const callers: Caller[] = ['admin', 'admin', 'admin', 'admin', 'viewer', 'viewer', 'anonymous', 'bad credentials'];
  if (spec.cameraKey) callers.push('camera key', 'camera key');
  const caller = fuzz.pick(callers);
  const headers: Record<string, string> = {};
  if (caller === 'admin' || caller === 'viewer') headers.authorization = `Bearer ${targets[caller]}`;
  if (caller === 'camera key') headers['x-camera-key'] = targets.cameraKey;
  if (caller === 'bad credentials') {
    headers.authorization = fuzz.pick(['Bearer', 'Bearer a.b.c', 'Basic YWRtaW46YWRtaW4=', `Bearer ${targets.admin}x`]);
  }
  const content = body(fuzz, spec, targets);
  if (content !== undefined && content.type !== '') headers['content-type'] = content.type;
  return { method, path, caller, headers, body: content?.text };
}
