import { IsString, Length, Matches } from 'class-validator';
import { IsOneOf } from '../../common/validation';
import { ROLES, type CreateUserRequest, type Role } from '@argus/shared';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, USERNAME_PATTERN } from '../username';

export class CreateUserDto implements CreateUserRequest {
  @IsString()
  @Matches(USERNAME_PATTERN, { message: 'username must be 3 to 64 letters, digits, dot, dash or underscore' })
  username: string;

  @IsString()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, {
    message: `password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`,
  })
  password: string;

  @IsOneOf('role', ROLES)
  role: Role;
}
