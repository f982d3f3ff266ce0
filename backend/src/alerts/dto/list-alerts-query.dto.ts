import { IsIn, IsOptional } from 'class-validator';
import { ALERT_STATUS_FILTERS, ALERTS_PAGE_MAX, type AlertStatusFilter, type ListAlertsParams } from '@argus/shared';
import { IntegerQuery } from '../../common/validation';

export class ListAlertsQueryDto implements ListAlertsParams {
  @IsOptional()
  @IsIn(ALERT_STATUS_FILTERS, { message: 'status must be open or all' })
  status?: AlertStatusFilter;

  @IntegerQuery('limit', { min: 1, max: ALERTS_PAGE_MAX })
  limit?: number;
}
