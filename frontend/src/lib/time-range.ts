// Time-range presets shared by the Events and Alerts pages: kept in URLs by name, turned into
// times (in the browser's time zone) when a list is loaded.

export const RANGE_PRESETS = ['all', '1h', 'today', 'night', '7d', 'custom'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

export const RANGE_LABELS: Record<RangePreset, string> = {
  all: 'Any time',
  '1h': 'Last hour',
  today: 'Today',
  night: 'Last night (22:00–07:00)',
  '7d': 'Last 7 days',
  custom: 'Custom range',
};

/** A resolved time range: presets become times once, when a list is first loaded. */
export interface TimeRange {
  from?: string;
  to?: string;
}

function localMidnight(now: Date): Date {
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  return midnight;
}

/** The times a preset means at `now`, in the browser's time zone; `custom` for the custom range. */
export function resolvePreset(range: RangePreset, now: Date, custom: TimeRange = {}): TimeRange {
  switch (range) {
    case 'all':
      return {};
    case '1h':
      return { from: new Date(now.getTime() - 3_600_000).toISOString() };
    case 'today':
      return { from: localMidnight(now).toISOString() };
    case 'night': {
      // The night that ends at 07:00 today (still going on before then).
      const morning = localMidnight(now);
      morning.setHours(7);
      const evening = new Date(morning);
      evening.setDate(evening.getDate() - 1);
      evening.setHours(22);
      return { from: evening.toISOString(), to: morning.toISOString() };
    }
    case '7d':
      return { from: new Date(now.getTime() - 7 * 24 * 3_600_000).toISOString() };
    case 'custom':
      return custom;
  }
}
