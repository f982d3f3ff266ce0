import { Body, Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import type { User } from '@argus/shared';
import type { AuthUser } from '../common/auth-user';
import { CurrentUser, Roles } from '../common/decorators';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { IdParam } from '../common/id-param.decorator';
import { UsersService } from './users.service';

@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list(): Promise<User[]> {
    return this.users.list();
  }

  @Post()
  create(@Body() body: CreateUserDto): Promise<User> {
    return this.users.create(body);
  }

  @Get(':id')
  get(@IdParam() id: number): Promise<User> {
    return this.users.get(id);
  }

  @Patch(':id')
  update(@IdParam() id: number, @Body() body: UpdateUserDto, @CurrentUser() actor: AuthUser): Promise<User> {
    return this.users.update(id, body, actor);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@IdParam() id: number, @CurrentUser() actor: AuthUser): Promise<void> {
    return this.users.remove(id, actor);
  }
}
