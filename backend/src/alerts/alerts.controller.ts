import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import type { Alert, AlertHistoryPage } from '@argus/shared';
import type { AuthUser } from '../common/auth-user';
import { CurrentUser } from '../common/decorators';
import { AlertsService } from './alerts.service';
import { ListAlertsQueryDto, toAlertFilter } from './dto/list-alerts-query.dto';
import { IdParam } from '../common/id-param.decorator';

@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  /** An array, newest first; with `before`, a page `{items, next_before}` (contract §9). */
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: ListAlertsQueryDto): Promise<Alert[] | AlertHistoryPage> {
    const filter = toAlertFilter(query);
    const before = filter.before;
    return before === undefined ? this.alerts.list(user, filter) : this.alerts.page(user, { ...filter, before });
  }

  @Post(':id/ack')
  @HttpCode(200)
  acknowledge(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<Alert> {
    return this.alerts.acknowledge(id, user);
  }
}
