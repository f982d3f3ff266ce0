import type { AlertRuleSchedule } from '@argus/shared';

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
const WEEKDAYS: Readonly<Record<string, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/**
 * What is wrong with a `schedule` body value, as a message naming the field, or null when it
 * is a valid schedule: `{days: [0-6] (distinct, at least one), start: "HH:MM", end: "HH:MM"}`
 * and nothing else.
 */
export function scheduleProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'schedule must be an object {days, start, end} or null';
  }
  const extra = Object.keys(value).filter((key) => !['days', 'start', 'end'].includes(key));
  if (extra.length > 0) return `schedule has unknown field ${extra[0]}: it takes days, start and end`;
  const { days, start, end } = value as Record<string, unknown>;
  if (
    !Array.isArray(days) ||
    days.length === 0 ||
    !days.every((day) => Number.isInteger(day) && (day as number) >= 0 && (day as number) <= 6) ||
    new Set(days).size !== days.length
  ) {
    return 'schedule.days must be a non-empty list of distinct days 0 (Sunday) to 6 (Saturday)';
  }
  for (const [field, time] of [
    ['start', start],
    ['end', end],
  ] as const) {
    if (typeof time !== 'string' || !HH_MM.test(time)) return `schedule.${field} must be a time HH:MM (00:00 to 23:59)`;
  }
  return null;
}

function minutesOf(time: string): number {
  const match = HH_MM.exec(time);
  if (match === null) throw new Error(`not a time HH:MM: ${time}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

// Building an Intl formatter is costly; one per time zone serves every event.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The wall-clock position of `instant` in `timeZone` as minutes since Sunday 00:00 local time.
 * Read through Intl, so daylight saving time is the zone's own: 02:30 on a spring-forward
 * night never occurs, 01:30 on a fall-back night occurs twice.
 */
export function minuteOfWeek(instant: Date, timeZone: string): number {
  let weekday = 0;
  let hour = 0;
  let minute = 0;
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type === 'weekday') weekday = WEEKDAYS[part.value] ?? 0;
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return weekday * MINUTES_PER_DAY + hour * 60 + minute;
}

/**
 * Whether a rule with `schedule` is armed at `instant`, in `timeZone` (contract §10): inside a
 * window that opens at `start` on one of `days` and closes at `end` (exclusive), the next day
 * when `start > end`; `start = end` is a whole 24 hours. A null schedule is always armed.
 */
export function isArmed(schedule: AlertRuleSchedule | null, instant: Date, timeZone: string): boolean {
  if (schedule === null) return true;
  const now = minuteOfWeek(instant, timeZone);
  const start = minutesOf(schedule.start);
  const length = (minutesOf(schedule.end) - start + MINUTES_PER_DAY) % MINUTES_PER_DAY || MINUTES_PER_DAY;
  return schedule.days.some((day) => {
    const opened = day * MINUTES_PER_DAY + start;
    // Minutes since this day's window opened, wrapping from Saturday into Sunday.
    return (now - opened + MINUTES_PER_WEEK) % MINUTES_PER_WEEK < length;
  });
}
