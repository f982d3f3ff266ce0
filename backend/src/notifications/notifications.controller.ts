import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import type {
  Alert,
  ChannelTestResult,
  CreateChannelRequest,
  DeliveryAttempt,
  NotificationChannel,
  NotificationPreferences,
  WebPushKeyResponse,
} from '@argus/shared';
import type { AuthUser } from '../common/auth-user';
import { CurrentUser, Public } from '../common/decorators';
import { IdParam } from '../common/id-param.decorator';
import { ChannelsService, parseQuietHours } from './channels.service';
import { ChannelTester } from './channel-tester';
import { DeliveriesService } from './deliveries.service';
import { CreateChannelDto, UpdateChannelDto } from './dto/channel.dto';
import { AckTokenDto, DeliveriesQueryDto, PreferencesDto } from './dto/notification-misc.dto';
import { VapidKeys } from './vapid-keys';

/** Contract §10: the caller's notification channels, deliveries log, quiet hours, and the Acknowledge action. */
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly channels: ChannelsService,
    private readonly deliveries: DeliveriesService,
    private readonly tester: ChannelTester,
    private readonly vapid: VapidKeys,
  ) {}

  @Get('channels')
  list(@CurrentUser() user: AuthUser): Promise<NotificationChannel[]> {
    return this.channels.list(user);
  }

  @Post('channels')
  create(@CurrentUser() user: AuthUser, @Body() body: CreateChannelDto): Promise<NotificationChannel> {
    return this.channels.create(user, body as CreateChannelRequest);
  }

  @Patch('channels/:id')
  update(
    @CurrentUser() user: AuthUser,
    @IdParam() id: number,
    @Body() body: UpdateChannelDto,
  ): Promise<NotificationChannel> {
    return this.channels.update(user, id, body);
  }

  @Delete('channels/:id')
  @HttpCode(204)
  remove(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<void> {
    return this.channels.remove(user, id);
  }

  @Post('channels/:id/test')
  @HttpCode(200)
  test(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<ChannelTestResult> {
    return this.tester.test(user, id);
  }

  @Get('webpush-key')
  async webPushKey(): Promise<WebPushKeyResponse> {
    return { public_key: (await this.vapid.get()).publicKey };
  }

  @Get('deliveries')
  deliveriesLog(@CurrentUser() user: AuthUser, @Query() query: DeliveriesQueryDto): Promise<DeliveryAttempt[]> {
    return this.deliveries.log(user, query.alert_id);
  }

  @Get('preferences')
  preferences(@CurrentUser() user: AuthUser): Promise<NotificationPreferences> {
    return this.channels.preferences(user);
  }

  @Patch('preferences')
  setPreferences(@CurrentUser() user: AuthUser, @Body() body: PreferencesDto): Promise<NotificationPreferences> {
    return this.channels.setPreferences(user, parseQuietHours(body.quiet_hours));
  }

  /** The Acknowledge action of a notification: its single-purpose token instead of a Bearer token. */
  @Public()
  @Post('ack')
  @HttpCode(200)
  acknowledge(@Body() body: AckTokenDto): Promise<Alert> {
    return this.deliveries.acknowledgeWithToken(body.token);
  }
}
