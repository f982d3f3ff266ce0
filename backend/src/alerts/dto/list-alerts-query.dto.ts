import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { AlertStatusFilter } from '../alerts.service';

export const ALERTS_PAGE_MAX = 500;

export class ListAlertsQueryDto {
  @IsOptional()
  @IsIn(['open', 'all'], { message: 'status must be open or all' })
  status?: AlertStatusFilter;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(ALERTS_PAGE_MAX, { message: `limit must be at most ${ALERTS_PAGE_MAX}` })
  limit?: number;
}
