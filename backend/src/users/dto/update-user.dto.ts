import { IsBoolean } from 'class-validator';
import { IfPresent, IsOneOf, IsPassword } from '../../common/validation';
import { ROLES, type Role, type UpdateUserRequest } from '@argus/shared';

// Every column is NOT NULL: absent means unchanged, null is refused.
export class UpdateUserDto implements UpdateUserRequest {
  @IfPresent()
  @IsOneOf('role', ROLES)
  role?: Role;

  @IfPresent()
  @IsPassword('password')
  password?: string;

  @IfPresent()
  @IsBoolean()
  disabled?: boolean;
}
