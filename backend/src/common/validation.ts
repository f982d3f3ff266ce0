import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, ValidateBy, ValidateIf } from 'class-validator';
import { isStorablePassword, PASSWORD_MAX_BYTES, PASSWORD_MIN_BYTES } from '@argus/shared';
import { ID_RANGE, IntegerRange, integerMessage, isIntegerInRange, parseIntegerText } from './integers';

/** An optional reference to a stored row (`camera_id`, `user_id`...) in a JSON body: 1..MAX_ID. */
export function IsOptionalId(field: string): PropertyDecorator {
  return applyDecorators(IsOptional(), IsIntegerIn(field, ID_RANGE));
}

/**
 * An optional integer query parameter, for every route: plain decimal digits within `range`
 * (`?limit=1e2`, `0x10`, `-0` or `1.0` are 400, never reinterpreted).
 */
export function IntegerQuery(field: string, range: IntegerRange): PropertyDecorator {
  return applyDecorators(
    IsOptional(),
    Transform(({ value }: { value: unknown }) => parseIntegerText(value, range) ?? value),
    IsIntegerIn(field, range),
  );
}

export const IS_INTEGER_IN = 'isIntegerIn';

function IsIntegerIn(field: string, range: IntegerRange): PropertyDecorator {
  return ValidateBy({
    name: IS_INTEGER_IN,
    constraints: [range.min, range.max],
    validator: {
      validate: (value: unknown) => isIntegerInRange(value, range),
      defaultMessage: () => integerMessage(field, range),
    },
  });
}

/**
 * For PATCH fields of NOT NULL columns: absent means "unchanged", anything present is
 * validated, so an explicit null is refused (IsOptional would let it through to the database).
 */
export function IfPresent(): PropertyDecorator {
  return ValidateIf((_object: unknown, value: unknown) => value !== undefined);
}

/** One of a fixed list, with a message that names the field and lists the choices. */
export function IsOneOf(field: string, values: readonly string[]): PropertyDecorator {
  return IsIn(values as string[], { message: `${field} must be one of ${values.join(', ')}` });
}

/** Unicode code points of `text`, counting up to `limit + 1` at most. */
export function codePointLength(text: string, limit = Infinity): number {
  let count = 0;
  for (const _ of text) {
    if (++count > limit) break;
  }
  return count;
}

export const IS_TEXT = 'isText';

/**
 * A string of `min` to `max` characters counted as Unicode code points: what PostgreSQL's
 * `VARCHAR(n)` counts (class-validator's Length counts UTF-16 units minus variation
 * selectors, so 100 x "a\uFE0F" would pass as 100 and overflow a VARCHAR(100)).
 */
export function IsText(field: string, { min = 0, max }: { min?: number; max: number }): PropertyDecorator {
  const rule = min > 0 ? `${min} to ${max} characters` : `at most ${max} characters`;
  return ValidateBy({
    name: IS_TEXT,
    constraints: [min, max],
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'string') return false;
        const length = codePointLength(value, max);
        return length >= min && length <= max;
      },
      defaultMessage: (args) =>
        typeof args?.value === 'string' ? `${field} must be ${rule}` : `${field} must be a string`,
    },
  });
}

/** Trims surrounding whitespace from a string before it is validated. */
export function Trimmed(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
}

/** A password that bcrypt hashes whole: 8 to 72 bytes of UTF-8 (contract §1). */
export const IS_PASSWORD = 'isPassword';

export function IsPassword(field: string): PropertyDecorator {
  return ValidateBy({
    name: IS_PASSWORD,
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isStorablePassword(value),
      defaultMessage: () =>
        `${field} must be ${PASSWORD_MIN_BYTES} to ${PASSWORD_MAX_BYTES} bytes of UTF-8 ` +
        `(up to ${PASSWORD_MAX_BYTES} plain letters, fewer with accents or emoji)`,
    },
  });
}
