import { IsNotEmpty, IsString } from 'class-validator';
import type { ChangePasswordRequest } from '@argus/shared';
import { IsPassword } from '../../common/validation';

/** Body of POST /api/auth/password. */
export class ChangePasswordDto implements ChangePasswordRequest {
  // Like the login's password: only compared, and one over PASSWORD_MAX_BYTES can never match.
  @IsString()
  @IsNotEmpty()
  current_password: string;

  @IsPassword('new_password')
  new_password: string;
}
