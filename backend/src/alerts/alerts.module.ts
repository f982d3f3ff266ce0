import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AlertRaiser } from './alert-raiser';
import { AlertRuleEntity } from './alert-rule.entity';
import { AlertEntity } from './alert.entity';
import { AlertsService } from './alerts.service';

@Module({
  imports: [TypeOrmModule.forFeature([AlertEntity, AlertRuleEntity])],
  providers: [AlertsService, { provide: AlertRaiser, useExisting: AlertsService }],
  exports: [AlertsService, AlertRaiser],
})
export class AlertsModule {}
