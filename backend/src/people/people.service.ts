import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { CreatePersonRequest, Person } from '@argus/shared';
import { Clock } from '../common/time';
import { PersonEntity } from './person.entity';

export function toPerson(entity: PersonEntity): Person {
  return { id: entity.id, name: entity.name, created_at: entity.createdAt };
}

@Injectable()
export class PeopleService {
  constructor(
    @InjectRepository(PersonEntity) private readonly people: Repository<PersonEntity>,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<Person[]> {
    return (await this.people.find({ order: { id: 'ASC' } })).map(toPerson);
  }

  /** The person, or null (events validate person_id through this). */
  async find(id: number): Promise<Person | null> {
    const person = await this.people.findOne({ where: { id } });
    return person ? toPerson(person) : null;
  }

  async create(input: CreatePersonRequest): Promise<Person> {
    const saved = await this.people.save(
      this.people.create({ name: input.name, createdAt: this.clock.now().toISOString() }),
    );
    return toPerson(saved);
  }

  /** Stored events keep the person's name. */
  async remove(id: number): Promise<void> {
    const result = await this.people.delete({ id });
    if (!result.affected) throw new NotFoundException(`person ${id} not found`);
  }
}
