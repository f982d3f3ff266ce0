import { BadRequestException, createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { MAX_ID } from '@argus/shared';

/** Parses an id: a positive 32-bit integer written in plain decimal digits, else 400. */
export function parseId(value: unknown, name = 'id'): number {
  const id = typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : NaN;
  if (!(id >= 1 && id <= MAX_ID)) throw new BadRequestException(`${name} must be a positive integer`);
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
