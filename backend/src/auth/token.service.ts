import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Role, TokenResponse } from '@argus/shared';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JWT_ALGORITHM } from './jwt.strategy';

/** Issues access tokens (verification is `TokenVerifier`'s). */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A token for the user as they are now; `tokenVersion` is the stored one. */
  async issue(user: { id: number; username: string; role: Role; tokenVersion: number }): Promise<TokenResponse> {
    const access_token = await this.jwt.signAsync(
      { sub: user.id, username: user.username, role: user.role, ver: user.tokenVersion },
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
}
