import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AlertsModule } from '../alerts/alerts.module';
import { AuthModule } from '../auth/auth.module';
import { CamerasModule } from '../cameras/cameras.module';
import { HistoryModule } from '../history/history.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PeopleModule } from '../people/people.module';
import { SnapshotsModule } from '../snapshots/snapshots.module';
import { CameraEventEntity } from './camera-event.entity';
import { CameraWatchdog } from './camera-watchdog.service';
import { EventWaiters } from './event-waiters';
import { EventWriter } from './event-writer';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';
import { IngestAuthGuard } from './ingest-auth.guard';
import { RetentionService } from './retention.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([CameraEventEntity]),
    AlertsModule,
    AuthModule,
    CamerasModule,
    HistoryModule,
    NotificationsModule,
    PeopleModule,
    SnapshotsModule,
  ],
  controllers: [EventsController],
  providers: [EventsService, EventWriter, IngestAuthGuard, CameraWatchdog, RetentionService, EventWaiters],
  exports: [EventsService, EventWaiters],
})
export class EventsModule {}
