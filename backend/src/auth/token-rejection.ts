import { UnauthorizedException } from '@nestjs/common';

/**
 * Why a token was refused: the one table of reasons for REST (401 message), ingest
 * (401 message) and the live socket (4001 close reason, `auth rejected: ...` error).
 */
export const TOKEN_REJECTIONS = {
  missing: 'Token missing',
  malformed: 'Token malformed',
  bad_signature: 'Token signature invalid',
  expired: 'Token expired',
  user_disabled: 'User disabled',
  user_unknown: 'User no longer exists',
  revoked: 'Token revoked by a password change',
} as const;
export type TokenRejection = keyof typeof TOKEN_REJECTIONS;

/** A refused token: an HTTP 401 as it is; the socket maps it to its close codes. */
export class TokenRejectedError extends UnauthorizedException {
  constructor(readonly rejection: TokenRejection) {
    super(TOKEN_REJECTIONS[rejection]);
    this.name = 'TokenRejectedError';
  }
}

/**
 * The rejection for what passport-jwt reports as a failure: jsonwebtoken's errors (by
 * their documented names), or its own "no token" error when the extractor found none.
 */
export function rejectionOf(failure: unknown): TokenRejectedError {
  if (failure instanceof TokenRejectedError) return failure;
  if (!(failure instanceof Error)) return new TokenRejectedError('malformed');
  switch (failure.name) {
    case 'TokenExpiredError':
      return new TokenRejectedError('expired');
    case 'JsonWebTokenError':
      return new TokenRejectedError(failure.message === 'invalid signature' ? 'bad_signature' : 'malformed');
    // NotBeforeError: a token this server never issues (no nbf claim).
    case 'NotBeforeError':
      return new TokenRejectedError('malformed');
    default:
      return new TokenRejectedError('missing');
  }
}
