import { ApiProperty } from '@nestjs/swagger';
import type { ApiError } from '@argus/shared';

/** The one error body of every REST answer (AllExceptionsFilter), as the document shows it. */
export class ApiErrorSchema implements ApiError {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'Bad Request' })
  error: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: ['limit must be an integer from 1 to 500'],
  })
  message: string | string[];
}
