import webpush, { WebPushError } from 'web-push';
import type { PushPayload, WebPushChannelConfig } from '@argus/shared';
import { networkDetail, SEND_TIMEOUT_MS, SendOutcome } from './outgoing';

/** How long a push service keeps a message for an offline device: alerts are stale after a day. */
export const PUSH_TTL_SECONDS = 24 * 60 * 60;

export interface VapidDetails {
  subject: string;
  publicKey: string;
  privateKey: string;
}

/**
 * Sends one encrypted Web Push message (RFC 8030/8291/8292 through the `web-push` package):
 * `aes128gcm`, a TTL, urgency from the severity, and a VAPID JWT whose `aud` is the
 * endpoint's origin (web-push derives it). 404 and 410 mean the subscription is gone.
 */
export async function sendWebPush(
  config: WebPushChannelConfig,
  payload: PushPayload,
  vapid: VapidDetails,
  urgency: 'high' | 'normal' = 'normal',
): Promise<SendOutcome> {
  try {
    const result = await webpush.sendNotification(config, JSON.stringify(payload), {
      vapidDetails: vapid,
      TTL: PUSH_TTL_SECONDS,
      contentEncoding: 'aes128gcm',
      urgency,
      timeout: SEND_TIMEOUT_MS,
    });
    return { ok: true, detail: `HTTP ${result.statusCode}` };
  } catch (error) {
    if (error instanceof WebPushError) {
      const gone = error.statusCode === 404 || error.statusCode === 410;
      const detail = `HTTP ${error.statusCode}${gone ? ': subscription gone, channel removed' : ''}`;
      return { ok: false, detail, gone };
    }
    return { ok: false, detail: networkDetail(error) };
  }
}
