/**
 * The deadline of the next tick on a fixed grid `origin + k × interval` strictly after
 * `now`. Scheduling every tick from the grid (not from the previous tick's end) keeps
 * the cadence from drifting; a tick that is late past a grid point skips it.
 */
export function nextDeadline(origin: number, intervalMs: number, now: number): number {
  return origin + nextTickIndex(origin, intervalMs, now, 0) * intervalMs;
}

/**
 * The grid index `k` of the next tick: after `now`, and after `lastIndex` (the tick just
 * served). Indices are integers, so a timer that fires a fraction of a millisecond early
 * (timers have millisecond resolution) or a deadline that floating point puts a hair
 * before its grid point can never make the same tick run twice.
 */
export function nextTickIndex(origin: number, intervalMs: number, now: number, lastIndex: number): number {
  const due = Math.floor(Math.max(0, now - origin) / intervalMs) + 1;
  return Math.max(lastIndex + 1, due);
}

/**
 * Runs `task` at every grid point with setTimeout to the next deadline. A task still
 * running at the next deadline makes that tick skip (no overlap, no queue).
 */
export class DriftFreeTimer {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = true;
  private origin = 0;
  /** Grid index of the pending timer. */
  private index = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly task: () => Promise<void>,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Starts the grid at `now`; the first tick is at `now + interval`. */
  start(): void {
    this.stopped = false;
    this.origin = this.now();
    this.index = 0;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.stopped) return;
    const now = this.now();
    this.index = nextTickIndex(this.origin, this.intervalMs, now, this.index);
    this.timer = setTimeout(() => this.fire(), this.origin + this.index * this.intervalMs - now);
    this.timer.unref();
  }

  private fire(): void {
    this.schedule();
    if (this.running) return;
    this.running = true;
    void this.task().finally(() => {
      this.running = false;
    });
  }
}
