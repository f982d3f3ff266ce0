import type { QuietHours } from '@argus/shared';

/** Minutes since local midnight of `date` in `timeZone`. */
export function localMinutes(date: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(date)
    .reduce<Record<string, string>>((all, part) => ({ ...all, [part.type]: part.value }), {});
  return Number(parts.hour) * 60 + Number(parts.minute);
}

function minutes(clock: string): number {
  const [hours, mins] = clock.split(':');
  return Number(hours) * 60 + Number(mins);
}

/**
 * Whether `date` falls within quiet hours (local time in `timeZone`): `start` inclusive,
 * `end` exclusive, `start > end` spans midnight, `start == end` is never quiet.
 */
export function inQuietHours(quiet: QuietHours | null, date: Date, timeZone: string): boolean {
  if (quiet === null) return false;
  const now = localMinutes(date, timeZone);
  const start = minutes(quiet.start);
  const end = minutes(quiet.end);
  if (start === end) return false;
  return start < end ? now >= start && now < end : now >= start || now < end;
}
