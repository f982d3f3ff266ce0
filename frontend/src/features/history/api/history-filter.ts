import { EVENT_TYPES, type CameraEvent, type EventFilterParams, type EventType } from '@argus/shared';
import { RANGE_PRESETS, resolvePreset, type RangePreset, type TimeRange } from '@/lib/time-range';

/** The Events page's filter, as kept in the URL (`?camera=2&type=face_unknown&range=night`). */
export interface HistoryFilter {
  camera?: number;
  type?: EventType;
  person?: number;
  picture?: boolean;
  range: RangePreset;
  /** Custom range only: ISO times. */
  from?: string;
  to?: string;
}

const positiveInt = (text: string | null): number | undefined => {
  if (text === null || !/^\d{1,10}$/.test(text)) return undefined;
  const value = Number(text);
  return value >= 1 && value <= 2_147_483_647 ? value : undefined;
};

const isoOrUndefined = (text: string | null): string | undefined => {
  if (text === null) return undefined;
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
};

/** Reads the filter from the URL; anything malformed is dropped rather than sent. */
export function parseHistoryFilter(params: URLSearchParams): HistoryFilter {
  const type = params.get('type');
  const picture = params.get('picture');
  const range = params.get('range');
  const filter: HistoryFilter = {
    camera: positiveInt(params.get('camera')),
    type: type !== null && (EVENT_TYPES as readonly string[]).includes(type) ? (type as EventType) : undefined,
    person: positiveInt(params.get('person')),
    picture: picture === 'yes' ? true : picture === 'no' ? false : undefined,
    range: range !== null && (RANGE_PRESETS as readonly string[]).includes(range) ? (range as RangePreset) : 'all',
  };
  if (filter.range === 'custom') {
    filter.from = isoOrUndefined(params.get('from'));
    filter.to = isoOrUndefined(params.get('to'));
  }
  return filter;
}

/** The URL form of a filter (only what is set, so a plain page has a plain URL). */
export function historySearchParams(filter: HistoryFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.camera !== undefined) params.set('camera', String(filter.camera));
  if (filter.type !== undefined) params.set('type', filter.type);
  if (filter.person !== undefined) params.set('person', String(filter.person));
  if (filter.picture !== undefined) params.set('picture', filter.picture ? 'yes' : 'no');
  if (filter.range !== 'all') params.set('range', filter.range);
  if (filter.range === 'custom') {
    if (filter.from !== undefined) params.set('from', filter.from);
    if (filter.to !== undefined) params.set('to', filter.to);
  }
  return params;
}

/** The history filters as query-string text: the names and meaning of the shared EventFilterParams. */
export type HistoryQuery = Record<keyof EventFilterParams, string | undefined>;

/** The query string of the history API (contract §9) for a filter and its resolved range. */
export function historyQuery(filter: HistoryFilter, range: TimeRange): HistoryQuery {
  return {
    camera_id: filter.camera?.toString(),
    event_type: filter.type,
    person_id: filter.person?.toString(),
    has_snapshot: filter.picture?.toString(),
    from: range.from,
    to: range.to,
  };
}

/** Whether a live event belongs in a list with this filter and range (the server's rules, in the browser). */
export function matchesFilter(event: CameraEvent, filter: HistoryFilter, range: TimeRange): boolean {
  if (filter.camera !== undefined && event.camera_id !== filter.camera) return false;
  if (filter.type !== undefined && event.event_type !== filter.type) return false;
  if (filter.person !== undefined && event.data.person_id !== filter.person) return false;
  if (filter.picture !== undefined && event.has_snapshot !== filter.picture) return false;
  if (range.from !== undefined && event.occurred_at < range.from) return false;
  if (range.to !== undefined && event.occurred_at >= range.to) return false;
  return true;
}

/** The times the filter's range means at `now`. */
export function resolveRange(filter: HistoryFilter, now: Date): TimeRange {
  return resolvePreset(filter.range, now, { from: filter.from, to: filter.to });
}
