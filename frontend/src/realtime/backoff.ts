export const BACKOFF_INITIAL_MS = 1_000;
export const BACKOFF_MAX_MS = 30_000;
/** Up to this share of the delay is added at random, so many dashboards do not reconnect in lockstep. */
export const BACKOFF_JITTER = 0.3;

/**
 * Delay before reconnect attempt `attempt` (0 for the first retry): 1 s doubling to 30 s, plus
 * 0-30 % jitter from `random` (0 <= random < 1). Any attempt past the cap, Infinity included,
 * waits the capped delay.
 */
export function backoff(attempt: number, random: number): number {
  const base = Math.min(BACKOFF_INITIAL_MS * 2 ** attempt, BACKOFF_MAX_MS);
  return Math.round(base * (1 + BACKOFF_JITTER * random));
}
