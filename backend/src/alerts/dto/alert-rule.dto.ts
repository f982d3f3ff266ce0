import { IsOptional } from 'class-validator';
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
import { IfPresent, IsOneOf, IsOptionalId } from '../../common/validation';

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
  @IfPresent()
  @IsOneOf('event_type', EVENT_TYPES)
  event_type?: EventType;

  @IsOptionalId('camera_id')
  camera_id?: number | null;

  @IfPresent()
  @IsOneOf('severity', SEVERITIES)
  severity?: Severity;

  @IsOptionalId('user_id')
  user_id?: number | null;

  @IsOptional()
  @IsOneOf('role', ROLES)
  role?: Role | null;
}
