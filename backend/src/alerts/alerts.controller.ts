import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import type { Alert } from '@argus/shared';
import type { AuthUser } from '../common/auth-user';
import { CurrentUser } from '../common/decorators';
import { AlertsService } from './alerts.service';
import { ListAlertsQueryDto } from './dto/list-alerts-query.dto';
import { IdParam } from '../common/id-param.decorator';

@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: ListAlertsQueryDto): Promise<Alert[]> {
    return this.alerts.list(user, query.status ?? 'open', query.limit);
  }

  @Post(':id/ack')
  @HttpCode(200)
  acknowledge(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<Alert> {
    return this.alerts.acknowledge(id, user);
  }
}
