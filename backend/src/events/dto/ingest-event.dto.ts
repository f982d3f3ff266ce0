import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsNumber, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { EVENT_TYPES, EventType, IngestEventRequest } from '@argus/shared';
import { MAX_ID } from '../../common/id-param.decorator';

// An ISO-8601 time must say its offset, or "when" depends on the server's TZ.
const WITH_TIME_ZONE = /T.*(Z|[+-]\d{2}(:?\d{2})?)$/i;

export class IngestEventDto implements IngestEventRequest {
  @IsIn(EVENT_TYPES, { message: `event_type must be one of ${EVENT_TYPES.join(', ')}` })
  event_type: EventType;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  confidence?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  person_id?: number;

  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 100)
  person_name?: string;

  @IsOptional()
  @IsString()
  @IsISO8601({ strict: true }, { message: 'occurred_at must be an ISO-8601 time with a time zone' })
  @Matches(WITH_TIME_ZONE, { message: 'occurred_at must be an ISO-8601 time with a time zone' })
  occurred_at?: string;
}
