import { Transform } from 'class-transformer';
import { ArrayNotEmpty, IsIn, IsOptional } from 'class-validator';
import {
  EVENT_TYPES,
  EVENTS_PAGE_MAX,
  LONG_POLL_WAIT_MAX,
  LONG_POLL_WAIT_MIN,
  PAGE_DEFAULT,
  type EventType,
  type ListEventsParams,
} from '@argus/shared';
import { CURSOR_RANGE, ID_RANGE } from '../../common/integers';
import { IntegerQuery } from '../../common/validation';
import type { ListEventsQuery } from '../events.service';

// `event_type=a,b` and `event_type=a&event_type=b` both select several types.
const toList = ({ value }: { value: unknown }): unknown => {
  const parts = Array.isArray(value) ? (value as unknown[]) : [value];
  return parts.flatMap((part) => (typeof part === 'string' ? part.split(',').map((s) => s.trim()) : [part]));
};

/** `GET /api/events?after=&limit=&camera_id=&event_type=&wait=` */
export class ListEventsQueryDto implements ListEventsParams {
  @IntegerQuery('after', CURSOR_RANGE)
  after?: number;

  @IntegerQuery('limit', { min: 1, max: EVENTS_PAGE_MAX })
  limit?: number;

  @IntegerQuery('camera_id', ID_RANGE)
  camera_id?: number;

  @IsOptional()
  @Transform(toList)
  @ArrayNotEmpty()
  @IsIn(EVENT_TYPES, { each: true, message: `event_type must be one of ${EVENT_TYPES.join(', ')}` })
  event_type?: EventType[];

  /** Long polling, seconds (with `after`; see EventWaiters). */
  @IntegerQuery('wait', { min: LONG_POLL_WAIT_MIN, max: LONG_POLL_WAIT_MAX })
  wait?: number;
}

export function toListEventsQuery(dto: ListEventsQueryDto): ListEventsQuery {
  return {
    after: dto.after,
    limit: dto.limit ?? PAGE_DEFAULT,
    cameraId: dto.camera_id,
    eventTypes: dto.event_type,
  };
}
