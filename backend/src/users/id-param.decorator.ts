import { BadRequestException, createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

const MAX_ID = 2_147_483_647; // INTEGER / SERIAL

/** Parses a path id: a positive 32-bit integer written in plain decimal digits, else 400. */
export function parseId(value: unknown): number {
  const id = typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : NaN;
  if (!(id >= 1 && id <= MAX_ID)) throw new BadRequestException('id must be a positive integer');
  return id;
}

/**
 * The `:id` route parameter, parsed from the raw string. A custom decorator rather than a
 * pipe because the global ValidationPipe would first coerce "1e3" or "0x10" to a number.
 */
export const IdParam = createParamDecorator((_data: unknown, ctx: ExecutionContext): number =>
  parseId(ctx.switchToHttp().getRequest<Request>().params.id),
);
