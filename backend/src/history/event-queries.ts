import { CAMERA_EVENT_COLUMNS } from '../events/camera-event.mapper';
import { EventFilter, filterTerms, FilterPart, SqlParams } from './event-filter';

/**
 * The SQL of the history: each page query walks one index backwards from `before` and stops
 * after `limit` rows, so its cost depends on the page and the filter's selectivity, not on
 * how many events are stored. On SQLite the index is named (INDEXED BY), so the plan cannot
 * drift; PostgreSQL's planner picks among the same indexes from its statistics.
 */

/** Which index a page query walks. */
export type PageDriver = 'person' | 'snapshot' | 'cameras' | 'types' | 'id' | 'time';

/** A time range holding at most this many events (estimated) is read whole by occurred_at and sorted. */
export const SMALL_RANGE = 1000;

/** The most selective index the filter has, before time ranges are considered. */
export function pageDriver(filter: EventFilter): Exclude<PageDriver, 'time'> {
  if (filter.personId !== undefined) return 'person';
  if (filter.hasSnapshot === true) return 'snapshot';
  if (filter.cameraIds !== undefined) return 'cameras';
  if (filter.eventTypes !== undefined) return 'types';
  return 'id';
}

const SQLITE_INDEX: Record<PageDriver, string> = {
  person: 'INDEXED BY idx_events_person_id',
  snapshot: 'INDEXED BY idx_events_snapshot_id',
  cameras: 'INDEXED BY idx_events_camera_id',
  types: 'INDEXED BY idx_events_type_id',
  id: 'NOT INDEXED',
  time: 'INDEXED BY idx_events_occurred',
};

export interface BuiltQuery {
  sql: string;
  params: unknown[];
}

/**
 * Events matching `filter` with ids below `before`, highest first, at most `limit`.
 * A list of cameras or types becomes one arm per value (each an ordered index walk with its
 * own LIMIT) merged by UNION ALL: an IN list would have to sort every match.
 */
export function pageQuery(
  filter: EventFilter,
  before: number,
  limit: number,
  postgres: boolean,
  driver: PageDriver,
): BuiltQuery {
  const params = new SqlParams(postgres);
  const hint = postgres ? '' : ` ${SQLITE_INDEX[driver]}`;
  const arm = (skip: FilterPart[], lead: string[]): string => {
    const terms = [...lead, `id < ${params.add(before)}`, ...filterTerms(params, filter, skip)];
    return `SELECT ${CAMERA_EVENT_COLUMNS} FROM camera_events${hint} WHERE ${terms.join(' AND ')} ORDER BY id DESC LIMIT ${limit}`;
  };
  let arms: string[];
  if (driver === 'cameras' && filter.cameraIds !== undefined && filter.cameraIds.length > 1) {
    arms = filter.cameraIds.map((id) => arm(['camera'], [`camera_id = ${params.add(id)}`]));
  } else if (driver === 'types' && filter.eventTypes !== undefined && filter.eventTypes.length > 1) {
    arms = filter.eventTypes.map((type) => arm(['type'], [`event_type = ${params.add(type)}`]));
  } else {
    arms = [arm([], [])];
  }
  const sql =
    arms.length === 1
      ? arms[0]
      : `${arms.map((text, i) => `SELECT * FROM (${text}) AS arm${i}`).join(' UNION ALL ')} ORDER BY id DESC LIMIT ${limit}`;
  return { sql, params: params.values };
}

/** The first id stored at or after `time` by occurred_at (one index probe), for estimating range sizes. */
export function firstIdAtQuery(time: string, postgres: boolean): BuiltQuery {
  const params = new SqlParams(postgres);
  const hint = postgres ? '' : ' INDEXED BY idx_events_occurred';
  return {
    sql: `SELECT id FROM camera_events${hint} WHERE occurred_at >= ${params.add(time)} ORDER BY occurred_at LIMIT 1`,
    params: params.values,
  };
}

