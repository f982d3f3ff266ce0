import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { JwtClaims, ROLES, Role, TokenResponse } from '@argus/shared';
import type { AuthUser } from '../common/auth-user';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { UserEntity } from '../users/user.entity';

/** The only algorithm tokens are signed or verified with: never `none`, never from the header. */
export const JWT_ALGORITHM = 'HS256' as const;

export type TokenRejection = 'missing' | 'malformed' | 'bad_signature' | 'expired' | 'user_disabled' | 'user_unknown';

const REASONS: Record<TokenRejection, string> = {
  missing: 'Token missing',
  malformed: 'Token malformed',
  bad_signature: 'Token signature invalid',
  expired: 'Token expired',
  user_disabled: 'User disabled',
  user_unknown: 'User no longer exists',
};

export class TokenRejectedError extends Error {
  constructor(readonly rejection: TokenRejection) {
    super(REASONS[rejection]);
    this.name = 'TokenRejectedError';
  }
}

function isClaims(value: unknown): value is JwtClaims {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  return (
    typeof c.sub === 'number' &&
    Number.isInteger(c.sub) &&
    typeof c.username === 'string' &&
    typeof c.role === 'string' &&
    (ROLES as readonly string[]).includes(c.role) &&
    typeof c.exp === 'number' &&
    typeof c.iat === 'number' &&
    typeof c.jti === 'string'
  );
}

/** Issues and verifies access tokens; the single verification path for REST and sockets. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
  ) {}

  async issue(user: { id: number; username: string; role: Role }): Promise<TokenResponse> {
    const access_token = await this.jwt.signAsync(
      { sub: user.id, username: user.username, role: user.role },
      {
        algorithm: JWT_ALGORITHM,
        expiresIn: this.config.jwtTtlSeconds,
        jwtid: randomUUID(),
        secret: this.config.jwtSecret,
      },
    );
    return {
      access_token,
      token_type: 'bearer',
      expires_in: this.config.jwtTtlSeconds,
      user: { id: user.id, username: user.username, role: user.role },
    };
  }

  /** Verifies signature, expiry and the user's current state. Throws TokenRejectedError. */
  async verify(token: string | undefined | null): Promise<AuthUser> {
    if (token === undefined || token === null || token === '') throw new TokenRejectedError('missing');
    if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token)) throw new TokenRejectedError('malformed');
    let claims: unknown;
    try {
      claims = await this.jwt.verifyAsync(token, { algorithms: [JWT_ALGORITHM], secret: this.config.jwtSecret });
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (name === 'TokenExpiredError') throw new TokenRejectedError('expired');
      const message = error instanceof Error ? error.message : '';
      if (/signature/.test(message)) throw new TokenRejectedError('bad_signature');
      throw new TokenRejectedError('malformed');
    }
    return this.resolveUser(claims);
  }

  /** Checks already signature-verified claims against the user's current state. */
  async resolveUser(claims: unknown): Promise<AuthUser> {
    if (!isClaims(claims)) throw new TokenRejectedError('malformed');
    const user = await this.users.findOne({ where: { id: claims.sub } });
    if (!user) throw new TokenRejectedError('user_unknown');
    if (user.disabled) throw new TokenRejectedError('user_disabled');
    // The role is read from the database, so a demotion takes effect at once.
    return { id: user.id, username: user.username, role: user.role, tokenExp: claims.exp };
  }
}
