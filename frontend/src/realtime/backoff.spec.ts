import { describe, expect, it } from 'vitest';
import { backoff } from './backoff';

describe('backoff', () => {
  it('doubles from 1 s and stays at 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 50].map((attempt) => backoff(attempt, 0))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
    expect(backoff(Infinity, 0)).toBe(30_000);
  });

  it('adds up to 30 % jitter', () => {
    expect(backoff(0, 0.5)).toBe(1_150);
    expect(backoff(5, 0.999)).toBe(38_991);
    for (const attempt of [0, 3, 9]) {
      const base = backoff(attempt, 0);
      expect(backoff(attempt, 0.999_999)).toBeLessThanOrEqual(base * 1.3);
      expect(backoff(attempt, 0.000_001)).toBeGreaterThanOrEqual(base);
    }
  });
});
