import { Global, Module } from '@nestjs/common';
import { CamerasModule } from '../cameras/cameras.module';
import { EventsModule } from '../events/events.module';
import { FrigateBridge } from '../frigate/frigate-bridge.service';
import { SnapshotsModule } from '../snapshots/snapshots.module';
import { StatisticsModule } from '../statistics/statistics.module';
import { MqttConnection } from './mqtt-connection';
import { MqttPublisher } from './mqtt-publisher';

/** Imported by AppModule only when MQTT_URL is set; global so health can see the connection. */
@Global()
@Module({
  imports: [CamerasModule, EventsModule, SnapshotsModule, StatisticsModule],
  providers: [MqttConnection, MqttPublisher, FrigateBridge],
  exports: [MqttConnection],
})
export class MqttModule {}
