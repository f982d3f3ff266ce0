import { DynamicModule, Module, Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AlertsModule } from './alerts/alerts.module';
import { AuthModule } from './auth/auth.module';
import { JwtAuthGuard } from './auth/jwt-auth.guard';
import { BusModule } from './bus/bus.module';
import { CamerasModule } from './cameras/cameras.module';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { InputInterceptor } from './common/input.interceptor';
import { Clock, SystemClock } from './common/time';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/data-source-options';
import { migrateUnderLock } from './database/migrate';
import { installSqliteTransactionLock } from './database/sqlite-transaction-lock';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { LifecycleLog } from './logging/lifecycle-log';
import { loggingModule, type LoggingOptions } from './logging/logging';
import { MetricsModule } from './metrics/metrics.module';
import { MqttModule } from './mqtt/mqtt.module';
import { PeopleModule } from './people/people.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { RealtimeModule } from './realtime/realtime.module';
import { SimulatorModule } from './simulator/simulator.module';
import { StatisticsModule } from './statistics/statistics.module';
import { UsersModule } from './users/users.module';

@Module({})
export class AppModule {
  static forRoot(
    config: AppConfig,
    clock: Clock = new SystemClock(),
    logging: LoggingOptions = { level: config.logLevel },
  ): DynamicModule {
    const features: Type[] = [
      AuthModule,
      UsersModule,
      CamerasModule,
      PeopleModule,
      EventsModule,
      AlertsModule,
      StatisticsModule,
      RealtimeModule,
      HealthModule,
    ];
    if (config.simulator) features.push(SimulatorModule);
    if (config.mqttUrl !== undefined) features.push(MqttModule);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, clock),
        loggingModule(config, logging),
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions(config.database),
          // PostgreSQL: migrations under a lock first. SQLite has one shared connection: make
          // its transactions take turns.
          dataSourceFactory: async (options?: DataSourceOptions) => {
            if (!options) throw new Error('TypeORM options missing');
            if (options.type === 'postgres') await migrateUnderLock(options);
            const dataSource = await new DataSource(options).initialize();
            installSqliteTransactionLock(dataSource);
            return dataSource;
          },
        }),
        BusModule,
        MetricsModule,
        RateLimitModule,
        ...features,
      ],
      providers: [
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_INTERCEPTOR, useClass: InputInterceptor },
        LifecycleLog,
      ],
    };
  }
}
