import { IsString, Matches } from 'class-validator';
import { IsOneOf, IsPassword } from '../../common/validation';
import { ROLES, type CreateUserRequest, type Role } from '@argus/shared';
import { USERNAME_PATTERN } from '../username';

export class CreateUserDto implements CreateUserRequest {
  @IsString()
  @Matches(USERNAME_PATTERN, { message: 'username must be 3 to 64 letters, digits, dot, dash or underscore' })
  username: string;

  @IsPassword('password')
  password: string;

  @IsOneOf('role', ROLES)
  role: Role;
}
