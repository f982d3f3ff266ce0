import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ALERT_STATUS_FILTERS, ALERTS_PAGE_MAX, type AlertStatusFilter, type ListAlertsParams } from '@argus/shared';

export class ListAlertsQueryDto implements ListAlertsParams {
  @IsOptional()
  @IsIn(ALERT_STATUS_FILTERS, { message: 'status must be open or all' })
  status?: AlertStatusFilter;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(ALERTS_PAGE_MAX, { message: `limit must be at most ${ALERTS_PAGE_MAX}` })
  limit?: number;
}
