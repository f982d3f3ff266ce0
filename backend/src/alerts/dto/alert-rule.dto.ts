import { IsNumber, IsOptional, Max, Min, ValidateBy } from 'class-validator';
import {
  COOLDOWN_MAX_SECONDS,
  EVENT_TYPES,
  ROLES,
  SEVERITIES,
  type AlertRuleSchedule,
  type CreateAlertRuleRequest,
  type EventType,
  type Role,
  type Severity,
  type UpdateAlertRuleRequest,
} from '@argus/shared';
import { applyDecorators } from '@nestjs/common';
import { IfPresent, IsOneOf, IsOptionalId } from '../../common/validation';
import { isIntegerInRange } from '../../common/integers';
import { scheduleProblem } from '../rule-schedule';

const COOLDOWN_RANGE = { min: 0, max: COOLDOWN_MAX_SECONDS };

/** Optional, nullable: a confidence threshold from 0 to 1. */
function IsMinConfidence(): PropertyDecorator {
  const message = 'min_confidence must be a number from 0 to 1, or null';
  return applyDecorators(
    IsOptional(),
    IsNumber({ allowNaN: false, allowInfinity: false }, { message }),
    Min(0, { message }),
    Max(1, { message }),
  );
}

function IsCooldown(): PropertyDecorator {
  return ValidateBy({
    name: 'isCooldown',
    validator: {
      validate: (value: unknown) => isIntegerInRange(value, COOLDOWN_RANGE),
      defaultMessage: () => `cooldown_seconds must be an integer from 0 to ${COOLDOWN_MAX_SECONDS} (7 days)`,
    },
  });
}

/** Optional, nullable: `{days, start, end}`, with a message naming what is wrong. */
function IsSchedule(): PropertyDecorator {
  return applyDecorators(
    IsOptional(),
    ValidateBy({
      name: 'isSchedule',
      validator: {
        validate: (value: unknown) => scheduleProblem(value) === null,
        defaultMessage: (args) => scheduleProblem(args?.value) ?? 'schedule is invalid',
      },
    }),
  );
}

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

  @IsMinConfidence()
  min_confidence?: number | null;

  @IfPresent()
  @IsCooldown()
  cooldown_seconds?: number;

  @IsSchedule()
  schedule?: AlertRuleSchedule | null;
}

/** Every field optional; event_type, severity and cooldown_seconds may be changed but never cleared. */
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

  @IsMinConfidence()
  min_confidence?: number | null;

  @IfPresent()
  @IsCooldown()
  cooldown_seconds?: number;

  @IsSchedule()
  schedule?: AlertRuleSchedule | null;
}
