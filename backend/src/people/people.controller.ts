import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import type { Person } from '@argus/shared';
import { Roles } from '../common/decorators';
import { ParseIdPipe } from '../common/parse-id.pipe';
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
  remove(@Param('id', ParseIdPipe) id: number): Promise<void> {
    return this.people.remove(id);
  }
}
