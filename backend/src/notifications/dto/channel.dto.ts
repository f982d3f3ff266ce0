import { IsBoolean, IsObject, IsOptional } from 'class-validator';
import {
  CHANNEL_KINDS,
  SEVERITIES,
  type ChannelConfigByKind,
  type ChannelKind,
  type Severity,
  type UpdateChannelRequest,
} from '@argus/shared';
import { IfPresent, IsOneOf } from '../../common/validation';

/** The config is checked for its kind by parseChannelConfig (errors name `config.<field>`). */
export class CreateChannelDto {
  @IsOneOf('kind', CHANNEL_KINDS)
  kind: ChannelKind;

  @IsOptional()
  @IsOneOf('min_severity', SEVERITIES)
  min_severity?: Severity;

  @IsOptional()
  @IsBoolean({ message: 'enabled must be true or false' })
  enabled?: boolean;

  @IsObject({ message: 'config must be an object' })
  config: ChannelConfigByKind[ChannelKind];
}

export class UpdateChannelDto implements UpdateChannelRequest {
  @IfPresent()
  @IsOneOf('min_severity', SEVERITIES)
  min_severity?: Severity;

  @IfPresent()
  @IsBoolean({ message: 'enabled must be true or false' })
  enabled?: boolean;

  @IfPresent()
  @IsObject({ message: 'config must be an object' })
  config?: UpdateChannelRequest['config'];
}
