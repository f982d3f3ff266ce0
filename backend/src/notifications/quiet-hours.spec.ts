import { inQuietHours, localMinutes } from './quiet-hours';

const at = (iso: string) => new Date(iso);

describe('quiet hours', () => {
  it('reads the local time in TZ', () => {
    expect(localMinutes(at('2026-01-15T21:30:00Z'), 'UTC')).toBe(21 * 60 + 30);
    expect(localMinutes(at('2026-01-15T21:30:00Z'), 'Europe/Berlin')).toBe(22 * 60 + 30);
    expect(localMinutes(at('2026-07-15T21:30:00Z'), 'Europe/Berlin')).toBe(23 * 60 + 30);
  });

  it('holds within a same-day range, start inclusive and end exclusive', () => {
    const quiet = { start: '09:00', end: '17:00' };
    expect(inQuietHours(quiet, at('2026-01-15T08:59:00Z'), 'UTC')).toBe(false);
    expect(inQuietHours(quiet, at('2026-01-15T09:00:00Z'), 'UTC')).toBe(true);
    expect(inQuietHours(quiet, at('2026-01-15T16:59:00Z'), 'UTC')).toBe(true);
    expect(inQuietHours(quiet, at('2026-01-15T17:00:00Z'), 'UTC')).toBe(false);
  });

  it('spans midnight when start is after end', () => {
    const quiet = { start: '22:00', end: '07:00' };
    expect(inQuietHours(quiet, at('2026-01-15T21:59:00Z'), 'UTC')).toBe(false);
    expect(inQuietHours(quiet, at('2026-01-15T23:30:00Z'), 'UTC')).toBe(true);
    expect(inQuietHours(quiet, at('2026-01-16T06:59:00Z'), 'UTC')).toBe(true);
    expect(inQuietHours(quiet, at('2026-01-16T07:00:00Z'), 'UTC')).toBe(false);
    // 21:30 UTC is 22:30 in Berlin in winter.
    expect(inQuietHours(quiet, at('2026-01-15T21:30:00Z'), 'Europe/Berlin')).toBe(true);
  });

  it('is never quiet without quiet hours or with an empty range', () => {
    expect(inQuietHours(null, at('2026-01-15T23:00:00Z'), 'UTC')).toBe(false);
    expect(inQuietHours({ start: '10:00', end: '10:00' }, at('2026-01-15T10:00:00Z'), 'UTC')).toBe(false);
  });
});
