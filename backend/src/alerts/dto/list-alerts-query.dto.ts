import { BadRequestException } from '@nestjs/common';
import { IsIn, IsOptional } from 'class-validator';
import {
  ALERT_STATUS_FILTERS,
  ALERTS_PAGE_MAX,
  FILTER_LIST_MAX,
  PAGE_DEFAULT,
  SEVERITIES,
  type AlertStatusFilter,
  type ListAlertsParams,
  type Severity,
} from '@argus/shared';
import { ID_RANGE } from '../../common/integers';
import { IdListQuery, OneOfListQuery, TimeQuery } from '../../common/query-params';
import { IntegerQuery } from '../../common/validation';
import type { AlertFilter } from '../alerts.service';

export class ListAlertsQueryDto implements ListAlertsParams {
  @IsOptional()
  @IsIn(ALERT_STATUS_FILTERS, { message: 'status must be open or all' })
  status?: AlertStatusFilter;

  @IntegerQuery('limit', { min: 1, max: ALERTS_PAGE_MAX })
  limit?: number;

  @IntegerQuery('before', ID_RANGE)
  before?: number;

  @TimeQuery('from')
  from?: string;

  @TimeQuery('to')
  to?: string;

  @OneOfListQuery('severity', SEVERITIES)
  severity?: Severity[];

  @IdListQuery('camera_id', ID_RANGE, FILTER_LIST_MAX)
  camera_id?: number[];
}

/** The checked filter; 400 when `from` is not before `to`. */
export function toAlertFilter(dto: ListAlertsQueryDto): AlertFilter {
  if (dto.from !== undefined && dto.to !== undefined && dto.from >= dto.to) {
    throw new BadRequestException('from must be before to');
  }
  return {
    status: dto.status ?? 'open',
    limit: dto.limit ?? PAGE_DEFAULT,
    before: dto.before,
    from: dto.from,
    to: dto.to,
    severities: dto.severity,
    cameraIds: dto.camera_id,
  };
}
