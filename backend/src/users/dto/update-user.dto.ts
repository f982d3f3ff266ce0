import { IsBoolean, IsOptional, IsString, Length } from 'class-validator';
import { IsOneOf } from '../../common/validation';
import { ROLES, type Role, type UpdateUserRequest } from '@argus/shared';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../username';

export class UpdateUserDto implements UpdateUserRequest {
  @IsOptional()
  @IsOneOf('role', ROLES)
  role?: Role;

  @IsOptional()
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, {
    message: `password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`,
  })
  password?: string;

  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}
