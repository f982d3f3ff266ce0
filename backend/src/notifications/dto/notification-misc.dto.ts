import { Transform } from 'class-transformer';
import { ValidateBy } from 'class-validator';
import type { AckTokenRequest, NotificationPreferences, QuietHours } from '@argus/shared';
import { ID_RANGE, integerMessage, isIntegerInRange, parseIntegerText } from '../../common/integers';
import { IsText } from '../../common/validation';

export class DeliveriesQueryDto {
  /** Required (IntegerQuery is for optional ones): plain decimal digits, 1..MAX_ID. */
  @Transform(({ value }: { value: unknown }) => parseIntegerText(value, ID_RANGE) ?? value)
  @ValidateBy({
    name: 'isAlertId',
    validator: {
      validate: (value: unknown) => isIntegerInRange(value, ID_RANGE),
      defaultMessage: (args) =>
        args?.value === undefined ? 'alert_id is required' : integerMessage('alert_id', ID_RANGE),
    },
  })
  alert_id: number;
}

/** `quiet_hours` must be present: `{start, end}` or null (checked by parseQuietHours). */
export class PreferencesDto implements NotificationPreferences {
  @ValidateBy({
    name: 'isPresent',
    validator: { validate: (value: unknown) => value !== undefined, defaultMessage: () => 'quiet_hours is required' },
  })
  quiet_hours: QuietHours | null;
}

export class AckTokenDto implements AckTokenRequest {
  @IsText('token', { min: 1, max: 200 })
  token: string;
}
