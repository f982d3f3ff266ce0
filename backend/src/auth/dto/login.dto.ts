import { IsNotEmpty, IsOptional, IsString } from 'class-validator';
import type { LoginRequest } from '@argus/shared';
import { IsText } from '../../common/validation';
import { USERNAME_MAX_LENGTH } from '../../users/username';

/** JSON or form body of POST /api/auth/login. */
export class LoginDto implements LoginRequest {
  @IsText('username', { min: 1, max: USERNAME_MAX_LENGTH })
  username: string;

  // No upper bound here: one over PASSWORD_MAX_BYTES can never match and gets the usual 401.
  @IsString()
  @IsNotEmpty()
  password: string;

  // Accepted and ignored, so OAuth2 "password grant" form clients work unchanged.
  @IsOptional()
  @IsText('grant_type', { max: 100 })
  grant_type?: string;

  @IsOptional()
  @IsText('scope', { max: 1000 })
  scope?: string;
}
