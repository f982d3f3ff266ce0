import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Metrics } from './metrics';

/** The REST reads a dashboard polls when its socket is blocked, by kind. */
const POLLED: Record<string, string> = {
  '/api/events': 'events',
  '/api/alerts': 'alerts',
  '/api/faces/statistics': 'statistics',
};

/** Counts `argus_polls_total{kind}` without touching the controllers that answer. */
@Injectable()
export class PollCounterMiddleware implements NestMiddleware {
  constructor(private readonly metrics: Metrics) {}

  use(request: Request, _response: Response, next: NextFunction): void {
    const kind = request.method === 'GET' ? POLLED[request.originalUrl.split('?')[0]] : undefined;
    if (kind !== undefined) this.metrics.poll(kind);
    next();
  }
}
