import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SnapshotsModule } from '../snapshots/snapshots.module';
import { AckTokenSigner } from './ack-token';
import { ChannelDispatcher } from './channel-dispatcher';
import { ChannelTester } from './channel-tester';
import { ChannelsService } from './channels.service';
import { DeliveriesService } from './deliveries.service';
import { NotificationOutbox } from './notification-outbox';
import { NotificationWorker } from './notification-worker';
import { NotificationsController } from './notifications.controller';
import { VapidKeys } from './vapid-keys';

/**
 * Alert delivery (contract §10): channels per user, the outbox written by ingest
 * (NotificationOutbox, exported to EventsModule) and drained by NotificationWorker.
 */
@Module({
  imports: [AlertsModule, SnapshotsModule],
  controllers: [NotificationsController],
  providers: [
    ChannelsService,
    ChannelDispatcher,
    ChannelTester,
    DeliveriesService,
    NotificationOutbox,
    NotificationWorker,
    VapidKeys,
    {
      provide: AckTokenSigner,
      useFactory: (config: AppConfig) => new AckTokenSigner(config.jwtSecret),
      inject: [APP_CONFIG],
    },
  ],
  exports: [NotificationOutbox],
})
export class NotificationsModule {}
