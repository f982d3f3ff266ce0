import { Injectable } from '@nestjs/common';
import type { ChannelTestResult } from '@argus/shared';
import type { AuthUser } from '../common/auth-user';
import { ChannelDispatcher } from './channel-dispatcher';
import { ChannelsService } from './channels.service';

/** `POST /api/notifications/channels/:id/test`: one test message, sent now (not through the outbox). */
@Injectable()
export class ChannelTester {
  constructor(
    private readonly channels: ChannelsService,
    private readonly dispatcher: ChannelDispatcher,
  ) {}

  async test(user: Pick<AuthUser, 'id'>, id: number): Promise<ChannelTestResult> {
    const channel = await this.channels.findOwn(user, id);
    const outcome = await this.dispatcher.send(channel, { type: 'test', userId: user.id });
    if (!outcome.ok && outcome.gone === true) await this.channels.delete(channel.id);
    return { status: outcome.ok ? 'delivered' : 'failed', detail: outcome.detail };
  }
}
