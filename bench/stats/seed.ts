import type { DataSource } from 'typeorm';

/** Event types with realistic weights for a small site: mostly motion, some faces. */
const MIX: ReadonlyArray<readonly [string, number]> = [
  ['motion_detected', 0.45],
  ['face_recognized', 0.2],
  ['face_unknown', 0.1],
  ['recording_started', 0.1],
  ['recording_stopped', 0.1],
  ['camera_online', 0.025],
  ['camera_offline', 0.025],
];

const BATCH = 500;
const DAY_MS = 24 * 3600 * 1000;
/** Open (unacknowledged) alerts kept whatever the size: operators acknowledge the rest. */
export const OPEN_ALERTS = 50;

/** Deterministic PRNG (mulberry32) so every run seeds the same data. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function pickType(random: () => number): string {
  let roll = random();
  for (const [type, weight] of MIX) {
    roll -= weight;
    if (roll < 0) return type;
  }
  return MIX[0][0];
}

export interface SeedOptions {
  events: number;
  days: number;
  now: Date;
  timeZone: string;
  localDay: (date: Date, timeZone: string) => string;
  /** The hourly counters' key of a time: the UTC start of its local hour (HourCounters.hourOf). */
  hourOf: (occurredAt: string) => string;
  cameras: ReadonlyArray<{ id: number; name: string }>;
  people: ReadonlyArray<{ id: number; name: string }>;
}

export interface SeedResult {
  firstId: number;
  lastId: number;
  seconds: number;
}

/**
 * Inserts `events` camera events spread over `days` days (ids ascending with time; a third
 * of the face events with a picture flag), the daily and hourly counters the ingest path
 * would have maintained for them, and one alert per
 * face_unknown event (all acknowledged but the newest OPEN_ALERTS), with batched
 * multi-row INSERTs inside one transaction per table.
 */
