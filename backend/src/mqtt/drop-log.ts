import type { Logger } from '@nestjs/common';

export const DROP_LOG_WINDOW_MS = 60_000;

/**
 * Logs dropped input once per kind per minute (with how many were dropped since), so a
 * flood of broken messages costs one log line a minute, never one line (or stack) each.
 */
export class DropLog {
  private readonly kinds = new Map<string, { loggedAt: number; suppressed: number }>();

  constructor(
    private readonly logger: Pick<Logger, 'warn'>,
    private readonly now: () => number = Date.now,
  ) {}

  drop(kind: string, detail: string): void {
    const time = this.now();
    const seen = this.kinds.get(kind);
    if (seen !== undefined && time - seen.loggedAt < DROP_LOG_WINDOW_MS) {
      seen.suppressed += 1;
      return;
    }
    const more =
      seen !== undefined && seen.suppressed > 0 ? ` (${seen.suppressed} more dropped in the last minute)` : '';
    this.kinds.set(kind, { loggedAt: time, suppressed: 0 });
    this.logger.warn(`dropped: ${kind}: ${detail}${more}`);
  }
}
