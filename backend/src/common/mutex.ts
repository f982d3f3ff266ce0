/**
 * A FIFO async mutex (a promise chain). `run` holds it for one task; `acquire` hands back
 * the release function, for a hold that starts and ends in different calls.
 */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const previous = this.tail;
    this.tail = previous.then(() => held);
    return previous.then(() => release);
  }

  /** Runs `task` alone, after every task queued before it; a failure rejects its own caller only. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await task();
    } finally {
      release();
    }
  }
}
