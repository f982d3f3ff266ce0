import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CameraEntity } from '../cameras/camera.entity';
import { UserEntity } from '../users/user.entity';
import { AlertRaiser } from './alert-raiser';
import { AlertRuleEntity } from './alert-rule.entity';
import { AlertRulesController } from './alert-rules.controller';
import { AlertRulesService } from './alert-rules.service';
import { AlertEntity } from './alert.entity';
import { AlertsController } from './alerts.controller';
import { AlertsService } from './alerts.service';

@Module({
  imports: [TypeOrmModule.forFeature([AlertEntity, AlertRuleEntity, CameraEntity, UserEntity])],
  controllers: [AlertsController, AlertRulesController],
  providers: [AlertsService, AlertRulesService, { provide: AlertRaiser, useExisting: AlertsService }],
  exports: [AlertsService, AlertRaiser],
})
export class AlertsModule {}
