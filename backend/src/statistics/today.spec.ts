import { localDay } from '../common/time';

// The day key that EventsService writes into daily_counters and StatisticsService reads as "today".
describe('"today" day key', () => {
  const nearMidnightUtc = new Date('2024-03-01T23:30:00.000Z');

  it('is the UTC date in UTC', () => {
    expect(localDay(nearMidnightUtc, 'UTC')).toBe('2024-03-01');
    expect(localDay(new Date('2024-03-02T00:00:00.000Z'), 'UTC')).toBe('2024-03-02');
  });

  it('is already the next day east of UTC and still the same day west of it', () => {
    expect(localDay(nearMidnightUtc, 'Europe/Berlin')).toBe('2024-03-02'); // 00:30 local
    expect(localDay(nearMidnightUtc, 'America/New_York')).toBe('2024-03-01'); // 18:30 local
  });

  it('turns exactly at local midnight, across a DST change', () => {
    // Berlin switches to summer time on 2024-03-31; local midnight of 04-01 is 22:00Z.
    expect(localDay(new Date('2024-03-31T21:59:59.999Z'), 'Europe/Berlin')).toBe('2024-03-31');
    expect(localDay(new Date('2024-03-31T22:00:00.000Z'), 'Europe/Berlin')).toBe('2024-04-01');
  });
});
