/** A source of uniform numbers in [0, 1), like Math.random. */
export type RandomSource = () => number;

/** mulberry32: a tiny seedable PRNG, good enough for a believable demo and repeatable tests. */
export function createPrng(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Exponential inter-arrival time: events at these gaps form a Poisson process of rate 1/meanMs. */
export function exponentialDelayMs(random: RandomSource, meanMs: number): number {
  // 1 - u is in (0, 1], so the log is finite.
  return -Math.log(1 - random()) * meanMs;
}
