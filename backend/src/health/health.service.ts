import { Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { HealthResponse } from '@argus/shared';
import { EventBus } from '../bus/event-bus';
import { RedisEventBus } from '../bus/redis-event-bus';
import { APP_VERSION } from '../common/version';
import { MqttConnection } from '../mqtt/mqtt-connection';

const DB_PROBE_TIMEOUT_MS = 2000;

@Injectable()
export class HealthService {
  private readonly startedAt = Date.now();

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: EventBus,
    // Present only with MQTT_URL; the broker being down never fails health.
    @Optional() private readonly mqtt?: MqttConnection,
  ) {}

  async check(): Promise<HealthResponse> {
    const up = await this.databaseUp();
    // With REDIS_URL: the bus's connections (Redis away costs wake-ups and the shared cap, not service).
    const redis = this.bus instanceof RedisEventBus ? (this.bus.connected ? 'up' : 'down') : undefined;
    return {
      status: !up ? 'error' : redis === 'down' ? 'degraded' : 'ok',
      db: up ? 'up' : 'down',
      ...(this.mqtt ? { mqtt: this.mqtt.status } : {}),
      ...(redis ? { redis } : {}),
      version: APP_VERSION,
      uptime_seconds: Math.floor((Date.now() - this.startedAt) / 1000),
    };
  }

  private async databaseUp(): Promise<boolean> {
    if (!this.dataSource.isInitialized) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), DB_PROBE_TIMEOUT_MS);
    });
    const probe = this.dataSource.query('SELECT 1').then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([probe, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
