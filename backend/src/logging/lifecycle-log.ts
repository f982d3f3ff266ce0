import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';

/** The last line of a shutdown, after sockets, requests and the database are closed. */
@Injectable()
export class LifecycleLog implements OnApplicationShutdown {
  private readonly logger = new Logger('Argus');
  private readonly startedAt = performance.now();

  onApplicationShutdown(signal?: string): void {
    const uptime = Math.round((performance.now() - this.startedAt) / 1000);
    this.logger.log(`stopped${signal === undefined ? '' : ` on ${signal}`} after ${uptime} s`);
  }
}
