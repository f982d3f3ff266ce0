import { IsOptional, ValidateIf } from 'class-validator';
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
import { IsOneOf, IsOptionalId } from '../../common/validation';

export class CreateAlertRuleDto implements CreateAlertRuleRequest {
  @IsOneOf('event_type', EVENT_TYPES)
  event_type: EventType;

  @IsOptionalId('camera_id')
  camera_id?: number | null;

  @IsOneOf('severity', SEVERITIES)
  severity: Severity;

  @IsOptionalId('user_id')
  user_id?: number | null;

  @IsOptional()
  @IsOneOf('role', ROLES)
  role?: Role | null;
}

/** Every field optional; event_type and severity may be changed but never cleared. */
export class UpdateAlertRuleDto implements UpdateAlertRuleRequest {
  @ValidateIf((dto: UpdateAlertRuleDto) => dto.event_type !== undefined)
  @IsOneOf('event_type', EVENT_TYPES)
  event_type?: EventType;

  @IsOptionalId('camera_id')
  camera_id?: number | null;

  @ValidateIf((dto: UpdateAlertRuleDto) => dto.severity !== undefined)
  @IsOneOf('severity', SEVERITIES)
  severity?: Severity;

  @IsOptionalId('user_id')
  user_id?: number | null;

  @IsOptional()
  @IsOneOf('role', ROLES)
  role?: Role | null;
}
