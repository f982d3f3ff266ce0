import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { LocalStatistics, RedisStatistics, SharedStatistics } from './shared-statistics';
import { StatisticsController } from './statistics.controller';
import { StatisticsService } from './statistics.service';

@Module({
  controllers: [StatisticsController],
  providers: [
    StatisticsService,
    {
      provide: SharedStatistics,
      // REDIS_URL set: every instance serves the cluster's newest snapshot; unset: its own.
      useFactory: (config: AppConfig): SharedStatistics =>
        config.redisUrl
          ? new RedisStatistics(config.redisUrl, config.redisPrefix, 3 * config.statsIntervalMs)
          : new LocalStatistics(),
      inject: [APP_CONFIG],
    },
  ],
  exports: [StatisticsService],
})
export class StatisticsModule {}
