import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Statistics } from '@argus/shared';
import { Clock } from '../common/time';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { StatisticsService } from '../statistics/statistics.service';
import { ConnectionHub } from './connection-hub';
import { toFrame, type Frame } from './server-messages';
import { DriftFreeTimer } from './tick-schedule';

/**
 * Every STATS_INTERVAL_MS: compute the statistics once, serialize once, send the same
 * frame to every live socket. A new socket gets the newest statistics first, from the
 * statistics service's cache (the only one).
 */
@Injectable()
export class StatisticsTicker {
  private readonly logger = new Logger('Realtime');
  private readonly timer: DriftFreeTimer;

  constructor(
    private readonly statistics: StatisticsService,
    private readonly hub: ConnectionHub,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.timer = new DriftFreeTimer(config.statsIntervalMs, () => this.tick());
  }

  start(): void {
    this.timer.start();
  }

  stop(): void {
    this.timer.stop();
  }

  /** A statistics_update frame of the newest statistics; computed on demand before the first tick. */
  async snapshot(): Promise<Frame> {
    return this.frame(this.statistics.latest() ?? (await this.statistics.current()));
  }

  private async tick(): Promise<void> {
    let statistics: Statistics;
    try {
      statistics = await this.statistics.compute();
    } catch (error) {
      // A failed tick (database down) skips this broadcast; the next tick tries again.
      this.logger.error('statistics tick failed', error instanceof Error ? error.stack : String(error));
      return;
    }
    this.hub.broadcast(this.frame(statistics));
  }

  // `timestamp` is the send time: clients (and the benchmark) measure fan-out from it.
  private frame(data: Statistics): Frame {
    return toFrame({ type: 'statistics_update', timestamp: this.clock.now().toISOString(), data });
  }
}
