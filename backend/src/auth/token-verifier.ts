import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { AuthUser } from '../common/auth-user';
import type { Credential } from './credential';
import { JwtStrategy } from './jwt.strategy';
import { rejectionOf } from './token-rejection';

/** What passport lets a strategy report, set per attempt. */
interface Attempt {
  success(user: AuthUser): void;
  fail(challenge?: unknown): void;
  error(error: unknown): void;
  authenticate(request: Request): void;
}

/**
 * Runs the passport-jwt strategy once on a credential, as passport itself does (a fresh
 * object per attempt whose prototype is the strategy), and answers the user or throws a
 * TokenRejectedError (an HTTP 401) with a reason from the one table. The REST guard, the
 * ingest guard, the socket handshake and the in-band refresh all call this.
 */
@Injectable()
export class TokenVerifier {
  constructor(private readonly strategy: JwtStrategy) {}

  authenticate(credential: Credential): Promise<AuthUser> {
    return new Promise<AuthUser>((resolve, reject) => {
      const attempt = Object.create(this.strategy) as Attempt;
      attempt.success = resolve;
      attempt.fail = (challenge) => reject(rejectionOf(challenge));
      // validate()'s TokenRejectedError, or a real failure (database down) that must stay one.
      attempt.error = reject;
      // passport-jwt hands the request object to the extractor (`tokenOf`) untouched.
      attempt.authenticate(credential as unknown as Request);
    });
  }
}
