import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-jwt';
import { MAX_ID, ROLES, type JwtClaims } from '@argus/shared';
import type { AuthUser } from '../common/auth-user';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { UsersService } from '../users/users.service';
import { tokenOf } from './credential';
import { TokenRejectedError } from './token-rejection';

/** The only algorithm tokens are signed or verified with: never `none`, never from the header. */
export const JWT_ALGORITHM = 'HS256' as const;

const isId = (value: unknown, min: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= MAX_ID;

/** The claims, or null when they are not what this server issues. */
function claimsOf(value: unknown): JwtClaims | null {
  if (typeof value !== 'object' || value === null) return null;
  const c = value as Record<string, unknown>;
  // Tokens issued before token versions existed carry none: version 0, every user's first.
  const ver = c.ver ?? 0;
  const valid =
    // A signed token is still input: an id beyond the column's range is malformed, not a query error.
    isId(c.sub, 1) &&
    isId(ver, 0) &&
    typeof c.username === 'string' &&
    typeof c.role === 'string' &&
    (ROLES as readonly string[]).includes(c.role) &&
    typeof c.exp === 'number' &&
    typeof c.iat === 'number' &&
    typeof c.jti === 'string';
  return valid ? ({ ...c, ver } as JwtClaims) : null;
}

/**
 * The one token verifier (passport-jwt): HS256 pinned, expiry checked by jsonwebtoken,
 * then the claims and the user's current state (UserCache). Run through `TokenVerifier` by REST,
 * ingest and the live socket alike; the extractor reads the credential's own source.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly users: UsersService,
  ) {
    super({
      jwtFromRequest: tokenOf,
      // A KeyObject, not the string: given a string, jsonwebtoken first tries to read it as a
      // PEM public key and throws and catches on every verify (measured: most of the CPU of
      // 5,000 held long polls arriving at once). jsonwebtoken takes a KeyObject as it is;
      // passport-jwt hands it through untouched (its types know only string | Buffer).
      secretOrKey: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')) as unknown as Buffer,
      algorithms: [JWT_ALGORITHM],
      ignoreExpiration: false,
    });
  }

  /** Signature and expiry are verified; checks the claims and reads the user. Throws TokenRejectedError. */
  async validate(payload: unknown): Promise<AuthUser> {
    const claims = claimsOf(payload);
    if (claims === null) throw new TokenRejectedError('malformed');
    // From the per-instance UserCache, which every user change invalidates on every instance.
    const user = await this.users.currentState(claims.sub);
    if (!user) throw new TokenRejectedError('user_unknown');
    if (user.disabled) throw new TokenRejectedError('user_disabled');
    if (claims.ver !== user.tokenVersion) throw new TokenRejectedError('revoked');
    // The role is read from the database, so a demotion takes effect at once.
    return {
      id: user.id,
      username: user.username,
      role: user.role,
      tokenExp: claims.exp,
      tokenVersion: user.tokenVersion,
    };
  }
}
