import { Global, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MetricsController } from './metrics.controller';
import { Metrics } from './metrics';
import { PollCounterMiddleware } from './poll-counter.middleware';

/** One `Metrics` (and prom-client registry) per app instance, injectable everywhere. */
@Global()
@Module({
  imports: [AuthModule],
  controllers: [MetricsController],
  providers: [
    {
      provide: Metrics,
      useFactory: (config: AppConfig): Metrics => (config.metricsEnabled ? Metrics.create() : Metrics.disabled()),
      inject: [APP_CONFIG],
    },
  ],
  exports: [Metrics],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(PollCounterMiddleware)
      .forRoutes(
        { path: 'events', method: RequestMethod.GET },
        { path: 'alerts', method: RequestMethod.GET },
        { path: 'faces/statistics', method: RequestMethod.GET },
      );
  }
}
