import { IsBoolean, ValidateIf } from 'class-validator';
import type { UpdateCameraRequest } from '@argus/shared';
import { IsText, Trimmed } from '../../common/validation';
import { CAMERA_LOCATION_MAX, CAMERA_NAME_MAX } from './create-camera.dto';

// Absent means "unchanged"; an explicit null is refused (these columns are NOT NULL).
const unlessAbsent = ValidateIf((_object: unknown, value: unknown) => value !== undefined);

export class UpdateCameraDto implements UpdateCameraRequest {
  @unlessAbsent
  @Trimmed()
  @IsText('name', { min: 1, max: CAMERA_NAME_MAX })
  name?: string;

  @unlessAbsent
  @Trimmed()
  @IsText('location', { max: CAMERA_LOCATION_MAX })
  location?: string;

  @unlessAbsent
  @IsBoolean()
  enabled?: boolean;
}
