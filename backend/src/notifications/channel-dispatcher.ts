import { Inject, Injectable, Optional } from '@nestjs/common';
import type {
  MqttChannelConfig,
  NtfyChannelConfig,
  PushPayload,
  WebhookChannelConfig,
  WebPushChannelConfig,
} from '@argus/shared';
import { Clock } from '../common/time';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MqttConnection } from '../mqtt/mqtt-connection';
import { SnapshotUrlSigner } from '../snapshots/snapshot-url-signer';
import { SnapshotsService } from '../snapshots/snapshots.service';
import { AckTokenSigner } from './ack-token';
import type { StoredChannel } from './channels.service';
import { sendMqtt } from './senders/mqtt-sender';
import { NtfyAttachment, sendNtfy } from './senders/ntfy-sender';
import { alertTitle, Outgoing, SendOutcome, TEST_BODY, TEST_TITLE } from './senders/outgoing';
import { sendWebhook } from './senders/webhook-sender';
import { sendWebPush } from './senders/webpush-sender';
import { VapidKeys } from './vapid-keys';

export const ACK_PATH = '/api/notifications/ack';

/** Sends one message to one channel by its kind; the outbox worker and the test button share it. */
@Injectable()
export class ChannelDispatcher {
  constructor(
    private readonly vapid: VapidKeys,
    private readonly signer: SnapshotUrlSigner,
    private readonly snapshots: SnapshotsService,
    private readonly ackTokens: AckTokenSigner,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly mqtt?: MqttConnection,
  ) {}

  async send(channel: StoredChannel, outgoing: Outgoing): Promise<SendOutcome> {
    switch (channel.kind) {
      case 'webhook':
        return sendWebhook(channel.config as WebhookChannelConfig, outgoing, this.clock.now());
      case 'ntfy':
        return sendNtfy(channel.config as NtfyChannelConfig, outgoing, await this.ntfyAttachment(outgoing));
      case 'mqtt':
        return sendMqtt(channel.config as MqttChannelConfig, outgoing, this.mqtt);
      case 'webpush': {
        const keys = await this.vapid.get();
        const urgency = outgoing.type === 'alert' && outgoing.alert.severity !== 'info' ? 'high' : 'normal';
        return sendWebPush(
          channel.config as WebPushChannelConfig,
          this.pushPayload(outgoing),
          {
            subject: this.config.webPushSubject,
            publicKey: keys.publicKey,
            privateKey: keys.privateKey,
          },
          urgency,
        );
      }
    }
  }

  /** What the service worker receives: the alert, its thumbnail and the Acknowledge action's token. */
  pushPayload(outgoing: Outgoing): PushPayload {
    const url = this.absolute('/');
    if (outgoing.type === 'test') return { type: 'test', title: TEST_TITLE, body: TEST_BODY, url };
    const { alert, event } = outgoing;
    const now = this.clock.now();
    return {
      type: 'alert',
      title: alertTitle(alert),
      body: alert.message,
      alert,
      thumbnail_url: event?.has_snapshot ? this.absolute(this.signer.urls(event.id, now).thumbnail_url) : null,
      ack_url: this.absolute(ACK_PATH),
      ack_token: this.ackTokens.sign({ alertId: alert.id, userId: outgoing.userId }, now),
      url,
    };
  }

  private async ntfyAttachment(outgoing: Outgoing): Promise<NtfyAttachment> {
    if (outgoing.type !== 'alert' || outgoing.event === null || !outgoing.event.has_snapshot) return {};
    // With PUBLIC_URL the ntfy app loads the picture from Argus; without it, it is uploaded.
    if (this.config.publicUrl !== undefined) {
      return { url: this.absolute(this.signer.urls(outgoing.event.id, this.clock.now()).url) };
    }
    const image = await this.snapshots.read(outgoing.event.id, 'snapshot');
    return image === null ? {} : { image };
  }

  /** Relative to the dashboard's origin (the service worker resolves it), or absolute with PUBLIC_URL. */
  private absolute(path: string): string {
    return this.config.publicUrl === undefined ? path : `${this.config.publicUrl}${path}`;
  }
}
