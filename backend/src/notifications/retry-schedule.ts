/** Delays before the 2nd, 3rd and 4th attempt; later attempts come every RETRY_EVERY_MS. */
const FIRST_DELAYS_MS = [10_000, 30_000, 60_000];
const RETRY_EVERY_MS = 120_000;
/** A delivery is retried while its next attempt falls within this long of its first (contract §10: 10 min). */
export const RETRY_WINDOW_MS = 10 * 60_000;

/**
 * When a delivery that has failed `attempts` times (1 after the first failure) is tried
 * again, or null when that would be more than RETRY_WINDOW_MS after `firstAt`: it has failed.
 * About 10 s, 30 s, 1 min, then every 2 min (contract §10), each from the failed attempt.
 */
export function nextAttemptAt(firstAt: number, attempts: number, failedAt: number): number | null {
  const delay = FIRST_DELAYS_MS[attempts - 1] ?? RETRY_EVERY_MS;
  const next = failedAt + delay;
  return next - firstAt > RETRY_WINDOW_MS ? null : next;
}
