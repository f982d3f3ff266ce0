type Listener = () => void;

/**
 * One clock for every relative time on screen: a single interval runs while anything is
 * subscribed, and each subscriber re-renders on its own (React reads it with
 * useSyncExternalStore), so no layout holds a `now` that re-renders whole panels.
 */
export class TickingClock {
  private current: number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly intervalMs = 1_000,
    private readonly read: () => number = () => Date.now(),
  ) {
    this.current = read();
  }

  /** The time of the last tick (stable between ticks, as a store snapshot must be). */
  now = (): number => this.current;

  subscribe = (listener: Listener): (() => void) => {
    if (this.listeners.size === 0) {
      this.current = this.read();
      this.timer = setInterval(this.tick, this.intervalMs);
    }
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) clearInterval(this.timer);
    };
  };

  private tick = (): void => {
    this.current = this.read();
    for (const listener of this.listeners) listener();
  };
}

export const clock = new TickingClock();
