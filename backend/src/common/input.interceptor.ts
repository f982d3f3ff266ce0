import { BadRequestException, CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { from, Observable, switchMap } from 'rxjs';
import { inputProblem } from './input-rules';
import { BODY_LIMIT_KEY, DEFAULT_BODY_LIMIT, readRequestBody } from './request-body';

/**
 * Reads every request's body (Nest's own body parsers are off) and holds path, query and
 * body to the input rules before any pipe or DTO sees them. It runs after the guards, so
 * a request without the right credentials is refused before its body is read, and it
 * knows the route, so a handler can raise its body limit with @BodyLimit.
 */
@Injectable()
export class InputInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const limit =
      this.reflector.getAllAndOverride<number | undefined>(BODY_LIMIT_KEY, [
        context.getHandler(),
        context.getClass(),
      ]) ?? DEFAULT_BODY_LIMIT;
    return from(this.prepare(http.getRequest<Request>(), http.getResponse<Response>(), limit)).pipe(
      switchMap(() => next.handle()),
    );
  }

  private async prepare(req: Request, res: Response, limit: number): Promise<void> {
    const body = await readRequestBody(req, res, limit);
    const problem = inputProblem(req.params, 'path') ?? inputProblem(req.query, 'query') ?? inputProblem(body, 'body');
    if (problem !== undefined) throw new BadRequestException(problem);
    req.body = body;
  }
}
