import { Transform } from 'class-transformer';
import { IsBoolean, IsString, Length, MaxLength, ValidateIf } from 'class-validator';
import type { UpdateCameraRequest } from '@argus/shared';
import { trim } from './create-camera.dto';

// Absent means "unchanged"; an explicit null is refused (these columns are NOT NULL).
const unlessAbsent = ValidateIf((_object: unknown, value: unknown) => value !== undefined);

export class UpdateCameraDto implements UpdateCameraRequest {
  @unlessAbsent
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  name?: string;

  @unlessAbsent
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  location?: string;

  @unlessAbsent
  @IsBoolean()
  enabled?: boolean;
}
