import { ZonedTime } from './zoned-time';

const iso = (ms: number) => new Date(ms).toISOString();
const at = (text: string) => Date.parse(text);

describe('ZonedTime', () => {
  it('reads offsets, half and quarter hours included', () => {
    expect(new ZonedTime('UTC').offset(at('2026-06-01T12:00:00Z'))).toBe(0);
    expect(new ZonedTime('Asia/Kolkata').offset(at('2026-06-01T12:00:00Z'))).toBe(5.5 * 3_600_000);
    expect(new ZonedTime('Asia/Kathmandu').offset(at('2026-06-01T12:00:00Z'))).toBe(5.75 * 3_600_000);
    expect(new ZonedTime('America/New_York').offset(at('2026-01-15T12:00:00Z'))).toBe(-5 * 3_600_000);
    expect(new ZonedTime('America/New_York').offset(at('2026-07-15T12:00:00Z'))).toBe(-4 * 3_600_000);
  });

  it('starts local hours on the local hour', () => {
    const kolkata = new ZonedTime('Asia/Kolkata');
    expect(iso(kolkata.hourStart(at('2026-06-01T12:10:00Z')))).toBe('2026-06-01T11:30:00.000Z');
    expect(iso(kolkata.hourStart(at('2026-06-01T12:40:00Z')))).toBe('2026-06-01T12:30:00.000Z');
    expect(iso(new ZonedTime('Europe/Berlin').hourStart(at('2026-06-01T12:59:59.999Z')))).toBe(
      '2026-06-01T12:00:00.000Z',
    );
  });

  it('starts local days at local midnight, across DST changes', () => {
    const berlin = new ZonedTime('Europe/Berlin');
    expect(iso(berlin.dayStart(at('2026-06-01T21:59:00Z')))).toBe('2026-05-31T22:00:00.000Z');
    expect(iso(berlin.dayStart(at('2026-06-01T22:00:00Z')))).toBe('2026-06-01T22:00:00.000Z');
    // 29 March 2026: clocks go from 02:00 to 03:00; the day started at 00:00 +01:00.
    expect(iso(berlin.dayStart(at('2026-03-29T20:00:00Z')))).toBe('2026-03-28T23:00:00.000Z');
    expect(iso(berlin.next('day', at('2026-03-28T23:00:00Z')))).toBe('2026-03-29T22:00:00.000Z');
    // 25 October 2026: 03:00 back to 02:00, a 25-hour day.
    expect(iso(berlin.dayStart(at('2026-10-25T20:00:00Z')))).toBe('2026-10-24T22:00:00.000Z');
    expect(iso(berlin.next('day', at('2026-10-24T22:00:00Z')))).toBe('2026-10-25T23:00:00.000Z');
    // Santiago skips midnight (00:00 becomes 01:00) on 6 September 2026.
    const santiago = new ZonedTime('America/Santiago');
    expect(iso(santiago.dayStart(at('2026-09-06T15:00:00Z')))).toBe('2026-09-06T04:00:00.000Z');
  });

  it('steps hours through a DST change one real hour at a time', () => {
    const berlin = new ZonedTime('Europe/Berlin');
    const starts = [at('2026-10-24T23:00:00Z')];
    for (let i = 0; i < 4; i += 1) starts.push(berlin.next('hour', starts[starts.length - 1]));
    expect(starts.map(iso)).toEqual([
      '2026-10-24T23:00:00.000Z',
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T01:00:00.000Z',
      '2026-10-25T02:00:00.000Z',
      '2026-10-25T03:00:00.000Z',
    ]);
  });
});
