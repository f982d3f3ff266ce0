import { BadRequestException, createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { IDEMPOTENCY_KEY_HEADER } from '@argus/shared';

// Visible ASCII, no spaces: what fits a header value and a VARCHAR(255) alike.
const KEY = /^[\x21-\x7e]{1,255}$/;

/** Parses an Idempotency-Key header value: undefined when absent, 400 when malformed. */
export function parseIdempotencyKey(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !KEY.test(value)) {
    throw new BadRequestException(`${IDEMPOTENCY_KEY_HEADER} must be 1 to 255 visible ASCII characters`);
  }
  return value;
}

/** The request's Idempotency-Key header, checked. */
export const IdempotencyKey = createParamDecorator((_data: unknown, ctx: ExecutionContext): string | undefined =>
  parseIdempotencyKey(ctx.switchToHttp().getRequest<Request>().headers[IDEMPOTENCY_KEY_HEADER.toLowerCase()]),
);
