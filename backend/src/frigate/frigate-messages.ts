/**
 * Frigate's MQTT messages (docs.frigate.video, "MQTT"), parsed and checked before anything
 * is done with them. Every refusal names a kind, for the once-a-minute drop log.
 */

/** Larger payloads are dropped unread. */
export const MAX_FRIGATE_PAYLOAD_BYTES = 256 * 1024;
/** Frigate camera names: letters, digits, `_` and `-` (Frigate's own rule), as Argus camera names. */
export const FRIGATE_CAMERA_NAME = /^[A-Za-z0-9_-]{1,100}$/;
/** Frigate object ids look like `1607123955.475377-mxklsc`. */
export const FRIGATE_OBJECT_ID = /^[A-Za-z0-9._-]{1,100}$/;
const MAX_ZONES = 20;
const MAX_TEXT = 64;

export interface FrigateObject {
  id: string;
  camera: string;
  label: string;
  /** A recognised name (Frigate sends `"Alice"` or `["Alice", 0.93]`), else null. */
  subLabel: { name: string; score: number | null } | null;
  topScore: number | null;
  /** Epoch seconds. */
  startTime: number | null;
  enteredZones: string[];
  hasSnapshot: boolean;
  /** When the current best snapshot was taken (changes when Frigate finds a better one). */
  snapshotTime: number | null;
  falsePositive: boolean;
}

export type FrigateMessage =
  | { kind: 'event'; type: 'new' | 'update' | 'end'; before: FrigateObject | null; after: FrigateObject }
  | { kind: 'face'; id: string; camera: string; name: string | null; score: number | null; timestamp: number | null }
  | { kind: 'other_update'; type: string }
  | { kind: 'camera_status'; camera: string; status: 'online' | 'offline' }
  | { kind: 'available'; status: 'online' | 'offline' };

export type Parsed = { ok: true; message: FrigateMessage } | { ok: false; kind: string; detail: string };

class Refused extends Error {
  constructor(
    readonly kind: string,
    detail: string,
  ) {
    super(detail);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function text(value: unknown, field: string, pattern?: RegExp): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_TEXT * 2) {
    throw new Refused('wrong shape', `${field} is not a short string`);
  }
  if (pattern !== undefined && !pattern.test(value)) {
    throw new Refused('wrong shape', `${field} has unexpected characters`);
  }
  return value;
}

function score(value: unknown, field: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new Refused('wrong shape', `${field} is not a number from 0 to 1`);
  }
  return value;
}

function time(value: unknown, field: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new Refused('wrong shape', `${field} is not an epoch time`);
  }
  return value;
}

function subLabel(value: unknown): FrigateObject['subLabel'] {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string') return { name: text(value, 'sub_label'), score: null };
  if (Array.isArray(value) && typeof value[0] === 'string') {
    return { name: text(value[0], 'sub_label'), score: score(value[1], 'sub_label score') };
  }
  throw new Refused('wrong shape', 'sub_label is neither a name nor [name, score]');
}

function zones(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > MAX_ZONES * 5) {
    throw new Refused('wrong shape', 'entered_zones is not a list');
  }
  return [...new Set(value.map((zone) => text(zone, 'entered_zones[]')))].slice(0, MAX_ZONES);
}

function object(value: unknown, field: string): FrigateObject {
  if (!isRecord(value)) throw new Refused('wrong shape', `${field} is not an object`);
  const snapshot = isRecord(value.snapshot) ? value.snapshot : null;
  return {
    id: text(value.id, `${field}.id`, FRIGATE_OBJECT_ID),
    camera: text(value.camera, `${field}.camera`, FRIGATE_CAMERA_NAME),
    label: text(value.label, `${field}.label`).slice(0, MAX_TEXT),
    subLabel: subLabel(value.sub_label),
    topScore: score(value.top_score, `${field}.top_score`),
    startTime: time(value.start_time, `${field}.start_time`),
    enteredZones: zones(value.entered_zones),
    hasSnapshot: value.has_snapshot === true,
    snapshotTime: snapshot === null ? null : time(snapshot.frame_time, `${field}.snapshot.frame_time`),
    falsePositive: value.false_positive === true,
  };
}

function json(payload: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(payload.toString('utf8'));
  } catch {
    throw new Refused('not JSON', 'payload is not JSON');
  }
  if (!isRecord(value)) throw new Refused('wrong shape', 'payload is not a JSON object');
  return value;
}

function status(payload: Buffer): 'online' | 'offline' {
  const value = payload.toString('utf8').trim().toLowerCase();
  if (value === 'online' || value === 'offline') return value;
  throw new Refused('unknown status', `status "${value.slice(0, 20)}" is neither online nor offline`);
}

function parse(prefix: string, topic: string, payload: Buffer): FrigateMessage {
  if (topic === `${prefix}/events`) {
    const body = json(payload);
    if (body.type !== 'new' && body.type !== 'update' && body.type !== 'end') {
      throw new Refused('unknown type', `events type ${JSON.stringify(body.type)?.slice(0, 20)}`);
    }
    const after = object(body.after, 'after');
    const before = body.before === undefined || body.before === null ? null : object(body.before, 'before');
    return { kind: 'event', type: body.type, before, after };
  }
  if (topic === `${prefix}/tracked_object_update`) {
    const body = json(payload);
    if (typeof body.type !== 'string') throw new Refused('wrong shape', 'tracked_object_update without a type');
    if (body.type !== 'face') return { kind: 'other_update', type: body.type.slice(0, MAX_TEXT) };
    const name = body.name === null || body.name === undefined || body.name === '' ? null : text(body.name, 'name');
    return {
      kind: 'face',
      id: text(body.id, 'id', FRIGATE_OBJECT_ID),
      camera: text(body.camera, 'camera', FRIGATE_CAMERA_NAME),
      name,
      score: score(body.score, 'score'),
      timestamp: time(body.timestamp, 'timestamp'),
    };
  }
  if (topic === `${prefix}/available`) return { kind: 'available', status: status(payload) };
  const camera = topic.startsWith(`${prefix}/`)
    ? /^([^/]+)\/status\/detect$/.exec(topic.slice(prefix.length + 1))
    : null;
  if (camera !== null) {
    return { kind: 'camera_status', camera: text(camera[1], 'camera', FRIGATE_CAMERA_NAME), status: status(payload) };
  }
  throw new Refused('unknown topic', topic.slice(0, 200));
}

/** Parses one message of a Frigate topic under `prefix`, or says why it is dropped. */
export function parseFrigateMessage(prefix: string, topic: string, payload: Buffer): Parsed {
  if (payload.length > MAX_FRIGATE_PAYLOAD_BYTES) {
    return { ok: false, kind: 'too large', detail: `${payload.length} bytes on ${topic.slice(0, 200)}` };
  }
  try {
    return { ok: true, message: parse(prefix, topic, payload) };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, kind: error.kind, detail: error.message };
    throw error;
  }
}
