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
 * frame to every live socket. The frame is kept as the snapshot a new socket gets first.
 */
@Injectable()
export class StatisticsTicker {
  private readonly logger = new Logger('Realtime');
  private readonly timer: DriftFreeTimer;
  private latest: Frame | undefined;

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

  /** The newest statistics_update frame; computed on demand before the first tick. */
  async snapshot(): Promise<Frame> {
    if (this.latest !== undefined) return this.latest;
    const frame = this.frame(await this.statistics.current());
    this.latest ??= frame;
    return frame;
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
    const frame = this.frame(statistics);
    this.latest = frame;
    this.hub.broadcast(frame);
  }

  // `timestamp` is the send time: clients (and the benchmark) measure fan-out from it.
  private frame(data: Statistics): Frame {
    return toFrame({ type: 'statistics_update', timestamp: this.clock.now().toISOString(), data });
  }
}
