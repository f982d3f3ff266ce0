import { IsBoolean, IsOptional } from 'class-validator';
import type { CreateCameraRequest } from '@argus/shared';
import { IsText, Trimmed } from '../../common/validation';

/** Column sizes of `cameras` (initial schema): name VARCHAR(100), location VARCHAR(200). */
export const CAMERA_NAME_MAX = 100;
export const CAMERA_LOCATION_MAX = 200;

export class CreateCameraDto implements CreateCameraRequest {
  @Trimmed()
  @IsText('name', { min: 1, max: CAMERA_NAME_MAX })
  name: string;

  @IsOptional()
  @Trimmed()
  @IsText('location', { max: CAMERA_LOCATION_MAX })
  location?: string;

  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}
