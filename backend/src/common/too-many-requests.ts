import { HttpException, HttpStatus } from '@nestjs/common';
import type { ApiError } from '@argus/shared';

/** 429 with the seconds to wait; AllExceptionsFilter writes them as `Retry-After`. */
export class TooManyRequestsException extends HttpException {
  constructor(
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super(
      { statusCode: HttpStatus.TOO_MANY_REQUESTS, error: 'Too Many Requests', message } satisfies ApiError,
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
