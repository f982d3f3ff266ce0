import { ValidateBy } from 'class-validator';
import type { SnoozeCameraRequest } from '@argus/shared';

/** ISO-8601 with seconds optional and a time zone (`Z` or an offset): no local or date-only times. */
const ISO_WITH_ZONE = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:\d\d)$/;

export function isZonedIsoTime(value: unknown): value is string {
  return typeof value === 'string' && ISO_WITH_ZONE.test(value) && !Number.isNaN(Date.parse(value));
}

export class SnoozeCameraDto implements SnoozeCameraRequest {
  // In the future and within SNOOZE_MAX_SECONDS: checked against the app's clock by the service.
  @ValidateBy({
    name: 'isZonedIsoTime',
    validator: {
      validate: isZonedIsoTime,
      defaultMessage: () => 'until must be an ISO-8601 time with a time zone, e.g. 2026-11-23T22:00:00Z',
    },
  })
  until: string;
}
