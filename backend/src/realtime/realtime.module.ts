import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { AuthModule } from '../auth/auth.module';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { EventsModule } from '../events/events.module';
import { StatisticsModule } from '../statistics/statistics.module';
import { BusRelay } from './bus-relay';
import { ConnectionHub } from './connection-hub';
import { ConnectionRegistry } from './connection-registry';
import { ConnectionStart } from './connection-start';
import { EventFeed } from './event-feed';
import { Handshake } from './handshake';
import { InMemoryConnectionRegistry } from './in-memory-connection-registry';
import { RedisConnectionRegistry } from './redis-connection-registry';
import { RealtimeStatusService } from './realtime-status.service';
import { RealtimeController } from './realtime.controller';
import { RealtimeGateway } from './realtime.gateway';
import { ReplayService } from './replay.service';
import { ServiceStatus } from './service-status';
import { StatisticsTicker } from './statistics-ticker';
import { TokenLifetime } from './token-lifetime';

@Module({
  imports: [AuthModule, EventsModule, AlertsModule, StatisticsModule],
  controllers: [RealtimeController],
  providers: [
    ConnectionHub,
    EventFeed,
    BusRelay,
    ServiceStatus,
    StatisticsTicker,
    Handshake,
    ReplayService,
    ConnectionStart,
    TokenLifetime,
    RealtimeGateway,
    RealtimeStatusService,
    {
      provide: ConnectionRegistry,
      // REDIS_URL set: the per-user cap is counted across instances; unset: in-process.
      useFactory: (config: AppConfig): ConnectionRegistry =>
        config.redisUrl
          ? new RedisConnectionRegistry(config.redisUrl, config.redisPrefix)
          : new InMemoryConnectionRegistry(),
      inject: [APP_CONFIG],
    },
  ],
  exports: [ConnectionHub, ConnectionRegistry, EventFeed],
})
export class RealtimeModule {}
