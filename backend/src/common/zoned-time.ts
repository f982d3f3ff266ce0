const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const DAY_MS = 24 * HOUR_MS;
// Every offset in use is a multiple of 15 minutes: it is constant within a UTC quarter-hour.
const QUARTER_MS = 15 * MINUTE_MS;

/**
 * Calendar arithmetic in one IANA time zone (the server's TZ): where local hours and local
 * days start, as UTC instants. Histogram buckets and the hourly event counters use it, so
 * an hour or a day means the same in both.
 */
export class ZonedTime {
  private readonly format: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();

  constructor(readonly timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
  }

  /** The zone's offset from UTC at `ms`, in ms (e.g. +5:30 is 19,800,000). */
  offset(ms: number): number {
    const quarter = Math.floor(ms / QUARTER_MS);
    const cached = this.offsets.get(quarter);
    if (cached !== undefined) return cached;
    const name = this.format.formatToParts(new Date(quarter * QUARTER_MS)).find((p) => p.type === 'timeZoneName');
    const match = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name?.value ?? '');
    const offset =
      match === null
        ? 0
        : (match[1] === '-' ? -1 : 1) * (Number(match[2]) * HOUR_MS + Number(match[3] ?? 0) * MINUTE_MS);
    if (this.offsets.size > 10_000) this.offsets.clear();
    this.offsets.set(quarter, offset);
    return offset;
  }

  minuteStart(ms: number): number {
    return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
  }

  /** Start of the local hour holding `ms`. */
  hourStart(ms: number): number {
    const local = ms + this.offset(ms);
    return ms - (((local % HOUR_MS) + HOUR_MS) % HOUR_MS);
  }

  /** Start of the local day holding `ms`: local midnight, or the first instant after it on a day that skips it. */
  dayStart(ms: number): number {
    const local = ms + this.offset(ms);
    const midnightLocal = Math.floor(local / DAY_MS) * DAY_MS;
    // The offset at midnight may differ from the one at `ms` (a DST change during the day);
    // on a day that skips midnight this lands on the first instant after it.
    const guess = midnightLocal - this.offset(ms);
    const start = midnightLocal - this.offset(guess);
    return start <= ms ? start : guess;
  }

  /** The start of the bucket after the one starting at `start`. */
  next(bucket: 'minute' | 'hour' | 'day', start: number): number {
    switch (bucket) {
      case 'minute':
        return start + MINUTE_MS;
      case 'hour':
        return this.hourStart(start + HOUR_MS + QUARTER_MS);
      case 'day':
        return this.dayStart(start + DAY_MS + 2 * HOUR_MS);
    }
  }

  bucketStart(bucket: 'minute' | 'hour' | 'day', ms: number): number {
    switch (bucket) {
      case 'minute':
        return this.minuteStart(ms);
      case 'hour':
        return this.hourStart(ms);
      case 'day':
        return this.dayStart(ms);
    }
  }
}
