import { Mutex } from './mutex';

describe('Mutex', () => {
  it('runs tasks one at a time in call order, even when earlier tasks are slower', async () => {
    const queue = new Mutex();
    const log: string[] = [];
    let running = 0;
    const task = (name: string, ms: number) => async () => {
      running += 1;
      expect(running).toBe(1);
      log.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      log.push(`end ${name}`);
      running -= 1;
      return name;
    };
    const results = await Promise.all([queue.run(task('a', 20)), queue.run(task('b', 1)), queue.run(task('c', 5))]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('rejects only the failing caller and keeps serving the next ones', async () => {
    const queue = new Mutex();
    const failed = queue.run(() => Promise.reject(new Error('boom')));
    const next = queue.run(() => Promise.resolve(42));
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe(42);
  });

  it('holds across calls with acquire/release, in FIFO order', async () => {
    const mutex = new Mutex();
    const log: string[] = [];
    const release = await mutex.acquire();
    const queued = mutex.run(() => Promise.resolve(log.push('queued ran')));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(log).toEqual([]);
    release();
    await queued;
    expect(log).toEqual(['queued ran']);
  });
});
