import { SystemClock } from './time';

describe('Clock.at (real timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.parse('2026-11-23T08:00:00.000Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires once the clock reads the time, never synchronously, and not when cancelled', () => {
    const clock = new SystemClock();
    const fired = vi.fn();
    const cancelled = vi.fn();
    clock.at(Date.now() + 1000, fired);
    clock.at(Date.now() + 1000, cancelled).cancel();
    clock.at(Date.now() - 5000, fired);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(0);
    expect(fired).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(999);
    expect(fired).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(2);
    expect(cancelled).not.toHaveBeenCalled();
  });

  it('waits past the longest setTimeout delay by re-arming', () => {
    const clock = new SystemClock();
    const fired = vi.fn();
    clock.at(Date.now() + 2 ** 31 + 5000, fired);
    vi.advanceTimersByTime(2 ** 31 - 1);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(5001);
    expect(fired).toHaveBeenCalledTimes(1);
  });
});
