import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const BEARER = /^Bearer +(\S+) *$/i;

/** SHA-256 first, so the comparison takes the same time whatever the lengths. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Whether the request carries `Authorization: Bearer <METRICS_TOKEN>`, compared in constant
 * time. Any other Bearer value is left to the JWT check (an admin's token).
 */
export function hasMetricsToken(request: IncomingMessage, token: string | undefined): boolean {
  if (token === undefined) return false;
  const match = BEARER.exec(request.headers.authorization ?? '');
  if (match === null) return false;
  return timingSafeEqual(digest(match[1]), digest(token));
}
