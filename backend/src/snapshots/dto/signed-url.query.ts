import { IsOptional, IsString } from 'class-validator';

/** The query of a signed snapshot URL; checked by SnapshotAccessGuard, listed here so no other parameter passes. */
export class SignedUrlQueryDto {
  @IsOptional()
  @IsString()
  expires?: string;

  @IsOptional()
  @IsString()
  sig?: string;
}