export const MAX_ID_QUERY = 'SELECT MAX(id) AS id FROM camera_events';

/** Day buckets summed in the database (few rows out) when there are at most this many. */
export const SUMMED_BUCKETS_MAX = 62;

/**
 * Histogram counts from the hourly counters for [from, to) on hour boundaries: per local hour
 * and type, or, given `bucketStarts` (ascending ISO starts, the first equal to `from`), summed
 * per bucket in the database (`hour` is then the bucket's start). By type only when no camera
 * or picture filter applies (one row per hour and type).
 */
export function hourCountsQuery(
  filter: EventFilter,
  from: string,
  to: string,
  postgres: boolean,
  bucketStarts?: readonly string[],
): BuiltQuery {
  const params = new SqlParams(postgres);
  // SQLite binds `?` by position: the bucket boundaries in the SELECT list come first. One
  // bucket has no boundary to test: a CASE needs a WHEN, so every row (all at or after `from`)
  // gets the first start.
  const bucket =
    bucketStarts === undefined
      ? 'hour'
      : bucketStarts.length === 1
        ? `CASE WHEN hour >= ${params.add(bucketStarts[0])} THEN ${params.add(bucketStarts[0])} END`
        : `CASE ${bucketStarts
            .slice(1)
            .map((start, i) => `WHEN hour < ${params.add(start)} THEN ${params.add(bucketStarts[i])}`)
            .join(' ')} ELSE ${params.add(bucketStarts[bucketStarts.length - 1])} END`;
  const types = filter.eventTypes;
  // A function: SQLite binds `?` by position, so each term's parameters are added where it appears.
  const typeTerm = (): string[] =>
    types === undefined
      ? []
      : [types.length === 1 ? `event_type = ${params.add(types[0])}` : `event_type IN (${params.list(types)})`];
  if (filter.cameraIds === undefined && filter.hasSnapshot === undefined) {
    const terms = [`hour >= ${params.add(from)}`, `hour < ${params.add(to)}`, ...typeTerm()];
    const sql =
      bucketStarts === undefined
        ? `SELECT hour, event_type, count AS n FROM event_hour_counts WHERE ${terms.join(' AND ')}`
        : `SELECT ${bucket} AS hour, event_type, SUM(count) AS n FROM event_hour_counts WHERE ${terms.join(' AND ')} GROUP BY 1, event_type`;
    return { sql, params: params.values };
  }
  const terms: string[] = [];
  if (filter.cameraIds !== undefined) {
    terms.push(
      filter.cameraIds.length === 1
        ? `camera_id = ${params.add(filter.cameraIds[0])}`
        : `camera_id IN (${params.list(filter.cameraIds)})`,
    );
  }
  terms.push(`hour >= ${params.add(from)}`, `hour < ${params.add(to)}`, ...typeTerm());
  if (filter.hasSnapshot !== undefined) terms.push(`has_snapshot = ${filter.hasSnapshot ? 'TRUE' : 'FALSE'}`);
  return {
    sql: `SELECT ${bucket} AS hour, event_type, SUM(count) AS n FROM event_hour_camera_counts WHERE ${terms.join(' AND ')} GROUP BY 1, event_type`,
    params: params.values,
  };
}

/** The events themselves in [from, to) (minute buckets, or a person filter the counters do not carry). */
export function rawCountsQuery(filter: EventFilter, from: string, to: string, postgres: boolean): BuiltQuery {
  const params = new SqlParams(postgres);
  const terms = [
    `occurred_at >= ${params.add(from)}`,
    `occurred_at < ${params.add(to)}`,
    ...filterTerms(params, filter, ['time']),
  ];
  const hint = postgres
    ? ''
    : filter.personId !== undefined
      ? ' INDEXED BY idx_events_person_occurred'
      : ' INDEXED BY idx_events_occurred';
  return {
    sql: `SELECT occurred_at, event_type FROM camera_events${hint} WHERE ${terms.join(' AND ')}`,
    params: params.values,
  };
}
