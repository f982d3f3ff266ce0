/** Browsers return a number, Node and fake timers an object. */
export type TimerHandle = number | object;

/** The clock the live client runs on; tests pass vitest's fake timers. */
export interface LiveTimers {
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  now(): number;
}

export const systemTimers: LiveTimers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

/** At most one pending callback: start() replaces the pending one, cancel() drops it. */
export class Timeout {
  private handle: TimerHandle | null = null;

  constructor(private readonly timers: LiveTimers) {}

  get pending(): boolean {
    return this.handle !== null;
  }

  start(ms: number, callback: () => void): void {
    this.cancel();
    this.handle = this.timers.setTimeout(() => {
      this.handle = null;
      callback();
    }, ms);
  }

  cancel(): void {
    if (this.handle !== null) this.timers.clearTimeout(this.handle);
    this.handle = null;
  }
}
