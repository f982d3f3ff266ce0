import { BadRequestException, Injectable, PipeTransform } from '@nestjs/common';

/** Parses a `:id` path parameter; anything but a positive 32-bit integer is a 400 naming the field. */
@Injectable()
export class IdParamPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const id = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
    if (!Number.isInteger(id) || id < 1 || id > 2_147_483_647)
      throw new BadRequestException('id must be a positive integer');
    return id;
  }
}
