import { applyDecorators } from '@nestjs/common';
import { IsString, ValidateBy } from 'class-validator';

export const PASSWORD_MIN_BYTES = 8;
/** bcrypt reads at most 72 bytes: a longer password would be cut silently, so it is refused. */
export const PASSWORD_MAX_BYTES = 72;

/** A password to store: 8 to 72 bytes of UTF-8, counted as bcrypt counts them. */
export function IsStorablePassword(field: string): PropertyDecorator {
  return applyDecorators(
    IsString({ message: `${field} must be a string` }),
    ValidateBy({
      name: 'isStorablePassword',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          Buffer.byteLength(value, 'utf8') >= PASSWORD_MIN_BYTES &&
          Buffer.byteLength(value, 'utf8') <= PASSWORD_MAX_BYTES,
        defaultMessage: () =>
          `${field} must be ${PASSWORD_MIN_BYTES} to ${PASSWORD_MAX_BYTES} bytes of UTF-8 (bcrypt reads no further)`,
      },
    }),
  );
}
