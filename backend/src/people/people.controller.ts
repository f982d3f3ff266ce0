import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import type { Person } from '@argus/shared';
import { Roles } from '../common/decorators';
import { IdParam } from '../common/id-param.decorator';
import { CreatePersonDto } from './dto/create-person.dto';
import { PeopleService } from './people.service';

@Controller('people')
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @Get()
  list(): Promise<Person[]> {
    return this.people.list();
  }

  @Post()
  @Roles('admin')
  create(@Body() body: CreatePersonDto): Promise<Person> {
    return this.people.create(body);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  remove(@IdParam() id: number): Promise<void> {
    return this.people.remove(id);
  }
}
