import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import type { PublicUser, TokenResponse } from '@argus/shared';
import type { AuthUser } from '../common/auth-user';
import { CurrentUser, Public } from '../common/decorators';
import { BodyLimit } from '../common/request-body';
import { AuthService } from './auth.service';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginDto } from './dto/login.dto';

/** Anonymous callers may make the server read this much, no more. */
export const LOGIN_BODY_LIMIT = 8 * 1024;

@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** JSON or form-urlencoded `{username, password}`. The client IP honours TRUST_PROXY. */
  @Public()
  @BodyLimit(LOGIN_BODY_LIMIT)
  @Post('login')
  @HttpCode(200)
  login(@Body() body: LoginDto, @Ip() ip: string): Promise<TokenResponse> {
    return this.auth.login(body, ip);
  }

  @Post('refresh')
  @HttpCode(200)
  refresh(@CurrentUser() user: AuthUser): Promise<TokenResponse> {
    return this.auth.refresh(user);
  }

  /** `{current_password, new_password}`: 200 with a fresh token; 403 for a wrong current password. */
  @Post('password')
  @HttpCode(200)
  changePassword(
    @CurrentUser() user: AuthUser,
    @Body() body: ChangePasswordDto,
    @Ip() ip: string,
  ): Promise<TokenResponse> {
    return this.auth.changePassword(user, body, ip);
  }

  @Get('me')
  me(@CurrentUser() user: AuthUser): PublicUser {
    return this.auth.me(user);
  }
}
