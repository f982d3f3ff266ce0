import { QueryFailedError } from 'typeorm';

/** Answered to a client while the database cannot be reached (503, with this Retry-After). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

// node-postgres and the network: the server cannot be reached, went away, or did not answer in time.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Connection is not established|Cannot use a pool after calling end|DataSource is not initialized|Driver not Connected/i;
// PostgreSQL SQLSTATEs: connection exceptions (08), shutting down or starting (57P01-57P03),
// statement_timeout (57014, our bound on a hung statement), too many connections (53300).
const SQLSTATES = /^(08...|57P0[1-3]|57014|53300)$/;

function fields(error: unknown): { code?: unknown; message?: unknown } | undefined {
  return typeof error === 'object' && error !== null ? error : undefined;
}

/**
 * Whether `error` means the database is unreachable or not answering (rather than a bad
 * query or a constraint): such requests are answered 503, not 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const candidates = [error, error instanceof QueryFailedError ? (error.driverError as unknown) : undefined];
  for (const candidate of candidates) {
    const f = fields(candidate);
    if (f === undefined) continue;
    if (typeof f.code === 'string' && (NETWORK_CODES.has(f.code) || SQLSTATES.test(f.code))) return true;
    if (typeof f.message === 'string' && MESSAGES.test(f.message)) return true;
  }
  return false;
}
