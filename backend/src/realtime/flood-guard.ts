/** What to do with one incoming client message. */
export const FloodVerdict = {
  /** Within the rate: handle it. */
  Accept: 0,
  /** First message over the rate: drop it and answer `error rate_limited` once. */
  RejectAndWarn: 1,
  /** Further messages over the rate: drop them silently. */
  Reject: 2,
  /** Sustained flooding: close the socket with 1008. */
  Close: 3,
} as const;
export type FloodVerdict = (typeof FloodVerdict)[keyof typeof FloodVerdict];

/**
 * Per-socket token bucket: `perSecond` messages per second with a burst of 2 × that.
 * Dropped messages add up; more than two seconds' worth of them (2 × rate) before the
 * bucket has refilled to full again counts as sustained flooding. A client that slows
 * down enough to refill its burst starts over. Plain fields, no timers, no closures:
 * one instance per socket, time passed in by the caller.
 */
export class FloodGuard {
  private tokens: number;
  private dropped = 0;
  private last: number;

  constructor(
    private readonly perSecond: number,
    nowMs: number,
  ) {
    this.tokens = perSecond * 2;
    this.last = nowMs;
  }

  check(nowMs: number): FloodVerdict {
    const burst = this.perSecond * 2;
    const elapsed = Math.max(0, nowMs - this.last);
    this.last = nowMs;
    this.tokens = Math.min(burst, this.tokens + (elapsed * this.perSecond) / 1000);
    if (this.tokens >= burst) this.dropped = 0;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return FloodVerdict.Accept;
    }
    this.dropped += 1;
    if (this.dropped > burst) return FloodVerdict.Close;
    return this.dropped === 1 ? FloodVerdict.RejectAndWarn : FloodVerdict.Reject;
  }
}
