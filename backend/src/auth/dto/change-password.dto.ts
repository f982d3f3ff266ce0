import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { ChangePasswordRequest } from '@argus/shared';
import { IsStorablePassword } from '../../users/password-policy';
import { PASSWORD_MAX_LENGTH } from '../../users/username';

/** Body of POST /api/auth/password. */
export class ChangePasswordDto implements ChangePasswordRequest {
  // Whatever a login accepts: it is only compared.
  @IsString()
  @IsNotEmpty()
  @MaxLength(PASSWORD_MAX_LENGTH)
  current_password: string;

  @IsStorablePassword('new_password')
  new_password: string;
}
