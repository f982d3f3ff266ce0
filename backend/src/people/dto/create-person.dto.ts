import type { CreatePersonRequest } from '@argus/shared';
import { IsText, Trimmed } from '../../common/validation';

/** Column size of `people.name` (initial schema): VARCHAR(100). */
export const PERSON_NAME_MAX = 100;

export class CreatePersonDto implements CreatePersonRequest {
  @Trimmed()
  @IsText('name', { min: 1, max: PERSON_NAME_MAX })
  name: string;
}
