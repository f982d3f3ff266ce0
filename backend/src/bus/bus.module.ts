import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { EventBus } from './event-bus';
import { InMemoryEventBus } from './in-memory-event-bus';
import { RedisEventBus } from './redis-event-bus';

@Global()
@Module({
  providers: [
    {
      provide: EventBus,
      // REDIS_URL set: fan out across instances; unset: one instance, in-process.
      useFactory: (config: AppConfig): EventBus =>
        config.redisUrl ? new RedisEventBus(config.redisUrl, config.redisPrefix) : new InMemoryEventBus(),
      inject: [APP_CONFIG],
    },
  ],
  exports: [EventBus],
})
export class BusModule {}
