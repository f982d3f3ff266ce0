/**
 * The deadline of the next tick on a fixed grid `origin + k × interval` strictly after
 * `now`. Scheduling every tick from the grid (not from the previous tick's end) keeps
 * the cadence from drifting; a tick that is late past a grid point skips it.
 */
export function nextDeadline(origin: number, intervalMs: number, now: number): number {
  const elapsed = Math.max(0, now - origin);
  return origin + (Math.floor(elapsed / intervalMs) + 1) * intervalMs;
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

  constructor(
    private readonly intervalMs: number,
    private readonly task: () => Promise<void>,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Starts the grid at `now`; the first tick is at `now + interval`. */
  start(): void {
    this.stopped = false;
    this.origin = this.now();
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
    this.timer = setTimeout(() => this.fire(), nextDeadline(this.origin, this.intervalMs, now) - now);
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
