/** setTimeout's ceiling; a later deadline re-arms when it is reached. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A pending `Clock.at` callback. */
export interface Timer {
  cancel(): void;
}

class RealTimer implements Timer {
  private handle: NodeJS.Timeout | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly time: number,
    private readonly callback: () => void,
  ) {
    this.arm();
  }

  cancel(): void {
    clearTimeout(this.handle);
  }

  arm(): void {
    const delay = Math.max(0, this.time - this.clock.now().getTime());
    this.handle = setTimeout(fire, Math.min(delay, MAX_TIMER_MS), this);
    this.handle.unref();
  }

  fire(): void {
    if (this.clock.now().getTime() >= this.time) this.callback();
    else this.arm();
  }
}

function fire(timer: RealTimer): void {
  timer.fire();
}

/** A clock that tests can replace. */
export abstract class Clock {
  abstract now(): Date;

  /**
   * Calls `callback` once this clock reads `time` (epoch ms) or later, never synchronously.
   * Real timers, checked against `now()` when they fire; a test clock overrides this to
   * fire its timers as it advances.
   */
  at(time: number, callback: () => void): Timer {
    return new RealTimer(this, time, callback);
  }
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** Local calendar date (YYYY-MM-DD) of `date` in `timeZone`. */
export function localDay(date: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(date);
}
