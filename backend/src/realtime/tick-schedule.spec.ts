import { DriftFreeTimer, nextDeadline, nextTickIndex } from './tick-schedule';

describe('nextDeadline', () => {
  it('lands on the grid after now', () => {
    expect(nextDeadline(1000, 200, 1000)).toBe(1200);
    expect(nextDeadline(1000, 200, 1199)).toBe(1200);
    expect(nextDeadline(1000, 200, 1200)).toBe(1400);
  });

  it('skips grid points already missed instead of catching up', () => {
    expect(nextDeadline(0, 100, 750)).toBe(800);
  });
});

describe('nextTickIndex', () => {
  it('moves past the tick just served even when floating point puts now a hair before it', () => {
    const origin = 1000.1;
    const served = 1;
    // (origin + 200) − origin is 199.9999999999999 in floating point, not 200.
    const deadline = origin + served * 200;
    expect(Math.floor((deadline - origin) / 200)).toBe(0);
    expect(nextTickIndex(origin, 200, deadline, served)).toBe(2);
    expect(nextTickIndex(origin, 200, deadline - 0.4, served)).toBe(2);
  });

  it('skips the indices of missed ticks', () => {
    expect(nextTickIndex(0, 100, 750, 3)).toBe(8);
  });
});

describe('DriftFreeTimer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('returns to the grid after a late tick instead of carrying the delay forward', async () => {
    // `offset` models one event-loop stall of 30 ms that the fake timers do not see.
    let offset = 0;
    const now = () => Date.now() + offset;
    const fired: number[] = [];
    const timer = new DriftFreeTimer(
      100,
      () => {
        fired.push(now());
        if (fired.length === 1) offset = 30;
        return Promise.resolve();
      },
      now,
    );
    vi.setSystemTime(0);
    timer.start();
    await vi.advanceTimersByTimeAsync(480);
    timer.stop();
    // A chain of setTimeout(interval) would continue 330, 430, 530.
    expect(fired).toEqual([100, 230, 300, 400, 500]);
  });

  it('serves a grid point once even when the timer fires a little early', async () => {
    let skew = 0;
    const now = () => Date.now() + skew;
    let calls = 0;
    const timer = new DriftFreeTimer(100, () => Promise.resolve(void (calls += 1)), now);
    vi.setSystemTime(0);
    timer.start();
    // From here our clock reads 1 ms behind the timers: the first timer fires at 99.
    skew = -1;
    await vi.advanceTimersByTimeAsync(150);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toBe(2);
    timer.stop();
  });

  it('skips a tick while the previous one is still running', async () => {
    let calls = 0;
    let release: () => void = () => undefined;
    const timer = new DriftFreeTimer(
      100,
      () => {
        calls += 1;
        return new Promise<void>((resolve) => (release = resolve));
      },
      () => Date.now(),
    );
    vi.setSystemTime(0);
    timer.start();
    await vi.advanceTimersByTimeAsync(350);
    expect(calls).toBe(1);
    release();
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toBe(2);
    timer.stop();
  });

  it('stops', async () => {
    let calls = 0;
    const timer = new DriftFreeTimer(
      100,
      () => Promise.resolve(void (calls += 1)),
      () => Date.now(),
    );
    vi.setSystemTime(0);
    timer.start();
    timer.stop();
    await vi.advanceTimersByTimeAsync(500);
    expect(calls).toBe(0);
  });
});
