import { applyDecorators } from '@nestjs/common';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_ID } from '@argus/shared';

/** An optional reference to a stored row (`camera_id`, `user_id`...): a positive 32-bit integer. */
export function IsOptionalId(field: string): PropertyDecorator {
  return applyDecorators(
    IsOptional(),
    IsInt({ message: `${field} must be an integer` }),
    Min(1, { message: `${field} must be a positive integer` }),
    Max(MAX_ID, { message: `${field} must be at most ${MAX_ID}` }),
  );
}

/** One of a fixed list, with a message that names the field and lists the choices. */
export function IsOneOf(field: string, values: readonly string[]): PropertyDecorator {
  return IsIn(values as string[], { message: `${field} must be one of ${values.join(', ')}` });
}
