import { STATUS_CODES } from 'node:http';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import type { ApiError } from '@argus/shared';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../database/database-unavailable';
import { TooManyRequestsException } from './too-many-requests';

const UNIQUE_VIOLATION = /UNIQUE constraint failed|duplicate key value violates unique constraint/;

/**
 * Maps every error of an HTTP handler to the ApiError body once, here:
 * HttpExceptions keep their status (a 429 with its Retry-After), unique-constraint violations
 * become 409, the database being unreachable or not answering in time 503 with Retry-After,
 * and anything else is a logged 500 that reveals nothing of the internals.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;

    if (exception instanceof HttpException) {
      if (exception instanceof TooManyRequestsException) {
        response.setHeader('Retry-After', String(exception.retryAfterSeconds));
      }
      const status = exception.getStatus();
      const body = exception.getResponse();
      const payload: ApiError =
        typeof body === 'string'
          ? { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message: body }
          : {
              statusCode: status,
              error: STATUS_CODES[status] ?? 'Error',
              message: exception.message,
              ...body,
            };
      response.status(status).json(payload);
      return;
    }
    if (exception instanceof QueryFailedError && UNIQUE_VIOLATION.test(exception.message)) {
      response.status(409).json({ statusCode: 409, error: 'Conflict', message: 'already exists' } satisfies ApiError);
      return;
    }
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn(`database unavailable: ${exception instanceof Error ? exception.message : String(exception)}`);
      response.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      response.status(503).json({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'database unavailable, try again shortly',
      } satisfies ApiError);
      return;
    }
    this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    response
      .status(500)
      .json({ statusCode: 500, error: 'Internal Server Error', message: 'internal error' } satisfies ApiError);
  }
}
