import type { Logger } from '@nestjs/common';

/** How often a repeating failure is logged while it lasts. */
const EVERY_MS = 60_000;

/**
 * One warning line for a failure that repeats (Redis or the database away): the first at
 * once, then at most one a minute with the number of failures since, so an outage does
 * not flood the log. `recovered()` logs the end of it.
 */
export class ThrottledWarning {
  private failures = 0;
  private lastLoggedAt: number | undefined;

  constructor(
    private readonly logger: Pick<Logger, 'warn' | 'log'>,
    private readonly what: string,
  ) {}

  get failing(): boolean {
    return this.lastLoggedAt !== undefined;
  }

  report(error: unknown): void {
    this.failures += 1;
    const now = performance.now();
    if (this.lastLoggedAt !== undefined && now - this.lastLoggedAt < EVERY_MS) return;
    const detail = error instanceof Error ? error.message : String(error);
    this.logger.warn(`${this.what}: ${detail} (${this.failures} failure${this.failures === 1 ? '' : 's'})`);
    this.lastLoggedAt = now;
    this.failures = 0;
  }

  recovered(): void {
    if (this.lastLoggedAt === undefined) return;
    this.logger.log(`${this.what}: recovered`);
    this.lastLoggedAt = undefined;
    this.failures = 0;
  }
}
