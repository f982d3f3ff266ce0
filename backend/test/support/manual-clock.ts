import { Clock, type Timer } from '../../src/common/time';

interface Pending {
  time: number;
  callback: () => void;
  cancelled: boolean;
}

/**
 * A clock that stands still until a test advances it; its timers (`Clock.at`) fire as it
 * passes their time, in time order. Starts at the real time by default, so tokens signed
 * for "now" agree with it.
 */
export class ManualClock extends Clock {
  private nowMs: number;
  private pending: Pending[] = [];

  constructor(start: number = Date.now()) {
    super();
    this.nowMs = start;
  }

  now(): Date {
    return new Date(this.nowMs);
  }

  override at(time: number, callback: () => void): Timer {
    const timer: Pending = { time, callback, cancelled: false };
    this.pending.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }

  /** Moves time forward by `ms`, firing every timer due by then (those a timer sets included). */
  advance(ms: number): void {
    const until = this.nowMs + ms;
    for (;;) {
      const due = this.pending
        .filter((timer) => !timer.cancelled && timer.time <= until)
        .sort((a, b) => a.time - b.time)[0];
      if (due === undefined) break;
      this.pending = this.pending.filter((timer) => timer !== due);
      this.nowMs = Math.max(this.nowMs, due.time);
      due.callback();
    }
    this.nowMs = until;
  }
}
