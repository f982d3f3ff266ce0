import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';
import type { CreatePersonRequest } from '@argus/shared';

export class CreatePersonDto implements CreatePersonRequest {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 100)
  name: string;
}
