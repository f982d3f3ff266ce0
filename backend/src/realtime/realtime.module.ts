import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { AuthModule } from '../auth/auth.module';
import { EventsModule } from '../events/events.module';
import { StatisticsModule } from '../statistics/statistics.module';
import { ConnectionHub } from './connection-hub';
import { ConnectionRegistry } from './connection-registry';
import { InMemoryConnectionRegistry } from './in-memory-connection-registry';
import { RealtimeStatusService } from './realtime-status.service';
import { RealtimeController } from './realtime.controller';
import { RealtimeGateway } from './realtime.gateway';
import { StatisticsTicker } from './statistics-ticker';

@Module({
  imports: [AuthModule, EventsModule, AlertsModule, StatisticsModule],
  controllers: [RealtimeController],
  providers: [
    ConnectionHub,
    StatisticsTicker,
    RealtimeGateway,
    RealtimeStatusService,
    // One instance: in-process counts. A Redis registry shares the cap across instances.
    { provide: ConnectionRegistry, useClass: InMemoryConnectionRegistry },
  ],
  exports: [ConnectionHub, ConnectionRegistry],
})
export class RealtimeModule {}
