import { BadRequestException } from '@nestjs/common';
import { IsIn, IsOptional } from 'class-validator';
import {
  EVENT_TYPES,
  FILTER_LIST_MAX,
  HISTOGRAM_BUCKETS,
  type EventFilterParams,
  type EventHistogramParams,
  type EventType,
  type HistogramBucket,
} from '@argus/shared';
import { ID_RANGE } from '../../common/integers';
import { BooleanQuery, IdListQuery, OneOfListQuery, TimeQuery } from '../../common/query-params';
import { IntegerQuery } from '../../common/validation';
import type { EventFilter } from '../event-filter';

/** The filters of every history route (contract §9). */
export class EventFilterDto implements EventFilterParams {
  @IdListQuery('camera_id', ID_RANGE, FILTER_LIST_MAX)
  camera_id?: number[];

  @OneOfListQuery('event_type', EVENT_TYPES)
  event_type?: EventType[];

  @IntegerQuery('person_id', ID_RANGE)
  person_id?: number;

  @BooleanQuery('has_snapshot')
  has_snapshot?: boolean;

  @TimeQuery('from')
  from?: string;

  @TimeQuery('to')
  to?: string;
}

export class EventHistogramQueryDto extends EventFilterDto implements EventHistogramParams {
  @IsOptional()
  @IsIn(HISTOGRAM_BUCKETS, { message: `bucket must be one of ${HISTOGRAM_BUCKETS.join(', ')}` })
  bucket?: HistogramBucket;
}

/** The checked filter; 400 when `from` is not before `to`. */
export function toEventFilter(dto: EventFilterParams): EventFilter {
  if (dto.from !== undefined && dto.to !== undefined && dto.from >= dto.to) {
    throw new BadRequestException('from must be before to');
  }
  return {
    cameraIds: dto.camera_id,
    eventTypes: dto.event_type,
    personId: dto.person_id,
    hasSnapshot: dto.has_snapshot,
    from: dto.from,
    to: dto.to,
  };
}
