import { IsBoolean, IsOptional } from 'class-validator';
import { IsOneOf, IsPassword } from '../../common/validation';
import { ROLES, type Role, type UpdateUserRequest } from '@argus/shared';

export class UpdateUserDto implements UpdateUserRequest {
  @IsOptional()
  @IsOneOf('role', ROLES)
  role?: Role;

  @IsOptional()
  @IsPassword('password')
  password?: string;

  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}
