import { Global, Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MetricsController } from './metrics.controller';
import { Metrics } from './metrics';

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
export class MetricsModule {}
