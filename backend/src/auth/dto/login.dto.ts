import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { LoginRequest } from '@argus/shared';
import { PASSWORD_MAX_LENGTH, USERNAME_MAX_LENGTH } from '../../users/username';

/** JSON or form body of POST /api/auth/login. */
export class LoginDto implements LoginRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(USERNAME_MAX_LENGTH)
  username: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;

  // Accepted and ignored, so OAuth2 "password grant" form clients work unchanged.
  @IsOptional()
  @IsString()
  grant_type?: string;

  @IsOptional()
  @IsString()
  scope?: string;
}
