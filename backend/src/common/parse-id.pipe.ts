import { BadRequestException, Injectable, PipeTransform } from '@nestjs/common';

/** Largest value of a PostgreSQL `integer`: bigger ids would fail in the database instead of here. */
export const MAX_ID = 2_147_483_647;

/** Parses a positive integer `:id` route parameter; 400 naming it otherwise. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const parsed = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
    if (!Number.isInteger(parsed) || parsed < 1 || parsed > MAX_ID) {
      throw new BadRequestException('id must be a positive integer');
    }
    return parsed;
  }
}
