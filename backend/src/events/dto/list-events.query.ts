import { Transform } from 'class-transformer';
import { ArrayNotEmpty, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import {
  EVENT_TYPES,
  EVENTS_PAGE_MAX,
  MAX_ID,
  PAGE_DEFAULT,
  type EventType,
  type ListEventsParams,
} from '@argus/shared';
import type { ListEventsQuery } from '../events.service';

// Query strings arrive as text: only plain decimal integers become numbers, anything else fails @IsInt.
const toInteger = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number(value) : value;

// `event_type=a,b` and `event_type=a&event_type=b` both select several types.
const toList = ({ value }: { value: unknown }): unknown => {
  const parts = Array.isArray(value) ? (value as unknown[]) : [value];
  return parts.flatMap((part) => (typeof part === 'string' ? part.split(',').map((s) => s.trim()) : [part]));
};

/** `GET /api/events?after=&limit=&camera_id=&event_type=` */
export class ListEventsQueryDto implements ListEventsParams {
  @IsOptional()
  @Transform(toInteger)
  @IsInt({ message: 'after must be an integer' })
  @Min(0)
  @Max(MAX_ID)
  after?: number;

  @IsOptional()
  @Transform(toInteger)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(EVENTS_PAGE_MAX)
  limit?: number;

  @IsOptional()
  @Transform(toInteger)
  @IsInt({ message: 'camera_id must be an integer' })
  @Min(1)
  @Max(MAX_ID)
  camera_id?: number;

  @IsOptional()
  @Transform(toList)
  @ArrayNotEmpty()
  @IsIn(EVENT_TYPES, { each: true, message: `event_type must be one of ${EVENT_TYPES.join(', ')}` })
  event_type?: EventType[];
}

export function toListEventsQuery(dto: ListEventsQueryDto): ListEventsQuery {
  return {
    after: dto.after,
    limit: dto.limit ?? PAGE_DEFAULT,
    cameraId: dto.camera_id,
    eventTypes: dto.event_type,
  };
}
