import {
  BadRequestException,
  CallHandler,
  createParamDecorator,
  ExecutionContext,
  Inject,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { from, Observable, switchMap } from 'rxjs';
import { inputProblem } from '../common/input-rules';
import { isMultipart, readMultipart } from '../common/multipart-body';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/** The multipart file field of an ingest, and the field that may carry the whole event as JSON. */
export const SNAPSHOT_FIELD = 'snapshot';
export const EVENT_FIELD = 'event';

const NUMBER_FIELDS: ReadonlySet<string> = new Set(['confidence', 'person_id']);
// JSON's number grammar: what `"confidence": 0.5` would have been in a JSON body.
const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
const MAX_FIELDS = 8;
const MAX_FIELD_BYTES = 16 * 1024;

type WithSnapshot = Request & { snapshot?: Buffer };

/**
 * The event fields of a multipart ingest, typed as a JSON body would type them: either one
 * `event` field holding the JSON object, or one field per property (numbers for
 * `confidence` and `person_id` when written as JSON numbers; anything else stays text and
 * fails validation naming the field).
 */
export function ingestFieldsFromForm(fields: Record<string, string>): Record<string, unknown> {
  const names = Object.keys(fields);
  if (!names.includes(EVENT_FIELD)) {
    return Object.fromEntries(
      names.map((name) => {
        const value = fields[name];
        return [name, NUMBER_FIELDS.has(name) && JSON_NUMBER.test(value) ? Number(value) : value];
      }),
    );
  }
  if (names.length > 1) {
    throw new BadRequestException(`send the event either as one ${EVENT_FIELD} field or as separate fields, not both`);
  }
  let value: unknown;
  try {
    value = JSON.parse(fields[EVENT_FIELD]);
  } catch {
    throw new BadRequestException(`${EVENT_FIELD} is not valid JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BadRequestException(`${EVENT_FIELD} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

/**
 * Reads a `multipart/form-data` ingest (InputInterceptor leaves that type unread): the event
 * fields become the body the DTO validates, after the same input rules as a JSON body; the
 * `snapshot` file, at most SNAPSHOT_MAX_BYTES, is kept for @UploadedSnapshot().
 */
@Injectable()
export class MultipartIngestInterceptor implements NestInterceptor {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<WithSnapshot>();
    if (!isMultipart(req)) return next.handle();
    return from(this.prepare(req, http.getResponse<Response>())).pipe(switchMap(() => next.handle()));
  }

  private async prepare(req: WithSnapshot, res: Response): Promise<void> {
    const { fields, file } = await readMultipart(req, res, {
      fileField: SNAPSHOT_FIELD,
      maxFileBytes: this.config.snapshotMaxBytes,
      maxFields: MAX_FIELDS,
      maxFieldBytes: MAX_FIELD_BYTES,
    });
    const body = ingestFieldsFromForm(fields);
    const problem = inputProblem(body, 'body');
    if (problem !== undefined) throw new BadRequestException(problem);
    req.body = body;
    req.snapshot = file;
  }
}

/** The `snapshot` file of a multipart ingest; undefined for JSON, form bodies or no file. */
export const UploadedSnapshot = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): Buffer | undefined => ctx.switchToHttp().getRequest<WithSnapshot>().snapshot,
);
