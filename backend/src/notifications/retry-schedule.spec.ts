import { nextAttemptAt, RETRY_WINDOW_MS } from './retry-schedule';

describe('nextAttemptAt', () => {
  it('retries at 10 s, 30 s, 1 min, then every 2 min after each failure', () => {
    const times: number[] = [0];
    for (let attempts = 1; ; attempts += 1) {
      const next = nextAttemptAt(0, attempts, times[times.length - 1]);
      if (next === null) break;
      times.push(next);
    }
    expect(times.map((t) => t / 1000)).toEqual([0, 10, 40, 100, 220, 340, 460, 580]);
  });

  it('gives up once the next attempt would fall beyond the 10 minutes', () => {
    expect(nextAttemptAt(0, 8, 580_000)).toBeNull();
    expect(nextAttemptAt(0, 5, RETRY_WINDOW_MS - 120_000)).toBe(RETRY_WINDOW_MS);
    expect(nextAttemptAt(0, 5, RETRY_WINDOW_MS - 119_999)).toBeNull();
  });

  it('counts from the failed attempt, so a late attempt moves the next one', () => {
    expect(nextAttemptAt(1_000, 1, 5_000)).toBe(15_000);
  });
});
