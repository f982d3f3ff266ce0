import { isArmed, minuteOfWeek, scheduleProblem } from './rule-schedule';

const at = (iso: string) => new Date(iso);

describe('scheduleProblem', () => {
  it('accepts a valid schedule', () => {
    expect(scheduleProblem({ days: [0, 6], start: '22:00', end: '06:00' })).toBeNull();
    expect(scheduleProblem({ days: [1], start: '00:00', end: '23:59' })).toBeNull();
  });

  it.each([
    [null, 'schedule must be an object'],
    [[1, 2], 'schedule must be an object'],
    [{ days: [], start: '08:00', end: '09:00' }, 'schedule.days must be'],
    [{ days: [7], start: '08:00', end: '09:00' }, 'schedule.days must be'],
    [{ days: [1, 1], start: '08:00', end: '09:00' }, 'schedule.days must be'],
    [{ days: [1.5], start: '08:00', end: '09:00' }, 'schedule.days must be'],
    [{ days: ['1'], start: '08:00', end: '09:00' }, 'schedule.days must be'],
    [{ days: [1], start: '24:00', end: '09:00' }, 'schedule.start must be a time HH:MM'],
    [{ days: [1], start: '8:00', end: '09:00' }, 'schedule.start must be a time HH:MM'],
    [{ days: [1], start: '08:00', end: '09:60' }, 'schedule.end must be a time HH:MM'],
    [{ days: [1], start: '08:00' }, 'schedule.end must be a time HH:MM'],
    [{ days: [1], start: '08:00', end: '09:00', tz: 'UTC' }, 'schedule has unknown field tz'],
  ])('refuses %j', (value, message) => {
    expect(scheduleProblem(value)).toContain(message);
  });
});

describe('isArmed', () => {
  it('is always armed without a schedule', () => {
    expect(isArmed(null, at('2026-11-23T03:00:00Z'), 'UTC')).toBe(true);
  });

  it('arms from start (inclusive) to end (exclusive) on the listed days only', () => {
    const weekdays = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };
    // 2026-11-23 is a Monday.
    expect(isArmed(weekdays, at('2026-11-23T08:59:59Z'), 'UTC')).toBe(false);
    expect(isArmed(weekdays, at('2026-11-23T09:00:00Z'), 'UTC')).toBe(true);
    expect(isArmed(weekdays, at('2026-11-23T16:59:59Z'), 'UTC')).toBe(true);
    expect(isArmed(weekdays, at('2026-11-23T17:00:00Z'), 'UTC')).toBe(false);
    // Sunday 2026-11-22.
    expect(isArmed(weekdays, at('2026-11-22T12:00:00Z'), 'UTC')).toBe(false);
  });

  it('spans midnight when start > end: the window belongs to the day it opens', () => {
    const fridayNight = { days: [5], start: '22:00', end: '06:00' };
    expect(isArmed(fridayNight, at('2026-11-27T21:59:00Z'), 'UTC')).toBe(false); // Fri 21:59
    expect(isArmed(fridayNight, at('2026-11-27T22:00:00Z'), 'UTC')).toBe(true); // Fri 22:00
    expect(isArmed(fridayNight, at('2026-11-28T05:59:00Z'), 'UTC')).toBe(true); // Sat 05:59
    expect(isArmed(fridayNight, at('2026-11-28T06:00:00Z'), 'UTC')).toBe(false); // Sat 06:00
    expect(isArmed(fridayNight, at('2026-11-28T23:00:00Z'), 'UTC')).toBe(false); // Sat 23:00: not listed
    expect(isArmed(fridayNight, at('2026-11-27T03:00:00Z'), 'UTC')).toBe(false); // Fri 03:00: Thursday's night
  });

  it('wraps from Saturday night into Sunday morning', () => {
    const saturdayNight = { days: [6], start: '23:00', end: '01:00' };
    expect(isArmed(saturdayNight, at('2026-11-29T00:30:00Z'), 'UTC')).toBe(true); // Sun 00:30
    expect(isArmed(saturdayNight, at('2026-11-29T01:00:00Z'), 'UTC')).toBe(false);
  });

  it('arms the whole 24 hours when start equals end', () => {
    const sunday = { days: [0], start: '00:00', end: '00:00' };
    expect(isArmed(sunday, at('2026-11-22T00:00:00Z'), 'UTC')).toBe(true);
    expect(isArmed(sunday, at('2026-11-22T23:59:59Z'), 'UTC')).toBe(true);
    expect(isArmed(sunday, at('2026-11-23T00:00:00Z'), 'UTC')).toBe(false);
  });

  it('reads days and hours in the given time zone, not UTC', () => {
    // Monday 04:30 UTC is still Sunday 23:30 in New York (EST, UTC-5).
    expect(minuteOfWeek(at('2026-11-23T04:30:00Z'), 'America/New_York')).toBe(23 * 60 + 30);
    const sundayEvening = { days: [0], start: '18:00', end: '00:00' };
    expect(isArmed(sundayEvening, at('2026-11-23T04:30:00Z'), 'America/New_York')).toBe(true);
    expect(isArmed(sundayEvening, at('2026-11-23T04:30:00Z'), 'UTC')).toBe(false);
  });

  it('follows the spring-forward change: the window closes at local 06:00 summer time', () => {
    // Europe/Berlin, 2026-03-29: 02:00 CET becomes 03:00 CEST.
    const saturdayNight = { days: [6], start: '22:00', end: '06:00' };
    expect(isArmed(saturdayNight, at('2026-03-28T20:59:00Z'), 'Europe/Berlin')).toBe(false); // 21:59 CET
    expect(isArmed(saturdayNight, at('2026-03-28T21:00:00Z'), 'Europe/Berlin')).toBe(true); // 22:00 CET
    expect(isArmed(saturdayNight, at('2026-03-29T01:00:00Z'), 'Europe/Berlin')).toBe(true); // 03:00 CEST
    expect(isArmed(saturdayNight, at('2026-03-29T03:59:00Z'), 'Europe/Berlin')).toBe(true); // 05:59 CEST
    // 06:00 CEST; without the change this would be 05:00 and still armed.
    expect(isArmed(saturdayNight, at('2026-03-29T04:00:00Z'), 'Europe/Berlin')).toBe(false);
  });

  it('follows the fall-back change: the repeated hour is armed both times', () => {
    // Europe/Berlin, 2026-10-25: 03:00 CEST becomes 02:00 CET, so 02:00-03:00 happens twice.
    const lateSunday = { days: [0], start: '02:00', end: '03:00' };
    expect(isArmed(lateSunday, at('2026-10-24T23:59:00Z'), 'Europe/Berlin')).toBe(false); // 01:59 CEST
    expect(isArmed(lateSunday, at('2026-10-25T00:30:00Z'), 'Europe/Berlin')).toBe(true); // 02:30 CEST
    expect(isArmed(lateSunday, at('2026-10-25T01:30:00Z'), 'Europe/Berlin')).toBe(true); // 02:30 CET
    expect(isArmed(lateSunday, at('2026-10-25T02:00:00Z'), 'Europe/Berlin')).toBe(false); // 03:00 CET
  });
});
