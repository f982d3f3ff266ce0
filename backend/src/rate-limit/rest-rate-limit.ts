import type { NextFunction, Request, Response } from 'express';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { ApiError } from '@argus/shared';
import { clientKey } from '../auth/login-throttle';
import { retryAfterSeconds } from './rate-limits';

/** Not limited: probes and scrapes come from a few addresses, often and on purpose. */
const UNLIMITED = new Set(['/api/health', '/api/metrics']);

/**
 * RATE_LIMIT_PER_MINUTE per client (the address `TRUST_PROXY` resolves, an IPv6 /64 as one)
 * on every /api route but health and metrics, as plain Express middleware ahead of routing,
 * guards and body reading. Over the limit: 429 with Retry-After.
 */
export function restRateLimit(limiter: RateLimiterAbstract) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!(req.path === '/api' || req.path.startsWith('/api/')) || UNLIMITED.has(req.path)) return next();
    limiter.consume(clientKey(req.ip ?? req.socket.remoteAddress ?? 'unknown')).then(
      () => next(),
      (rejection: unknown) => {
        if (!(rejection instanceof RateLimiterRes)) return next(rejection);
        const seconds = retryAfterSeconds(rejection);
        res.setHeader('Retry-After', String(seconds));
        res.status(429).json({
          statusCode: 429,
          error: 'Too Many Requests',
          message: `Too many requests from this address; try again in ${seconds} s`,
        } satisfies ApiError);
      },
    );
  };
}
