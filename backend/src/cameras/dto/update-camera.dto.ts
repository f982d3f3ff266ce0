import { IsBoolean } from 'class-validator';
import type { UpdateCameraRequest } from '@argus/shared';
import { IfPresent, IsText, Trimmed } from '../../common/validation';
import { CAMERA_LOCATION_MAX, CAMERA_NAME_MAX } from './create-camera.dto';

export class UpdateCameraDto implements UpdateCameraRequest {
  @IfPresent()
  @Trimmed()
  @IsText('name', { min: 1, max: CAMERA_NAME_MAX })
  name?: string;

  @IfPresent()
  @Trimmed()
  @IsText('location', { max: CAMERA_LOCATION_MAX })
  location?: string;

  @IfPresent()
  @IsBoolean()
  enabled?: boolean;
}
