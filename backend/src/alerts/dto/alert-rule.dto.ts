import { IsIn, IsInt, IsOptional, Max, Min, ValidateIf } from 'class-validator';
import {
  EVENT_TYPES,
  ROLES,
  SEVERITIES,
  type CreateAlertRuleRequest,
  type EventType,
  type Role,
  type Severity,
  type UpdateAlertRuleRequest,
} from '@argus/shared';
import { MAX_ID } from '../../common/id-param.decorator';

export class CreateAlertRuleDto implements CreateAlertRuleRequest {
  @IsIn(EVENT_TYPES, { message: `event_type must be one of ${EVENT_TYPES.join(', ')}` })
  event_type: EventType;

  @IsOptional()
  @IsInt({ message: 'camera_id must be an integer' })
  @Min(1, { message: 'camera_id must be a camera id' })
  @Max(MAX_ID, { message: 'camera_id must be a camera id' })
  camera_id?: number | null;

  @IsIn(SEVERITIES, { message: `severity must be one of ${SEVERITIES.join(', ')}` })
  severity: Severity;

  @IsOptional()
  @IsInt({ message: 'user_id must be an integer' })
  @Min(1, { message: 'user_id must be a user id' })
  @Max(MAX_ID, { message: 'user_id must be a user id' })
  user_id?: number | null;

  @IsOptional()
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role?: Role | null;
}

/** Every field optional; event_type and severity may be changed but never cleared. */
export class UpdateAlertRuleDto implements UpdateAlertRuleRequest {
  @ValidateIf((dto: UpdateAlertRuleDto) => dto.event_type !== undefined)
  @IsIn(EVENT_TYPES, { message: `event_type must be one of ${EVENT_TYPES.join(', ')}` })
  event_type?: EventType;

  @IsOptional()
  @IsInt({ message: 'camera_id must be an integer' })
  @Min(1, { message: 'camera_id must be a camera id' })
  @Max(MAX_ID, { message: 'camera_id must be a camera id' })
  camera_id?: number | null;

  @ValidateIf((dto: UpdateAlertRuleDto) => dto.severity !== undefined)
  @IsIn(SEVERITIES, { message: `severity must be one of ${SEVERITIES.join(', ')}` })
  severity?: Severity;

  @IsOptional()
  @IsInt({ message: 'user_id must be an integer' })
  @Min(1, { message: 'user_id must be a user id' })
  @Max(MAX_ID, { message: 'user_id must be a user id' })
  user_id?: number | null;

  @IsOptional()
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role?: Role | null;
}