export async function seed(ds: DataSource, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const postgres = ds.options.type === 'postgres';
  const random = prng(42);
  const end = options.now.getTime() - 60_000;
  const start = end - options.days * DAY_MS;
  const step = (end - start) / options.events;
  const counters = new Map<string, number>();
  const dayCache = new Map<number, string>();
  // localDay builds an Intl formatter per call: cache it per 15 minutes (every real offset is a multiple).
  const dayOf = (ms: number): string => {
    const bucket = Math.floor(ms / 900_000);
    let day = dayCache.get(bucket);
    if (day === undefined) {
      day = options.localDay(new Date(bucket * 900_000), options.timeZone);
      dayCache.set(bucket, day);
    }
    return day;
  };
  const bump = (key: string): void => {
    counters.set(key, (counters.get(key) ?? 0) + 1);
  };
  const hourCache = new Map<number, string>();
  const hourOf = (ms: number, at: string): string => {
    const bucket = Math.floor(ms / 900_000);
    let hour = hourCache.get(bucket);
    if (hour === undefined) {
      hour = options.hourOf(at);
      hourCache.set(bucket, hour);
    }
    return hour;
  };
  const byType = new Map<string, number>();
  const byCamera = new Map<string, number>();
  const unknownEvents: Array<{ id: number; camera: { id: number; name: string }; at: string }> = [];

  const eventColumns =
    'id, camera_id, camera_name, event_type, occurred_at, confidence, person_id, person_name, created_at, has_snapshot';
  await ds.transaction(async (manager) => {
    for (let offset = 0; offset < options.events; offset += BATCH) {
      const rows: unknown[] = [];
      const count = Math.min(BATCH, options.events - offset);
      for (let i = 0; i < count; i += 1) {
        const id = offset + i + 1;
        const ms = Math.floor(start + (offset + i) * step);
        const at = new Date(ms).toISOString();
        const camera = options.cameras[Math.floor(random() * options.cameras.length)];
        const type = pickType(random);
        let confidence: number | null = null;
        let person: { id: number; name: string } | null = null;
        if (type === 'face_recognized') {
          confidence = 0.8 + random() * 0.2;
          // The household is recognised most: the first person in a third of recognitions.
          person = random() < 0.33 ? options.people[0] : options.people[Math.floor(random() * options.people.length)];
        } else if (type === 'face_unknown') {
          confidence = 0.3 + random() * 0.4;
          unknownEvents.push({ id, camera, at });
        } else if (type === 'motion_detected') {
          confidence = 0.5 + random() * 0.5;
        }
        const picture = type.startsWith('face_') && random() < 0.33;
        rows.push(
          id,
          camera.id,
          camera.name,
          type,
          at,
          confidence,
          person?.id ?? null,
          person?.name ?? null,
          at,
          picture,
        );
        const hour = hourOf(ms, at);
        byType.set(`${hour}|${type}`, (byType.get(`${hour}|${type}`) ?? 0) + 1);
        const cameraKey = `${camera.id}|${hour}|${type}|${picture ? 1 : 0}`;
        byCamera.set(cameraKey, (byCamera.get(cameraKey) ?? 0) + 1);
        const day = dayOf(ms);
        bump(`${day}|${type}`);
        bump(`${day}|all`);
      }
      await manager.query(insertSql('camera_events', eventColumns, count, 10, postgres), rows);
    }
  });

  await ds.transaction(async (manager) => {
    const entries = [...counters.entries()];
    for (let offset = 0; offset < entries.length; offset += BATCH) {
      const slice = entries.slice(offset, offset + BATCH);
      const rows = slice.flatMap(([key, count]) => [...key.split('|'), count]);
      await manager.query(insertSql('daily_counters', 'day, metric, count', slice.length, 3, postgres), rows);
    }
  });

  await ds.transaction(async (manager) => {
    const typed = [...byType.entries()];
    for (let offset = 0; offset < typed.length; offset += BATCH) {
      const slice = typed.slice(offset, offset + BATCH);
      const rows = slice.flatMap(([key, count]) => [...key.split('|'), count]);
      await manager.query(insertSql('event_hour_counts', 'hour, event_type, count', slice.length, 3, postgres), rows);
    }
    const cameras = [...byCamera.entries()];
    for (let offset = 0; offset < cameras.length; offset += BATCH) {
      const slice = cameras.slice(offset, offset + BATCH);
      const rows = slice.flatMap(([key, count]) => {
        const [camera, hour, type, picture] = key.split('|');
        return [Number(camera), hour, type, picture === '1', count];
      });
      await manager.query(
        insertSql(
          'event_hour_camera_counts',
          'camera_id, hour, event_type, has_snapshot, count',
          slice.length,
          5,
          postgres,
        ),
        rows,
      );
    }
  });

  const alertColumns =
    'id, event_id, rule_id, camera_id, camera_name, event_type, severity, message, user_id, role, created_at, acknowledged_at, acknowledged_by, acknowledged_by_username';
  await ds.transaction(async (manager) => {
    const openFrom = unknownEvents.length - OPEN_ALERTS;
    for (let offset = 0; offset < unknownEvents.length; offset += BATCH) {
      const slice = unknownEvents.slice(offset, offset + BATCH);
      const rows = slice.flatMap((event, i) => {
        const open = offset + i >= openFrom;
        const message = `Unknown face at ${event.camera.name}`;
        return [
          offset + i + 1,
          event.id,
          null,
          event.camera.id,
          event.camera.name,
          'face_unknown',
          'warning',
          message,
          null,
          null,
          event.at,
          open ? null : event.at,
          open ? null : 1,
          open ? null : 'admin',
        ];
      });
      await manager.query(insertSql('alerts', alertColumns, slice.length, 14, postgres), rows);
    }
  });

  if (postgres) {
    // Explicit ids leave the sequences behind; the planner needs statistics like a live system has.
    await ds.query(`SELECT setval(pg_get_serial_sequence('camera_events', 'id'), $1)`, [options.events]);
    if (unknownEvents.length > 0) {
      await ds.query(`SELECT setval(pg_get_serial_sequence('alerts', 'id'), $1)`, [unknownEvents.length]);
    }
    await ds.query('ANALYZE camera_events');
    await ds.query('ANALYZE daily_counters');
    await ds.query('ANALYZE alerts');
    await ds.query('ANALYZE event_hour_counts');
    await ds.query('ANALYZE event_hour_camera_counts');
  }
  return { firstId: 1, lastId: options.events, seconds: (performance.now() - started) / 1000 };
}

function insertSql(table: string, columns: string, rows: number, width: number, postgres: boolean): string {
  const tuples: string[] = [];
  let n = 0;
  for (let r = 0; r < rows; r += 1) {
    const cells: string[] = [];
    for (let c = 0; c < width; c += 1) {
      n += 1;
      cells.push(postgres ? `$${n}` : '?');
    }
    tuples.push(`(${cells.join(', ')})`);
  }
  return `INSERT INTO ${table} (${columns}) VALUES ${tuples.join(', ')}`;
}
