import { BadRequestException, createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { ID_RANGE, integerMessage, parseIntegerText } from './integers';

/** Parses an id from a path: 1..MAX_ID in plain decimal digits, else 400. */
export function parseId(value: unknown, name = 'id'): number {
  const id = parseIntegerText(value, ID_RANGE);
  if (id === undefined) throw new BadRequestException(integerMessage(name, ID_RANGE));
  return id;
}

/**
 * The `:id` route parameter, parsed from the raw string. A decorator rather than a pipe:
 * the global ValidationPipe runs first and would already have coerced "1e3" or "0x10"
 * into a number.
 */
export const IdParam = createParamDecorator((_data: unknown, ctx: ExecutionContext): number =>
  parseId(ctx.switchToHttp().getRequest<Request>().params.id),
);
