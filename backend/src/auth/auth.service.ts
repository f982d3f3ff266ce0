import { Injectable, UnauthorizedException } from '@nestjs/common';
import type { PublicUser, TokenResponse } from '@argus/shared';
import type { AuthUser } from '../common/auth-user';
import { UsersService } from '../users/users.service';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginDto } from './dto/login.dto';
import { LoginThrottle } from './login-throttle';
import { TokenService } from './token.service';

/** One answer for unknown user, wrong password and disabled user: nothing to enumerate. */
export const INVALID_CREDENTIALS = 'Invalid username or password';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
  ) {}

  async login(credentials: LoginDto, clientIp: string): Promise<TokenResponse> {
    const attempt = await this.throttle.begin(clientIp, credentials.username);
    const user = await this.users.verifyCredentials(credentials.username, credentials.password);
    if (!user) throw new UnauthorizedException(INVALID_CREDENTIALS);
    await attempt.succeeded();
    return this.tokens.issue(user);
  }

  /** A fresh token (new jti and expiry) for the caller, whose state the guard has just re-read. */
  refresh(user: AuthUser): Promise<TokenResponse> {
    return this.tokens.issue(user);
  }

  /**
   * The caller's own password: the current one must match (403; wrong guesses count toward
   * the login throttle, so a stolen token cannot be used to try passwords). Answers a fresh
   * token: every token issued before, this request's included, stops working.
   */
  async changePassword(user: AuthUser, body: ChangePasswordDto, clientIp: string): Promise<TokenResponse> {
    const attempt = await this.throttle.begin(clientIp, user.username);
    const updated = await this.users.changeOwnPassword(user.id, body.current_password, body.new_password);
    await attempt.succeeded();
    return this.tokens.issue(updated);
  }

  me(user: AuthUser): PublicUser {
    return { id: user.id, username: user.username, role: user.role };
  }
}
