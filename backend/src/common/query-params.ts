import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsOptional, ValidateBy } from 'class-validator';
import { IntegerRange, parseIntegerText } from './integers';

// An ISO-8601 time must say its offset, or "when" depends on the server's TZ.
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** The date and time fields exist on the calendar (Date.parse takes 30 February as 2 March). */
function isCalendarDate(text: string): boolean {
  const [year, month, day, hour, minute, second = 0] = (text.match(/\d+/g) ?? []).map(Number);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= days && hour <= 23 && minute <= 59 && second <= 59;
}

/** `a,b` and `a&a=b` (express gives an array) both mean a list; empty parts are kept (and refused). */
function splitList(value: unknown): unknown[] {
  const parts = Array.isArray(value) ? (value as unknown[]) : [value];
  return parts.flatMap((part) => (typeof part === 'string' ? part.split(',').map((s) => s.trim()) : [part]));
}

const INVALID = Symbol('invalid');

/**
 * An optional comma-separated list of ids (`camera_id=1,2`): 1 to `max` plain decimal
 * integers within `range`, duplicates dropped; anything else 400 naming the field.
 */
export function IdListQuery(field: string, range: IntegerRange, max: number): PropertyDecorator {
  const message = `${field} must be a comma-separated list of 1 to ${max} integers from ${range.min} to ${range.max}`;
  return applyDecorators(
    IsOptional(),
    Transform(({ value }: { value: unknown }) => {
      if (value === undefined) return undefined;
      const parts = splitList(value);
      const ids = parts.map((part) => parseIntegerText(part, range));
      if (ids.some((id) => id === undefined)) return INVALID;
      const unique = [...new Set(ids as number[])];
      return unique.length >= 1 && unique.length <= max ? unique : INVALID;
    }),
    ValidateBy({
      name: 'isIdList',
      validator: { validate: (value: unknown) => Array.isArray(value), defaultMessage: () => message },
    }),
  );
}

/** An optional comma-separated list of names out of `allowed`, duplicates dropped. */
export function OneOfListQuery(field: string, allowed: readonly string[]): PropertyDecorator {
  const message = `${field} must be a comma-separated list of ${allowed.join(', ')}`;
  return applyDecorators(
    IsOptional(),
    Transform(({ value }: { value: unknown }) => {
      if (value === undefined) return undefined;
      const parts = splitList(value);
      if (parts.length === 0 || parts.some((part) => typeof part !== 'string' || !allowed.includes(part))) {
        return INVALID;
      }
      return [...new Set(parts as string[])];
    }),
    ValidateBy({
      name: 'isOneOfList',
      validator: { validate: (value: unknown) => Array.isArray(value), defaultMessage: () => message },
    }),
  );
}

/** An optional `true`/`false` query parameter (nothing else: not `1`, `yes` or empty). */
export function BooleanQuery(field: string): PropertyDecorator {
  return applyDecorators(
    IsOptional(),
    Transform(({ value }: { value: unknown }) =>
      value === undefined ? undefined : value === 'true' ? true : value === 'false' ? false : INVALID,
    ),
    ValidateBy({
      name: 'isBooleanQuery',
      validator: {
        validate: (value: unknown) => typeof value === 'boolean',
        defaultMessage: () => `${field} must be true or false`,
      },
    }),
  );
}

/**
 * An optional ISO-8601 time with an offset (`2026-11-23T08:00:00Z`, `...+01:00`), read as
 * the canonical UTC form `YYYY-MM-DDTHH:mm:ss.sssZ` the database stores, so it compares as text.
 */
export function TimeQuery(field: string): PropertyDecorator {
  return applyDecorators(
    IsOptional(),
    Transform(({ value }: { value: unknown }) => {
      if (value === undefined) return undefined;
      if (typeof value !== 'string' || !ISO_WITH_ZONE.test(value) || !isCalendarDate(value)) return INVALID;
      const time = Date.parse(value);
      if (Number.isNaN(time)) return INVALID;
      const year = new Date(time).getUTCFullYear();
      return year >= 1970 && year <= 9999 ? new Date(time).toISOString() : INVALID;
    }),
    ValidateBy({
      name: 'isTimeQuery',
      validator: {
        validate: (value: unknown) => typeof value === 'string',
        defaultMessage: () => `${field} must be an ISO-8601 time with a time zone, e.g. 2026-01-31T22:00:00Z`,
      },
    }),
  );
}
