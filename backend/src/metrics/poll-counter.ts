import type { NextFunction, Request, Response } from 'express';
import type { Metrics } from './metrics';

/** The REST reads a dashboard polls when its socket is blocked, by kind. */
const POLLED: Record<string, string> = {
  '/api/events': 'events',
  '/api/alerts': 'alerts',
  '/api/faces/statistics': 'statistics',
};

/**
 * Counts `argus_polls_total{kind}` as plain Express middleware: the controllers that answer
 * stay untouched, and no route is added to the router.
 */
export function pollCounter(metrics: Metrics): (req: Request, res: Response, next: NextFunction) => void {
  return (req, _res, next) => {
    if (req.method === 'GET') {
      const kind = POLLED[req.path];
      if (kind !== undefined) metrics.poll(kind);
    }
    next();
  };
}
