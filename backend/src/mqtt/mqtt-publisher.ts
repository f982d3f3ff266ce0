import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { EventsService } from '../events/events.service';
import { StatisticsService } from '../statistics/statistics.service';
import { MqttConnection } from './mqtt-connection';

/**
 * Publishes to MQTT for Home Assistant and friends (contract §11): `<prefix>/alerts`, each
 * alert as the REST Alert JSON at QoS 1, by the instance that stored it (so once); and
 * `<prefix>/statistics`, retained, each statistics tick.
 */
@Injectable()
export class MqttPublisher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('MqttPublisher');
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly mqtt: MqttConnection,
    private readonly events: EventsService,
    private readonly statistics: StatisticsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const prefix = this.config.mqttTopicPrefix;
    this.unsubscribe = this.events.onStored(({ alerts }) => {
      for (const alert of alerts) this.mqtt.publish(`${prefix}/alerts`, JSON.stringify(alert), { qos: 1 });
    });
    this.timer = setInterval(() => void this.publishStatistics(), this.config.statsIntervalMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.unsubscribe?.();
  }

  private async publishStatistics(): Promise<void> {
    // Retained: a missed tick is replaced by the next one, so nothing is queued while down.
    if (this.mqtt.status === 'down') return;
    try {
      const statistics = await this.statistics.current();
      this.mqtt.publish(`${this.config.mqttTopicPrefix}/statistics`, JSON.stringify(statistics), {
        qos: 0,
        retain: true,
      });
    } catch (error) {
      this.logger.warn(`statistics not published: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
