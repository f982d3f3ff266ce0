import { IsIn, IsOptional } from 'class-validator';
import { IntegerQuery } from '../../common/validation';
import type { AlertStatusFilter } from '../alerts.service';

export const ALERTS_PAGE_MAX = 500;

export class ListAlertsQueryDto {
  @IsOptional()
  @IsIn(['open', 'all'], { message: 'status must be open or all' })
  status?: AlertStatusFilter;

  @IntegerQuery('limit', { min: 1, max: ALERTS_PAGE_MAX })
  limit?: number;
}
