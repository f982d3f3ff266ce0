import { IsISO8601, IsNumber, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { EVENT_TYPES, EventType, IngestEventRequest } from '@argus/shared';
import { IsOneOf, IsOptionalId, IsText, Trimmed } from '../../common/validation';
import { PERSON_NAME_MAX } from '../../people/dto/create-person.dto';

// An ISO-8601 time must say its offset, or "when" depends on the server's TZ.
const WITH_TIME_ZONE = /T.*(Z|[+-]\d{2}(:?\d{2})?)$/i;

export class IngestEventDto implements IngestEventRequest {
  @IsOneOf('event_type', EVENT_TYPES)
  event_type: EventType;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  confidence?: number;

  @IsOptionalId('person_id')
  person_id?: number;

  // Stored in camera_events.person_name, VARCHAR(100) like people.name.
  @IsOptional()
  @Trimmed()
  @IsText('person_name', { min: 1, max: PERSON_NAME_MAX })
  person_name?: string;

  @IsOptional()
  @IsString()
  @IsISO8601({ strict: true }, { message: 'occurred_at must be an ISO-8601 time with a time zone' })
  @Matches(WITH_TIME_ZONE, { message: 'occurred_at must be an ISO-8601 time with a time zone' })
  occurred_at?: string;
}
