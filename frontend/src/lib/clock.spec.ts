import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TickingClock } from './clock';

describe('TickingClock', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ticks every subscriber from one interval, and runs none when nobody listens', () => {
    const clock = new TickingClock(1_000);
    const first = vi.fn();
    const second = vi.fn();
    const stopFirst = clock.subscribe(first);
    const stopSecond = clock.subscribe(second);
    expect(vi.getTimerCount()).toBe(1);

    vi.advanceTimersByTime(3_000);
    expect(first).toHaveBeenCalledTimes(3);
    expect(second).toHaveBeenCalledTimes(3);
    expect(clock.now()).toBe(1_003_000);

    stopFirst();
    stopSecond();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('holds its value between ticks and catches up when the first subscriber arrives', () => {
    const clock = new TickingClock(1_000);
    vi.advanceTimersByTime(500);
    expect(clock.now()).toBe(1_000_000);
    const stop = clock.subscribe(() => undefined);
    expect(clock.now()).toBe(1_000_500);
    stop();
  });
});
